import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody, eventId, fixtureBody } from './support/events.js';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: dedup against dynalite', () => {
  it('posts a batch once when SQS delivers the same batch twice', async () => {
    // Prepare
    scenario = await startScenario();
    const bodies = [
      createUserBody({ series: 1, n: 1, userName: 'mallory' }),
      fixtureBody('console-login-root-success', eventId(1, 2), {
        recipientAccountId: '111122223333',
      }),
    ];
    // Act
    const first = await scenario.run(bodies);
    const postedAfterFirst = scenario.stack.slack.messages.length;
    const second = await scenario.run(bodies);
    // Assess
    expect(postedAfterFirst).toBe(2);
    expect(scenario.stack.slack.messages).toHaveLength(2);
    expect(messagesMentioning(scenario.stack, eventId(1, 1))).toBe(1);
    expect(messagesMentioning(scenario.stack, eventId(1, 2))).toBe(1);
    expect(first).toMatchObject({ delivered: 2, deadLettered: [] });
    expect(second).toMatchObject({ delivered: 2, receives: 2, deadLettered: [] });
    expect(scenario.metric('DedupHits')).toBe(2);
  });

  it('posts an event once when one batch carries it twice, and acknowledges both records', async () => {
    // Prepare
    scenario = await startScenario();
    const body = createUserBody({ series: 2, n: 1 });
    // Act
    const result = await scenario.run([body, body]);
    // Assess
    expect(scenario.stack.slack.messages).toHaveLength(1);
    expect(result).toMatchObject({ delivered: 2, receives: 2, deadLettered: [] });
  });
});
