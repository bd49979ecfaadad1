import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { watchdogKey } from '@trailwatch/contract';
import { mapLimit } from '../map-limit.js';
import type { Log } from '../telemetry.js';
import { WatchdogTableItem } from './contract.js';
import {
  type LastHeartbeat,
  type Problem,
  type WatchdogState,
  WatchdogStatus,
} from './evaluate.js';

const { HEARTBEAT_PREFIX, STATE_PREFIX } = WatchdogTableItem;
/** Writes in flight at once; the table is on-demand, this only bounds the Lambda's sockets. */
const WRITE_CONCURRENCY = 8;

/** The table key of an announced problem (the contract's). */
export { watchdogKey };

/** Everything the watchdog reads from the table in one run. */
export interface TableSnapshot {
  readonly heartbeats: LastHeartbeat[];
  readonly states: WatchdogState[];
}

type Item = Record<string, AttributeValue>;

function text(item: Item, name: string): string | undefined {
  const value = item[name];
  return value !== undefined && 'S' in value ? value.S : undefined;
}

function time(item: Item, name: string): number | undefined {
  const raw = text(item, name);
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The heartbeat (`heartbeat#<account>#<region>`, written by `HeartbeatStore`) and watchdog state
 * (`watchdog#<account>#<region>`) items of the alerter's table. The table has only a partition
 * key, so this is a filtered scan; it also walks the `event#` dedup items, which live 24 h, so its
 * cost grows with a day's alerts, not with history.
 */
export class WatchdogTable {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #log: Log;

  public constructor(client: DynamoDBClient, tableName: string, log: Log) {
    this.#client = client;
    this.#table = tableName;
    this.#log = log;
  }

  /** Reads every heartbeat and state item (all pages, strongly consistent). */
  public async read(): Promise<TableSnapshot> {
    const heartbeats: LastHeartbeat[] = [];
    const states: WatchdogState[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          ConsistentRead: true,
          FilterExpression: 'begins_with(pk, :heartbeat) OR begins_with(pk, :watchdog)',
          ExpressionAttributeValues: {
            ':heartbeat': { S: HEARTBEAT_PREFIX },
            ':watchdog': { S: STATE_PREFIX },
          },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) this.#collect(item, heartbeats, states);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && Object.keys(startKey).length > 0);
    return { heartbeats, states };
  }

  #collect(item: Item, heartbeats: LastHeartbeat[], states: WatchdogState[]): void {
    const pk = text(item, 'pk') ?? '';
    const account = text(item, 'account');
    const region = text(item, 'region');
    if (account === undefined || region === undefined) {
      this.#log.warn('Ignoring a watchdog table item without account or region', { pk });
      return;
    }
    if (pk.startsWith(HEARTBEAT_PREFIX)) {
      // receivedAt is the alerter's own clock, a fallback for a heartbeat time that did not parse.
      const lastSeen = time(item, 'lastSeen') ?? time(item, 'receivedAt');
      if (lastSeen === undefined) {
        this.#log.warn('Ignoring a heartbeat item without a usable time', { pk });
        return;
      }
      heartbeats.push({ account, region, lastSeen });
      return;
    }
    const status = text(item, 'status');
    if (status !== WatchdogStatus.SILENT && status !== WatchdogStatus.UNCOVERED) {
      this.#log.warn('Ignoring a watchdog state item with an unknown status', { pk, status });
      return;
    }
    const since = time(item, 'since');
    states.push({ account, region, status, ...(since === undefined ? {} : { since }) });
  }

  /** Records announced problems. */
  public async recordProblems(problems: readonly Problem[], now: number): Promise<void> {
    const reportedAt = new Date(now).toISOString();
    await mapLimit(problems, WRITE_CONCURRENCY, (problem) =>
      this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: watchdogKey(problem.account.id, problem.region) },
            account: { S: problem.account.id },
            region: { S: problem.region },
            status: { S: problem.status },
            ...(problem.since === undefined
              ? {}
              : { since: { S: new Date(problem.since).toISOString() } }),
            reportedAt: { S: reportedAt },
          },
        }),
      ),
    );
  }

  /** Forgets problems that recovered or are no longer watched. */
  public async forget(pairs: readonly { account: string; region: string }[]): Promise<void> {
    await mapLimit(pairs, WRITE_CONCURRENCY, (pair) =>
      this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: { pk: { S: watchdogKey(pair.account, pair.region) } },
        }),
      ),
    );
  }
}
