import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { buildCoverage } from '../src/coverage/coverage-model.js';
import { ExitCode } from '../src/io.js';
import { exampleConfig, testContext } from './command-context.js';
import { NOW } from './coverage-data.js';

const cfn = mockClient(CloudFormationClient);
const org = mockClient(OrganizationsClient);
const dynamo = mockClient(DynamoDBClient);
const HOUR = 3_600_000;

function config() {
  return exampleConfig((c) => {
    c.memberRegions = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'];
  });
}

beforeEach(() => {
  cfn.reset();
  org.reset();
  dynamo.reset();
  org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', Name: 'Root' }] });
  org
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })
    .resolves({ OrganizationalUnits: [{ Id: 'ou-ab12-prod1234', Name: 'Prod' }] });
  org
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-ab12-prod1234' })
    .resolves({ OrganizationalUnits: [] });
  org.on(ListAccountsForParentCommand, { ParentId: 'r-ab12' }).resolves({
    Accounts: [
      { Id: '111111111111', Name: 'management', State: 'ACTIVE' },
      { Id: '222222222222', Name: 'security', State: 'ACTIVE' },
    ],
  });
  org.on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-prod1234' }).resolves({
    Accounts: [
      { Id: '333333333333', Name: 'prod-web', State: 'ACTIVE' },
      { Id: '444444444444', Name: 'prod-new', State: 'ACTIVE' },
      { Id: '555555555555', Name: 'prod-closed', State: 'SUSPENDED' },
    ],
  });
});

function heartbeatItems(cells: [string, string, number][]) {
  return cells.map(([account, region, ago]) => ({
    pk: { S: `heartbeat#${account}#${region}` },
    account: { S: account },
    region: { S: region },
    lastSeen: { S: new Date(NOW - ago).toISOString() },
  }));
}

