import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPowertoolsTelemetry, MetricName, SlackErrorKind } from '../src/telemetry.js';

function captureStdout() {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return { spy, lines: () => written.join('').split('\n').filter(Boolean) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Function: createPowertoolsTelemetry', () => {
  it('writes EMF with the namespace, counts, and the Slack error kind as a dimension', () => {
    const stdout = captureStdout();
    const telemetry = createPowertoolsTelemetry({
      POWERTOOLS_METRICS_NAMESPACE: 'trailwatch-test',
    });
    telemetry.count(MetricName.ALERTS, 3);
    telemetry.count(MetricName.SLACK_ERRORS, 1, { kind: SlackErrorKind.RATE_LIMITED });
    telemetry.flush();
    stdout.spy.mockRestore();
    const blobs = stdout
      .lines()
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((blob) => '_aws' in blob);
    const alerts = blobs.find((blob) => MetricName.ALERTS in blob);
    const errors = blobs.find((blob) => MetricName.SLACK_ERRORS in blob);
    expect(alerts?.[MetricName.ALERTS]).toBe(3);
    expect(JSON.stringify(alerts?._aws)).toContain('trailwatch-test');
    expect(errors?.kind).toBe('rate_limited');
    expect(alerts?.kind).toBeUndefined();
  });

  it('writes nothing for an invocation that counted nothing', () => {
    const stdout = captureStdout();
    createPowertoolsTelemetry({}).flush();
    stdout.spy.mockRestore();
    expect(stdout.lines()).toEqual([]);
  });
});
