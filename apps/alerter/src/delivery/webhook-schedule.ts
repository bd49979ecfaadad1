import { createHash } from 'node:crypto';
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * Fleet-wide gap between two posts to one webhook: Slack's "no more than one message per second".
 * Each container also keeps its own `SLACK_MIN_INTERVAL_MS`; this one is shared through the table,
 * so two containers can no longer post 1–9 ms apart.
 */
export const SHARED_WEBHOOK_INTERVAL_MS = 1000;
/** Item prefix in the state table: `webhook#<sha256 of the secret id, 32 hex>`. */
export const WEBHOOK_KEY_PREFIX = 'webhook#';
/** Webhook items are tiny and rewritten on every post; TTL sweeps those of removed routes. */
const WEBHOOK_ITEM_TTL_SECONDS = 24 * 60 * 60;
/** Optimistic-concurrency attempts before giving up and pacing locally only. */
const MAX_RACES = 8;
/** After the table failed, it is not asked again for this long: every post would wait its timeouts. */
const UNAVAILABLE_FOR_MS = 60_000;

/** The state-table key of a webhook: a hash, so neither the secret id nor the URL is stored. */
export function webhookKey(secretId: string): string {
  return `${WEBHOOK_KEY_PREFIX}${createHash('sha256').update(secretId).digest('hex').slice(0, 32)}`;
}

/** What {@link SharedWebhookSchedule.reserve} decided. */
export type Reservation =
  /** Post at (not before) `at`, epoch ms. */
  | { readonly kind: 'slot'; readonly at: number }
  /** Another container met a 429: nobody posts before `until`. */
  | { readonly kind: 'blocked'; readonly until: number }
  /** The table failed: pace locally only (a possible 429 beats a lost or late alert). */
  | { readonly kind: 'unavailable'; readonly error: unknown };

interface WebhookItem {
  readonly nextSlotAt: number;
  readonly blockedUntil: number;
  readonly version: number;
}

function numberOf(item: Record<string, AttributeValue> | undefined, name: string): number {
  const value = Number(item?.[name]?.N);
  return Number.isFinite(value) ? value : 0;
}

function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Pacing and 429 pauses shared by every container through the state table (item
 * `webhook#<hash>`: `nextSlotAt`, `blockedUntil` epoch ms, `version`, `expiresAt`). A post first
 * reserves the next free slot (read, then a put conditional on the version it read, retried on a
 * race); a 429 writes `blockedUntil`, which every container honours before its next post.
 */
export class SharedWebhookSchedule {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #unavailableUntil = 0;

  public constructor(
    client: DynamoDBClient,
    tableName: string,
    intervalMs: number = SHARED_WEBHOOK_INTERVAL_MS,
    now: () => number = Date.now,
  ) {
    this.#client = client;
    this.#table = tableName;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** Reserves the next slot for a post to the webhook of `secretId`. Never throws. */
  public async reserve(secretId: string): Promise<Reservation> {
    if (this.#now() < this.#unavailableUntil) {
      return { kind: 'unavailable', error: new Error('state table failed recently') };
    }
    try {
      for (let race = 0; race < MAX_RACES; race += 1) {
        const now = this.#now();
        const current = await this.#read(secretId);
        if (current.blockedUntil > now) return { kind: 'blocked', until: current.blockedUntil };
        const at = Math.max(now, current.nextSlotAt);
        const written = await this.#write(secretId, current, {
          nextSlotAt: at + this.#intervalMs,
          blockedUntil: current.blockedUntil,
        });
        if (written) return { kind: 'slot', at };
      }
      return { kind: 'unavailable', error: new Error('too many concurrent reservations') };
    } catch (error) {
      this.#unavailableUntil = this.#now() + UNAVAILABLE_FOR_MS;
      return { kind: 'unavailable', error };
    }
  }

  /**
   * Until when the webhook is paused (0 when it is not, or when the table fails): checked again
   * right before a post, since another container may have met a 429 while this one waited.
   */
  public async blockedUntil(secretId: string): Promise<number> {
    if (this.#now() < this.#unavailableUntil) return 0;
    try {
      return (await this.#read(secretId)).blockedUntil;
    } catch {
      return 0;
    }
  }

  /** Records that Slack asked every sender to stay away from this webhook until `until`. */
  public async block(secretId: string, until: number): Promise<void> {
    for (let race = 0; race < MAX_RACES; race += 1) {
      const current = await this.#read(secretId);
      if (current.blockedUntil >= until) return;
      const written = await this.#write(secretId, current, {
        nextSlotAt: Math.max(current.nextSlotAt, until),
        blockedUntil: until,
      });
      if (written) return;
    }
  }

  async #read(secretId: string): Promise<WebhookItem> {
    const answer = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: webhookKey(secretId) } },
        ConsistentRead: true,
      }),
    );
    return {
      nextSlotAt: numberOf(answer.Item, 'nextSlotAt'),
      blockedUntil: numberOf(answer.Item, 'blockedUntil'),
      version: numberOf(answer.Item, 'version'),
    };
  }

  /** Writes the next state if nobody wrote since `current` was read; false on a lost race. */
  async #write(
    secretId: string,
    current: WebhookItem,
    next: { nextSlotAt: number; blockedUntil: number },
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: { S: webhookKey(secretId) },
            nextSlotAt: { N: String(next.nextSlotAt) },
            blockedUntil: { N: String(next.blockedUntil) },
            version: { N: String(current.version + 1) },
            expiresAt: { N: String(Math.floor(this.#now() / 1000) + WEBHOOK_ITEM_TTL_SECONDS) },
          },
          ConditionExpression:
            current.version === 0 ? 'attribute_not_exists(pk)' : '#version = :version',
          ...(current.version === 0
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': { N: String(current.version) } },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
