import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DailySummaryTiming, StateTable, summaryKey, summaryPostedKey } from '@trailwatch/contract';

/** One hour item's counters: attribute name → count (key and TTL left out). */
export type HourCounts = ReadonlyMap<string, number>;

/** What the watchdog reads for one route's summary. */
export interface SummaryRead {
  /** Whether that local day's summary was posted already. */
  readonly posted: boolean;
  /** The hour items that exist (hours without alerts have none). */
  readonly hours: readonly HourCounts[];
}

/** Rounds of `UnprocessedKeys` retried before the read gives up (the next run tries again). */
const BATCH_GET_ROUNDS = 5;

function countsOf(item: Record<string, AttributeValue>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, value] of Object.entries(item)) {
    if (name === StateTable.PARTITION_KEY || name === StateTable.TTL_ATTRIBUTE) continue;
    if (value.N !== undefined) counts.set(name, Number(value.N));
  }
  return counts;
}

/**
 * The daily-summary items of the state table as the watchdog uses them: the alerter's hour
 * counters (`summary#…`) and the posted markers (`summary-posted#…`), which the watchdog writes.
 */
export class SummaryTable {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  public constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  /** The marker of `localDate` and the counters of `utcHours`, in one `BatchGetItem` (≤ 100 keys). */
  public async read(
    routeHash: string,
    utcHours: readonly string[],
    localDate: string,
  ): Promise<SummaryRead> {
    const marker = summaryPostedKey(routeHash, localDate);
    let keys: Record<string, AttributeValue>[] = [
      marker,
      ...utcHours.map((hour) => summaryKey(routeHash, hour)),
    ].map((pk) => ({ [StateTable.PARTITION_KEY]: { S: pk } }));
    const items: Record<string, AttributeValue>[] = [];
    for (let round = 1; keys.length > 0; round += 1) {
      if (round > BATCH_GET_ROUNDS) {
        throw new Error(
          `DynamoDB left ${keys.length} summary items unread after ${BATCH_GET_ROUNDS} rounds`,
        );
      }
      // UnprocessedKeys means throttling: back off before asking again, as DynamoDB advises.
      if (round > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** (round - 2)));
      const answer = await this.#client.send(
        new BatchGetItemCommand({
          RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } },
        }),
      );
      items.push(...(answer.Responses?.[this.#table] ?? []));
      keys = answer.UnprocessedKeys?.[this.#table]?.Keys ?? [];
    }
    let posted = false;
    const hours: HourCounts[] = [];
    for (const item of items) {
      if (item[StateTable.PARTITION_KEY]?.S === marker) posted = true;
      else hours.push(countsOf(item));
    }
    return { posted, hours };
  }

  /** Records that `localDate`'s summary was posted; the marker expires with the counters. */
  public async markPosted(routeHash: string, localDate: string, nowMs: number): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: {
          [StateTable.PARTITION_KEY]: { S: summaryPostedKey(routeHash, localDate) },
          [StateTable.SUMMARY_POSTED_AT_ATTRIBUTE]: { S: new Date(nowMs).toISOString() },
          [StateTable.TTL_ATTRIBUTE]: {
            N: String(Math.ceil(nowMs / 1000) + DailySummaryTiming.TTL_SECONDS),
          },
        },
      }),
    );
  }
}
