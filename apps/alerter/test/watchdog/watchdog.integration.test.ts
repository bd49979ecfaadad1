import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatStore } from '../../src/heartbeat.js';
import { type InProcessWatchdog, startInProcessWatchdog } from '../helpers/watchdog-stand-ins.js';

const TABLE = 'trailwatch-dedup';
const REGIONS = ['us-east-1', 'eu-west-1'];
const MINUTE = 60_000;
const PROD = '111111111111';
const UNCOVERED = '222222222222';
const NEW = '333333333333';
const SUSPENDED = '444444444444';
const EXCLUDED = '555555555555';
/** More healthy accounts than one ListAccounts page (20) holds. */
const HEALTHY = Array.from({ length: 25 }, (_, i) => String(600000000000 + i));

let watchdog: InProcessWatchdog;
let heartbeats: HeartbeatStore;

const iso = (agoMs: number) => new Date(Date.now() - agoMs).toISOString();
const invoke = () => watchdog.invoke();

async function watchdogItems(): Promise<Record<string, string>> {
  const page = await watchdog.table.client.send(
    new ScanCommand({
      TableName: TABLE,
      FilterExpression: 'begins_with(pk, :w)',
      ExpressionAttributeValues: { ':w': { S: 'watchdog#' } },
    }),
  );
  return Object.fromEntries((page.Items ?? []).map((item) => [item.pk!.S!, `${item.status!.S}`]));
}

/** The watchdog's EMF gauges written since `from` (an index into captured stdout). */
function gauges(from: number): Record<string, number>[] {
  return watchdog.stdout
    .slice(from)
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"SilentAccountRegions"'))
    .map((line) => {
      const emf = JSON.parse(line) as Record<string, number>;
      return {
        SilentAccountRegions: emf.SilentAccountRegions!,
        UncoveredAccounts: emf.UncoveredAccounts!,
      };
    });
}

function lastText(): string {
  return JSON.stringify(watchdog.slack.messages.at(-1)?.payload);
}

beforeAll(async () => {
  watchdog = await startInProcessWatchdog(
    {
      accounts: [
        { id: PROD, name: 'prod <payments>' },
        { id: UNCOVERED, name: 'sandbox' },
        { id: NEW, name: 'brand-new', joinedAt: iso(10 * MINUTE) },
        { id: SUSPENDED, name: 'closed', status: 'SUSPENDED' },
        { id: EXCLUDED, name: 'excluded' },
        ...HEALTHY.map((id) => ({ id, name: `healthy-${id}` })),
      ],
    },
    {
      MEMBER_REGIONS: JSON.stringify(REGIONS),
      // The stand-in's root: every account of the organization is targeted.
      TARGET_OU_IDS: JSON.stringify(['r-a1b2']),
      MANAGEMENT_ACCOUNT_ID: PROD,
      WATCHDOG_EXCLUDED_ACCOUNTS: JSON.stringify([EXCLUDED]),
    },
    TABLE,
  );
  heartbeats = new HeartbeatStore(watchdog.table.client, TABLE);
  for (const id of HEALTHY) {
    for (const region of REGIONS) await heartbeats.record(id, region, iso(20 * MINUTE));
  }
  await heartbeats.record(PROD, 'us-east-1', iso(30 * MINUTE));
  await heartbeats.record(PROD, 'eu-west-1', iso(200 * MINUTE));
  // A delivered alert's dedup item shares the table and must not confuse the watchdog.
  await watchdog.table.client.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { pk: { S: 'event#6f1c2b1e-0000-4000-8000-000000000001' }, status: { S: 'DELIVERED' } },
    }),
  );
}, 30_000);

afterAll(async () => {
  await watchdog?.close();
});

