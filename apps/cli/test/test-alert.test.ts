import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeOrganizationalUnitCommand,
  ListParentsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ExitCode } from '../src/io.js';
import { testContext } from './command-context.js';

const sts = mockClient(STSClient);
const events = mockClient(EventBridgeClient);
const dynamo = mockClient(DynamoDBClient);
const org = mockClient(OrganizationsClient);
const SECURITY_ARN = 'arn:aws:sts::222222222222:assumed-role/admin/me';

beforeEach(() => {
  for (const mock of [sts, events, dynamo, org]) mock.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '222222222222', Arn: SECURITY_ARN });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  // Accounts sit directly under the root unless a test says otherwise.
  org.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
});

function sentDetail(): Record<string, unknown> {
  return JSON.parse(
    events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail ?? '{}',
  );
}

describe('Command: test-alert', () => {
  it('puts a labelled event on the central bus and reports its delivery from the state table', async () => {
    dynamo
      .on(GetItemCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { pk: { S: 'x' }, status: { S: 'IN_PROGRESS' } } })
      .resolves({
        Item: {
          pk: { S: 'x' },
          status: { S: 'DELIVERED' },
          deliveredAt: { S: '2026-12-02T10:00:04.500Z' },
        },
      });
    const { context, io } = testContext();
    expect(await run(['test-alert'], io, context)).toBe(ExitCode.OK);
    const entry = events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      EventBusName: 'trailwatch',
      Source: 'trailwatch.test',
      DetailType: 'trailwatch test alert',
    });
    const detail = sentDetail();
    expect(detail).toMatchObject({
      recipientAccountId: '222222222222',
      awsRegion: 'eu-west-1',
      eventName: 'TrailwatchTestAlert',
      userIdentity: { arn: SECURITY_ARN },
    });
    const key = dynamo.commandCalls(GetItemCommand)[0]?.args[0].input;
    expect(key).toEqual({
      TableName: 'trailwatch-state',
      Key: { pk: { S: `event#${String(detail.eventID)}` } },
      ConsistentRead: true,
    });
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(3);
    // Order: who am I → put → poll.
    const id = (call: unknown) => (call as { callId: number }).callId;
    expect(id(sts.calls()[0])).toBeLessThan(id(events.calls()[0]));
    expect(id(events.calls()[0])).toBeLessThan(id(dynamo.calls()[0]));
    expect(io.out()).toMatch(
      /^delivered: test event trailwatch-test-[0-9a-f-]+ \(account 222222222222, eu-west-1\) reached Slack in 4\.5 s/,
    );
    // The example config's first route takes critical only; the test alert is info → default.
    expect(io.out()).toMatch(
      /via default → secret trailwatch\/slack\/security-alerts\n {2}channel: the one the webhook in trailwatch\/slack\/security-alerts was created for/,
    );
    expect(io.err()).toMatch(/the alerter claimed it and is posting to Slack/);
  });

  it('routes by account and OU as the alerter does, reading the OU path from Organizations', async () => {
    org
      .on(ListParentsCommand, { ChildId: '333344445555' })
      .resolves({ Parents: [{ Id: 'ou-ab12-prod1234', Type: 'ORGANIZATIONAL_UNIT' }] });
    org
      .on(ListParentsCommand, { ChildId: 'ou-ab12-prod1234' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    org
      .on(DescribeOrganizationalUnitCommand)
      .resolves({ OrganizationalUnit: { Id: 'ou-ab12-prod1234', Name: 'Prod' } });
    const { context, io } = testContext();
    expect(
      await run(
        [
          'test-alert',
          '--account',
          '333344445555',
          '--region',
          'ap-south-1',
          '--dry-run',
          '--json',
        ],
        io,
        context,
      ),
    ).toBe(ExitCode.OK);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(JSON.parse(io.out())).toMatchObject({
      dryRun: true,
      account: '333344445555',
      region: 'ap-south-1',
      route: { route: 'route 2', secret: 'trailwatch/slack/prod-alerts' },
    });
  });

  it('says when the OU route cannot be decided, instead of guessing', async () => {
    org
      .on(ListParentsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const { context, io } = testContext();
    expect(await run(['test-alert', '--account', '333344445555', '--dry-run'], io, context)).toBe(
      ExitCode.OK,
    );
    expect(io.out()).toMatch(
      /route 2 matches only if 333344445555 is under ou-ab12-prod1234, which Organizations did not say \(AccessDeniedException\)/,
    );
  });

  it('exits 2 with what to check when the alerter never picks the event up', async () => {
    dynamo.on(GetItemCommand).resolves({});
    const { context, io, sleeps } = testContext();
    expect(await run(['test-alert', '--timeout', '10'], io, context)).toBe(ExitCode.PROBLEMS);
    expect(sleeps.every((ms) => ms === 2000)).toBe(true);
    expect(io.out()).toMatch(
      /not delivered: not delivered within 10 s \(state: never picked up\)\n {2}what to do: the alerter never saw it: check the rule trailwatch-test-alerts/,
    );
  });

  it('points at the webhook when the alerter keeps retrying the post', async () => {
    dynamo.on(GetItemCommand).resolves({ Item: { status: { S: 'IN_PROGRESS' } } });
    const { context, io } = testContext();
    expect(await run(['test-alert', '--timeout', '4', '--json'], io, context)).toBe(
      ExitCode.PROBLEMS,
    );
    expect(JSON.parse(io.out())).toMatchObject({
      delivered: false,
      hint: expect.stringContaining('check the webhook in trailwatch/slack/security-alerts'),
    });
  });

  it('refuses credentials of another account, and reports a refused put', async () => {
    sts.on(GetCallerIdentityCommand).resolves({
      Account: '111111111111',
      Arn: 'arn:aws:sts::111111111111:assumed-role/admin/me',
    });
    let t = testContext();
    expect(await run(['test-alert'], t.io, t.context)).toBe(ExitCode.PROBLEMS);
    expect(t.io.out()).toMatch(
      /credentials are for account 111111111111, not the security account 222222222222/,
    );
    expect(events.calls()).toHaveLength(0);

    sts.on(GetCallerIdentityCommand).resolves({ Account: '222222222222', Arn: SECURITY_ARN });
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'not authorized' }],
    });
    t = testContext();
    expect(await run(['test-alert'], t.io, t.context)).toBe(ExitCode.PROBLEMS);
    expect(t.io.out()).toMatch(
      /the bus refused the test event: AccessDeniedException: not authorized/,
    );
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('rejects a bad --account or --region before any call', async () => {
    for (const argv of [
      ['test-alert', '--account', '42'],
      ['test-alert', '--region', 'moon'],
    ]) {
      const t = testContext();
      expect(await run(argv, t.io, t.context)).toBe(ExitCode.USAGE);
    }
    expect(sts.calls()).toHaveLength(0);
  });
});
