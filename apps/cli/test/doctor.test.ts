import {
  CloudFormationClient,
  DescribeOrganizationsAccessCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { DescribeEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  GetAccountSettingsCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import {
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseConfig } from '@trailwatch/config';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { bootstrapTargets } from '../src/doctor/bootstrap-targets.js';
import { ExitCode } from '../src/io.js';
import { exampleConfig, testContext } from './command-context.js';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const trail = mockClient(CloudTrailClient);
const lambda = mockClient(LambdaClient);
const sm = mockClient(SecretsManagerClient);
const events = mockClient(EventBridgeClient);
const org = mockClient(OrganizationsClient);

const PROFILES: Record<string, string> = { management: '111111111111', security: '222222222222' };

type GetClient = () => { config: { profile?: string; region: () => Promise<string> } };

/** Answers DescribeStacks by region/profile: CDKToolkit everywhere unless `unbootstrapped`, the security stack when `deployed`. */
function stacks(options: { deployed: boolean; unbootstrapped?: string[] }): void {
  cfn
    .on(DescribeStacksCommand)
    .callsFake(async (input: { StackName: string }, getClient: GetClient) => {
      const client = getClient();
      const where = `${PROFILES[client.config.profile ?? ''] ?? '?'}/${await client.config.region()}`;
      if (input.StackName === 'CDKToolkit') {
        if (options.unbootstrapped?.includes(where)) {
          throw Object.assign(new Error('Stack with id CDKToolkit does not exist'), {
            name: 'ValidationError',
          });
        }
        return {
          Stacks: [
            {
              StackName: 'CDKToolkit',
              StackStatus: 'UPDATE_COMPLETE',
              Outputs: [
                {
                  OutputKey: 'BootstrapVersion',
                  OutputValue: where.endsWith('us-west-1') ? '5' : '30',
                },
              ],
            },
          ],
        };
      }
      if (input.StackName === 'trailwatch-security' && options.deployed) {
        return { Stacks: [{ StackName: 'trailwatch-security', StackStatus: 'CREATE_COMPLETE' }] };
      }
      throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), {
        name: 'ValidationError',
      });
    });
}