describe('Function: buildCoverage', () => {
  it('grades cells worst-first and proves coverage only with a fresh heartbeat', () => {
    const report = buildCoverage({
      accounts: [
        { id: 'a', name: 'a', state: 'ACTIVE' },
        { id: 'm', name: 'mgmt', state: 'ACTIVE' },
        { id: 'z', name: 'gone', state: 'SUSPENDED' },
      ],
      instances: [
        {
          account: 'a',
          region: 'r1',
          status: 'CURRENT',
          detailedStatus: 'SUCCEEDED',
          drift: 'DRIFTED',
        },
        { account: 'a', region: 'r2', status: 'OUTDATED', detailedStatus: 'RUNNING' },
        { account: 'a', region: 'r3', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
        {
          account: 'a',
          region: 'r4',
          status: 'OUTDATED',
          detailedStatus: 'FAILED',
          statusReason: 'boom',
        },
      ],
      heartbeats: new Map([
        ['a#r1', NOW - HOUR],
        ['a#r2', NOW - HOUR],
        ['a#r3', NOW - 151 * 60_000],
        ['a#r4', NOW - HOUR],
        ['m#r1', NOW - 150 * 60_000],
      ]),
      regions: ['r1', 'r2', 'r3', 'r4', 'r5'],
      managementAccountId: 'm',
      stackSet: 'trailwatch-member',
      now: NOW,
    });
    const a = report.accounts.find((x) => x.id === 'a');
    expect(
      Object.fromEntries(
        Object.entries(a?.cells ?? {}).map(([r, c]) => [r, [c.status, c.covered]]),
      ),
    ).toEqual({
      r1: ['drifted', true],
      r2: ['outdated', true],
      r3: ['silent', false],
      r4: ['failed', true],
      r5: ['missing', false],
    });
    const m = report.accounts.find((x) => x.id === 'm');
    expect(m?.cells.r1).toMatchObject({ status: 'ok', covered: true });
    expect(m?.cells.r2).toMatchObject({ status: 'missing', covered: false });
    expect(report.summary).toMatchObject({
      accounts: 2,
      covered: 0,
      uncovered: 2,
      inactive: 1,
      withoutInstance: 0,
    });
    expect(report.summary.cells).toEqual({
      missing: 5,
      failed: 1,
      silent: 1,
      outdated: 1,
      drifted: 1,
      ok: 1,
    });
  });

  it('lists accounts with no instance at all first, then the uncovered, then the rest', () => {
    const report = buildCoverage({
      accounts: ['covered', 'gap', 'none'].map((id) => ({ id, name: id, state: 'ACTIVE' })),
      instances: [
        { account: 'covered', region: 'r1', status: 'CURRENT' },
        { account: 'gap', region: 'r1', status: 'CURRENT' },
      ],
      heartbeats: new Map([['covered#r1', NOW]]),
      regions: ['r1'],
      managementAccountId: 'm',
      stackSet: 's',
      now: NOW,
    });
    expect(report.accounts.map((a) => a.id)).toEqual(['none', 'gap', 'covered']);
  });
});

describe('Command: coverage', () => {
  it('reads the OU tree, the instances and the heartbeats; exits 2 and lists the uncovered first', async () => {
    const regions = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'];
    cfn.on(ListStackInstancesCommand).resolves({
      Summaries: [
        ...regions.map((Region) => ({
          Account: '222222222222',
          Region,
          Status: 'CURRENT' as const,
          StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' as const },
        })),
        ...regions.map((Region) => ({
          Account: '333333333333',
          Region,
          Status: 'CURRENT' as const,
          DriftStatus: (Region === 'us-east-2' ? 'DRIFTED' : 'IN_SYNC') as 'DRIFTED' | 'IN_SYNC',
        })),
      ],
    });
    dynamo
      .on(ScanCommand)
      .resolvesOnce({
        Items: heartbeatItems(regions.map((r) => ['222222222222', r, HOUR])),
        LastEvaluatedKey: { pk: { S: 'x' } },
      })
      .resolves({
        Items: [
          ...heartbeatItems(regions.map((r) => ['333333333333', r, HOUR])),
          ...heartbeatItems(regions.map((r) => ['111111111111', r, HOUR])),
          { pk: { S: 'event#abc' }, status: { S: 'DELIVERED' } },
        ],
      });
    const { context, io, dir } = testContext({ config: config(), start: NOW });
    expect(await run(['coverage', '--all', '--html', 'cov.html'], io, context)).toBe(
      ExitCode.PROBLEMS,
    );
    expect(cfn.commandCalls(ListStackInstancesCommand)[0]?.args[0].input).toMatchObject({
      StackSetName: 'trailwatch-member',
      CallAs: 'SELF',
    });
    expect(dynamo.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
      pk: { S: 'x' },
    });
    expect(dynamo.commandCalls(ScanCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'trailwatch-state',
      ExpressionAttributeValues: { ':prefix': { S: 'heartbeat#' } },
    });
    const out = io.out();
    expect(out).toMatch(/Coverage of 4 active accounts × 4 regions/);
    expect(out).toMatch(
      /covered 3 · uncovered 1 \(no instance at all: 1\) · not ACTIVE, left out: 1/,
    );
    expect(out).toMatch(
      /UNCOVERED \(1\)\n {2}444444444444 {2}prod-new +Root\/Prod +no stack instance in any region/,
    );
    expect(out).toMatch(/333333333333 {2}prod-web +Root\/Prod +drifted: us-east-2/);
    expect(out).toMatch(/111111111111 {2}management +Root +ok in 4\/4/);
    const html = readFileSync(join(dir.path, 'cov.html'), 'utf8');
    expect(html).toContain('id="coverage-data"');
    expect(html).not.toMatch(/<(link|img)\b|src=|https?:\/\/(?!www\.w3)/);
  });

  it('filters by OU and emits JSON; exits 0 when everything in scope is covered', async () => {
    const regions = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'];
    cfn.on(ListStackInstancesCommand).resolves({
      Summaries: regions.flatMap((Region) =>
        ['333333333333', '444444444444'].map((Account) => ({
          Account,
          Region,
          Status: 'CURRENT' as const,
        })),
      ),
    });
    dynamo.on(ScanCommand).resolves({
      Items: heartbeatItems(
        regions.flatMap((r) => [
          ['333333333333', r, HOUR] as [string, string, number],
          ['444444444444', r, HOUR] as [string, string, number],
        ]),
      ),
    });
    const { context, io } = testContext({ config: config(), start: NOW });
    expect(await run(['coverage', '--ou', 'ou-ab12-prod1234', '--json'], io, context)).toBe(
      ExitCode.OK,
    );
    const report = JSON.parse(io.out());
    expect(report.accounts.map((a: { id: string }) => a.id).sort()).toEqual([
      '333333333333',
      '444444444444',
    ]);
    expect(report.summary).toMatchObject({ accounts: 2, covered: 2, uncovered: 0 });
    expect(report.accounts[0].cells['us-east-1']).toMatchObject({
      status: 'ok',
      covered: true,
      instance: 'CURRENT',
    });
  });

  it('counts every member account as missing before the StackSet exists', async () => {
    cfn
      .on(ListStackInstancesCommand)
      .rejects(Object.assign(new Error('not found'), { name: 'StackSetNotFoundException' }));
    dynamo.on(ScanCommand).resolves({ Items: [] });
    const { context, io } = testContext({ config: config(), start: NOW });
    expect(await run(['coverage', '--json'], io, context)).toBe(ExitCode.PROBLEMS);
    expect(JSON.parse(io.out()).summary).toMatchObject({
      accounts: 4,
      covered: 0,
      withoutInstance: 3,
    });
  });

  it('names the account Organizations wants when access is denied, and rejects an unknown OU', async () => {
    org.on(ListRootsCommand).rejects(
      Object.assign(new Error("You don't have permissions to access this resource."), {
        name: 'AccessDeniedException',
      }),
    );
    cfn.on(ListStackInstancesCommand).resolves({ Summaries: [] });
    dynamo.on(ScanCommand).resolves({ Items: [] });
    let t = testContext({ config: config(), start: NOW });
    expect(await run(['coverage'], t.io, t.context)).toBe(ExitCode.FAILED);
    expect(t.io.err()).toMatch(
      /reading the organization root: AccessDeniedException.*\nhint: Organizations answers only the management account or a delegated administrator/,
    );
    t = testContext({ config: config(), start: NOW });
    expect(await run(['coverage', '--ou', 'prod'], t.io, t.context)).toBe(ExitCode.USAGE);
    expect(t.io.err()).toMatch(/--ou 'prod' is not an OU or root id/);
  });
});