describe('Function: watchdog handler (dynalite, Organizations, Secrets Manager and Slack on loopback)', () => {
  it('posts one message with the silent region and the uncovered account, and records both', async () => {
    const from = watchdog.stdout.length;
    await invoke();
    expect(watchdog.slack.messages).toHaveLength(1);
    const text = lastText();
    expect(text).toContain('1 uncovered account, 1 silent region in 1 account');
    expect(text).toContain('*prod &lt;payments&gt;* `111111111111` — *silent* in 1 region');
    expect(text).toContain('`eu-west-1` last heartbeat');
    expect(text).toContain('*sandbox* `222222222222` — *uncovered*');
    for (const absent of [NEW, SUSPENDED, EXCLUDED, HEALTHY[24]!])
      expect(text).not.toContain(absent);
    expect(await watchdogItems()).toEqual({
      [`watchdog#${PROD}#eu-west-1`]: 'SILENT',
      [`watchdog#${UNCOVERED}#us-east-1`]: 'UNCOVERED',
      [`watchdog#${UNCOVERED}#eu-west-1`]: 'UNCOVERED',
    });
    expect(gauges(from)).toEqual([{ SilentAccountRegions: 1, UncoveredAccounts: 1 }]);
    const missing = watchdog.stderr.find((line) => line.includes('"Heartbeats missing"'));
    expect(JSON.parse(missing!).pairs).toEqual([
      `${PROD}/eu-west-1:SILENT`,
      `${UNCOVERED}/us-east-1:UNCOVERED`,
      `${UNCOVERED}/eu-west-1:UNCOVERED`,
    ]);
    expect(watchdog.written.join('')).not.toContain(watchdog.slack.url);
  });

  it('posts nothing on the next run while nothing changed, but still writes the gauges', async () => {
    const from = watchdog.stdout.length;
    await invoke();
    expect(watchdog.slack.messages).toHaveLength(1);
    expect(gauges(from)).toEqual([{ SilentAccountRegions: 1, UncoveredAccounts: 1 }]);
  });

  it('posts the recovery once the silent region sends a heartbeat again and forgets its state', async () => {
    await heartbeats.record(PROD, 'eu-west-1', iso(MINUTE));
    const from = watchdog.stdout.length;
    await invoke();
    expect(watchdog.slack.messages).toHaveLength(2);
    const text = lastText();
    expect(text).toContain('trailwatch heartbeats back: 1 region in 1 account');
    expect(text).toContain('*prod &lt;payments&gt;* `111111111111` — *recovered*');
    expect(text).not.toContain('sandbox');
    expect(await watchdogItems()).not.toHaveProperty(`watchdog#${PROD}#eu-west-1`);
    expect(gauges(from)).toEqual([{ SilentAccountRegions: 0, UncoveredAccounts: 1 }]);
  });

  it('keeps the state and fails the run when Slack refuses, then announces on the next run', async () => {
    for (const region of REGIONS) await heartbeats.record(UNCOVERED, region, iso(MINUTE));
    watchdog.slack.failNext(1, 404, 'channel_not_found');
    await expect(invoke()).rejects.toThrow(
      "Slack did not accept the watchdog's recoveries (client) message; the next run retries",
    );
    expect(watchdog.slack.messages).toHaveLength(2);
    expect(Object.keys(await watchdogItems())).toEqual(
      expect.arrayContaining([
        `watchdog#${UNCOVERED}#us-east-1`,
        `watchdog#${UNCOVERED}#eu-west-1`,
      ]),
    );

    await invoke();
    expect(watchdog.slack.messages).toHaveLength(3);
    expect(lastText()).toContain('*sandbox* `222222222222` — *recovered* (was uncovered)');
    expect(await watchdogItems()).toEqual({});
  });

  it('does not record a new problem whose announcement Slack refused', async () => {
    await heartbeats.record(PROD, 'us-east-1', iso(300 * MINUTE));
    watchdog.slack.failNext(1, 404, 'channel_not_found');
    await expect(invoke()).rejects.toThrow('problems (client)');
    expect(await watchdogItems()).toEqual({});

    await invoke();
    expect(watchdog.slack.messages).toHaveLength(4);
    expect(lastText()).toContain('`us-east-1` last heartbeat');
    expect(await watchdogItems()).toEqual({ [`watchdog#${PROD}#us-east-1`]: 'SILENT' });
  });
});
