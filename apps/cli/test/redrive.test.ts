import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { loadRecord } from '@trailwatch/fixtures';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ExitCode } from '../src/io.js';
import { testContext } from './command-context.js';

const sqs = mockClient(SQSClient);
const ARN = (name: string) => `arn:aws:sqs:eu-west-1:222222222222:${name}`;
const URL = (name: string) => `https://sqs.eu-west-1.amazonaws.com/222222222222/${name}`;

function queues(visible: Record<string, number>): void {
  sqs
    .on(GetQueueUrlCommand)
    .callsFake((input: { QueueName: string }) => ({ QueueUrl: URL(input.QueueName) }));
  sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => {
    const name = input.QueueUrl.split('/').pop() ?? '';
    return {
      Attributes: {
        QueueArn: ARN(name),
        ApproximateNumberOfMessages: String(visible[name] ?? 0),
        ApproximateNumberOfMessagesNotVisible: '0',
      },
    };
  });
}

/** An EventBridge envelope from the fixtures, with a fresh id and account. */
function envelope(name: string, account: string): string {
  const record = loadRecord(name) as Record<string, unknown>;
  const detail = (record.detail ?? record) as Record<string, unknown>;
  return JSON.stringify({
    version: '0',
    id: `id-${Math.random()}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account,
    region: 'us-east-1',
    time: detail.eventTime,
    resources: [],
    detail: { ...detail, recipientAccountId: account },
  });
}

beforeEach(() => sqs.reset());

describe('Command: redrive', () => {
  it('moves the events DLQ back with an SQS move task and reports progress and the count', async () => {
    queues({ 'trailwatch-events-dlq': 42 });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [] })
      .resolvesOnce({
        Results: [
          {
            Status: 'RUNNING',
            ApproximateNumberOfMessagesMoved: 10,
            ApproximateNumberOfMessagesToMove: 42,
          },
        ],
      })
      .resolves({
        Results: [
          {
            Status: 'COMPLETED',
            ApproximateNumberOfMessagesMoved: 42,
            ApproximateNumberOfMessagesToMove: 42,
          },
        ],
      });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    const { context, io } = testContext();
    expect(await run(['redrive'], io, context)).toBe(ExitCode.OK);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: ARN('trailwatch-events-dlq'),
      DestinationArn: ARN('trailwatch-events'),
    });
    expect(sqs.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'GetQueueUrlCommand',
      'GetQueueAttributesCommand',
      'GetQueueUrlCommand',
      'GetQueueAttributesCommand',
      'ListMessageMoveTasksCommand',
      'StartMessageMoveTaskCommand',
      'ListMessageMoveTasksCommand',
      'ListMessageMoveTasksCommand',
    ]);
    expect(io.err()).toMatch(
      /started moving ~42 message\(s\) from trailwatch-events-dlq to trailwatch-events\nredrive: 10\/42 moved/,
    );
    expect(io.out()).toBe(
      'moved 42 of ~42 message(s) from trailwatch-events-dlq to trailwatch-events\n',
    );
  });

  it('follows a move task that is already running instead of starting a second one', async () => {
    queues({ 'trailwatch-events-dlq': 5 });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({
        Results: [{ Status: 'RUNNING', TaskHandle: 'old', StartedTimestamp: 1_764_669_600_000 }],
      })
      .resolves({
        Results: [
          {
            Status: 'FAILED',
            ApproximateNumberOfMessagesMoved: 2,
            FailureReason: 'AWS.SimpleQueueService.NonExistentQueue',
          },
        ],
      });
    const { context, io } = testContext();
    expect(await run(['redrive', '--json'], io, context)).toBe(ExitCode.PROBLEMS);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    expect(JSON.parse(io.out())).toEqual({
      queue: 'trailwatch-events-dlq',
      to: 'trailwatch-events',
      status: 'FAILED',
      moved: 2,
      failureReason: 'AWS.SimpleQueueService.NonExistentQueue',
      taskHandle: 'old',
    });
  });

  it('with --dry-run peeks without taking (visibility 0) and summarises detections and accounts', async () => {
    queues({ 'trailwatch-delivery-dlq': 3 });
    const messages = [
      {
        MessageId: 'm1',
        Body: envelope('create-user', '333333333333'),
        MessageAttributes: {
          ERROR_CODE: { DataType: 'String', StringValue: 'SQS.KmsAccessDenied' },
        },
      },
      { MessageId: 'm2', Body: envelope('create-user', '444444444444') },
      { MessageId: 'm3', Body: 'not json' },
    ];
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: messages.slice(0, 2) })
      .resolvesOnce({ Messages: messages.slice(1) })
      .resolves({ Messages: [] });
    const { context, io } = testContext();
    expect(await run(['redrive', '--queue', 'delivery', '--dry-run'], io, context)).toBe(
      ExitCode.OK,
    );
    for (const call of sqs.commandCalls(ReceiveMessageCommand)) {
      expect(call.args[0].input).toMatchObject({
        QueueUrl: URL('trailwatch-delivery-dlq'),
        VisibilityTimeout: 0,
      });
    }
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const out = io.out();
    expect(out).toMatch(
      /trailwatch-delivery-dlq: ~3 message\(s\) waiting; looked at 3 without taking them/,
    );
    expect(out).toMatch(/detections:\n {8}2 {2}iam-user-created/);
    expect(out).toMatch(/accounts:\n {8}1 {2}333333333333\n {8}1 {2}444444444444/);
    expect(out).toMatch(/EventBridge delivery errors:\n {8}1 {2}SQS.KmsAccessDenied/);
    expect(out).toMatch(/not an alert .*: 1/);
  });

  it('copies the delivery DLQ batch by batch, deleting only what was sent', async () => {
    queues({ 'trailwatch-delivery-dlq': 3 });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [1, 2, 3].map((i) => ({
          MessageId: `m${i}`,
          Body: `{"n":${i}}`,
          ReceiptHandle: `r${i}`,
        })),
      })
      .resolves({ Messages: [] });
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [
        { Id: '0', MessageId: 'x', MD5OfMessageBody: '' },
        { Id: '2', MessageId: 'y', MD5OfMessageBody: '' },
      ],
      Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
    });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const { context, io } = testContext();
    expect(await run(['redrive', '--queue', 'delivery'], io, context)).toBe(ExitCode.PROBLEMS);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input).toEqual({
      QueueUrl: URL('trailwatch-events'),
      Entries: [0, 1, 2].map((i) => ({ Id: String(i), MessageBody: `{"n":${i + 1}}` })),
    });
    expect(
      sqs
        .commandCalls(DeleteMessageBatchCommand)[0]
        ?.args[0].input.Entries?.map((e) => e.ReceiptHandle),
    ).toEqual(['r1', 'r3']);
    expect(io.out()).toMatch(
      /FAILED: 2 of ~3 .* SendMessageBatch refused 1 message\(s\): try again/,
    );
  });

  it('says so when the DLQ is empty, and explains a missing queue', async () => {
    queues({});
    let t = testContext();
    expect(await run(['redrive'], t.io, t.context)).toBe(ExitCode.OK);
    expect(t.io.out()).toBe('trailwatch-events-dlq is empty; nothing to redrive\n');
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);

    sqs.reset();
    sqs
      .on(GetQueueUrlCommand)
      .rejects(
        new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} }),
      );
    t = testContext();
    expect(await run(['redrive', '--region', 'us-east-1'], t.io, t.context)).toBe(ExitCode.FAILED);
    expect(t.io.err()).toMatch(
      /queue trailwatch-events-dlq does not exist in us-east-1\nhint: it is created by TrailwatchSecurity: use credentials for the security account 222222222222/,
    );
  });

  it('rejects an unknown queue and out-of-range numbers', async () => {
    for (const [argv, message] of [
      [['redrive', '--queue', 'dlq'], /--queue must be 'events' or 'delivery'/],
      [
        ['redrive', '--max-per-second', '501'],
        /--max-per-second must be a whole number from 1 to 500/,
      ],
      [['redrive', '--limit', '0'], /--limit must be a whole number from 1 to 10000/],
    ] as const) {
      const t = testContext();
      expect(await run([...argv], t.io, t.context)).toBe(ExitCode.USAGE);
      expect(t.io.err()).toMatch(message);
    }
    expect(sqs.calls()).toHaveLength(0);
  });
});
