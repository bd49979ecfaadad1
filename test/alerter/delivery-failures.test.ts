import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody, eventId, fixtureBody } from './support/events.js';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: Slack failures', () => {
  it('loses nothing when Slack is down for the first attempts', async () => {
    // Prepare
    scenario = await startScenario();
    const { slack } = scenario.stack;
    const ids = [eventId(20, 0), eventId(20, 1)];
    const bodies = [
      fixtureBody('console-login-root-success', ids[0]!),
      fixtureBody('det-admin-policy-attached-pos-user', ids[1]!),
    ];
    slack.setOutage('reset');
    // Act: Slack comes back after the first invocation.
    const result = await scenario.run(bodies, {
      onInvoke: () => slack.setOutage(false),
    });
    // Assess
    expect(slack.rejected.length).toBeGreaterThan(0);
    expect(slack.rejected.every((attempt) => attempt.status === 0)).toBe(true);
    expect(ids.map((id) => messagesMentioning(scenario!.stack, id))).toEqual([1, 1]);
    expect(result).toMatchObject({ delivered: 2, deadLettered: [] });
    expect(result.receives).toBeGreaterThan(2);
  });

  it('retries a 5xx within the invocation and delivers once Slack recovers', async () => {
    // Prepare
    scenario = await startScenario();
    scenario.stack.slack.failNext(2, 500, 'rollup_error');
    const id = eventId(21, 0);
    // Act
    const result = await scenario.run([fixtureBody('console-login-root-success', id)]);
    // Assess
    expect(scenario.stack.slack.rejected.map((r) => `${r.status} ${r.error}`)).toEqual([
      '500 rollup_error',
      '500 rollup_error',
    ]);
    expect(messagesMentioning(scenario.stack, id)).toBe(1);
    expect(result).toMatchObject({ delivered: 1, receives: 1, deadLettered: [] });
  });

  it('hands records back on a permanent channel_not_found until they reach the DLQ, with an error log', async () => {
    // Prepare
    scenario = await startScenario();
    scenario.stack.slack.failNext(Number.POSITIVE_INFINITY, 404, 'channel_not_found');
    const bodies = [createUserBody({ series: 22, n: 0 }), createUserBody({ series: 22, n: 1 })];
    // Act
    const result = await scenario.run(bodies, { maxReceiveCount: 3, visibilityTimeoutMs: 100 });
    // Assess
    expect(result.deadLettered.sort()).toEqual([...bodies].sort());
    expect(result.receives).toBe(6);
    expect(scenario.stack.slack.messages).toEqual([]);
    const errors = scenario.logs().filter((line) => line.level === 'ERROR');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((line) => JSON.stringify(line).includes('channel_not_found'))).toBe(true);
  });
});
