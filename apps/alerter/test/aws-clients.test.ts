import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type SilentServer, startSilentServer } from '@trailwatch/local-aws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AwsClientTimeouts,
  awsClientOptions,
  createDynamoDbClient,
  createSecretsManagerClient,
  createSqsClient,
} from '../src/aws-clients.js';
import { DedupStore } from '../src/dedup.js';
import { createOrganizationsClient } from '../src/enrichment/create-organizations-client.js';

let silent: SilentServer;
const credentials = { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' };

beforeAll(async () => {
  silent = await startSilentServer();
});
afterAll(async () => {
  await silent.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Points every client built from now on at the endpoint that accepts and never answers. */
function useSilentEndpoints(): void {
  for (const service of ['DYNAMODB', 'SQS', 'SECRETS_MANAGER', 'STS', 'ORGANIZATIONS']) {
    vi.stubEnv(`AWS_ENDPOINT_URL_${service}`, silent.url);
  }
  vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
}

/** Longest a call may take: every attempt times out, plus the SDK's backoff. */
const WORST_CASE_MS =
  2 *
  AwsClientTimeouts.MAX_ATTEMPTS *
  (AwsClientTimeouts.CONNECTION_MS + AwsClientTimeouts.REQUEST_MS);

describe('Function: awsClientOptions and the clients built with it', () => {
  it('sets a connection and a request timeout and bounds the attempts', () => {
    expect(awsClientOptions('eu-west-1')).toEqual({
      region: 'eu-west-1',
      maxAttempts: 3,
      requestHandler: {
        connectionTimeout: 1000,
        requestTimeout: 2000,
        throwOnRequestTimeout: true,
      },
    });
    expect(awsClientOptions(undefined)).not.toHaveProperty('region');
  });

  it(
    'gives up on an endpoint that accepts and never answers, for DynamoDB, SQS, Secrets Manager, STS and Organizations',
    async () => {
      useSilentEndpoints();
      const region = 'us-east-1';
      const dynamo = createDynamoDbClient(region);
      const sqs = createSqsClient(region);
      const secrets = createSecretsManagerClient(region);
      const sts = new STSClient(awsClientOptions(region));
      const organizations = createOrganizationsClient({});
      const before = silent.connections;
      const outcomes = await Promise.allSettled([
        dynamo.send(new GetItemCommand({ TableName: 'ttt', Key: { pk: { S: 'x' } } })),
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: `${silent.url}/000000000000/q`,
            ReceiptHandle: 'rh',
            VisibilityTimeout: 1,
          }),
        ),
        secrets.send(new GetSecretValueCommand({ SecretId: 'trailwatch/slack/default' })),
        sts.send(new GetCallerIdentityCommand({})),
        organizations.send(new ListAccountsCommand({})),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ]);
      // Every attempt reached the silent endpoint: the timeouts fired, not a connection error.
      expect(silent.connections - before).toBeGreaterThanOrEqual(5);
      for (const client of [dynamo, sqs, secrets, sts, organizations]) client.destroy();
    },
    WORST_CASE_MS,
  );

  it(
    'lets a dedup claim against a hung table end as "unavailable", so the alert is posted anyway',
    async () => {
      useSilentEndpoints();
      const dynamo = createDynamoDbClient('us-east-1');
      const claim = await new DedupStore(dynamo, 'trailwatch-dedup').claim('evt-hung', 60);
      expect(claim.status).toBe('unavailable');
      dynamo.destroy();
    },
    WORST_CASE_MS,
  );
});
