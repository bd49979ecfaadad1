import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDedupTable, type LocalDynamoDb, startDynamoDb } from '../src/index.js';

let dynamo: LocalDynamoDb;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' },
  });
});
afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

describe('Function: createDedupTable', () => {
  it('creates an ACTIVE on-demand table keyed by pk', async () => {
    // Act
    await createDedupTable(dynamo.url, 'trailwatch-dedup');
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: 'trailwatch-dedup' }),
    );
    // Assess
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('leaves an existing table in place', async () => {
    // Prepare
    await createDedupTable(dynamo.url, 'trailwatch-dedup-twice');
    // Act / Assess
    await expect(createDedupTable(dynamo.url, 'trailwatch-dedup-twice')).resolves.toBeUndefined();
  });
});

describe('Function: startDynamoDb', () => {
  it('enforces conditional writes, which dedup relies on', async () => {
    // Prepare
    await createDedupTable(dynamo.url, 'trailwatch-dedup-cond');
    const put = () =>
      client.send(
        new PutItemCommand({
          TableName: 'trailwatch-dedup-cond',
          Item: { pk: { S: 'event#1' }, expiresAt: { N: '1900000000' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    // Act
    await put();
    const second = await put().catch((e) => e);
    // Assess
    expect(second).toBeInstanceOf(ConditionalCheckFailedException);
  });
});
