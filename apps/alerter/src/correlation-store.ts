import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { correlationKey, StateTable } from '@trailwatch/contract';
import type { CorrelationState, CorrelationStore, Observation } from '@trailwatch/detections';

/** Conflicting writers retry this often before the event is handed back. */
const MAX_ATTEMPTS = 5;
/**
 * Observations kept per detection × key, newest first. A storm of a thousand failed sign-ins
 * from one address would otherwise grow one item towards DynamoDB's 400 KB limit; every
 * stateful detection needs at most a few dozen events in a window.
 */
export const MAX_OBSERVATIONS = 200;

/** Another writer changed the item between our read and our write, every attempt. */
export class CorrelationConflictError extends Error {
  constructor(key: string) {
    super(`correlation state ${key} kept changing under concurrent writers`);
    this.name = 'CorrelationConflictError';
  }
}

function isConditionalFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

/**
 * Correlation windows in the state table: one item per stateful detection × key, holding its
 * observations as JSON, a version for optimistic concurrency, the event time of its last firing
 * and a TTL. Per event that matches a step: one consistent read and one conditional write (two
 * more on a conflict); per firing, one more conditional write. Other events cost nothing.
 */
export class DynamoCorrelationStore implements CorrelationStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  public constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  public async add(
    detectionId: string,
    key: string,
    observation: Observation,
    horizonMs: number,
    keepUntilMs: number,
  ): Promise<CorrelationState> {
    const pk = correlationKey(detectionId, key);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = await this.#read(pk);
      const others = current.observations.filter((o) => o.eventId !== observation.eventId);
      const observations = [...others, observation]
        .filter((o) => o.time >= horizonMs)
        .sort((a, b) => b.time - a.time)
        .slice(0, MAX_OBSERVATIONS);
      const expiresAt = Math.ceil(Math.max(keepUntilMs, current.keepUntilMs ?? 0) / 1000);
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#table,
            Item: {
              [StateTable.PARTITION_KEY]: { S: pk },
              observations: { S: JSON.stringify(observations) },
              version: { N: String(current.version + 1) },
              ...(current.firedAt === undefined ? {} : { firedAt: { N: String(current.firedAt) } }),
              [StateTable.TTL_ATTRIBUTE]: { N: String(expiresAt) },
            },
            ...this.#unchangedSince(current),
          }),
        );
        return {
          observations,
          ...(current.firedAt === undefined ? {} : { firedAt: current.firedAt }),
        };
      } catch (error) {
        if (!isConditionalFailure(error)) throw error;
      }
    }
    throw new CorrelationConflictError(pk);
  }

  public async markFired(
    detectionId: string,
    key: string,
    firedAt: number,
    previous: number | undefined,
    keepUntilMs: number,
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { [StateTable.PARTITION_KEY]: { S: correlationKey(detectionId, key) } },
          UpdateExpression: 'SET firedAt = :firedAt, #ttl = :ttl',
          ConditionExpression:
            previous === undefined
              ? 'attribute_exists(#pk) AND attribute_not_exists(firedAt)'
              : 'firedAt = :previous',
          ExpressionAttributeNames: {
            '#ttl': StateTable.TTL_ATTRIBUTE,
            ...(previous === undefined ? { '#pk': StateTable.PARTITION_KEY } : {}),
          },
          ExpressionAttributeValues: {
            ':firedAt': { N: String(firedAt) },
            ':ttl': { N: String(Math.ceil(keepUntilMs / 1000)) },
            ...(previous === undefined ? {} : { ':previous': { N: String(previous) } }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  public async reopen(
    detectionId: string,
    key: string,
    firedAt: number,
    previous: number | undefined,
  ): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { [StateTable.PARTITION_KEY]: { S: correlationKey(detectionId, key) } },
          UpdateExpression: previous === undefined ? 'REMOVE firedAt' : 'SET firedAt = :previous',
          ConditionExpression: 'firedAt = :firedAt',
          ExpressionAttributeValues: {
            ':firedAt': { N: String(firedAt) },
            ...(previous === undefined ? {} : { ':previous': { N: String(previous) } }),
          },
        }),
      );
    } catch (error) {
      // Someone fired again since: their alert stands, nothing to give back.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  /** The condition that the item is still as `#read` saw it. */
  #unchangedSince(current: {
    exists: boolean;
    version: number;
  }): Pick<
    PutItemCommandInput,
    'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  > {
    if (!current.exists) {
      return {
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': StateTable.PARTITION_KEY },
      };
    }
    // `version` is a DynamoDB reserved word, hence the placeholder.
    if (current.version === 0) {
      return {
        ConditionExpression: 'attribute_not_exists(#version)',
        ExpressionAttributeNames: { '#version': 'version' },
      };
    }
    return {
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': { N: String(current.version) } },
    };
  }

  async #read(pk: string): Promise<{
    exists: boolean;
    observations: Observation[];
    version: number;
    firedAt?: number;
    keepUntilMs?: number;
  }> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { [StateTable.PARTITION_KEY]: { S: pk } },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return { exists: false, observations: [], version: 0 };
    let observations: Observation[] = [];
    try {
      const parsed: unknown = JSON.parse(Item.observations?.S ?? '[]');
      if (Array.isArray(parsed)) observations = parsed as Observation[];
    } catch {
      // A damaged item starts over rather than blocking the detection forever.
    }
    const firedAt = Item.firedAt?.N === undefined ? undefined : Number(Item.firedAt.N);
    const expiresAt = Item[StateTable.TTL_ATTRIBUTE]?.N;
    return {
      exists: true,
      observations,
      version: Number(Item.version?.N ?? '0') || 0,
      ...(firedAt === undefined ? {} : { firedAt }),
      ...(expiresAt === undefined ? {} : { keepUntilMs: Number(expiresAt) * 1000 }),
    };
  }
}
