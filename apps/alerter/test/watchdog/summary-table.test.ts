import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StateTable, summaryKey, summaryPostedKey } from '@trailwatch/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SummaryTable } from '../../src/watchdog/summary-table.js';

const dynamo = mockClient(DynamoDBClient);
afterEach(() => dynamo.reset());

const TABLE = 'trailwatch-state';
const pk = (value: string) => ({ [StateTable.PARTITION_KEY]: { S: value } });

describe('Class: SummaryTable', () => {
  it('asks again for the keys DynamoDB left unprocessed, and reads the marker and every hour', async () => {
    const hourA = summaryKey('abc', '2026-11-27T06');
    const hourB = summaryKey('abc', '2026-11-27T07');
    const marker = summaryPostedKey('abc', '2026-11-27');
    dynamo
      .on(BatchGetItemCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [{ ...pk(hourA), total: { N: '2' } }] },
        UnprocessedKeys: { [TABLE]: { Keys: [pk(hourB), pk(marker)] } },
      })
      .resolvesOnce({
        Responses: { [TABLE]: [{ ...pk(hourB), total: { N: '3' } }, pk(marker)] },
      });
    const read = await new SummaryTable(new DynamoDBClient({}), TABLE).read(
      'abc',
      ['2026-11-27T06', '2026-11-27T07'],
      '2026-11-27',
    );
    expect(read.posted).toBe(true);
    expect(read.hours.map((hour) => hour.get('total'))).toEqual([2, 3]);
    expect(dynamo.commandCalls(BatchGetItemCommand)[1]!.args[0].input.RequestItems).toEqual({
      [TABLE]: { Keys: [pk(hourB), pk(marker)], ConsistentRead: true },
    });
  });

  it('gives up after five rounds that leave keys unread, saying how many (the next run retries)', async () => {
    dynamo.on(BatchGetItemCommand).resolves({
      Responses: { [TABLE]: [] },
      UnprocessedKeys: { [TABLE]: { Keys: [pk(summaryKey('abc', '2026-11-27T07'))] } },
    });
    await expect(
      new SummaryTable(new DynamoDBClient({}), TABLE).read('abc', ['2026-11-27T07'], '2026-11-27'),
    ).rejects.toThrow('DynamoDB left 1 summary items unread after 5 rounds');
    expect(dynamo.commandCalls(BatchGetItemCommand)).toHaveLength(5);
  });
});
