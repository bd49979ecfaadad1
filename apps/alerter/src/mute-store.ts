import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { decodeMutesItem, MUTES_ITEM_KEY, type Mute, StateTable } from '@trailwatch/contract';
import type { Log } from './telemetry.js';

/** How long a container trusts the mutes it read: a new mute takes effect within a minute. */
export const MUTES_REFRESH_MS = 60_000;

/**
 * The mutes in force: the configuration file's plus the CLI's, read from the state table's one
 * mutes item at most once a minute. When the table cannot be read the last known mutes stay in
 * force (none at cold start): an alert posted despite a mute beats one silenced by an error.
 */
export class MuteStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #configMutes: readonly Mute[];
  readonly #log: Log;
  readonly #now: () => number;
  #cached: readonly Mute[] = [];
  #readAt = Number.NEGATIVE_INFINITY;

  public constructor(options: {
    readonly client: DynamoDBClient;
    readonly tableName: string;
    readonly configMutes: readonly Mute[];
    readonly log: Log;
    readonly now?: () => number;
  }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#configMutes = options.configMutes;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** Every mute, expired ones included (matching checks the time). */
  public async current(): Promise<readonly Mute[]> {
    const now = this.#now();
    if (now - this.#readAt >= MUTES_REFRESH_MS) {
      this.#readAt = now;
      try {
        const { Item } = await this.#client.send(
          new GetItemCommand({
            TableName: this.#table,
            Key: { [StateTable.PARTITION_KEY]: { S: MUTES_ITEM_KEY } },
          }),
        );
        this.#cached = decodeMutesItem(Item as Parameters<typeof decodeMutesItem>[0]).mutes;
      } catch (error) {
        this.#log.warn('Could not read mutes; keeping the last known ones', {
          error: error instanceof Error ? error.name : String(error),
        });
      }
    }
    return [...this.#configMutes, ...this.#cached];
  }
}
