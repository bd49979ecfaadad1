import {
  type AttributeValue,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DailySummaryTiming, StateTable, summaryKey, utcHourOf } from '@trailwatch/contract';
import { routeHash } from '../route-hash.js';
import type { SummaryTally } from './summary-tally.js';

/** DynamoDB refuses any expression string longer than 4 KB. */
export const MAX_EXPRESSION_BYTES = 4096;

const HOUR_MS = 3_600_000;
const UTF8 = new TextEncoder();

/** One `UpdateItem` worth of counters: the expression and its placeholders. */
export interface CounterUpdate {
  readonly expression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, AttributeValue>;
}

/**
 * Splits counters into `SET <ttl> ADD …` updates whose expression stays within
 * {@link MAX_EXPRESSION_BYTES}; attribute names and values travel as placeholders, so an
 * actor's text never counts against it. Every update sets the TTL: each may be the item's first.
 */
export function counterUpdates(
  counts: Iterable<readonly [string, number]>,
  expiresAt: number,
  maxBytes: number = MAX_EXPRESSION_BYTES,
): CounterUpdate[] {
  const head = 'SET #ttl = :ttl ADD ';
  const updates: CounterUpdate[] = [];
  let terms: string[] = [];
  let names: Record<string, string> = {};
  let values: Record<string, AttributeValue> = {};
  let bytes = head.length;
  const flush = () => {
    if (terms.length === 0) return;
    updates.push({
      expression: head + terms.join(', '),
      names: { ...names, '#ttl': StateTable.TTL_ATTRIBUTE },
      values: { ...values, ':ttl': { N: String(expiresAt) } },
    });
    terms = [];
    names = {};
    values = {};
    bytes = head.length;
  };
  let index = 0;
  for (const [name, count] of counts) {
    const term = `#n${index} :v${index}`;
    const size = UTF8.encode(term).length;
    if (terms.length > 0 && bytes + 2 + size > maxBytes) flush();
    bytes += (terms.length === 0 ? 0 : 2) + size;
    terms.push(term);
    names[`#n${index}`] = name;
    values[`:v${index}`] = { N: String(count) };
    index += 1;
  }
  flush();
  return updates;
}

/**
 * Writes a batch's daily-summary counts: per route, `ADD`s to the item of the current UTC hour
 * (`summary#<route hash>#<YYYY-MM-DDTHH>`), which DynamoDB deletes a few days later (TTL).
 * Adding is not idempotent: a batch retried after its counts were written counts twice.
 */
export class SummaryCounterStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  public constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  /** Adds `tally` to the hour `nowMs` falls in; throws on the first failed write. */
  public async add(tally: SummaryTally, nowMs: number): Promise<void> {
    const hourStart = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
    const expiresAt = Math.ceil((hourStart + HOUR_MS) / 1000) + DailySummaryTiming.TTL_SECONDS;
    const key = (route: string) => summaryKey(routeHash(route), utcHourOf(nowMs));
    for (const { route, counts, total } of tally.routes()) {
      const all: [string, number][] = [...counts];
      if (total > 0) all.unshift([StateTable.SUMMARY_TOTAL_ATTRIBUTE, total]);
      for (const update of counterUpdates(all, expiresAt)) {
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: { [StateTable.PARTITION_KEY]: { S: key(route) } },
            UpdateExpression: update.expression,
            ExpressionAttributeNames: update.names,
            ExpressionAttributeValues: update.values,
          }),
        );
      }
    }
  }
}
