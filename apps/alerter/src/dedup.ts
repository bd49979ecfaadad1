import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { ClaimStatus, eventKey } from '@trailwatch/contract';

/** How long a delivered event id is remembered: the dedup window. */
export const DELIVERED_TTL_SECONDS = 24 * 60 * 60;

/** Item status values in the state table (the contract's). */
export { ClaimStatus };

/** The result of trying to claim an event id. */
export type ClaimResult =
  /** This invocation owns the event until it marks it delivered or releases it. */
  | { readonly status: 'claimed'; readonly token: string }
  /** Already delivered within the window: acknowledge without posting. */
  | { readonly status: 'duplicate' }
  /** Another invocation holds an unexpired claim: hand the record back and look again later. */
  | { readonly status: 'busy' }
  /** DynamoDB failed: the caller posts anyway (a possible duplicate beats a lost alert). */
  | { readonly status: 'unavailable'; readonly error: unknown };

/** The state table key of a CloudTrail event id (the contract's `event#` key). */
export const dedupKey = eventKey;

function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * At-most-once posting per CloudTrail `eventID` within 24 h, with DynamoDB conditional writes on
 * the contract table (`pk` S, TTL attribute `expiresAt`):
 * 1. `claim` puts `{pk: event#<id>, status: IN_PROGRESS, token, expiresAt: now + hold}` if no
 *    item exists or the existing one has expired (a crashed invocation's claim, or a delivery
 *    older than the window that TTL has not swept yet);
 * 2. `markDelivered` overwrites it with `DELIVERED` and a 24 h expiry once Slack accepted;
 * 3. `release` deletes our own claim when the post failed, so the retry can claim again.
 */
export class DedupStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #now: () => number;

  public constructor(client: DynamoDBClient, tableName: string, now: () => number = Date.now) {
    this.#client = client;
    this.#table = tableName;
    this.#now = now;
  }

  /** Claims `eventId` for `holdSeconds` (the time this invocation may still spend on it). */
  public async claim(eventId: string, holdSeconds: number): Promise<ClaimResult> {
    const nowSeconds = Math.floor(this.#now() / 1000);
    const token = randomUUID();
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: dedupKey(eventId) },
            status: { S: ClaimStatus.IN_PROGRESS },
            token: { S: token },
            expiresAt: { N: String(nowSeconds + Math.max(1, Math.ceil(holdSeconds))) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
        }),
      );
      return { status: 'claimed', token };
    } catch (error) {
      if (!isConditionalFailure(error)) return { status: 'unavailable', error };
    }
    try {
      const existing = await this.#client.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { pk: { S: dedupKey(eventId) } },
          ConsistentRead: true,
        }),
      );
      return existing.Item?.status?.S === ClaimStatus.DELIVERED
        ? { status: 'duplicate' }
        : { status: 'busy' };
    } catch {
      // The item exists, so someone claimed or delivered it: never post a likely duplicate.
      return { status: 'busy' };
    }
  }

  /** Records that Slack accepted the message carrying `eventId`. */
  public async markDelivered(eventId: string): Promise<void> {
    const nowSeconds = Math.floor(this.#now() / 1000);
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: {
          pk: { S: dedupKey(eventId) },
          status: { S: ClaimStatus.DELIVERED },
          deliveredAt: { S: new Date(this.#now()).toISOString() },
          expiresAt: { N: String(nowSeconds + DELIVERED_TTL_SECONDS) },
        },
      }),
    );
  }

  /** Drops our claim after a failed post; a claim someone else took over is left alone. */
  public async release(eventId: string, token: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: { pk: { S: dedupKey(eventId) } },
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': { S: token } },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }
}
