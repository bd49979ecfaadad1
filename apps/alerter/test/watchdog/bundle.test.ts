import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  createDedupTable,
  type LocalDynamoDb,
  type OrganizationsStandIn,
  type SecretsManagerStandIn,
  type SlackEmulator,
  startDynamoDb,
  startOrganizationsStandIn,
  startSecretsManagerStandIn,
  startSlackEmulator,
} from '@trailwatch/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatStore } from '../../src/heartbeat.js';

const run = promisify(execFile);
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(appDir, 'dist', 'watchdog.mjs');
const TABLE = 'trailwatch-dedup';

let dynamo: LocalDynamoDb;
let org: OrganizationsStandIn;
let secrets: SecretsManagerStandIn;
let slack: SlackEmulator;

beforeAll(async () => {
  if (!existsSync(bundle))
    await run(process.execPath, [join(appDir, 'build.mjs')], { cwd: appDir });
  [dynamo, slack] = await Promise.all([startDynamoDb(), startSlackEmulator()]);
  await createDedupTable(dynamo.url, TABLE);
  org = await startOrganizationsStandIn({
    accounts: [
      { id: '111111111111', name: 'prod' },
      { id: '222222222222', name: 'sandbox' },
    ],
  });
  secrets = await startSecretsManagerStandIn({ 'trailwatch/slack': slack.url });
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCALSTANDIN', secretAccessKey: 'local-stand-in-secret' },
  });
  await new HeartbeatStore(client, TABLE).record('111111111111', 'us-east-1', undefined);
  client.destroy();
}, 120_000);

afterAll(async () => {
  await Promise.all([dynamo?.close(), org?.close(), secrets?.close(), slack?.close()]);
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
        AWS_ACCESS_KEY_ID: 'AKIALOCALSTANDIN',
        AWS_SECRET_ACCESS_KEY: 'local-stand-in-secret',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
        AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        DEDUP_TABLE_NAME: TABLE,
        SLACK_WEBHOOK_SECRET_ID: 'trailwatch/slack',
        MEMBER_REGIONS: '["us-east-1"]',
        TARGET_OU_IDS: '["r-a1b2"]',
        MANAGEMENT_ACCOUNT_ID: '111111111111',
      },
      timeout: 60_000,
    });
    expect(slack.messages).toHaveLength(1);
    expect(JSON.stringify(slack.messages[0]!.payload)).toContain(
      '*sandbox* `222222222222` — *uncovered*',
    );
    const emf = stdout.split('\n').find((line) => line.includes('"UncoveredAccounts"'));
    expect(JSON.parse(emf!)).toMatchObject({
      SilentAccountRegions: 0,
      UncoveredAccounts: 1,
      service: 'trailwatch-watchdog',
    });
    const client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCALSTANDIN', secretAccessKey: 'local-stand-in-secret' },
    });
    const items = await client.send(new ScanCommand({ TableName: TABLE }));
    client.destroy();
    // The lease was given back: no `lease#watchdog` item is left.
    expect(items.Items?.map((item) => item.pk!.S).sort()).toEqual([
      'heartbeat#111111111111#us-east-1',
      'watchdog#222222222222#us-east-1',
    ]);
  }, 60_000);
});
