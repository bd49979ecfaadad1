import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatStore } from '../../src/heartbeat.js';
import { type InProcessWatchdog, startInProcessWatchdog } from '../helpers/watchdog-stand-ins.js';

const TABLE = 'trailwatch-state';
const MANAGEMENT = '100000000000';
const PROD = '111111111111';
const PROD_EU = '111111111112';
const PROD_EU_SUSPENDED = '111111111113';
const SANDBOX = '222222222222';
const OU = {
  PROD: 'ou-ab12-prod1234',
  PROD_EU: 'ou-ab12-produeu1',
  SANDBOX: 'ou-ab12-sandbox1',
};

let watchdog: InProcessWatchdog;

beforeAll(async () => {
  // root ─ management
  //  ├ prod (target) ─ prod (beats)
  //  │  └ prod-eu ─ prod-eu (never beats), a suspended one
  //  └ sandbox (not a target) ─ sandbox (never beats: no trailwatch there, by design)
  watchdog = await startInProcessWatchdog(
    {
      managementAccountId: MANAGEMENT,
      ous: [
        { id: OU.PROD, name: 'prod' },
        { id: OU.PROD_EU, name: 'prod-eu', parentId: OU.PROD },
        { id: OU.SANDBOX, name: 'sandbox' },
      ],
      accounts: [
        { id: MANAGEMENT, name: 'management' },
        { id: PROD, name: 'prod', parentId: OU.PROD },
        { id: PROD_EU, name: 'prod-eu', parentId: OU.PROD_EU },
        { id: PROD_EU_SUSPENDED, name: 'closed', parentId: OU.PROD_EU, status: 'SUSPENDED' },
        { id: SANDBOX, name: 'sandbox', parentId: OU.SANDBOX },
      ],
    },
    {
      MEMBER_REGIONS: '["us-east-1"]',
      TARGET_OU_IDS: JSON.stringify([OU.PROD]),
      MANAGEMENT_ACCOUNT_ID: MANAGEMENT,
    },
    TABLE,
  );
  await new HeartbeatStore(watchdog.table.client, TABLE).record(
    PROD,
    'us-east-1',
    new Date().toISOString(),
  );
}, 30_000);

afterAll(async () => {
  await watchdog?.close();
});

describe('Function: watchdog handler scoped to the deployment targets (Organizations stand-in)', () => {
  it('expects accounts under the target OU, nested ones included, and the management account only', async () => {
    await watchdog.invoke();
    expect(watchdog.slack.messages).toHaveLength(1);
    const text = JSON.stringify(watchdog.slack.messages[0]!.payload);
    expect(text).toContain('2 uncovered accounts');
    expect(text).toContain(`*prod-eu* \`${PROD_EU}\` — *uncovered*`);
    expect(text).toContain(`*management* \`${MANAGEMENT}\` — *uncovered*`);
    // Outside the targets, or not ACTIVE: never expected to send heartbeats.
    expect(text).not.toContain(SANDBOX);
    expect(text).not.toContain(PROD_EU_SUSPENDED);
    const operations = new Set(watchdog.org.calls.map((call) => call.action));
    expect([...operations].sort()).toEqual([
      'DescribeAccount',
      'ListAccountsForParent',
      'ListOrganizationalUnitsForParent',
    ]);
  });
});
