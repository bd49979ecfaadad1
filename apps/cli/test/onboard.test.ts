import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  ListStackSetOperationsCommand,
  OperationInProgressException,
  type StackInstanceSummary,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type Account,
  ListAccountsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { DEFAULT_MEMBER_REGIONS } from '@trailwatch/config';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ExitCode } from '../src/io.js';
import { planOperations } from '../src/onboard/plan-operations.js';
import { testContext } from './command-context.js';

const cfn = mockClient(CloudFormationClient);
const org = mockClient(OrganizationsClient);
const trail = mockClient(CloudTrailClient);
const dynamo = mockClient(DynamoDBClient);

const REGIONS = [...DEFAULT_MEMBER_REGIONS];
const MANAGEMENT = '111111111111';
const NEW = '333344445555';

function accountId(i: number): string {
  return String(400000000000 + i);
}

function orgAccounts(ids: string[], extra: { Id: string; Name: string; State?: string }[] = []) {
  const accounts = [
    { Id: MANAGEMENT, Name: 'management', State: 'ACTIVE' },
    ...ids.map((Id, i) => ({ Id, Name: `account-${i}`, State: 'ACTIVE' })),
    ...extra.map((a) => ({ State: 'ACTIVE', ...a })),
  ] as Account[];
  // Organizations pages ListAccounts by 20.
  for (let page = 0; page * 20 < accounts.length; page++) {
    const input = page === 0 ? { NextToken: undefined } : { NextToken: `p${page}` };
    org.on(ListAccountsCommand, input).resolves({
      Accounts: accounts.slice(page * 20, page * 20 + 20),
      ...((page + 1) * 20 < accounts.length ? { NextToken: `p${page + 1}` } : {}),
    });
  }
}

function goodTrail(): void {
  trail.on(DescribeTrailsCommand).resolves({
    trailList: [
      {
        Name: 'org-trail',
        TrailARN: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail',
        IsOrganizationTrail: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
      },
    ],
  });
  trail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  trail
    .on(GetEventSelectorsCommand)
    .resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
}

/** Heartbeats answered for every requested key, at `lastSeen`. */
function heartbeatsAt(lastSeen: string | ((pk: string) => string | undefined)): void {
  dynamo
    .on(BatchGetItemCommand)
    .callsFake((input: { RequestItems: Record<string, { Keys: { pk: { S: string } }[] }> }) => {
      const keys = input.RequestItems['trailwatch-state']?.Keys ?? [];
      return {
        Responses: {
          'trailwatch-state': keys.flatMap((k) => {
            const seen = typeof lastSeen === 'string' ? lastSeen : lastSeen(k.pk.S);
            return seen === undefined ? [] : [{ pk: k.pk, lastSeen: { S: seen } }];
          }),
        },
      };
    });
}

beforeEach(() => {
  cfn.reset();
  org.reset();
  trail.reset();
  dynamo.reset();
  org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
  cfn.on(ListStackInstancesCommand).resolves({ Summaries: [] });
  cfn.on(ListStackSetOperationResultsCommand).resolves({ Summaries: [] });
  goodTrail();
});

