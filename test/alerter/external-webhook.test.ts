import { type SlackEmulator, startSlackEmulator } from '@trailwatch/local-aws';
import { afterEach, describe, expect, it } from 'vitest';
import { eventId, fixtureBody } from './support/events.js';
import { type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
let external: SlackEmulator | undefined;
afterEach(async () => {
  await scenario?.close();
  await external?.close();
  scenario = undefined;
  external = undefined;
});

describe('Alerter bundle: startLocalStack with an external webhook', () => {
  it('posts to the webhook the default secret names, not to the stack’s emulator, and never logs it', async () => {
    // Prepare: "outside" Slack is another emulator process-wide, reached only through the secret.
    external = await startSlackEmulator({ ratePerSecond: 20, burst: 5 });
    scenario = await startScenario({ webhookUrl: external.url });
    const id = eventId(44, 0);
    // Act
    const result = await scenario.run([fixtureBody('console-login-root-success', id)]);
    // Assess
    expect(result).toMatchObject({ delivered: 1, deadLettered: [] });
    expect(external.messages.filter((m) => JSON.stringify(m.payload).includes(id))).toHaveLength(1);
    expect(scenario.stack.slack.messages).toEqual([]);
    const token = new URL(external.url).pathname.split('/').pop()!;
    expect(scenario.output.join('')).not.toContain(token);
  });
});
