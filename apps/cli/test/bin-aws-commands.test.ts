import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadRecord } from '@trailwatch/fixtures';
import {
  type CloudFormationStandIn,
  createDedupTable,
  type LocalDynamoDb,
  type OrganizationsStandIn,
  type SecretsManagerStandIn,
  startCloudFormationStandIn,
  startDynamoDb,
  startOrganizationsStandIn,
  startSecretsManagerStandIn,
  startSqsRedriveStandIn,
  startStsStandIn,
} from '@trailwatch/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli.js';
import { exampleConfig } from './command-context.js';
import { tempDir } from './helpers.js';

const cliRoot = join(import.meta.dirname, '..');
const bin = join(cliRoot, 'bin', 'trailwatch.js');
const URL_OK = 'https://hooks.slack.com/services/TFAKE/BFAKE/FAKEtokenWXYZ';
const REGIONS = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'];

let dir: ReturnType<typeof tempDir>;
let secrets: SecretsManagerStandIn;
let org: OrganizationsStandIn;
let cfn: CloudFormationStandIn;
let dynamo: LocalDynamoDb;
let env: NodeJS.ProcessEnv;

/** Runs the built CLI with the stand-ins' endpoints and fake credentials, stdin from `input`. */
function cli(
  args: string[],
  input = '',
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: dir.path, env: { ...env, ...extraEnv } },
      (error, stdout, stderr) => {
        resolve({
          stdout,
          stderr,
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        });
      },
    );
    child.stdin?.end(input);
  });
}

beforeAll(async () => {
  dir = tempDir();
  dir.write(
    'trailwatch.config.json',
    JSON.stringify(
      exampleConfig((c) => {
        c.memberRegions = REGIONS;
        c.homeRegion = 'us-east-1';
        c.alarms = {};
      }),
    ),
  );
  secrets = await startSecretsManagerStandIn({
    'trailwatch/slack/security-alerts': 'https://hooks.slack.com/services/TOLD/BOLD/oldoldoldold',
  });
  org = await startOrganizationsStandIn({
    managementAccountId: '111111111111',
    rootId: 'r-ab12',
    ous: [{ id: 'ou-ab12-prod1234', name: 'Prod' }],
    accounts: [
      { id: '111111111111', name: 'management' },
      { id: '222222222222', name: 'security' },
      { id: '333333333333', name: 'prod-web', parentId: 'ou-ab12-prod1234' },
      { id: '444444444444', name: 'prod-new', parentId: 'ou-ab12-prod1234' },
    ],
  });
  cfn = await startCloudFormationStandIn({
    stackSetName: 'trailwatch-member',
    instances: REGIONS.flatMap((region) =>
      ['222222222222', '333333333333'].map((account) => ({ account, region })),
    ),
    busyFirst: 1,
  });
  dynamo = await startDynamoDb();
  await createDedupTable(dynamo.url, 'trailwatch-state');
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
  });
  const seen = new Date().toISOString();
  for (const account of ['111111111111', '222222222222', '333333333333']) {
    for (const region of REGIONS) {
      await client.send(
        new PutItemCommand({
          TableName: 'trailwatch-state',
          Item: {
            pk: { S: `heartbeat#${account}#${region}` },
            account: { S: account },
            region: { S: region },
            lastSeen: { S: seen },
          },
        }),
      );
    }
  }
  client.destroy();
  env = {
    PATH: process.env.PATH,
    HOME: dir.path,
    AWS_ACCESS_KEY_ID: 'AKIALOCALSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'local-stand-in-secret',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    // Nothing listens here: a command that should not call CloudTrail or SQS would fail loudly.
    AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
  };
}, 60_000);

afterAll(async () => {
  await Promise.all([secrets?.close(), org?.close(), cfn?.close(), dynamo?.close()]);
  dir?.remove();
});

