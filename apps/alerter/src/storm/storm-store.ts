import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { StateTable, stormKey } from '@trailwatch/contract';
import { routeHash } from '../route-hash.js';
import type { StormState } from './storm-window.js';

/** Optimistic writes retried this often when other invocations update the same window. */
const ATTEMPTS = 5;

const A = StateTable;

/** The state-table key of a detection × route window; the route (a secret id) is hashed. */
export function stormItemKey(detectionId: string, route: string): string {
  return stormKey(detectionId, routeHash(route));
}

function toState(item: Record<string, AttributeValue>): StormState {
  const windows = (item[A.STORM_WINDOWS_ATTRIBUTE]?.L ?? []).map((value) => Number(value.N));
  const base = {
    windowStart: Number(item[A.STORM_WINDOW_START_ATTRIBUTE]?.N ?? 0),
    count: Number(item[A.STORM_COUNT_ATTRIBUTE]?.N ?? 0),
    lastAlertAt: Number(item[A.STORM_LAST_ALERT_ATTRIBUTE]?.N ?? 0),
  };
  return windows.length === 0 ? base : { ...base, windows };
}

function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Storm windows in the state table: read-decide-write with a version condition, so two
 * invocations deciding on one window at once never both count the same slot; the loser reads
 * again and decides again. Items expire (TTL) a few windows after the last alert.
 */
export class StormStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  public constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  /**
   * Applies `decide` to the window's current state and stores its answer; returns the answer, or
   * throws when the table failed or stayed contended (the caller then posts without holding).
   */
  public async update<T>(
    key: string,
    ttlSeconds: number,
    decide: (previous: StormState | undefined) => { state: StormState; result: T },
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const read = await this.#client.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { [A.PARTITION_KEY]: { S: key } },
          ConsistentRead: true,
        }),
      );
      const version = read.Item?.[A.STORM_VERSION_ATTRIBUTE]?.N;
      const { state, result } = decide(read.Item === undefined ? undefined : toState(read.Item));
      const item: Record<string, AttributeValue> = {
        [A.PARTITION_KEY]: { S: key },
        [A.STORM_WINDOW_START_ATTRIBUTE]: { N: String(state.windowStart) },
        [A.STORM_COUNT_ATTRIBUTE]: { N: String(state.count) },
        [A.STORM_LAST_ALERT_ATTRIBUTE]: { N: String(state.lastAlertAt) },
        [A.STORM_VERSION_ATTRIBUTE]: { N: String(Number(version ?? 0) + 1) },
        [A.TTL_ATTRIBUTE]: { N: String(Math.ceil(state.lastAlertAt / 1000) + ttlSeconds) },
      };
      if (state.windows !== undefined && state.windows.length > 0) {
        item[A.STORM_WINDOWS_ATTRIBUTE] = {
          L: state.windows.map((start) => ({ N: String(start) })),
        };
      }
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#table,
            Item: item,
            ConditionExpression:
              version === undefined ? 'attribute_not_exists(#pk)' : '#version = :version',
            ExpressionAttributeNames:
              version === undefined
                ? { '#pk': A.PARTITION_KEY }
                : { '#version': A.STORM_VERSION_ATTRIBUTE },
            ...(version === undefined
              ? {}
              : { ExpressionAttributeValues: { ':version': { N: version } } }),
          }),
        );
        return result;
      } catch (error) {
        if (!isConditionalFailure(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
