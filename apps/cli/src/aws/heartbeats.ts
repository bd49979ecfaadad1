import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { awsError } from './aws-error.js';
import {
  HEARTBEAT_PREFIX,
  heartbeatKey,
  PARTITION_KEY,
  STATE_TABLE_NAME,
  StateAttribute,
} from './state-table-keys.js';

/** Last heartbeat per `account#region`, epoch ms. */
export type Heartbeats = Map<string, number>;

export function cellKey(account: string, region: string): string {
  return `${account}#${region}`;
}

type Item = Record<string, AttributeValue>;

function lastSeen(item: Item): number | undefined {
  for (const name of [StateAttribute.LAST_SEEN, StateAttribute.RECEIVED_AT]) {
    const value = item[name];
    const ms = value && 'S' in value && value.S ? Date.parse(value.S) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}

function collect(items: readonly Item[], into: Heartbeats): void {
  for (const item of items) {
    const pk = item[PARTITION_KEY]?.S ?? '';
    if (!pk.startsWith(HEARTBEAT_PREFIX)) continue;
    const [account, region] = pk.slice(HEARTBEAT_PREFIX.length).split('#');
    const seen = lastSeen(item);
    if (account && region && seen !== undefined) into.set(cellKey(account, region), seen);
  }
}

const TABLE_HINT = `read the state table ${STATE_TABLE_NAME} with security-account credentials (--profile) in the home region; it exists once TrailwatchSecurity is deployed`;

/** Every heartbeat item (a filtered scan: the table has only a partition key). */
export async function scanHeartbeats(client: DynamoDBClient): Promise<Heartbeats> {
  const heartbeats: Heartbeats = new Map();
  let startKey: Item | undefined;
  try {
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: STATE_TABLE_NAME,
          FilterExpression: 'begins_with(#pk, :prefix)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ExpressionAttributeValues: { ':prefix': { S: HEARTBEAT_PREFIX } },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      collect(page.Items ?? [], heartbeats);
      startKey = page.LastEvaluatedKey;
    } while (startKey && Object.keys(startKey).length > 0);
  } catch (error) {
    throw awsError(error, `reading heartbeats from ${STATE_TABLE_NAME}`, TABLE_HINT);
  }
  return heartbeats;
}

/** BatchGetItem takes at most 100 keys. */
const BATCH = 100;

/** The heartbeats of the given cells only (BatchGetItem, 100 keys per call, unprocessed retried). */
export async function getHeartbeats(
  client: DynamoDBClient,
  cells: readonly { account: string; region: string }[],
  sleep: (ms: number) => Promise<void>,
): Promise<Heartbeats> {
  const heartbeats: Heartbeats = new Map();
  try {
    for (let i = 0; i < cells.length; i += BATCH) {
      let keys: Item[] = cells
        .slice(i, i + BATCH)
        .map((c) => ({ [PARTITION_KEY]: { S: heartbeatKey(c.account, c.region) } }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        const result = await client.send(
          new BatchGetItemCommand({ RequestItems: { [STATE_TABLE_NAME]: { Keys: keys } } }),
        );
        collect(result.Responses?.[STATE_TABLE_NAME] ?? [], heartbeats);
        keys = (result.UnprocessedKeys?.[STATE_TABLE_NAME]?.Keys ?? []) as Item[];
        if (keys.length > 0) await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  } catch (error) {
    throw awsError(error, `reading heartbeats from ${STATE_TABLE_NAME}`, TABLE_HINT);
  }
  return heartbeats;
}
