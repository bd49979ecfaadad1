import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody } from './support/events.js';
import { type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: Organizations enrichment', () => {
  it('names the account, its OU path and owner when Organizations answers', async () => {
    // Prepare
    scenario = await startScenario();
    // Act
    await scenario.run([createUserBody({ series: 30, n: 0 })]);
    // Assess
    const payload = JSON.stringify(scenario.stack.slack.messages[0]?.payload);
    expect(payload).toContain('acme-payments-prod');
    expect(payload).toContain('123456789012');
    expect(payload).toContain('Workloads/Prod');
    expect(payload).toContain('payments-team');
  });

  it('still sends the alert with the bare account id and a note when Organizations denies access', async () => {
    // Prepare
    scenario = await startScenario();
    scenario.stack.organizations.setModes({ deny: true });
    // Act
    const result = await scenario.run([createUserBody({ series: 31, n: 0 })]);
    // Assess
    expect(result).toMatchObject({ delivered: 1, deadLettered: [] });
    expect(scenario.stack.slack.messages).toHaveLength(1);
    const payload = JSON.stringify(scenario.stack.slack.messages[0]?.payload);
    expect(payload).toContain('123456789012');
    expect(payload).not.toContain('acme-payments-prod');
    expect(payload).toMatch(/denied/i);
    expect(
      scenario.stack.organizations.calls.every((call) => call.outcome === 'AccessDeniedException'),
    ).toBe(true);
    expect(scenario.metric('EnrichmentFallbacks')).toBe(1);
  });

  it('sends the alert promptly with the bare id when Organizations is slow', async () => {
    // Prepare
    scenario = await startScenario();
    scenario.stack.organizations.setModes({ delayMs: 20_000 });
    const started = Date.now();
    // Act
    await scenario.run([createUserBody({ series: 32, n: 0 })]);
    // Assess
    const message = scenario.stack.slack.messages[0];
    expect(message).toBeDefined();
    expect((message?.receivedAt ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(10_000);
    expect(JSON.stringify(message?.payload)).toContain('123456789012');
  });

  it('assumes ORGANIZATIONS_ROLE_ARN through STS and signs Organizations calls with those credentials', async () => {
    // Prepare
    const roleArn = 'arn:aws:iam::111122223333:role/trailwatch-organizations-read';
    scenario = await startScenario({ organizationsRoleArn: roleArn });
    // Act
    await scenario.run([createUserBody({ series: 33, n: 0 })]);
    // Assess
    const { sts, organizations } = scenario.stack;
    expect(sts.issued.map((issued) => issued.roleArn)).toEqual([roleArn]);
    const keys = new Set(organizations.calls.map((call) => call.accessKeyId));
    expect([...keys]).toEqual([sts.issued[0]?.accessKeyId]);
    expect(JSON.stringify(scenario.stack.slack.messages[0]?.payload)).toContain(
      'acme-payments-prod',
    );
  });

  it('calls Organizations per account, not per event', async () => {
    // Prepare
    scenario = await startScenario();
    const bodies = Array.from({ length: 300 }, (_, n) =>
      createUserBody({
        series: 34,
        n,
        account: n % 3 === 0 ? '123456789012' : n % 3 === 1 ? '210987654321' : '111122223333',
      }),
    );
    // Act
    const result = await scenario.run(bodies);
    // Assess
    expect(result).toMatchObject({ delivered: 300, deadLettered: [] });
    const calls = scenario.stack.organizations.calls;
    expect(calls.filter((call) => call.action === 'ListAccounts')).toHaveLength(1);
    expect(calls.length).toBeLessThanOrEqual(20);
  });
});
