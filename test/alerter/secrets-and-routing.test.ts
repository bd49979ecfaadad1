import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody, eventId, fixtureBody } from './support/events.js';
import { type Scenario, startScenario, webhookSecrets } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: webhook secret and routes', () => {
  it('never writes the webhook URL to stdout or stderr, even on every Slack error path', async () => {
    // Prepare
    scenario = await startScenario({
      secretAsJson: true,
      env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });
    const { slack } = scenario.stack;
    slack.failNext(1, 429, 'rate_limited');
    slack.failNext(1, 500, 'rollup_error');
    slack.failNext(1, 400, 'invalid_payload');
    slack.failNext(1, 410, 'channel_is_archived');
    const bodies = Array.from({ length: 4 }, (_, n) =>
      fixtureBody(
        [
          'console-login-root-success',
          'det-admin-policy-attached-pos-user',
          'delete-user',
          'create-access-key-other-user',
        ][n]!,
        eventId(50, n),
      ),
    );
    // Act
    const result = await scenario.run(bodies, { visibilityTimeoutMs: 300 });
    slack.setOutage('reset');
    await scenario.run([createUserBody({ series: 50, n: 9 })], {
      maxReceiveCount: 1,
      visibilityTimeoutMs: 0,
    });
    // Assess
    expect(result.deadLettered).toEqual([]);
    expect(slack.messages).toHaveLength(4);
    expect(slack.rejected.length).toBeGreaterThanOrEqual(5);
    const output = scenario.output.join('');
    expect(output.length).toBeGreaterThan(0);
    for (const secret of webhookSecrets(scenario.stack)) {
      expect(output).not.toContain(secret);
    }
  });

  it('reads the webhook from Secrets Manager once and serves later invocations from the cache', async () => {
    // Prepare
    scenario = await startScenario();
    const bodies = Array.from({ length: 3 }, (_, n) => createUserBody({ series: 51, n }));
    // Act
    const result = await scenario.run(bodies, { batchSize: 1 });
    // Assess
    expect(result.invocations).toBe(3);
    expect(scenario.stack.slack.messages).toHaveLength(3);
    expect(scenario.stack.secretsManager.calls.map((call) => call.params)).toEqual([
      { SecretId: 'trailwatch/slack/default' },
    ]);
  });

  it('posts to the route whose criteria match, and everything else to the default webhook', async () => {
    // Prepare
    scenario = await startScenario({
      routes: [
        {
          webhookSecretName: 'trailwatch/slack/security-critical',
          webhook: 'security-critical',
          severities: ['critical'],
        },
      ],
    });
    // Act
    await scenario.run([
      fixtureBody('console-login-root-success', eventId(52, 0)),
      createUserBody({ series: 52, n: 1 }),
    ]);
    // Assess
    const where = Object.fromEntries(
      scenario.stack.slack.messages.map((message) => [
        JSON.stringify(message.payload).includes(eventId(52, 0)) ? 'root' : 'create-user',
        message.webhook,
      ]),
    );
    expect(where).toEqual({ root: 'security-critical', 'create-user': 'default' });
  });

  it('records a trailwatch heartbeat without posting to Slack', async () => {
    // Prepare
    scenario = await startScenario();
    const heartbeat = JSON.stringify({
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-11-27T10:00:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/trailwatch-heartbeat'],
      detail: {},
    });
    // Act
    const result = await scenario.run([heartbeat]);
    // Assess
    expect(result).toMatchObject({ delivered: 1, receives: 1, deadLettered: [] });
    expect(scenario.stack.slack.messages).toEqual([]);
    expect(scenario.metric('Heartbeats')).toBe(1);
  });
});