describe('Command: trailwatch (built bundle, black box)', () => {
  it('lists every command in --help, and each has its own --help with an example', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    for (const command of COMMANDS) {
      expect(main.stdout).toMatch(
        new RegExp(
          `^ {2}${command.name} +${command.summary.replace(/[()×.*+?[\]\\]/g, '\\$&')}$`,
          'm',
        ),
      );
      const help = await cli([command.name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: trailwatch ${command.name}`));
      expect(help.stdout).toMatch(/\nExamples:\n {2}(pnpm |aws |pbpaste |)trailwatch /);
    }
  });

  it('set-webhook stores the URL from stdin in the Secrets Manager stand-in and prints it masked', async () => {
    const { code, stdout, stderr } = await cli(['set-webhook'], `${URL_OK}\n`);
    expect(stderr).not.toContain('FAKEfakeFAKEfake');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^stored https:\/\/hooks\.slack\.com\/services\/TFAKE\/BFAKE\/••••••••WXYZ in secret trailwatch\/slack\/security-alerts \(account 222222222222, us-east-1\), version /,
    );
    expect(stdout).not.toContain('FAKEfakeFAKEfake');
    const client = new SecretsManagerClient({
      endpoint: secrets.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
    });
    expect(
      (
        await client.send(
          new GetSecretValueCommand({ SecretId: 'trailwatch/slack/security-alerts' }),
        )
      ).SecretString,
    ).toBe(URL_OK);
    client.destroy();
    expect(JSON.stringify(secrets.calls)).not.toContain('FAKEfakeFAKEfake');
  });

  it('set-webhook refuses a URL on the command line with exit 1 and never sends it anywhere', async () => {
    const before = secrets.calls.length;
    const { code, stdout, stderr } = await cli(['set-webhook', URL_OK]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /does not take the URL .*\nhint: a URL on the command line stays in shell history/,
    );
    expect(stderr).not.toContain('FAKEfakeFAKEfake');
    expect(secrets.calls.length).toBe(before);
  });

  it('coverage reads the Organizations, CloudFormation and DynamoDB stand-ins, writes the page and exits 2', async () => {
    const { code, stdout } = await cli(['coverage', '--html', 'coverage.html']);
    expect(code).toBe(2);
    expect(stdout).toMatch(/Coverage of 4 active accounts × 4 regions/);
    expect(stdout).toMatch(/covered 3 · uncovered 1 \(no instance at all: 1\)/);
    expect(stdout).toMatch(
      /UNCOVERED \(1\)\n {2}444444444444 {2}prod-new +Root\/Prod +no stack instance in any region/,
    );
    expect(readFileSync(join(dir.path, 'coverage.html'), 'utf8')).toContain(
      '"444444444444","prod-new"',
    );
  });

  it('onboard waits out a busy StackSet, creates the instances, and explains the management account', async () => {
    const { code, stdout, stderr } = await cli([
      'onboard',
      '444444444444',
      '111111111111',
      '999999999999',
      '--skip-trail-check',
      '--no-verify',
      '--poll-seconds',
      '1',
    ]);
    expect(stderr).toMatch(/waiting for .* to finish/);
    expect(stdout).toMatch(/create +1 account\(s\) × 4 region\(s\) +SUCCEEDED/);
    expect(stdout).toMatch(/✔ 444444444444 prod-new: onboarded/);
    expect(stdout).toMatch(/ {4}us-east-1 +UNVERIFIED +heartbeat not checked/);
    expect(stdout).toMatch(
      /ℹ 111111111111 management is the management account: StackSets never deploy there\.\n {4}its plain TrailwatchManagementMember-\* stacks already send heartbeats in every region/,
    );
    expect(stdout).toMatch(/✘ 999999999999: not onboarded — not a member of organization/);
    expect(code).toBe(2);
    const creates = cfn.calls.filter((c) => c.action === 'CreateStackInstances');
    expect(creates).toHaveLength(2);
    expect(creates[0]?.params.OperationId).toBe(creates[1]?.params.OperationId);
    expect(creates[1]?.params).toMatchObject({
      'DeploymentTargets.Accounts.member.1': '444444444444',
      'DeploymentTargets.AccountFilterType': 'INTERSECTION',
      'DeploymentTargets.OrganizationalUnitIds.member.1': 'r-ab12',
    });
    const covered = await cli(['coverage', '--json']);
    expect(
      JSON.parse(covered.stdout).accounts.find((a: { id: string }) => a.id === '444444444444')
        .cells['us-east-1'].instance,
    ).toBe('CURRENT/SUCCEEDED');
  });

  it('test-alert --dry-run checks the caller with STS and routes by OU through Organizations', async () => {
    const sts = await startStsStandIn({ accountId: '222222222222' });
    try {
      const { code, stdout } = await cli(
        ['test-alert', '--account', '333333333333', '--dry-run', '--json'],
        '',
        { AWS_ENDPOINT_URL_STS: sts.url },
      );
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        dryRun: true,
        account: '333333333333',
        region: 'us-east-1',
        route: { route: 'route 2', secret: 'trailwatch/slack/prod-alerts' },
      });
      expect(sts.calls.map((c) => c.action)).toEqual(['GetCallerIdentity']);
      expect(org.calls.map((c) => c.action)).toContain('ListParents');
    } finally {
      await sts.close();
    }
  }, 60_000);

  it('redrive lists the DLQ by detection with --dry-run, then moves it back, against the SQS stand-in', async () => {
    const record = loadRecord('create-user') as Record<string, unknown>;
    const detail = (record.detail ?? record) as Record<string, unknown>;
    const envelope = (account: string) =>
      JSON.stringify({
        version: '0',
        id: `e-${account}`,
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.iam',
        account,
        region: 'us-east-1',
        time: detail.eventTime,
        resources: [],
        detail: { ...detail, recipientAccountId: account },
      });
    const sqs = await startSqsRedriveStandIn({
      queues: {
        'trailwatch-events': [],
        'trailwatch-events-dlq': [envelope('333333333333'), envelope('444444444444')],
        'trailwatch-delivery-dlq': ['{"x":1}'],
      },
    });
    try {
      const sqsEnv = { AWS_ENDPOINT_URL_SQS: sqs.url };
      const peek = await cli(['redrive', '--dry-run'], '', sqsEnv);
      expect(peek.stderr).toBe('');
      expect(peek.code).toBe(0);
      expect(peek.stdout).toMatch(
        /trailwatch-events-dlq: ~2 message\(s\) waiting; looked at 2 without taking them\n {2}detections:\n {8}2 {2}iam-user-created\n {2}accounts:\n {8}1 {2}333333333333\n {8}1 {2}444444444444/,
      );
      expect(sqs.queue('trailwatch-events-dlq').messages).toHaveLength(2);

      const moved = await cli(['redrive'], '', sqsEnv);
      expect(moved.stdout).toBe(
        'moved 2 of ~2 message(s) from trailwatch-events-dlq to trailwatch-events\n',
      );
      expect(moved.code).toBe(0);
      const copied = await cli(['redrive', '--queue', 'delivery', '--json'], '', sqsEnv);
      expect(JSON.parse(copied.stdout)).toEqual({
        queue: 'trailwatch-delivery-dlq',
        to: 'trailwatch-events',
        status: 'COMPLETED',
        moved: 1,
      });
      expect(sqs.queue('trailwatch-events').messages.map((m) => m.body)).toEqual([
        envelope('333333333333'),
        envelope('444444444444'),
        '{"x":1}',
      ]);
      expect(sqs.queue('trailwatch-events-dlq').messages).toEqual([]);
      expect(sqs.queue('trailwatch-delivery-dlq').messages).toEqual([]);
    } finally {
      await sqs.close();
    }
  }, 60_000);

  it('redrive reports an unreachable SQS endpoint with the cause and a hint, exit 1', async () => {
    const { code, stderr } = await cli(['redrive', '--dry-run']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /trailwatch: error: looking up queue trailwatch-events-dlq: .*ECONNREFUSED.*\nhint: the AWS endpoint could not be reached/,
    );
  }, 60_000);

  it('doctor checks the account its credentials belong to, skips the others, and exits 2 on a failure', async () => {
    const sts = await startStsStandIn({ accountId: '222222222222' });
    try {
      const { code, stdout } = await cli(['doctor', '--json'], '', {
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:9',
        AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9',
      });
      expect(code).toBe(2);
      const { checks } = JSON.parse(stdout) as {
        checks: { id: string; status: string; detail: string }[];
      };
      const status = (id: string) => checks.find((c) => c.id === id)?.status;
      expect(status('sign-in-regions')).toBe('pass');
      expect(status('stacksets-trusted-access')).toBe('skip');
      expect(status('organization-trail')).toBe('skip');
      expect(status('cdk-bootstrap:222222222222:us-east-1')).toBe('fail');
      expect(status('cdk-bootstrap:111111111111:us-east-1')).toBe('skip');
      // The default secret exists with a value in the stand-in; its value is never read.
      expect(status('webhook-secret:trailwatch/slack/security-alerts')).toBe('pass');
      expect(secrets.calls.filter((c) => c.action === 'GetSecretValue')).toHaveLength(1);
    } finally {
      await sts.close();
    }
  }, 60_000);
});
