import { afterEach, describe, expect, it } from 'vitest';
import { eventId, fixtureBody } from './support/events.js';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: pacing waits that do not fit in the invocation', () => {
  it('hides records for the pacing wait instead of redelivering them at once into the DLQ', async () => {
    // Prepare: a 3 s pacing interval (maxConcurrency 3 as the stack sets it) in a 4.5 s function,
    // with Slack healthy. Only one post fits per invocation.
    scenario = await startScenario({
      slack: { ratePerSecond: 20, burst: 5 },
      env: { SLACK_MIN_INTERVAL_MS: '3000' },
    });
    const ids = [eventId(42, 0), eventId(42, 1)];
    const bodies = [
      fixtureBody('console-login-root-success', ids[0]!),
      fixtureBody('det-cloudtrail-logging-stopped-pos-org-trail', ids[1]!),
    ];
    // Act
    const result = await scenario.run(bodies, {
      maxReceiveCount: 3,
      visibilityTimeoutMs: 30_000,
      context: { timeoutMs: 4500 },
    });
    // Assess: both posted once; the second came back after the wait, not through the DLQ.
    expect(result.deadLettered).toEqual([]);
    expect(ids.map((id) => messagesMentioning(scenario!.stack, id))).toEqual([1, 1]);
    expect(result.receives).toBe(3);
    expect(scenario.stack.slack.rejected).toEqual([]);
  });
});
