import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
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
  /**
   * This invocation owns the event until it marks it delivered or releases it. `maybeDeliveredAt`
   * is set when an earlier post of it may have reached Slack: the next post says so.
   */
  | { readonly status: 'claimed'; readonly token: string; readonly maybeDeliveredAt?: string }
  /** Already delivered within the window: acknowledge without posting. */
  | { readonly status: 'duplicate' }
  /** Another invocation holds an unexpired claim: hand the record back and look again later. */
  | { readonly status: 'busy' }
  /**
   * Posted twice and neither answer came (the marked repost of a MAYBE_DELIVERED event timed out
   * too): not posted a third time. The caller acknowledges it loudly (ERROR + metric).
   */
  | { readonly status: 'unconfirmed'; readonly maybeDeliveredAt: string }
  /** DynamoDB failed: the caller posts anyway (a possible duplicate beats a lost alert). */
  | { readonly status: 'unavailable'; readonly error: unknown };

/** The state table key of a CloudTrail event id (the contract's `event#` key). */
export const dedupKey = eventKey;

function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** The item a failed condition met, when DynamoDB returned it (`ReturnValuesOnConditionCheckFailure`). */
function itemOfFailure(error: unknown): Record<string, AttributeValue> | undefined {
  return (error as { Item?: Record<string, AttributeValue> }).Item;
}

/** Attribute of the item holding the time an earlier post may have reached Slack. */
export const MAYBE_DELIVERED_AT = 'maybeDeliveredAt';
/** Attribute set when the marked repost went unanswered too: there is no third post. */
export const REPOSTED_AT = 'repostedAt';

