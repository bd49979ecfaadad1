import { pathToFileURL } from 'node:url';
import type { SqsHandler } from '@trailwatch/local-aws';
import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody, eventId } from './support/events.js';
import {
  BUNDLE_PATH,
  messagesMentioning,
  type Scenario,
  startScenario,
} from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

let instances = 0;

/** A second container: another instance of the bundle, with its own caches and pacing state. */
async function secondContainer(): Promise<SqsHandler> {
  instances += 1;
  const module = (await import(
    /* @vite-ignore */ `${pathToFileURL(BUNDLE_PATH).href}?fleet=${instances}`
  )) as { handler: SqsHandler };
  return module.handler;
}

/** Two containers taking turns, as two concurrent event source mapping readers would. */
function alternating(a: SqsHandler, b: SqsHandler): SqsHandler {
  let turn = 0;
  return (event, context) => {
    turn += 1;
    return (turn % 2 === 0 ? a : b)(event, context);
  };
}

describe('Alerter bundle: two containers posting to one webhook', () => {
  it('keeps the fleet’s posts a second apart through the shared webhook item', async () => {
    // Prepare: the deployed pacing (2 instances × 1000 ms) and Slack's own pace.
    scenario = await startScenario({
      slack: { ratePerSecond: 1, burst: 3 },
      env: { SLACK_MIN_INTERVAL_MS: '2000', SLACK_FLEET_INTERVAL_MS: '1000' },
    });
    const handler = alternating(scenario.handler, await secondContainer());
    const ids = Array.from({ length: 6 }, (_, n) => eventId(45, n));
    const bodies = ids.map((_, n) => createUserBody({ series: 45, n }));
    // Act: one event per batch, two readers at once.
    const result = await scenario.run(bodies, { batchSize: 1, readers: 2, handler });
    // Assess
    expect(result).toMatchObject({ delivered: 6, deadLettered: [] });
    expect(ids.map((id) => messagesMentioning(scenario!.stack, id))).toEqual(ids.map(() => 1));
    const arrivals = scenario.stack.slack.messages.map((m) => m.receivedAt).sort((a, b) => a - b);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    // The slot is reserved before the request leaves; loopback delivery and a loaded machine move
    // arrivals by tens of ms either way. Without the shared slot the two containers post 1-9 ms
    // apart, and the emulator's own limit (1/s, burst 3) rejects nothing below.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(800);
    expect(scenario.stack.slack.rejected).toEqual([]);
  });

  it('never posts into a Retry-After window another container was given', async () => {
    // Prepare: the first post answers 429 with Retry-After: 3.
    scenario = await startScenario({
      slack: { ratePerSecond: 20, burst: 5, retryAfterSeconds: 3 },
    });
    const { slack } = scenario.stack;
    slack.failNext(1, 429, 'rate_limited');
    const handler = alternating(scenario.handler, await secondContainer());
    const ids = Array.from({ length: 6 }, (_, n) => eventId(46, n));
    const bodies = ids.map((_, n) => createUserBody({ series: 46, n }));
    // Act
    const result = await scenario.run(bodies, {
      batchSize: 1,
      readers: 2,
      handler,
      maxReceiveCount: 10,
    });
    // Assess: nothing reached Slack within 3 s of the 429, from either container.
    expect(result).toMatchObject({ delivered: 6, deadLettered: [] });
    expect(ids.map((id) => messagesMentioning(scenario!.stack, id))).toEqual(ids.map(() => 1));
    const limited = slack.rejected.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    const blockedFrom = limited[0]!.receivedAt;
    const inWindow = [...slack.messages, ...slack.rejected.filter((r) => r.status !== 429)].filter(
      (request) => request.receivedAt > blockedFrom && request.receivedAt < blockedFrom + 3000,
    );
    expect(inWindow).toEqual([]);
  });
});
