import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createDedupTable, type LocalDynamoDb, startDynamoDb } from '@trailwatch/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERED_TTL_SECONDS, DedupStore, dedupKey } from '../src/dedup.js';
import { HeartbeatStore, heartbeatKey } from '../src/heartbeat.js';

const TABLE = 'trailwatch-dedup';
let dynamo: LocalDynamoDb;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  await createDedupTable(dynamo.url, TABLE);
  client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

async function itemOf(pk: string) {
  return (await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk } } }))).Item;
}

describe('Class: DedupStore (against dynalite)', () => {
  it('posts an event id once: a second claim after delivery is a duplicate', async () => {
    const store = new DedupStore(client, TABLE);
    const first = await store.claim('evt-once', 60);
    expect(first.status).toBe('claimed');
    await store.markDelivered('evt-once');
    expect(await store.claim('evt-once', 60)).toEqual({ status: 'duplicate' });
  });

  it('reports busy while another invocation holds an unexpired claim', async () => {
    const store = new DedupStore(client, TABLE);
    expect((await store.claim('evt-busy', 60)).status).toBe('claimed');
    expect(await store.claim('evt-busy', 60)).toEqual({ status: 'busy' });
  });

  it('lets a retry claim again after the claim was released', async () => {
    const store = new DedupStore(client, TABLE);
    const claim = await store.claim('evt-release', 60);
    if (claim.status !== 'claimed') throw new Error('expected a claim');
    await store.release('evt-release', claim.token);
    expect((await store.claim('evt-release', 60)).status).toBe('claimed');
  });

  it('does not release a claim someone else holds', async () => {
    const store = new DedupStore(client, TABLE);
    expect((await store.claim('evt-other', 60)).status).toBe('claimed');
    await store.release('evt-other', 'not-my-token');
    expect(await store.claim('evt-other', 60)).toEqual({ status: 'busy' });
  });

  it('takes over a claim whose holder crashed once it expired', async () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const store = new DedupStore(client, TABLE, () => now);
    expect((await store.claim('evt-crashed', 30)).status).toBe('claimed');
    now += 31_000;
    expect((await store.claim('evt-crashed', 30)).status).toBe('claimed');
  });

  it('remembers a delivery for 24 hours, then allows a new post', async () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const store = new DedupStore(client, TABLE, () => now);
    await store.claim('evt-window', 30);
    await store.markDelivered('evt-window');
    const item = await itemOf(dedupKey('evt-window'));
    expect(item?.status?.S).toBe('DELIVERED');
    expect(Number(item?.expiresAt?.N)).toBe(Math.floor(now / 1000) + DELIVERED_TTL_SECONDS);
    now += 23 * 3600_000;
    expect(await store.claim('evt-window', 30)).toEqual({ status: 'duplicate' });
    now += 2 * 3600_000;
    expect((await store.claim('evt-window', 30)).status).toBe('claimed');
  });

  it('reports the table as unavailable instead of throwing', async () => {
    const store = new DedupStore(client, 'no-such-table');
    const claim = await store.claim('evt-x', 30);
    expect(claim.status).toBe('unavailable');
  });
});

describe('Class: DedupStore, maybe delivered (against dynalite)', () => {
  async function claimed(store: DedupStore, id: string) {
    const claim = await store.claim(id, 60);
    if (claim.status !== 'claimed') throw new Error(`expected a claim, got ${claim.status}`);
    return claim;
  }

  it('lets a redelivery take over a maybe-delivered event at once, and says when it may have been posted', async () => {
    const store = new DedupStore(client, TABLE, () => Date.parse('2026-12-01T10:00:00Z'));
    const first = await claimed(store, 'evt-maybe');
    expect(first.maybeDeliveredAt).toBeUndefined();
    await store.markMaybeDelivered('evt-maybe', first.token);
    expect(await itemOf(dedupKey('evt-maybe'))).toMatchObject({
      status: { S: 'MAYBE_DELIVERED' },
      maybeDeliveredAt: { S: '2026-12-01T10:00:00.000Z' },
    });
    const second = await claimed(store, 'evt-maybe');
    expect(second.maybeDeliveredAt).toBe('2026-12-01T10:00:00.000Z');
    // The claim item keeps the memory, so a crash now still marks the next post.
    expect((await itemOf(dedupKey('evt-maybe')))?.maybeDeliveredAt?.S).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect(await store.claim('evt-maybe', 60)).toEqual({ status: 'busy' });
  });

  it('puts a maybe-delivered event back to MAYBE_DELIVERED when its marked repost is released', async () => {
    const store = new DedupStore(client, TABLE);
    await store.markMaybeDelivered(
      'evt-maybe-release',
      (await claimed(store, 'evt-maybe-release')).token,
    );
    const repost = await claimed(store, 'evt-maybe-release');
    await store.release('evt-maybe-release', repost.token, repost.maybeDeliveredAt);
    expect((await claimed(store, 'evt-maybe-release')).maybeDeliveredAt).toBe(
      repost.maybeDeliveredAt,
    );
  });

  it('posts no third copy once the marked repost went unanswered too', async () => {
    const store = new DedupStore(client, TABLE);
    await store.markMaybeDelivered(
      'evt-maybe-twice',
      (await claimed(store, 'evt-maybe-twice')).token,
    );
    const repost = await claimed(store, 'evt-maybe-twice');
    await store.markMaybeDelivered('evt-maybe-twice', repost.token, repost.maybeDeliveredAt);
    expect(await store.claim('evt-maybe-twice', 60)).toEqual({
      status: 'unconfirmed',
      maybeDeliveredAt: repost.maybeDeliveredAt,
    });
  });
});

describe('Class: HeartbeatStore (against dynalite)', () => {
  it('records last-seen per account and region with a TTL', async () => {
    const now = Date.parse('2026-11-27T10:05:00Z');
    await new HeartbeatStore(client, TABLE, () => now).record(
      '111122223333',
      'eu-west-1',
      '2026-11-27T10:00:00Z',
    );
    const item = await itemOf(heartbeatKey('111122223333', 'eu-west-1'));
    expect(item?.lastSeen?.S).toBe('2026-11-27T10:00:00Z');
    expect(Number(item?.expiresAt?.N)).toBeGreaterThan(Math.floor(now / 1000));
  });
});
