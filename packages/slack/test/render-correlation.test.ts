import type { CorrelationAlert, Observation } from '@trailwatch/detections';
import { statefulCatalogue } from '@trailwatch/detections';
import { describe, expect, it } from 'vitest';
import { assertWithinSlackLimits, renderCorrelation } from '../src/index.js';

const T0 = Date.parse('2026-11-20T08:00:00Z');
const bruteForce = statefulCatalogue.find((d) => d.id === 'root-sign-in-brute-force')!;
const afterFailures = statefulCatalogue.find((d) => d.id === 'console-sign-in-after-failures')!;

function observation(i: number, over: Partial<Observation> = {}): Observation {
  return {
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    time: T0 + i * 60_000,
    step: 0,
    eventName: 'ConsoleLogin',
    account: '111122223333',
    region: 'us-east-1',
    actor: 'root',
    sourceIp: '203.0.113.7',
    ...over,
  };
}

function alertOf(events: Observation[], detection = bruteForce): CorrelationAlert {
  return {
    detection,
    key: '111122223333',
    events,
    summary: detection.describe('111122223333', events),
    firing: { firedAt: events.at(-1)?.time ?? T0 },
  };
}

describe('Function: renderCorrelation', () => {
  it('lists every event that made the alert, with the step names and the account name', () => {
    const events = [0, 1, 2].map((i) => observation(i));
    events.push(observation(3, { step: 1, actor: 'anaya' }));
    const message = renderCorrelation(
      alertOf(events, afterFailures),
      new Map([['111122223333', { id: '111122223333', name: 'prod-payments' }]]),
    );
    const text = JSON.stringify(message);
    for (const e of events) expect(text).toContain(e.eventId);
    expect(text).toContain('failed sign-in');
    expect(text).toContain('successful sign-in');
    expect(text).toContain('prod-payments');
    expect(text).toContain('console-sign-in-after-failures');
    expect(message.text).toMatch(/^:.*: \[HIGH\] Successful sign-in after repeated failures — /);
  });

  it('escapes hostile values from the events instead of passing them to Slack', () => {
    const message = renderCorrelation(
      alertOf([
        observation(0, { actor: '<!channel> `x` *bold*', sourceIp: '<https://evil|click>' }),
      ]),
    );
    const text = JSON.stringify(message);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil|click>');
  });

  it('stays within Slack limits with 200 events (the most one window keeps)', () => {
    const events = Array.from({ length: 200 }, (_, i) => observation(i));
    expect(() => assertWithinSlackLimits(renderCorrelation(alertOf(events)))).not.toThrow();
  });
});
