import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { encodeMutesItem, type Mute } from '@trailwatch/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTES_REFRESH_MS, MuteStore } from '../src/mute-store.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';
import { type LocalStateTable, startStateTable } from './helpers/state-table.js';

const TABLE = 'trailwatch-state';
let table: LocalStateTable;
let client: DynamoDBClient;

const cliMute: Mute = {
  id: 'm-1',
  detection: 'iam-user-created',
  until: '2026-12-09T00:00:00Z',
  reason: 'migration week',
  setBy: 'arn:aws:iam::111122223333:user/alice',
};
const configMute: Mute = { ...cliMute, id: 'cfg-1', detection: 'iam-user-deleted' };

beforeAll(async () => {
  table = await startStateTable(TABLE);
  client = table.client;
});

afterAll(async () => {
  await table.close();
});

describe('Class: MuteStore (against dynalite)', () => {
  it("serves config mutes and the table's, re-reading the table once a minute", async () => {
    let now = 0;
    const { log } = recordingTelemetry();
    const store = new MuteStore({
      client,
      tableName: TABLE,
      configMutes: [configMute],
      log,
      now: () => now,
    });
    expect((await store.current()).map((m) => m.id)).toEqual(['cfg-1']);
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: encodeMutesItem({ mutes: [cliMute], version: 1 }) as never,
      }),
    );
    now = MUTES_REFRESH_MS - 1;
    expect((await store.current()).map((m) => m.id)).toEqual(['cfg-1']);
    now = MUTES_REFRESH_MS;
    expect((await store.current()).map((m) => m.id)).toEqual(['cfg-1', 'm-1']);
  });

  it('keeps the last known mutes when the table cannot be read', async () => {
    let now = 0;
    const telemetry = recordingTelemetry();
    const broken = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const store = new MuteStore({
      client: broken,
      tableName: TABLE,
      configMutes: [configMute],
      log: telemetry.log,
      now: () => now,
    });
    expect((await store.current()).map((m) => m.id)).toEqual(['cfg-1']);
    now += MUTES_REFRESH_MS;
    expect((await store.current()).map((m) => m.id)).toEqual(['cfg-1']);
    broken.destroy();
  });
});
