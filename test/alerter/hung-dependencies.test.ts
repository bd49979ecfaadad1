import { type SilentServer, startSilentServer } from '@trailwatch/local-aws';
import { afterEach, describe, expect, it } from 'vitest';
import { eventId, fixtureBody } from './support/events.js';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
let silent: SilentServer | undefined;
afterEach(async () => {
  await scenario?.close();
  await silent?.close();
  scenario = undefined;
  silent = undefined;
});

describe('Alerter bundle: an AWS endpoint that accepts and never answers', () => {
  it('posts the alert anyway when DynamoDB hangs, within the invocation', async () => {
    // Prepare
    silent = await startSilentServer();
    scenario = await startScenario({ env: { AWS_ENDPOINT_URL_DYNAMODB: silent.url } });
    const id = eventId(43, 0);
    // Act: a 20 s function; without client timeouts the claim would hold it to the end.
    const result = await scenario.run([fixtureBody('console-login-root-success', id)], {
      context: { timeoutMs: 20_000 },
    });
    // Assess
    expect(messagesMentioning(scenario.stack, id)).toBe(1);
    expect(result).toMatchObject({ delivered: 1, receives: 1, deadLettered: [] });
    expect(silent.connections).toBeGreaterThan(0);
    const warning = scenario
      .logs()
      .find((line) => line.message.startsWith('Dedup table unavailable'));
    expect(warning?.error).toMatch(/TimeoutError/);
  });
});
