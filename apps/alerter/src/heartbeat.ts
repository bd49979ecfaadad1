import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { heartbeatKey } from '@trailwatch/contract';

/**
 * How long a last-seen item outlives its last heartbeat. Heartbeats are hourly; a week keeps an
 * account that went silent visible to the silence check long after it should have alerted, and
 * lets accounts that left the organization age out.
 */
export const HEARTBEAT_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The table key of an account × region last-seen item (the contract's). */
export { heartbeatKey };

/** Records the last heartbeat per account × region in the dedup table. */
export class HeartbeatStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #now: () => number;

  public constructor(client: DynamoDBClient, tableName: string, now: () => number = Date.now) {
    this.#client = client;
    this.#table = tableName;
    this.#now = now;
  }

  /** Writes `lastSeen` for `account#region`; `time` is the heartbeat's own timestamp when known. */
  public async record(account: string, region: string, time: string | undefined): Promise<void> {
    const now = this.#now();
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: {
          pk: { S: heartbeatKey(account, region) },
          account: { S: account },
          region: { S: region },
          lastSeen: {
            S: time && !Number.isNaN(Date.parse(time)) ? time : new Date(now).toISOString(),
          },
          receivedAt: { S: new Date(now).toISOString() },
          expiresAt: { N: String(Math.floor(now / 1000) + HEARTBEAT_TTL_SECONDS) },
        },
      }),
    );
  }
}