describe('Function: planOperations', () => {
  it('puts every new account in every region into one operation', () => {
    const ops = planOperations(['a', 'b'], ['us-east-1', 'eu-west-1'], []);
    expect(ops).toEqual([
      { kind: 'create', accounts: ['a', 'b'], regions: ['us-east-1', 'eu-west-1'] },
    ]);
  });

  it('groups regions by the accounts they need, and repairs unhealthy instances with updates', () => {
    const instances: {
      account: string;
      region: string;
      status: string;
      detailedStatus?: string;
    }[] = [
      { account: 'a', region: 'us-east-1', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
      { account: 'b', region: 'us-east-1', status: 'OUTDATED', detailedStatus: 'FAILED' },
      { account: 'a', region: 'eu-west-1', status: 'INOPERABLE' },
    ];
    expect(planOperations(['a', 'b'], ['us-east-1', 'eu-west-1', 'ap-south-1'], instances)).toEqual(
      [
        { kind: 'create', accounts: ['b'], regions: ['eu-west-1'] },
        { kind: 'create', accounts: ['a', 'b'], regions: ['ap-south-1'] },
        { kind: 'update', accounts: ['b'], regions: ['us-east-1'] },
        { kind: 'update', accounts: ['a'], regions: ['eu-west-1'] },
      ],
    );
  });

  it('plans nothing when every instance is healthy', () => {
    expect(
      planOperations(
        ['a'],
        ['us-east-1'],
        [{ account: 'a', region: 'us-east-1', status: 'CURRENT' }],
      ),
    ).toEqual([]);
  });
});

describe('Command: onboard', () => {
  it('onboards 1,000 accounts × 17 regions in O(regions) StackSet operations, never O(accounts)', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => accountId(i));
    orgAccounts(ids);
    // A realistic mess: 600 accounts already everywhere, 200 missing one region each (spread over
    // the regions), 100 with a failed instance in us-east-1, 100 brand new.
    const summaries: StackInstanceSummary[] = [];
    ids.forEach((id, i) => {
      if (i >= 900) return;
      REGIONS.forEach((region, r) => {
        if (i >= 600 && i < 800 && r === i % REGIONS.length) return;
        const failed = i >= 800 && region === 'us-east-1';
        summaries.push({
          Account: id,
          Region: region,
          Status: failed ? 'OUTDATED' : 'CURRENT',
          StackInstanceStatus: { DetailedStatus: failed ? 'FAILED' : 'SUCCEEDED' },
        });
      });
    });
    cfn.on(ListStackInstancesCommand).callsFake((input: { NextToken?: string }) => {
      const start = Number(input.NextToken ?? 0);
      return {
        Summaries: summaries.slice(start, start + 100),
        ...(start + 100 < summaries.length ? { NextToken: String(start + 100) } : {}),
      };
    });
    cfn.on(CreateStackInstancesCommand).resolves({ OperationId: 'x' });
    cfn.on(UpdateStackInstancesCommand).resolves({ OperationId: 'x' });
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolves({ StackSetOperation: { Status: 'SUCCEEDED' } });
    const { context, io } = testContext();

    expect(await run(['onboard', ...ids, '--no-verify', '--json'], io, context)).toBe(ExitCode.OK);

    const creates = cfn.commandCalls(CreateStackInstancesCommand).map((c) => c.args[0].input);
    const updates = cfn.commandCalls(UpdateStackInstancesCommand).map((c) => c.args[0].input);
    expect(creates.length + updates.length).toBeLessThanOrEqual(2 * REGIONS.length);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.Regions).toEqual(['us-east-1']);
    expect(updates[0]?.DeploymentTargets?.Accounts).toHaveLength(100);
    // Every missing cell is created exactly once: 100 new × 17 + 200 × 1.
    const created = creates.reduce(
      (n, op) => n + (op.DeploymentTargets?.Accounts?.length ?? 0) * (op.Regions?.length ?? 0),
      0,
    );
    expect(created).toBe(100 * 17 + 200);
    for (const op of [...creates, ...updates]) {
      expect(op.DeploymentTargets).toMatchObject({
        OrganizationalUnitIds: ['r-ab12'],
        AccountFilterType: 'INTERSECTION',
      });
      expect(op).toMatchObject({ StackSetName: 'trailwatch-member', CallAs: 'SELF' });
      expect(op.OperationId).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Organizations: ListAccounts pages (1,001 accounts / 20), not a DescribeAccount per account.
    expect(org.commandCalls(ListAccountsCommand)).toHaveLength(51);
    expect(
      JSON.parse(io.out()).accounts.filter((a: { result: string }) => a.result === 'onboarded'),
    ).toHaveLength(1000);
  });

  it('checks, creates, follows the operation and verifies each region by heartbeat, in that order', async () => {
    orgAccounts([NEW]);
    cfn.on(CreateStackInstancesCommand).resolves({ OperationId: 'op' });
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolvesOnce({ StackSetOperation: { Status: 'RUNNING' } })
      .resolves({ StackSetOperation: { Status: 'SUCCEEDED' } });
    const { context, io } = testContext();
    // The heartbeat arrives 20 minutes after onboarding started.
    let polls = 0;
    dynamo.on(BatchGetItemCommand).callsFake(() => {
      polls++;
      const items = [`heartbeat#${NEW}#us-east-1`, `heartbeat#${NEW}#eu-west-1`].map((pk) => ({
        pk: { S: pk },
        lastSeen: { S: '2026-12-02T10:20:00Z' },
      }));
      return { Responses: { 'trailwatch-state': polls === 1 ? [] : items } };
    });
    expect(await run(['onboard', NEW, '--regions', 'us-east-1,eu-west-1'], io, context)).toBe(
      ExitCode.OK,
    );
    expect(polls).toBe(2);
    // Across clients: membership, then the trail, then the StackSet, then the heartbeats.
    // sinon numbers every call across stubs (callId), which orders calls between clients.
    const callId = (call: unknown): number =>
      (call as { callId?: number } | undefined)?.callId ?? -1;
    const firstCall = (mock: { calls(): unknown[] }) => callId(mock.calls()[0]);
    expect(firstCall(org)).toBeLessThan(firstCall(trail));
    expect(firstCall(trail)).toBeLessThan(firstCall(cfn));
    expect(callId(cfn.commandCalls(CreateStackInstancesCommand)[0])).toBeLessThan(
      firstCall(dynamo),
    );
    expect(cfn.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'ListStackInstancesCommand',
      'CreateStackInstancesCommand',
      'DescribeStackSetOperationCommand',
      'DescribeStackSetOperationCommand',
      'ListStackSetOperationResultsCommand',
    ]);
    expect(cfn.commandCalls(CreateStackInstancesCommand)[0]?.args[0].input).toMatchObject({
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: { Accounts: [NEW] },
      OperationPreferences: {
        RegionConcurrencyType: 'PARALLEL',
        FailureToleranceCount: 5,
        MaxConcurrentPercentage: 100,
      },
    });
    expect(
      dynamo.commandCalls(BatchGetItemCommand)[0]?.args[0].input.RequestItems?.['trailwatch-state']
        ?.Keys,
    ).toEqual([
      { pk: { S: `heartbeat#${NEW}#us-east-1` } },
      { pk: { S: `heartbeat#${NEW}#eu-west-1` } },
    ]);
    expect(io.out()).toMatch(new RegExp(`✔ ${NEW} account-0: onboarded\\n {4}us-east-1 +PASS`));
    expect(io.err()).toMatch(/heartbeats: 0\/2 .* waiting/);
  });

  it('waits its turn on OperationInProgressException instead of failing, reusing its operation id', async () => {
    orgAccounts([NEW]);
    cfn
      .on(CreateStackInstancesCommand)
      .rejectsOnce(
        new OperationInProgressException({
          message: 'Another Operation on StackSet is in progress',
          $metadata: {},
        }),
      )
      .rejectsOnce(
        new OperationInProgressException({
          message: 'Another Operation on StackSet is in progress',
          $metadata: {},
        }),
      )
      .resolves({ OperationId: 'op' });
    cfn.on(ListStackSetOperationsCommand).resolves({
      Summaries: [{ OperationId: 'auto-deploy-1', Action: 'CREATE', Status: 'RUNNING' }],
    });
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolves({ StackSetOperation: { Status: 'SUCCEEDED' } });
    const { context, io, sleeps } = testContext();
    expect(await run(['onboard', NEW, '--no-verify'], io, context)).toBe(ExitCode.OK);
    const ids = cfn
      .commandCalls(CreateStackInstancesCommand)
      .map((c) => c.args[0].input.OperationId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(io.err()).toMatch(/waiting for CREATE auto-deploy-1 \(RUNNING\) to finish/);
    expect(sleeps.slice(0, 2)).toEqual([15_000, 30_000]);
  });

  it('gives up waiting for its turn after --timeout, with a hint', async () => {
    orgAccounts([NEW]);
    cfn
      .on(CreateStackInstancesCommand)
      .rejects(new OperationInProgressException({ message: 'busy', $metadata: {} }));
    const { context, io } = testContext();
    expect(await run(['onboard', NEW, '--no-verify', '--timeout', '5'], io, context)).toBe(
      ExitCode.FAILED,
    );
    expect(io.err()).toMatch(
      /stayed busy for 5 min; create .* was not started\nhint: run onboard again later/,
    );
  });

  it('rejects non-members and suspended accounts, and explains the management account, without StackSet work', async () => {
    orgAccounts([], [{ Id: '555566667777', Name: 'closed', State: 'SUSPENDED' }]);
    heartbeatsAt(() => undefined);
    const { context, io } = testContext();
    expect(await run(['onboard', '999988887777', '555566667777', MANAGEMENT], io, context)).toBe(
      ExitCode.PROBLEMS,
    );
    expect(cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(io.out()).toMatch(
      /✘ 999988887777: not onboarded — not a member of organization o-a1b2c3d4e5\n {4}fix: invite it .*invite-account-to-organization --target Id=999988887777,Type=ACCOUNT/,
    );
    expect(io.out()).toMatch(/✘ 555566667777 closed: not onboarded — its state is SUSPENDED/);
    expect(io.out()).toMatch(
      /ℹ 111111111111 management is the management account: StackSets never deploy there/,
    );
    expect(io.out()).toContain("npx cdk deploy 'TrailwatchManagementMember-*'");
    expect(io.out()).toContain(
      'npx cdk bootstrap aws://111111111111/us-east-1 aws://111111111111/us-east-2',
    );
  });

  it('reports failed instances and missing heartbeats per region with what to do', async () => {
    orgAccounts([NEW]);
    cfn.on(CreateStackInstancesCommand).resolves({});
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolves({ StackSetOperation: { Status: 'SUCCEEDED' } });
    cfn.on(ListStackSetOperationResultsCommand).resolves({
      Summaries: [
        {
          Account: NEW,
          Region: 'ap-south-1',
          Status: 'FAILED',
          StatusReason: 'Region ap-south-1 is not enabled for account',
        },
      ],
    });
    heartbeatsAt((pk) => (pk.endsWith('#us-east-1') ? '2026-12-02T10:30:00Z' : undefined));
    const { context, io } = testContext();
    expect(
      await run(
        ['onboard', NEW, '--regions', 'us-east-1,eu-west-1,ap-south-1', '--verify-minutes', '3'],
        io,
        context,
      ),
    ).toBe(ExitCode.PROBLEMS);
    expect(io.out()).toMatch(/us-east-1 +PASS/);
    expect(io.out()).toMatch(
      /eu-west-1 +FAIL +no heartbeat within 3 min\n.*fix: in 333344445555: aws events describe-rule --name trailwatch-heartbeat --region eu-west-1/,
    );
    expect(io.out()).toMatch(
      /ap-south-1 +FAIL +stack instance failed: Region ap-south-1 is not enabled for account\n.*fix: enable ap-south-1 in 333344445555/,
    );
    // The failed instance is not polled for a heartbeat.
    const keys = dynamo
      .commandCalls(BatchGetItemCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.['trailwatch-state']?.Keys ?? []);
    expect(keys.map((k) => k.pk?.S)).not.toContain(`heartbeat#${NEW}#ap-south-1`);
  });

  it('stops before any StackSet work when the organization trail is not logging', async () => {
    orgAccounts([NEW]);
    trail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    const { context, io } = testContext();
    expect(await run(['onboard', NEW], io, context)).toBe(ExitCode.FAILED);
    expect(io.err()).toMatch(
      /the organization trail does not cover the accounts \(org-trail: it is not logging\)\nhint: aws cloudtrail start-logging --name org-trail/,
    );
    expect(cfn.calls()).toHaveLength(0);
  });

  it('with --dry-run prints the plan and changes nothing', async () => {
    orgAccounts([NEW]);
    const { context, io } = testContext();
    expect(await run(['onboard', NEW, '--dry-run'], io, context)).toBe(ExitCode.OK);
    expect(cfn.commandCalls(CreateStackInstancesCommand)).toHaveLength(0);
    expect(io.out()).toMatch(
      /dry run, nothing changed\nOperations: 1\n {2}create 1 account\(s\) × 17 region\(s\)/,
    );
  });

  it('says when the StackSet does not exist yet', async () => {
    orgAccounts([NEW]);
    cfn.on(ListStackInstancesCommand).rejects(
      Object.assign(new Error('StackSet trailwatch-member not found'), {
        name: 'StackSetNotFoundException',
      }),
    );
    const { context, io } = testContext();
    expect(await run(['onboard', NEW], io, context)).toBe(ExitCode.FAILED);
    expect(io.err()).toMatch(
      /StackSet trailwatch-member does not exist\nhint: deploy TrailwatchStackSet first/,
    );
  });

  it('rejects bad arguments before any AWS call', async () => {
    for (const [argv, message] of [
      [['onboard'], /no account ids given/],
      [['onboard', '12345'], /'12345' is not a 12-digit AWS account id/],
      [
        ['onboard', NEW, '--regions', 'mars-north-1'],
        /--regions mars-north-1 not in memberRegions/,
      ],
      [['onboard', NEW, '--verify-minutes', 'soon'], /--verify-minutes must be a whole number/],
    ] as const) {
      const { context, io } = testContext();
      org.on(ListAccountsCommand).resolves({ Accounts: [] });
      expect(await run([...argv], io, context)).toBe(ExitCode.USAGE);
      expect(io.err()).toMatch(message);
    }
    expect(cfn.calls()).toHaveLength(0);
  });
});
