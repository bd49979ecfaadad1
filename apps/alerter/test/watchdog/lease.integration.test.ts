import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WatchdogTableItem } from '../../src/watchdog/contract.js';
import { DynamoDbLease } from '../../src/watchdog/lease.js';
import { type InProcessWatchdog, startInProcessWatchdog } from '../helpers/watchdog-stand-ins.js';

const TABLE = 'trailwatch-state';
const SANDBOX = '222222222222';
const LEASE = { pk: { S: WatchdogTableItem.LEASE_KEY } };

let watchdog: InProcessWatchdog;
const client = () => watchdog.table.client;
const invoke = () => watchdog.invoke();

async function leaseItem() {
  const { Item } = await client().send(
    new GetItemCommand({ TableName: TABLE, Key: LEASE, ConsistentRead: true }),
  );
  return Item === undefined
    ? undefined
    : { holder: Item.holder?.S, expiresAt: Number(Item.expiresAt?.N) };
}

async function putLease(holder: string, expiresAt: number) {
  await client().send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { ...LEASE, holder: { S: holder }, expiresAt: { N: String(expiresAt) } },
    }),
  );
}

/** Deletes the announced state so the next run has the same change to announce again. */
async function forgetAnnouncements() {
  const { DeleteItemCommand } = await import('@aws-sdk/client-dynamodb');
  for (const region of ['us-east-1']) {
    await client().send(
      new DeleteItemCommand({
        TableName: TABLE,
        Key: { pk: { S: `${WatchdogTableItem.STATE_PREFIX}${SANDBOX}#${region}` } },
      }),
    );
  }
}

beforeAll(async () => {
  watchdog = await startInProcessWatchdog(
    {
      accounts: [
        { id: '111111111111', name: 'management' },
        { id: SANDBOX, name: 'sandbox' },
      ],
    },
    {
      MEMBER_REGIONS: '["us-east-1"]',
      TARGET_OU_IDS: '["r-a1b2"]',
      MANAGEMENT_ACCOUNT_ID: '111111111111',
      // The management account is not the subject here; only the never-beating sandbox is.
      WATCHDOG_EXCLUDED_ACCOUNTS: '["111111111111"]',
    },
    TABLE,
  );
}, 30_000);

afterAll(async () => {
  await watchdog?.close();
});

beforeEach(async () => {
  await forgetAnnouncements();
  watchdog.org.setModes({ delayMs: 0 });
});

describe('Function: watchdog handler under the lease (dynalite)', () => {
  it('announces a change once when two runs overlap, and the loser logs why it posted nothing', async () => {
    // Each Organizations call takes a while, so the first run is still busy when the second starts.
    watchdog.org.setModes({ delayMs: 150 });
    const before = watchdog.slack.messages.length;
    const from = watchdog.written.length;
    await Promise.all([invoke(), invoke()]);
    expect(watchdog.slack.messages.length - before).toBe(1);
    expect(JSON.stringify(watchdog.slack.messages.at(-1)?.payload)).toContain('*sandbox*');
    const skipped = watchdog.written
      .slice(from)
      .filter((line) => line.includes('Another watchdog run holds the lease'));
    expect(skipped).toHaveLength(1);
    // Both runs are over: the winner gave the lease back.
    expect(await leaseItem()).toBeUndefined();
  });

  it('posts nothing while another live run holds the lease, and leaves that lease alone', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 120;
    await putLease('live-run', expiresAt);
    const before = watchdog.slack.messages.length;
    await invoke();
    expect(watchdog.slack.messages.length).toBe(before);
    expect(await leaseItem()).toEqual({ holder: 'live-run', expiresAt });
    await client().send(
      new (await import('@aws-sdk/client-dynamodb')).DeleteItemCommand({
        TableName: TABLE,
        Key: LEASE,
      }),
    );
  });

  it('takes over a lease past its expiry (a run that crashed) and announces', async () => {
    await putLease('crashed-run', Math.floor(Date.now() / 1000) - 1);
    const before = watchdog.slack.messages.length;
    const from = watchdog.written.length;
    await invoke();
    expect(watchdog.slack.messages.length - before).toBe(1);
    expect(watchdog.written.slice(from).join('')).toContain('"previousHolder":"crashed-run"');
    expect(await leaseItem()).toBeUndefined();
  });
});

describe('Class: DynamoDbLease (dynalite)', () => {
  const E = 2_000_000_000; // expiresAt of the lease held by "first", epoch seconds
  let lease: DynamoDbLease;
  beforeAll(() => {
    lease = new DynamoDbLease(client(), TABLE);
  });
  beforeEach(async () => {
    await putLease('first', E);
  });

  it('is still held during its expiresAt second (expiresAt < now, not <=)', async () => {
    await expect(lease.acquire('second', E * 1000 + 999, E * 1000 + 200_000)).resolves.toEqual({
      acquired: false,
    });
    expect(await leaseItem()).toEqual({ holder: 'first', expiresAt: E });
  });

  it('is taken over from the next second on, and names whom it was taken from', async () => {
    await expect(lease.acquire('second', (E + 1) * 1000, (E + 1) * 1000 + 1500)).resolves.toEqual({
      acquired: true,
      expiresAt: E + 3,
      tookOverFrom: 'first',
    });
    expect(await leaseItem()).toEqual({ holder: 'second', expiresAt: E + 3 });
  });

  it('is released only by its holder', async () => {
    await lease.acquire('second', (E + 1) * 1000, (E + 1) * 1000 + 60_000);
    await expect(lease.release('first')).resolves.toBe(false);
    expect((await leaseItem())?.holder).toBe('second');
    await expect(lease.release('second')).resolves.toBe(true);
    expect(await leaseItem()).toBeUndefined();
  });

  it('is free again once released, and taken without naming a previous holder', async () => {
    await expect(lease.release('first')).resolves.toBe(true);
    await expect(lease.acquire('third', 1000, 61_000)).resolves.toEqual({
      acquired: true,
      expiresAt: 61,
    });
  });
});
