import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { encodeMutesItem, type Mute } from '@trailwatch/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ExitCode } from '../src/io.js';
import { exampleConfig, testContext } from './command-context.js';

const ddb = mockClient(DynamoDBClient);
const sts = mockClient(STSClient);
const ALICE = 'arn:aws:sts::222222222222:assumed-role/SecOps/alice';

const existing: Mute = {
  id: 'm-00000001',
  detection: 'iam-user-deleted',
  until: '2026-12-20T00:00:00Z',
  reason: 'cleanup week',
  setBy: 'arn:aws:iam::222222222222:user/bob',
};

beforeEach(() => {
  ddb.reset();
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Arn: ALICE, Account: '222222222222' });
});
afterEach(() => {
  ddb.reset();
  sts.reset();
});

function stored(mutes: Mute[], version: number) {
  return { Item: encodeMutesItem({ mutes, version }) as never };
}

function writtenMutes(call = 0): Mute[] {
  const item = ddb.commandCalls(PutItemCommand)[call]!.args[0].input.Item as {
    mutes: { S: string };
  };
  return JSON.parse(item.mutes.S) as Mute[];
}

describe('Command: mute', () => {
  const base = [
    'mute',
    '--detection',
    'iam-user-created',
    '--actor',
    '*terraform*',
    '--until',
    '2026-12-11',
    '--reason',
    'identity stack migration',
  ];

  it('stores a mute naming who set it and why, until the end of the given day, compare-and-set', async () => {
    ddb.on(GetItemCommand).resolves(stored([existing], 3));
    ddb.on(PutItemCommand).resolves({});
    const { context, io } = testContext();
    expect(await run(base, io, context)).toBe(ExitCode.OK);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    const [put] = ddb.commandCalls(PutItemCommand);
    expect(put!.args[0].input).toMatchObject({
      TableName: 'trailwatch-state',
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': { N: '3' } },
    });
    const mutes = writtenMutes();
    expect(mutes[0]).toEqual(existing);
    expect(mutes[1]).toMatchObject({
      detection: 'iam-user-created',
      actor: '*terraform*',
      until: '2026-12-11T23:59:59Z',
      reason: 'identity stack migration',
      setBy: ALICE,
    });
    expect(io.out()).toMatch(
      /^muted: m-[0-9a-f]{8} {2}iam-user-created {2}every account, actor \*terraform\*/,
    );
  });

  it('retries when another operator wrote in between, keeping both mutes', async () => {
    ddb
      .on(GetItemCommand)
      .resolvesOnce(stored([], 1))
      .resolves(stored([existing], 2));
    ddb
      .on(PutItemCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'changed', $metadata: {} }))
      .resolves({});
    const { context, io } = testContext();
    expect(await run(base, io, context)).toBe(ExitCode.OK);
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(2);
    expect(writtenMutes(1).map((m) => m.detection)).toEqual([
      'iam-user-deleted',
      'iam-user-created',
    ]);
  });

  it('refuses to mute a critical detection without --include-critical, and stores nothing', async () => {
    const { context, io } = testContext();
    const args = [
      'mute',
      '--detection',
      'root-console-sign-in',
      '--until',
      '2026-12-03',
      '--reason',
      'break-glass drill',
    ];
    expect(await run(args, io, context)).toBe(ExitCode.USAGE);
    expect(io.err()).toContain('root-console-sign-in is critical');
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(0);
    ddb.on(GetItemCommand).resolves({});
    ddb.on(PutItemCommand).resolves({});
    expect(await run([...args, '--include-critical'], io, context)).toBe(ExitCode.OK);
    expect(writtenMutes()[0]).toMatchObject({ includeCritical: true });
  });

  it.each([
    [['--until', '2026-11-30'], /until is in the past/],
    [['--until', '2027-06-01'], /at most 92 days/],
    [['--reason', 'x'], /reason must say why/],
    [['--detection', 'iam-user-creatd'], /did you mean 'iam-user-created'/],
  ])('refuses %j with the problem', async (change, message) => {
    const args = [...base];
    args[args.indexOf(change[0]!) + 1] = change[1]!;
    const { context, io } = testContext();
    expect(await run(args, io, context)).toBe(ExitCode.USAGE);
    expect(io.err()).toMatch(message);
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('with --dry-run validates and writes nothing', async () => {
    const { context, io } = testContext();
    expect(await run([...base, '--dry-run'], io, context)).toBe(ExitCode.OK);
    expect(io.out()).toMatch(/^would mute: /);
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(0);
  });
});

describe('Commands: unmute and mutes', () => {
  it('unmute removes exactly that mute', async () => {
    const other = { ...existing, id: 'm-00000002' };
    ddb.on(GetItemCommand).resolves(stored([existing, other], 5));
    ddb.on(PutItemCommand).resolves({});
    const { context, io } = testContext();
    expect(await run(['unmute', 'm-00000001'], io, context)).toBe(ExitCode.OK);
    expect(writtenMutes().map((m) => m.id)).toEqual(['m-00000002']);
  });

  it('unmute of a configuration-file mute says where to remove it', async () => {
    ddb.on(GetItemCommand).resolves(stored([], 1));
    const { context, io } = testContext({
      config: exampleConfig((c) => {
        c.mutes = [{ ...existing, id: 'cfg-1' }];
      }),
    });
    expect(await run(['unmute', 'cfg-1'], io, context)).toBe(ExitCode.USAGE);
    expect(io.err()).toContain('remove it there');
  });

  it('mutes lists the configuration file and the state table, marking expired ones', async () => {
    ddb
      .on(GetItemCommand)
      .resolves(stored([existing, { ...existing, id: 'm-old', until: '2026-12-01T00:00:00Z' }], 2));
    const { context, io } = testContext({
      config: exampleConfig((c) => {
        c.mutes = [{ ...existing, id: 'cfg-1' }];
      }),
    });
    expect(await run(['mutes', '--json'], io, context)).toBe(ExitCode.OK);
    const { mutes } = JSON.parse(io.out()) as {
      mutes: { source: string; expired: boolean; mute: Mute }[];
    };
    expect(mutes.map((m) => [m.source, m.mute.id, m.expired])).toEqual([
      ['config', 'cfg-1', false],
      ['cli', 'm-00000001', false],
      ['cli', 'm-old', true],
    ]);
  });
});
