import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { WatchdogTableItem as Item } from './contract.js';

/**
 * How long past the run's own deadline a lease stays held. It covers clock skew between the Lambda
 * hosts of two runs (each compares its own clock with `expiresAt`) and expiresAt's rounding up to a
 * whole second.
 */
export const LEASE_MARGIN_MS = 60_000;

/** The outcome of trying to take the lease. */
export type LeaseAcquisition =
  | {
      readonly acquired: true;
      /** Epoch seconds the lease is held through. */
      readonly expiresAt: number;
      /** Set when an expired lease of another run was taken over (that run never released it). */
      readonly tookOverFrom?: string;
    }
  | {
      readonly acquired: false;
      /** Who holds it, when DynamoDB returned the item (real DynamoDB does; dynalite does not). */
      readonly heldBy?: string;
      readonly expiresAt?: number;
    };

/** Takes and gives back the single-run lease; {@link DynamoDbLease} is the real one. */
export interface Lease {
  /** Tries to take the lease for `holder` until `untilMs` (epoch ms), as seen at `nowMs`. */
  acquire(holder: string, nowMs: number, untilMs: number): Promise<LeaseAcquisition>;
  /** Gives the lease back if `holder` still holds it; returns whether it did. */
  release(holder: string): Promise<boolean>;
}

type Attributes = Record<string, AttributeValue>;

function holderOf(item: Attributes | undefined): string | undefined {
  const value = item?.[Item.LEASE_HOLDER];
  return value !== undefined && 'S' in value ? value.S : undefined;
}

function expiryOf(item: Attributes | undefined): number | undefined {
  const value = item?.[Item.LEASE_EXPIRES_AT];
  const seconds = value !== undefined && 'N' in value ? Number(value.N) : Number.NaN;
  return Number.isFinite(seconds) ? seconds : undefined;
}

/**
 * A lease in the state table (item `lease#watchdog`) so overlapping watchdog runs never announce
 * the same change twice. It replaces reserved concurrency 1, which a fresh account rejects (Lambda
 * keeps 100 executions unreserved and new accounts start with a lower concurrency quota).
 *
 * The lease is a conditional put: it succeeds when no lease exists or the existing one expired
 * strictly before now (`expiresAt < :now`; a lease is held through its `expiresAt` second). A run
 * sets `expiresAt` past its own Lambda deadline, so a run that is still alive is never taken over;
 * a run that crashed or timed out without releasing blocks the next one only until then.
 */
export class DynamoDbLease implements Lease {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  public constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  public async acquire(holder: string, nowMs: number, untilMs: number): Promise<LeaseAcquisition> {
    const now = Math.floor(nowMs / 1000);
    const expiresAt = Math.ceil(untilMs / 1000);
    try {
      const answer = await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            [Item.PARTITION_KEY]: { S: Item.LEASE_KEY },
            [Item.LEASE_HOLDER]: { S: holder },
            [Item.LEASE_EXPIRES_AT]: { N: String(expiresAt) },
            [Item.LEASE_ACQUIRED_AT]: { S: new Date(nowMs).toISOString() },
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt < :now',
          ExpressionAttributeNames: {
            '#pk': Item.PARTITION_KEY,
            '#expiresAt': Item.LEASE_EXPIRES_AT,
          },
          ExpressionAttributeValues: { ':now': { N: String(now) } },
          // The replaced item, if any, names a run that never released its lease.
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const previous = holderOf(answer.Attributes);
      return {
        acquired: true,
        expiresAt,
        ...(previous === undefined ? {} : { tookOverFrom: previous }),
      };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const heldBy = holderOf(error.Item);
      const heldUntil = expiryOf(error.Item);
      return {
        acquired: false,
        ...(heldBy === undefined ? {} : { heldBy }),
        ...(heldUntil === undefined ? {} : { expiresAt: heldUntil }),
      };
    }
  }

  public async release(holder: string): Promise<boolean> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: { [Item.PARTITION_KEY]: { S: Item.LEASE_KEY } },
          // Only our own: a run that outlived its lease must not free the one another run took.
          ConditionExpression: '#holder = :holder',
          ExpressionAttributeNames: { '#holder': Item.LEASE_HOLDER },
          ExpressionAttributeValues: { ':holder': { S: holder } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
