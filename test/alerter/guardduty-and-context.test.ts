import { loadRecord } from '@trailwatch/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBody } from './support/events.js';
import { type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** A GuardDuty Finding event for the member account 123456789012, as the administrator relays it. */
function findingBody(): string {
  const envelope = loadRecord('det-guardduty-finding-high-pos-credential-exfiltration') as {
    detail: Record<string, unknown>;
  };
  return JSON.stringify({
    ...envelope,
    detail: { ...envelope.detail, accountId: '123456789012' },
  });
}

describe('Alerter bundle: GuardDuty findings and deployment context', () => {
  it('posts a GuardDuty finding enriched with the member account and routed by its band', async () => {
    // Prepare
    scenario = await startScenario({
      routes: [
        {
          webhookSecretName: 'trailwatch/slack/guardduty',
          webhook: 'guardduty',
          detections: ['guardduty-finding-high', 'guardduty-finding-critical'],
        },
      ],
    });
    // Act
    const result = await scenario.run([findingBody()]);
    // Assess
    expect(result).toMatchObject({ delivered: 1, deadLettered: [] });
    expect(scenario.stack.slack.messages).toHaveLength(1);
    const [message] = scenario.stack.slack.messages;
    expect(message?.webhook).toBe('guardduty');
    const payload = JSON.stringify(message?.payload);
    expect(payload).toContain('GuardDuty finding (High)');
    expect(payload).toContain(
      'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    );
    expect(payload).toContain('acme-payments-prod');
    expect(payload).toContain('198.51.100.77');
  });

  it('posts the same finding once when it is delivered twice', async () => {
    // Prepare
    scenario = await startScenario();
    // Act
    await scenario.run([findingBody(), findingBody()]);
    // Assess
    expect(scenario.stack.slack.messages).toHaveLength(1);
  });

  it('tells the trail KMS key from others through TRAIL_KMS_KEY_ARNS', async () => {
    // Prepare
    scenario = await startScenario({
      env: {
        TRAIL_KMS_KEY_ARNS:
          'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    });
    const record = loadRecord('det-trail-kms-key-disabled-pos-schedule-deletion');
    // Act
    await scenario.run([
      fixtureBody('det-trail-kms-key-disabled-pos-schedule-deletion', String(record.eventID)),
    ]);
    // Assess
    const payload = JSON.stringify(scenario.stack.slack.messages[0]?.payload);
    expect(payload).toContain("Trail's KMS key disabled or scheduled for deletion");
  });

  it('asks Organizations for its accounts: a role trusting one of them is no alert, one outside is', async () => {
    // Prepare: the same CreateRole, trusting an account of the stand-in organization and one
    // outside it.
    scenario = await startScenario();
    const trusting = (account: string, id: string) =>
      JSON.parse(
        fixtureBody('det-role-trusts-outside-organization-neg-organization-account', id).replaceAll(
          '444455556666',
          account,
        ),
      ) as unknown;
    const inside = JSON.stringify(trusting('210987654321', 'c0ffee00-0000-4000-8000-000000000001'));
    const outside = JSON.stringify(
      trusting('999988887777', 'c0ffee00-0000-4000-8000-000000000002'),
    );
    // Act
    const result = await scenario.run([inside, outside]);
    // Assess
    expect(result).toMatchObject({ delivered: 2, deadLettered: [] });
    const payloads = scenario.stack.slack.messages.map((m) => JSON.stringify(m.payload));
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).toContain('999988887777');
    expect(payloads[0]).not.toContain('210987654321');
  });
});
