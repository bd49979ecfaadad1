import { afterEach, describe, expect, it } from 'vitest';
import { type CapturedOutput, captureOutput } from '../src/captured-output.js';

let captured: CapturedOutput | undefined;
afterEach(() => {
  captured?.restore();
  captured = undefined;
});

describe('Function: captureOutput', () => {
  it('sums EMF metrics, also by Slack error kind, and collects JSON log lines', () => {
    // Prepare
    captured = captureOutput();
    const emf = (values: Record<string, unknown>, names: string[]) =>
      JSON.stringify({
        _aws: { CloudWatchMetrics: [{ Metrics: names.map((Name) => ({ Name, Unit: 'Count' })) }] },
        ...values,
      });
    // Act
    process.stdout.write(`${emf({ Alerts: [1, 1, 32], Digests: 1 }, ['Alerts', 'Digests'])}\n`);
    process.stdout.write(`${emf({ SlackErrors: 2, kind: 'rate_limited' }, ['SlackErrors'])}\n`);
    process.stdout.write('{"level":"WARN","message":"Slack rate limited","secretId":"x"}\n');
    captured.restore();
    // Assess
    expect(Object.fromEntries(captured.metrics)).toEqual({
      Alerts: 34,
      Digests: 1,
      'SlackErrors{kind=rate_limited}': 2,
      SlackErrors: 2,
    });
    expect(captured.logs).toEqual([
      { level: 'WARN', message: 'Slack rate limited', fields: { secretId: 'x' } },
    ]);
    expect(captured.raw.join('')).toContain('Slack rate limited');
  });

  it('restores the real streams', () => {
    // Prepare
    const before = process.stdout.write;
    // Act
    captured = captureOutput();
    const during = process.stdout.write;
    captured.restore();
    // Assess
    expect(during).not.toBe(before);
    expect(process.stdout.write).toBe(before);
  });
});
