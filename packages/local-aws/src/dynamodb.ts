import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

/** A running in-memory DynamoDB-compatible server. */
export interface LocalDynamoDb {
  /** Endpoint to put in `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly url: string;
  close(): Promise<void>;
}

interface DynaliteServer {
  listen(port: number, host: string, callback: () => void): void;
  once(event: 'error', listener: (error: Error) => void): void;
  address(): AddressInfo | string | null;
  close(callback: (error?: Error) => void): void;
}

type Dynalite = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => DynaliteServer;

/**
 * Starts dynalite (DynamoDB on an in-memory LevelDB) on an ephemeral loopback port. Tables become
 * ACTIVE immediately. Dynalite has no `UpdateTimeToLive`, so items never expire here.
 */
export async function startDynamoDb(): Promise<LocalDynamoDb> {
  // dynalite is CommonJS without type declarations.
  const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      return closing;
    },
  };
}

/**
 * Creates the alerter's dedup table (partition key `pk` of type S, on-demand) at `endpoint` and
 * waits until it is ACTIVE; an existing table is left as it is. The TTL on `expiresAt` is not
 * configured because dynalite does not implement `UpdateTimeToLive`.
 */
export async function createDedupTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCALSTANDIN', secretAccessKey: 'local-stand-in-secret' },
  });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) {
      throw error;
    }
  }
  try {
    await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 1 }, { TableName: tableName });
  } finally {
    client.destroy();
  }
}
