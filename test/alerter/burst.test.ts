import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody, eventId, fixtureBody } from './support/events.js';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: bursts against a 1 message/s Slack', () => {
  it('delivers a burst of 1,000 CreateUser events in at most 25 messages, each event exactly once', async () => {
    // Prepare: Slack's real pace, and the alerter's default pacing.
    scenario = await startScenario({
      slack: { ratePerSecond: 1, burst: 3 },
      env: { SLACK_MIN_INTERVAL_MS: '1000' },
    });
    const ids = Array.from({ length: 1000 }, (_, n) => eventId(10, n));
    const bodies = ids.map((_, n) =>
      createUserBody({ series: 10, n, actor: 'provisioning-script' }),
    );
    // Act
    const result = await scenario.run(bodies);
    // Assess
    const { messages, rejected } = scenario.stack.slack;
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.length).toBeLessThanOrEqual(25);
    const missing = ids.filter((id) => messagesMentioning(scenario!.stack, id) !== 1);
    expect(missing).toEqual([]);
    expect(result.deadLettered).toEqual([]);
    expect(result.delivered).toBe(1000);
    // A 429 may happen, but none may be left unhandled: every event above was delivered.
    expect(rejected.filter((r) => r.status !== 429)).toEqual([]);
    // Enrichment is per account, not per event.
    expect(scenario.stack.organizations.calls.length).toBeLessThanOrEqual(10);
  });

  it('recovers from 429s when posting faster than Slack allows: paused, handed back, redelivered, nothing lost', async () => {
    // Prepare: the alerter paces at 5/s against a webhook that takes 1/s with no burst.
    scenario = await startScenario({
      slack: { ratePerSecond: 1, burst: 1 },
      env: { SLACK_MIN_INTERVAL_MS: '200' },
    });
    const fixtures = [
      'console-login-root-success',
      'det-cloudtrail-logging-stopped-pos-org-trail',
      'det-admin-policy-attached-pos-user',
      'delete-user',
      'create-access-key-other-user',
    ];
    const ids = fixtures.map((_, n) => eventId(11, n));
    const bodies = fixtures.map((name, n) => fixtureBody(name, ids[n]!));
    // Act
    const result = await scenario.run(bodies, { visibilityTimeoutMs: 20_000, maxReceiveCount: 10 });
    // Assess
    const rateLimited = scenario.stack.slack.rejected.filter((r) => r.status === 429);
    expect(rateLimited.length).toBeGreaterThan(0);
    expect(ids.map((id) => messagesMentioning(scenario!.stack, id))).toEqual(ids.map(() => 1));
    expect(result.deadLettered).toEqual([]);
    // Redelivered after Retry-After (set through ChangeMessageVisibilityBatch), not after the 20 s timeout.
    expect(
      scenario.stack.sqs.calls.some((call) => call.action === 'ChangeMessageVisibilityBatch'),
    ).toBe(true);
    expect(result.receives).toBeGreaterThan(bodies.length);
  });
});
