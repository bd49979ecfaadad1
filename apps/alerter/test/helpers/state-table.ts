import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDedupTable, startDynamoDb } from '@trailwatch/local-aws';

/** A dynalite server with the state table created, and a real SDK client pointed at it. */
export interface LocalStateTable {
  readonly url: string;
  readonly tableName: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

/** Starts dynalite on loopback and creates `tableName` with the contract's key layout. */
export async function startStateTable(tableName = 'trailwatch-state'): Promise<LocalStateTable> {
  const dynamo = await startDynamoDb();
  await createDedupTable(dynamo.url, tableName);
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
  });
  return {
    url: dynamo.url,
    tableName,
    client,
    async close() {
      client.destroy();
      await dynamo.close();
    },
  };
}
