import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatStore } from '../../src/heartbeat.js';
import { startWatchdogStandIns, type WatchdogStandIns } from '../helpers/watchdog-stand-ins.js';

const run = promisify(execFile);
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(appDir, 'dist', 'watchdog.mjs');
const TABLE = 'trailwatch-dedup';

let standIns: WatchdogStandIns;

beforeAll(async () => {
  if (!existsSync(bundle))
    await run(process.execPath, [join(appDir, 'build.mjs')], { cwd: appDir });
  standIns = await startWatchdogStandIns(
    {
      accounts: [
        { id: '111111111111', name: 'prod' },
        { id: '222222222222', name: 'sandbox' },
      ],
    },
    TABLE,
  );
  await new HeartbeatStore(standIns.table.client, TABLE).record(
    '111111111111',
    'us-east-1',
    undefined,
  );
}, 120_000);

afterAll(async () => {
  await standIns?.close();
});

describe('Bundle: dist/watchdog.mjs', () => {
  it('runs watchdog.handler in a fresh node process against the stand-ins', async () => {
    const script = `
      const { handler } = await import(${JSON.stringify(bundle)});
      const deadline = Date.now() + 60000;
      await handler({ source: 'aws.events' }, { awsRequestId: 'bundle-run', getRemainingTimeInMillis: () => deadline - Date.now() });
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        ...standIns.environment({
          MEMBER_REGIONS: '["us-east-1"]',
          TARGET_OU_IDS: '["r-a1b2"]',
          MANAGEMENT_ACCOUNT_ID: '111111111111',
        }),
      },
      timeout: 60_000,
    });
    expect(standIns.slack.messages).toHaveLength(1);
    expect(JSON.stringify(standIns.slack.messages[0]!.payload)).toContain(
      '*sandbox* `222222222222` — *uncovered*',
    );
    const emf = stdout.split('\n').find((line) => line.includes('"UncoveredAccounts"'));
    expect(JSON.parse(emf!)).toMatchObject({
      SilentAccountRegions: 0,
      UncoveredAccounts: 1,
      service: 'trailwatch-watchdog',
    });
    const items = await standIns.table.client.send(new ScanCommand({ TableName: TABLE }));
    // The lease was given back: no `lease#watchdog` item is left.
    expect(items.Items?.map((item) => item.pk!.S).sort()).toEqual([
      'heartbeat#111111111111#us-east-1',
      'watchdog#222222222222#us-east-1',
    ]);
  }, 60_000);
});