/**
 * At-most-once posting per CloudTrail `eventID` within 24 h, with DynamoDB conditional writes on
 * the contract table (`pk` S, TTL attribute `expiresAt`):
 * 1. `claim` puts `{pk: event#<id>, status: IN_PROGRESS, token, expiresAt: now + hold}` if no
 *    item exists, the existing one has expired (a crashed invocation's claim, or a delivery
 *    older than the window that TTL has not swept yet), or it is MAYBE_DELIVERED; a failed
 *    condition on an item carrying our own token is our claim (its first answer was lost);
 * 2. `markDelivered` overwrites it with `DELIVERED` and a 24 h expiry once Slack accepted;
 * 3. `release` deletes our own claim when the post failed, so the retry can claim again;
 * 4. `markMaybeDelivered` turns our claim into `MAYBE_DELIVERED` (24 h) when the post timed out
 *    after it was sent, so the redelivery posts it at most once more, marked; when that marked
 *    repost goes unanswered too, `repostedAt` is set and the next claim answers `unconfirmed`.
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
    const expiresAt = nowSeconds + Math.max(1, Math.ceil(holdSeconds));
    let met: Record<string, AttributeValue> | undefined;
    try {
      const answer = await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: this.#claimItem(eventId, token, expiresAt),
          // A MAYBE_DELIVERED item is taken over at once: its post may have failed, and waiting
          // for it to expire could lose the alert.
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :maybe AND attribute_not_exists(#reposted))',
          ExpressionAttributeNames: { '#status': 'status', '#reposted': REPOSTED_AT },
          ExpressionAttributeValues: {
            ':now': { N: String(nowSeconds) },
            ':maybe': { S: ClaimStatus.MAYBE_DELIVERED },
          },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return await this.#claimed(eventId, token, expiresAt, answer.Attributes);
    } catch (error) {
      if (!isConditionalFailure(error)) return { status: 'unavailable', error };
      met = itemOfFailure(error);
    }
    if (met === undefined) {
      try {
        const existing = await this.#client.send(
          new GetItemCommand({
            TableName: this.#table,
            Key: { pk: { S: dedupKey(eventId) } },
            ConsistentRead: true,
          }),
        );
        met = existing.Item;
      } catch {
        // The item exists, so someone claimed or delivered it: never post a likely duplicate.
        return { status: 'busy' };
      }
    }
    if (met?.status?.S === ClaimStatus.DELIVERED) return { status: 'duplicate' };
    const firstMaybe = met?.[MAYBE_DELIVERED_AT]?.S;
    if (met?.status?.S === ClaimStatus.MAYBE_DELIVERED && firstMaybe !== undefined) {
      return { status: 'unconfirmed', maybeDeliveredAt: firstMaybe };
    }
    // Our own token: the put succeeded but its answer was lost, and the SDK's retry met our item.
    if (met?.token?.S === token) return this.#claimedResult(token, met[MAYBE_DELIVERED_AT]?.S);
    return { status: 'busy' };
  }

  #claimItem(
    eventId: string,
    token: string,
    expiresAt: number,
    maybeDeliveredAt?: string,
  ): Record<string, AttributeValue> {
    return {
      pk: { S: dedupKey(eventId) },
      status: { S: ClaimStatus.IN_PROGRESS },
      token: { S: token },
      expiresAt: { N: String(expiresAt) },
      ...(maybeDeliveredAt === undefined ? {} : { [MAYBE_DELIVERED_AT]: { S: maybeDeliveredAt } }),
    };
  }

  #claimedResult(token: string, maybeDeliveredAt: string | undefined): ClaimResult {
    return maybeDeliveredAt === undefined
      ? { status: 'claimed', token }
      : { status: 'claimed', token, maybeDeliveredAt };
  }

  /**
   * A claim that replaced an item remembering a possible earlier post keeps that memory in the
   * claim item, so a crash before settling does not make the next post look like the first.
   */
  async #claimed(
    eventId: string,
    token: string,
    expiresAt: number,
    old: Record<string, AttributeValue> | undefined,
  ): Promise<ClaimResult> {
    const maybeDeliveredAt = old?.[MAYBE_DELIVERED_AT]?.S;
    if (maybeDeliveredAt !== undefined) {
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#table,
            Item: this.#claimItem(eventId, token, expiresAt, maybeDeliveredAt),
            ConditionExpression: '#token = :token',
            ExpressionAttributeNames: { '#token': 'token' },
            ExpressionAttributeValues: { ':token': { S: token } },
          }),
        );
      } catch {
        // Best effort: the marker still goes on this post; only a crash right now would lose it.
      }
    }
    return this.#claimedResult(token, maybeDeliveredAt);
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

  /**
   * Records that a post carrying `eventId` may have reached Slack (timeout after sending): the
   * item becomes MAYBE_DELIVERED for the dedup window, so a redelivery posts it once more, marked
   * as a possible duplicate, instead of either skipping it (could lose it) or posting it unmarked.
   */
  public async markMaybeDelivered(
    eventId: string,
    token: string,
    maybeDeliveredAt?: string,
  ): Promise<void> {
    const now = new Date(this.#now()).toISOString();
    // Already a repost of a possibly delivered event: remember that there were two.
    await this.#putIfOurs(eventId, token, maybeDeliveredAt ?? now, maybeDeliveredAt && now);
  }

  /**
   * Drops our claim after a failed post; a claim someone else took over is left alone. A claim
   * that carried the memory of a possible earlier post goes back to MAYBE_DELIVERED instead.
   */
  public async release(eventId: string, token: string, maybeDeliveredAt?: string): Promise<void> {
    if (maybeDeliveredAt !== undefined) {
      await this.#putIfOurs(eventId, token, maybeDeliveredAt);
      return;
    }
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

  async #putIfOurs(
    eventId: string,
    token: string,
    maybeDeliveredAt: string,
    repostedAt?: string,
  ): Promise<void> {
    const nowSeconds = Math.floor(this.#now() / 1000);
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: dedupKey(eventId) },
            status: { S: ClaimStatus.MAYBE_DELIVERED },
            [MAYBE_DELIVERED_AT]: { S: maybeDeliveredAt },
            ...(repostedAt === undefined ? {} : { [REPOSTED_AT]: { S: repostedAt } }),
            expiresAt: { N: String(nowSeconds + DELIVERED_TTL_SECONDS) },
          },
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
