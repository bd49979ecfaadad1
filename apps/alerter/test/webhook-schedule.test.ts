import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedWebhookSchedule, webhookKey } from '../src/delivery/webhook-schedule.js';
import { type LocalStateTable, startStateTable } from './helpers/state-table.js';

const TABLE = 'trailwatch-dedup';
let table: LocalStateTable;
let client: DynamoDBClient;

beforeAll(async () => {
  table = await startStateTable(TABLE);
  client = table.client;
});

afterAll(async () => {
  await table.close();
});

describe('Class: SharedWebhookSchedule (against dynalite)', () => {
  it('gives concurrent reservations from different containers distinct slots one interval apart', async () => {
    const now = () => 1_000_000;
    const a = new SharedWebhookSchedule(client, TABLE, 1000, now);
    const b = new SharedWebhookSchedule(client, TABLE, 1000, now);
    const slots = await Promise.all([
      a.reserve('slack/race'),
      b.reserve('slack/race'),
      a.reserve('slack/race'),
      b.reserve('slack/race'),
    ]);
    expect(slots.map((slot) => (slot.kind === 'slot' ? slot.at : slot.kind)).sort()).toEqual([
      1_000_000, 1_001_000, 1_002_000, 1_003_000,
    ]);
  });

  it('makes every container see a 429 pause until it ends, and not a millisecond longer', async () => {
    let time = 5_000_000;
    const now = () => time;
    const a = new SharedWebhookSchedule(client, TABLE, 1000, now);
    const b = new SharedWebhookSchedule(client, TABLE, 1000, now);
    await a.block('slack/paused', time + 30_000);
    expect(await b.reserve('slack/paused')).toEqual({ kind: 'blocked', until: 5_030_000 });
    time = 5_029_999;
    expect((await b.reserve('slack/paused')).kind).toBe('blocked');
    time = 5_030_000;
    expect(await b.reserve('slack/paused')).toEqual({ kind: 'slot', at: 5_030_000 });
  });

  it('keys the item by a hash: neither the secret id nor a URL is stored', async () => {
    const schedule = new SharedWebhookSchedule(client, TABLE, 1000, () => 1);
    await schedule.reserve('trailwatch/slack/default');
    const key = webhookKey('trailwatch/slack/default');
    expect(key).toMatch(/^webhook#[0-9a-f]{32}$/);
    const item = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: key } } }),
    );
    expect(JSON.stringify(item.Item)).not.toContain('trailwatch/slack');
  });

  it('answers "unavailable" when the table fails, and leaves it alone for a while', async () => {
    const broken = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const schedule = new SharedWebhookSchedule(broken, TABLE);
    expect((await schedule.reserve('slack/x')).kind).toBe('unavailable');
    expect(await schedule.blockedUntil('slack/x')).toBe(0);
    broken.destroy();
  });
});
