import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LocalStack, startLocalStack } from '../src/index.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await stack?.close();
  stack = undefined;
});

describe('Function: startLocalStack', () => {
  it('returns an environment under which the real SDK clients reach every stand-in', async () => {
    // Prepare
    stack = await startLocalStack({
      organization: { accounts: [{ id: '111122223333', name: 'prod' }] },
      routes: [
        {
          webhookSecretName: 'trailwatch/slack/critical',
          webhook: 'critical',
          severities: ['critical'],
        },
      ],
    });
    for (const [name, value] of Object.entries(stack.env)) vi.stubEnv(name, value);
    const region = { region: 'us-east-1' };
    // Act
    const secret = await new SecretsManagerClient(region).send(
      new GetSecretValueCommand({ SecretId: stack.env.SLACK_WEBHOOK_SECRET_ID }),
    );
    const routed = await new SecretsManagerClient(region).send(
      new GetSecretValueCommand({ SecretId: 'trailwatch/slack/critical' }),
    );
    const table = await new DynamoDBClient(region).send(
      new DescribeTableCommand({ TableName: stack.env.DEDUP_TABLE_NAME }),
    );
    const account = await new OrganizationsClient(region).send(
      new DescribeAccountCommand({ AccountId: '111122223333' }),
    );
    // Assess
    expect(secret.SecretString).toBe(stack.slack.url);
    expect(routed.SecretString).toBe(stack.slack.addWebhook('critical'));
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    expect(account.Account?.Name).toBe('prod');
    expect(JSON.parse(stack.env.SLACK_ROUTES ?? '')).toEqual([
      { webhookSecretName: 'trailwatch/slack/critical', severities: ['critical'] },
    ]);
    expect(stack.env.QUEUE_URL).toBe(stack.sqs.queueUrl);
    expect(stack.webhookOfSecret.get('trailwatch/slack/critical')).toBe('critical');
  });

  it('keeps webhook URLs out of the environment', async () => {
    // Act
    stack = await startLocalStack({
      organization: { accounts: [{ id: '111122223333', name: 'prod' }] },
      secretAsJson: true,
    });
    // Assess
    expect(JSON.stringify(stack.env)).not.toContain('/services/');
    expect(stack.env.ORGANIZATIONS_ROLE_ARN).toBeUndefined();
  });

  it.each([
    ['plain http to another host', 'http://hooks.slack.com/services/T/B/x', /must be https/],
    ['not a URL', 'hooks.slack.com/services/T/B/x', /not a URL/],
  ])(
    'refuses an external webhook that is %s, without quoting it',
    async (_, webhookUrl, message) => {
      const attempt = startLocalStack({ organization: { accounts: [] }, webhookUrl });
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.not.toThrow(/services/);
    },
  );
});
