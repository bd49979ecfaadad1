import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HeartbeatStore } from '../../src/heartbeat.js';

const TABLE = 'trailwatch-state';
const SECRET = 'trailwatch/slack';
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

let dynamo: LocalDynamoDb;
let org: OrganizationsStandIn;
let secrets: SecretsManagerStandIn;
let slack: SlackEmulator;
let client: DynamoDBClient;
let handler: (event: unknown, context: ReturnType<typeof createLambdaContext>) => Promise<void>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  [dynamo, slack] = await Promise.all([startDynamoDb(), startSlackEmulator()]);
  await createDedupTable(dynamo.url, TABLE);
  // root ─ management
  //  ├ prod (target) ─ prod (beats)
  //  │  └ prod-eu ─ prod-eu (never beats), a suspended one
  //  └ sandbox (not a target) ─ sandbox (never beats: no trailwatch there, by design)
  org = await startOrganizationsStandIn({
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
    TARGET_OU_IDS: JSON.stringify([OU.PROD]),
    MANAGEMENT_ACCOUNT_ID: MANAGEMENT,
  });
  client = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
  await new HeartbeatStore(client, TABLE).record(PROD, 'us-east-1', new Date().toISOString());
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(() => true);
  }
  ({ handler } = await import('../../src/watchdog/handler.js'));
}, 30_000);

afterAll(async () => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  client?.destroy();
  await Promise.all([dynamo?.close(), org?.close(), secrets?.close(), slack?.close()]);
});

describe('Function: watchdog handler scoped to the deployment targets (Organizations stand-in)', () => {
  it('expects accounts under the target OU, nested ones included, and the management account only', async () => {
    await handler({}, createLambdaContext({ functionName: 'trailwatch-watchdog' }));
    expect(slack.messages).toHaveLength(1);
    const text = JSON.stringify(slack.messages[0]!.payload);
    expect(text).toContain('2 uncovered accounts');
    expect(text).toContain(`*prod-eu* \`${PROD_EU}\` — *uncovered*`);
    expect(text).toContain(`*management* \`${MANAGEMENT}\` — *uncovered*`);
    // Outside the targets, or not ACTIVE: never expected to send heartbeats.
    expect(text).not.toContain(SANDBOX);
    expect(text).not.toContain(PROD_EU_SUSPENDED);
    const operations = new Set(org.calls.map((call) => call.action));
    expect([...operations].sort()).toEqual([
      'DescribeAccount',
      'ListAccountsForParent',
      'ListOrganizationalUnitsForParent',
    ]);
  });
});
