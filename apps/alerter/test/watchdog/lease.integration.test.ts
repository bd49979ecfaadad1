import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  createDedupTable,
  createLambdaContext,
  type LocalDynamoDb,
  type OrganizationsStandIn,
  type SecretsManagerStandIn,
  type SlackEmulator,
  startDynamoDb,
  startOrganizationsStandIn,
  startSecretsManagerStandIn,
  startSlackEmulator,
} from '@trailwatch/local-aws';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WatchdogTableItem } from '../../src/watchdog/contract.js';
import { DynamoDbLease } from '../../src/watchdog/lease.js';

const TABLE = 'trailwatch-state';
const SECRET = 'trailwatch/slack';
const SANDBOX = '222222222222';
const LEASE = { pk: { S: WatchdogTableItem.LEASE_KEY } };

let dynamo: LocalDynamoDb;
let org: OrganizationsStandIn;
let secrets: SecretsManagerStandIn;
let slack: SlackEmulator;
let client: DynamoDBClient;
let handler: (event: unknown, context: ReturnType<typeof createLambdaContext>) => Promise<void>;
const savedEnv = { ...process.env };
const logged: string[] = [];

const invoke = () => handler({}, createLambdaContext({ functionName: 'trailwatch-watchdog' }));

async function leaseItem() {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: TABLE, Key: LEASE, ConsistentRead: true }),
  );
  return Item === undefined
    ? undefined
    : { holder: Item.holder?.S, expiresAt: Number(Item.expiresAt?.N) };
}

async function putLease(holder: string, expiresAt: number) {
  await client.send(
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
    await client.send(
      new DeleteItemCommand({
        TableName: TABLE,
        Key: { pk: { S: `${WatchdogTableItem.STATE_PREFIX}${SANDBOX}#${region}` } },
      }),
    );
  }
}

beforeAll(async () => {
  [dynamo, slack] = await Promise.all([startDynamoDb(), startSlackEmulator()]);
  await createDedupTable(dynamo.url, TABLE);
  org = await startOrganizationsStandIn({
    accounts: [
      { id: '111111111111', name: 'management' },
      { id: SANDBOX, name: 'sandbox' },
    ],
  });
  secrets = await startSecretsManagerStandIn({ [SECRET]: slack.url });
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIALOCALSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'local-stand-in-secret',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    DEDUP_TABLE_NAME: TABLE,
    SLACK_WEBHOOK_SECRET_ID: SECRET,
    MEMBER_REGIONS: '["us-east-1"]',
    TARGET_OU_IDS: '["r-a1b2"]',
    MANAGEMENT_ACCOUNT_ID: '111111111111',
    // The management account is not the subject here; only the never-beating sandbox is.
    WATCHDOG_EXCLUDED_ACCOUNTS: '["111111111111"]',
  });
  client = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      logged.push(String(chunk));
      return true;
    });
  }
  ({ handler } = await import('../../src/watchdog/handler.js'));
}, 30_000);

afterAll(async () => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  client?.destroy();
  await Promise.all([dynamo?.close(), org?.close(), secrets?.close(), slack?.close()]);
});

beforeEach(async () => {
  await forgetAnnouncements();
  org.setModes({ delayMs: 0 });
});

describe('Function: watchdog handler under the lease (dynalite)', () => {
  it('announces a change once when two runs overlap, and the loser logs why it posted nothing', async () => {
    // Each Organizations call takes a while, so the first run is still busy when the second starts.
    org.setModes({ delayMs: 150 });
    const before = slack.messages.length;
    const from = logged.length;
    await Promise.all([invoke(), invoke()]);
    expect(slack.messages.length - before).toBe(1);
    expect(JSON.stringify(slack.messages.at(-1)?.payload)).toContain('*sandbox*');
    const skipped = logged
      .slice(from)
      .filter((line) => line.includes('Another watchdog run holds the lease'));
    expect(skipped).toHaveLength(1);
    // Both runs are over: the winner gave the lease back.
    expect(await leaseItem()).toBeUndefined();
  });

  it('posts nothing while another live run holds the lease, and leaves that lease alone', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 120;
    await putLease('live-run', expiresAt);
    const before = slack.messages.length;
    await invoke();
    expect(slack.messages.length).toBe(before);
    expect(await leaseItem()).toEqual({ holder: 'live-run', expiresAt });
    await client.send(
      new (await import('@aws-sdk/client-dynamodb')).DeleteItemCommand({
        TableName: TABLE,
        Key: LEASE,
      }),
    );
  });

  it('takes over a lease past its expiry (a run that crashed) and announces', async () => {
    await putLease('crashed-run', Math.floor(Date.now() / 1000) - 1);
    const before = slack.messages.length;
    const from = logged.length;
    await invoke();
    expect(slack.messages.length - before).toBe(1);
    expect(logged.slice(from).join('')).toContain('"previousHolder":"crashed-run"');
    expect(await leaseItem()).toBeUndefined();
  });
});

describe('Class: DynamoDbLease (dynalite)', () => {
  const E = 2_000_000_000; // expiresAt of the lease held by "first", epoch seconds
  let lease: DynamoDbLease;
  beforeAll(() => {
    lease = new DynamoDbLease(client, TABLE);
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
