import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERED_TTL_SECONDS, DedupStore, dedupKey } from '../src/dedup.js';
import { HeartbeatStore, heartbeatKey } from '../src/heartbeat.js';
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

describe('Class: DedupStore when DynamoDB’s answer is lost', () => {
  /**
   * A proxy in front of dynalite that forwards every request but, for the first PutItem, drops
   * the connection after DynamoDB has written the item: the SDK sees a reset and retries.
   */
  async function lossyProxy(): Promise<{ url: string; dropped: number; close(): Promise<void> }> {
    let dropped = 0;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(
            (entry): entry is [string, string] =>
              typeof entry[1] === 'string' &&
              !['host', 'content-length', 'connection'].includes(entry[0]),
          ),
        );
        const upstream = await fetch(table.url, {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        const body = Buffer.from(await upstream.arrayBuffer());
        if (headers['x-amz-target']?.endsWith('.PutItem') && dropped === 0) {
          dropped += 1;
          request.socket.destroy();
          return;
        }
        response.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/x-amz-json-1.0',
        });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      get dropped() {
        return dropped;
      },
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  it('uses the item DynamoDB returns with the conditional failure (ALL_OLD) instead of reading it again', async () => {
    const sent: string[] = [];
    const answering = {
      async send(command: { constructor: { name: string }; input: { Item?: unknown } }) {
        sent.push(command.constructor.name);
        const error = Object.assign(new Error('The conditional request failed'), {
          name: 'ConditionalCheckFailedException',
          Item: { pk: { S: 'event#x' }, status: { S: 'DELIVERED' } },
        });
        throw error;
      },
    } as unknown as DynamoDBClient;
    expect(await new DedupStore(answering, TABLE).claim('x', 60)).toEqual({ status: 'duplicate' });
    expect(sent).toEqual(['PutItemCommand']);
  });

  it('recognises its own claim when the SDK retry meets the item the lost attempt wrote', async () => {
    const proxy = await lossyProxy();
    const lossy = new DynamoDBClient({
      endpoint: proxy.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
      maxAttempts: 3,
    });
    try {
      const claim = await new DedupStore(lossy, TABLE).claim('evt-lost-answer', 60);
      expect(proxy.dropped).toBe(1);
      expect(claim.status).toBe('claimed');
      const item = await itemOf(dedupKey('evt-lost-answer'));
      expect(item?.token?.S).toBe((claim as { token: string }).token);
      // Someone else's claim is still busy.
      expect(await new DedupStore(client, TABLE).claim('evt-lost-answer', 60)).toEqual({
        status: 'busy',
      });
    } finally {
      lossy.destroy();
      await proxy.close();
    }
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
