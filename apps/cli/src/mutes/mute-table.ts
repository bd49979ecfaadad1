import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  decodeMutesItem,
  encodeMutesItem,
  type ItemValue,
  MUTES_ITEM_KEY,
  type Mute,
  SecurityNames,
  StateTable,
} from '@trailwatch/contract';
import { type AwsTarget, clientConfig } from '../aws/client-config.js';
import { CommandError } from '../errors.js';

/** Concurrent writers (two operators muting at once) retry this often. */
const ATTEMPTS = 5;

/**
 * The state table's mutes item, read and written with the contract's codec (the alerter reads
 * the same item). Writes are compare-and-set on a version, so two operators never lose a mute.
 */
export class MuteTable {
  readonly #client: DynamoDBClient;

  public constructor(target: AwsTarget) {
    this.#client = new DynamoDBClient(clientConfig(target));
  }

  public async read(): Promise<{ mutes: readonly Mute[]; version: number }> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: SecurityNames.TABLE,
        Key: { [StateTable.PARTITION_KEY]: { S: MUTES_ITEM_KEY } },
        ConsistentRead: true,
      }),
    );
    return decodeMutesItem(Item as Record<string, ItemValue> | undefined);
  }

  /** Applies `change` to the current mutes and stores the result; returns it. */
  public async update(change: (mutes: readonly Mute[]) => Mute[]): Promise<readonly Mute[]> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const current = await this.read();
      const next = change(current.mutes);
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: SecurityNames.TABLE,
            Item: encodeMutesItem({ mutes: next, version: current.version + 1 }) as never,
            ConditionExpression:
              current.version === 0 ? 'attribute_not_exists(#pk)' : '#version = :version',
            ExpressionAttributeNames:
              current.version === 0
                ? { '#pk': StateTable.PARTITION_KEY }
                : { '#version': 'version' },
            ...(current.version === 0
              ? {}
              : { ExpressionAttributeValues: { ':version': { N: String(current.version) } } }),
          }),
        );
        return next;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new CommandError('the mutes changed under us five times in a row', {
      hint: 'someone else is editing mutes right now; run the command again',
    });
  }
}
