import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody, eventId, fixtureBody } from './support/events.js';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** Slack answers this much later than the alerter's 2 s timeout, and still posts the message. */
const LATE_MS = 2500;

function isMarked(payload: Record<string, unknown>): boolean {
  return String(payload.text).startsWith('Possible duplicate: ');
}

describe('Alerter bundle: a timeout after the request was sent means "maybe delivered"', () => {
  it('posts one slow-but-accepted alert at most once more, marked as a possible duplicate', async () => {
    // Prepare
    scenario = await startScenario();
    const { slack } = scenario.stack;
    const id = eventId(40, 0);
    slack.slowNext(1, LATE_MS);
    // Act
    const result = await scenario.run([fixtureBody('console-login-root-success', id)]);
    await sleep(LATE_MS); // the late answer's message lands after the alerter gave up on it
    // Assess: the late copy and exactly one redelivered copy, which says it may repeat.
    const copies = slack.messages.filter((m) => JSON.stringify(m.payload).includes(id));
    expect(copies).toHaveLength(2);
    expect(copies.filter((m) => isMarked(m.payload))).toHaveLength(1);
    expect(result).toMatchObject({ delivered: 1, deadLettered: [] });
    expect(scenario.metric('SlackErrors')).toBe(1);
  });

  it('keeps every one of 200 queued events to at most two copies when Slack’s first ten answers come late', async () => {
    // Prepare
    scenario = await startScenario();
    const { slack } = scenario.stack;
    const ids = Array.from({ length: 200 }, (_, n) => eventId(41, n));
    const bodies = ids.map((_, n) =>
      createUserBody({ series: 41, n, actor: 'provisioning-script' }),
    );
    slack.slowNext(10, LATE_MS);
    // Act
    const result = await scenario.run(bodies, { maxReceiveCount: 10 });
    await sleep(LATE_MS);
    // Assess: none lost, none more than twice.
    const copies = ids.map((id) => messagesMentioning(scenario!.stack, id));
    expect(copies.filter((n) => n === 0)).toEqual([]);
    expect(Math.max(...copies)).toBeLessThanOrEqual(2);
    expect(result).toMatchObject({ delivered: 200, deadLettered: [] });
  });
});