beforeEach(() => {
  for (const mock of [sts, cfn, trail, lambda, sm, events, org]) mock.reset();
  sts.on(GetCallerIdentityCommand).callsFake((_input: unknown, getClient: GetClient) => {
    const account = PROFILES[getClient().config.profile ?? ''];
    if (!account)
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/admin/me` };
  });
  cfn.on(DescribeOrganizationsAccessCommand).resolves({ Status: 'ENABLED' });
  trail.on(DescribeTrailsCommand).resolves({
    trailList: [
      {
        Name: 'org-trail',
        TrailARN: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail',
        IsOrganizationTrail: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
      },
    ],
  });
  trail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  trail.on(GetEventSelectorsCommand).resolves({
    AdvancedEventSelectors: [
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ],
  });
  lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 999 },
  });
});

const both = ['--management-profile', 'management', '--security-profile', 'security'];

describe('Function: bootstrapTargets', () => {
  it('covers every account × region that gets a CDK stack, once each', () => {
    const config = parseConfig(
      exampleConfig((c) => {
        c.memberRegions = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'];
        c.stackSet = { callAs: 'DELEGATED_ADMIN', delegatedAdminAccountId: '333333333333' };
      }),
    );
    expect(
      bootstrapTargets(config).map((t) => `${t.account}/${t.region}: ${t.stacks.join(' ')}`),
    ).toEqual([
      '222222222222/eu-west-1: TrailwatchSecurity',
      '333333333333/eu-west-1: TrailwatchStackSet',
      '111111111111/us-east-1: TrailwatchManagement TrailwatchManagementMember-us-east-1 TrailwatchIdentityCenter',
      '111111111111/us-east-2: TrailwatchManagementMember-us-east-2',
      '111111111111/eu-north-1: TrailwatchManagementMember-eu-north-1',
      '111111111111/ap-southeast-2: TrailwatchManagementMember-ap-southeast-2',
    ]);
  });
});

describe('Command: doctor', () => {
  it('before the first deploy: passes the preflight, marks stack resources "not deployed yet", prints the bootstrap commands', async () => {
    stacks({
      deployed: false,
      unbootstrapped: ['222222222222/eu-west-1', '111111111111/ap-south-1'],
    });
    sm.on(DescribeSecretCommand).rejects(
      Object.assign(new Error("Secrets Manager can't find the specified secret."), {
        name: 'ResourceNotFoundException',
      }),
    );
    events.on(DescribeEventBusCommand).rejects(
      Object.assign(new Error('Event bus trailwatch does not exist.'), {
        name: 'ResourceNotFoundException',
      }),
    );
    lambda
      .on(ListEventSourceMappingsCommand)
      .rejects(
        Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' }),
      );
    const { context, io } = testContext();
    expect(await run(['doctor', ...both], io, context)).toBe(ExitCode.PROBLEMS);
    const out = io.out();
    expect(out).toContain('credentials: management → 111111111111 · security → 222222222222');
    expect(out).toMatch(/PASS {2}Member regions include the console sign-in regions/);
    expect(out).toMatch(/PASS {2}StackSets trusted access with Organizations: ENABLED/);
    expect(out).toMatch(
      /PASS {2}Organization trail logs management events in every region: org-trail/,
    );
    expect(out).toMatch(
      /FAIL {2}CDK bootstrap in 222222222222\/eu-west-1 \(TrailwatchSecurity\): not bootstrapped \(no CDKToolkit stack\)\n {6}fix: npx cdk bootstrap aws:\/\/222222222222\/eu-west-1/,
    );
    expect(out).toMatch(
      /FAIL {2}CDK bootstrap in 111111111111\/ap-south-1 .*\n {6}fix: npx cdk bootstrap aws:\/\/111111111111\/ap-south-1/,
    );
    expect(out).toMatch(
      /FAIL {2}CDK bootstrap in 111111111111\/us-west-1 .*: version 5, need 6 or later/,
    );
    expect(out.match(/CDK bootstrap in/g)).toHaveLength(18);
    expect(out).toMatch(/TODO {2}TrailwatchSecurity stack: not deployed yet/);
    expect(out).toMatch(
      /TODO {2}Webhook secret trailwatch\/slack\/security-alerts has a value: created empty by TrailwatchSecurity\n {6}fix: after deploying: trailwatch set-webhook --route default/,
    );
    expect(out).toMatch(/TODO {2}Central bus trailwatch accepts events from o-a1b2c3d4e5/);
    expect(out).toMatch(/TODO {2}trailwatch-alerter reads trailwatch-events/);
    expect(out).toMatch(
      /PASS {2}Unreserved Lambda concurrency in 222222222222\/eu-west-1: 999 unreserved of 1000; need 101/,
    );
    expect(out).toMatch(/19 passed, 3 failed, 0 skipped \(no credentials\), 6 not deployed yet/);
  });

  it('after deploy: each broken piece fails with its fix, and the secret value is never read', async () => {
    stacks({ deployed: true });
    cfn.on(DescribeOrganizationsAccessCommand).resolves({ Status: 'DISABLED' });
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 9 } });
    sm.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'] } });
    sm.on(DescribeSecretCommand, { SecretId: 'trailwatch/slack/prod-alerts' }).resolves({
      VersionIdsToStages: {},
    });
    events.on(DescribeEventBusCommand).resolves({
      Policy: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'events:PutEvents',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-someoneelse' } },
          },
        ],
      }),
    });
    lambda.on(ListEventSourceMappingsCommand).resolves({
      EventSourceMappings: [
        {
          UUID: 'u-1',
          EventSourceArn: 'arn:aws:sqs:eu-west-1:222222222222:trailwatch-events',
          State: 'Disabled',
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      ],
    });
    trail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    const { context, io } = testContext({
      config: exampleConfig((c) => {
        c.memberRegions = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2', 'eu-west-1'];
      }),
    });
    expect(await run(['doctor', ...both, '--json'], io, context)).toBe(ExitCode.PROBLEMS);
    const { checks } = JSON.parse(io.out()) as {
      checks: { id: string; status: string; detail: string; fix?: string }[];
    };
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    // The configuration schema refuses member regions without the sign-in regions (see the
    // test below), so a loaded configuration always passes this check.
    expect(byId['sign-in-regions']).toMatchObject({ status: 'pass' });
    expect(byId['stacksets-trusted-access']).toMatchObject({
      status: 'fail',
      detail: 'DISABLED',
      fix: expect.stringContaining('aws cloudformation activate-organizations-access'),
    });
    expect(byId['organization-trail']).toMatchObject({
      status: 'fail',
      fix: 'aws cloudtrail start-logging --name org-trail',
    });
    expect(byId['lambda-concurrency']).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('--quota-code L-B99A9384'),
    });
    expect(byId['webhook-secret:trailwatch/slack/security-alerts']).toMatchObject({
      status: 'pass',
    });
    expect(byId['webhook-secret:trailwatch/slack/prod-alerts']).toMatchObject({
      status: 'fail',
      detail: 'the secret exists but has no value',
      fix: expect.stringContaining('trailwatch set-webhook --route trailwatch/slack/prod-alerts'),
    });
    expect(byId['central-bus-policy']).toMatchObject({ status: 'fail' });
    expect(byId['alerter-event-source']).toMatchObject({
      status: 'fail',
      fix: 'aws lambda update-event-source-mapping --uuid u-1 --enabled',
    });
    // Read-only: no GetSecretValue (the value is never fetched), nothing written anywhere.
    const names = [sts, cfn, trail, lambda, sm, events, org].flatMap((m) =>
      m.calls().map((c) => c.args[0].constructor.name),
    );
    expect(
      names.filter(
        (n) =>
          !/^(Describe|Get(CallerIdentity|TrailStatus|EventSelectors|AccountSettings)|List)/.test(
            n,
          ),
      ),
    ).toEqual([]);
    expect(names).not.toContain('GetSecretValueCommand');
  });

  it('stops at a configuration whose member regions miss a sign-in region, naming them', async () => {
    const { context, io } = testContext({
      config: exampleConfig((c) => {
        c.memberRegions = ['us-east-1', 'eu-west-1'];
      }),
    });
    expect(await run(['doctor', '--profile', 'management'], io, context)).toBe(ExitCode.FAILED);
    expect(io.err()).toContain('must include "us-east-2", "eu-north-1", "ap-southeast-2"');
  });

  it('skips the checks of an account it has no credentials for, naming the flag, and still exits 0', async () => {
    stacks({ deployed: true });
    const { context, io } = testContext({
      config: exampleConfig((c) => {
        c.memberRegions = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'];
      }),
    });
    expect(await run(['doctor', '--profile', 'management'], io, context)).toBe(ExitCode.OK);
    const out = io.out();
    expect(out).toMatch(
      /SKIP {2}CDK bootstrap in 222222222222\/eu-west-1 \(TrailwatchSecurity\): no credentials for account 222222222222 \(management: 111111111111\); pass a profile for it\n {6}fix: npx cdk bootstrap aws:\/\/222222222222\/eu-west-1/,
    );
    expect(out).toMatch(/SKIP {2}Webhook secrets have a value: .*pass --security-profile/);
    expect(sm.calls()).toHaveLength(0);
  });

  it('checks the delegated administrator registration with callAs DELEGATED_ADMIN', async () => {
    stacks({ deployed: false });
    org
      .on(ListDelegatedAdministratorsCommand)
      .resolves({ DelegatedAdministrators: [{ Id: '444444444444' }] });
    const { context, io } = testContext({
      config: exampleConfig((c) => {
        c.stackSet = { callAs: 'DELEGATED_ADMIN', delegatedAdminAccountId: '333333333333' };
      }),
    });
    expect(await run(['doctor', '--profile', 'management', '--json'], io, context)).toBe(
      ExitCode.PROBLEMS,
    );
    const { checks } = JSON.parse(io.out()) as {
      checks: { id: string; status: string; fix?: string }[];
    };
    expect(checks.find((c) => c.id === 'stacksets-delegated-admin')).toMatchObject({
      status: 'fail',
      fix: 'from the management account: aws organizations register-delegated-administrator --service-principal member.org.stacksets.cloudformation.amazonaws.com --account-id 333333333333',
    });
    expect(org.commandCalls(ListDelegatedAdministratorsCommand)[0]?.args[0].input).toEqual({
      ServicePrincipal: 'member.org.stacksets.cloudformation.amazonaws.com',
    });
  });
});
