import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { awsError, isAwsError } from '../aws/aws-error.js';
import { clientConfig } from '../aws/client-config.js';
import { loadDeploymentConfig } from '../aws/deployment-config.js';
import { DeploymentNames } from '../aws/deployment-names.js';
import type { CommandContext } from '../command.js';
import type { AwsFlags } from '../commands/common-options.js';
import { CommandError } from '../errors.js';
import { ExitCode } from '../io.js';
import { type DlqContents, peekMessages } from './peek-messages.js';

export interface RedriveOptions extends AwsFlags {
  /** `events`: the alerter's DLQ (SQS move task); `delivery`: the central rule's DLQ (copied). */
  readonly queue: 'events' | 'delivery';
  readonly dryRun: boolean;
  readonly json: boolean;
  /** Messages to peek with --dry-run. */
  readonly limit: number;
  /** Move rate for the SQS task; undefined lets SQS choose. */
  readonly maxPerSecond?: number;
  /** Poll interval while a move task runs. */
  readonly pollMs?: number;
}

interface Queue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly visible: number;
  readonly inFlight: number;
}

async function queue(
  client: SQSClient,
  name: string,
  region: string,
  account: string,
): Promise<Queue> {
  let url: string;
  try {
    url = (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
  } catch (error) {
    if (isAwsError(error, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue')) {
      throw new CommandError(`queue ${name} does not exist in ${region}`, {
        cause: error,
        hint: `it is created by TrailwatchSecurity: use credentials for the security account ${account} (--profile) and its home region (--region)`,
      });
    }
    throw awsError(error, `looking up queue ${name}`);
  }
  try {
    const attributes =
      (
        await client.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: [
              'QueueArn',
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesNotVisible',
            ],
          }),
        )
      ).Attributes ?? {};
    return {
      name,
      url,
      arn: attributes.QueueArn ?? '',
      visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  } catch (error) {
    throw awsError(
      error,
      `reading the attributes of ${name}`,
      'the role needs sqs:GetQueueAttributes on the trailwatch queues',
    );
  }
}

/** `trailwatch redrive`: moves dead-lettered events back to trailwatch-events, or lists them. */
export async function redrive(options: RedriveOptions, context: CommandContext): Promise<number> {
  const { config } = loadDeploymentConfig(options.config, context);
  const region = options.region ?? config.homeRegion;
  const client = new SQSClient(
    clientConfig({ region, ...(options.profile ? { profile: options.profile } : {}) }),
  );
  const dlqName =
    options.queue === 'events' ? DeploymentNames.EVENTS_DLQ : DeploymentNames.DELIVERY_DLQ;
  const dlq = await queue(client, dlqName, region, config.securityAccountId);
  const target = await queue(
    client,
    DeploymentNames.EVENTS_QUEUE,
    region,
    config.securityAccountId,
  );
  const progress = (line: string): void => void context.io.stderr.write(`redrive: ${line}\n`);
  const out = context.io.stdout;

  if (options.dryRun) {
    let contents: DlqContents;
    try {
      contents = await peekMessages(client, dlq.url, options.limit);
    } catch (error) {
      throw awsError(
        error,
        `peeking at ${dlqName}`,
        'the role needs sqs:ReceiveMessage on the dead-letter queue',
      );
    }
    if (options.json) {
      await out.write(
        `${JSON.stringify({ queue: dlqName, approximateMessages: dlq.visible, inFlight: dlq.inFlight, dryRun: true, peeked: contents })}\n`,
      );
    } else {
      await out.write(renderPeek(dlq, contents, options.limit));
    }
    return ExitCode.OK;
  }
  if (dlq.visible === 0) {
    const note =
      dlq.inFlight > 0
        ? ` (${dlq.inFlight} in flight: being read right now; try again in a minute)`
        : '';
    if (options.json)
      await out.write(
        `${JSON.stringify({ queue: dlqName, moved: 0, status: 'EMPTY', inFlight: dlq.inFlight })}\n`,
      );
    else await out.write(`${dlqName} is empty; nothing to redrive${note}\n`);
    return ExitCode.OK;
  }
  const result =
    options.queue === 'events'
      ? await moveWithTask(client, dlq, target, options, context, progress)
      : await copyMessages(client, dlq, target, progress);
  if (options.json)
    await out.write(`${JSON.stringify({ queue: dlqName, to: target.name, ...result })}\n`);
  else
    await out.write(
      `${result.status === 'COMPLETED' ? 'moved' : `${result.status}:`} ${result.moved} of ~${dlq.visible} message(s) from ${dlqName} to ${target.name}${result.failureReason ? ` — ${result.failureReason}` : ''}\n`,
    );
  return result.status === 'COMPLETED' ? ExitCode.OK : ExitCode.PROBLEMS;
}

function renderPeek(dlq: Queue, contents: DlqContents, limit: number): string {
  const lines = [
    `${dlq.name}: ~${dlq.visible} message(s) waiting${dlq.inFlight ? `, ${dlq.inFlight} in flight` : ''}; looked at ${contents.messages}${contents.messages >= limit ? ` (the first ${limit}; --limit for more)` : ''} without taking them`,
  ];
  const list = (title: string, counts: Record<string, number>): void => {
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) return;
    lines.push(`  ${title}:`);
    for (const [key, n] of entries) lines.push(`    ${String(n).padStart(5)}  ${key}`);
  };
  list('detections', contents.byDetection);
  list('accounts', contents.byAccount);
  list('EventBridge delivery errors', contents.errors);
  if (contents.heartbeats) lines.push(`  heartbeats: ${contents.heartbeats}`);
  if (contents.unclassified)
    lines.push(`  not an alert (no detection matched, or not an event): ${contents.unclassified}`);
  if (contents.oldest) lines.push(`  event times: ${contents.oldest} … ${contents.newest}`);
  lines.push('dry run: nothing was moved; run without --dry-run to send them back to the alerter');
  return `${lines.join('\n')}\n`;
}

interface MoveResult {
  readonly status: string;
  readonly moved: number;
  readonly failureReason?: string;
  readonly taskHandle?: string;
}

/** SQS's own redrive (StartMessageMoveTask), followed to the end with progress. */
async function moveWithTask(
  client: SQSClient,
  dlq: Queue,
  target: Queue,
  options: RedriveOptions,
  context: CommandContext,
  progress: (line: string) => void,
): Promise<MoveResult> {
  const list = async () =>
    (await client.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 1 })))
      .Results?.[0];
  let handle: string | undefined;
  try {
    const running = await list();
    if (running?.Status === 'RUNNING') {
      progress(
        `a move task is already running on ${dlq.name} (started ${new Date(running.StartedTimestamp ?? 0).toISOString()}); following it`,
      );
      handle = running.TaskHandle;
    } else {
      const started = await client.send(
        new StartMessageMoveTaskCommand({
          SourceArn: dlq.arn,
          DestinationArn: target.arn,
          ...(options.maxPerSecond ? { MaxNumberOfMessagesPerSecond: options.maxPerSecond } : {}),
        }),
      );
      handle = started.TaskHandle;
      progress(`started moving ~${dlq.visible} message(s) from ${dlq.name} to ${target.name}`);
    }
  } catch (error) {
    throw awsError(
      error,
      `starting a message move task on ${dlq.name}`,
      'the role needs sqs:StartMessageMoveTask and sqs:ListMessageMoveTasks on the dead-letter queue, sqs:ReceiveMessage/DeleteMessage on it, and sqs:SendMessage on trailwatch-events',
    );
  }
  for (;;) {
    await context.sleep(options.pollMs ?? 2000);
    let task: Awaited<ReturnType<typeof list>>;
    try {
      task = await list();
    } catch (error) {
      throw awsError(error, `following the move task on ${dlq.name}`);
    }
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    const total = task?.ApproximateNumberOfMessagesToMove ?? dlq.visible;
    const status = task?.Status ?? 'RUNNING';
    if (status === 'RUNNING' || status === 'CANCELLING') {
      progress(`${moved}/${total} moved`);
      continue;
    }
    return {
      status,
      moved,
      ...(task?.FailureReason ? { failureReason: task.FailureReason } : {}),
      ...(handle ? { taskHandle: handle } : {}),
    };
  }
}

/**
 * The delivery DLQ's messages come from EventBridge, not from an SQS queue, so SQS cannot
 * redrive them: each batch is sent to trailwatch-events and deleted only once the send
 * succeeded (a crash in between duplicates, which the alerter's dedup absorbs, never loses).
 */
async function copyMessages(
  client: SQSClient,
  dlq: Queue,
  target: Queue,
  progress: (line: string) => void,
): Promise<MoveResult> {
  let moved = 0;
  let empty = 0;
  try {
    while (empty < 2) {
      const received = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: dlq.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 60,
          WaitTimeSeconds: 1,
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) {
        empty++;
        continue;
      }
      empty = 0;
      const sent = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: target.url,
          Entries: messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '' })),
        }),
      );
      const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
      const done = messages.filter((_, i) => ok.has(String(i)));
      if (done.length > 0) {
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: dlq.url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      }
      moved += done.length;
      if ((sent.Failed ?? []).length > 0) {
        return {
          status: 'FAILED',
          moved,
          failureReason: `SendMessageBatch refused ${(sent.Failed ?? []).length} message(s): ${sent.Failed?.[0]?.Message ?? sent.Failed?.[0]?.Code}`,
        };
      }
      progress(`${moved}/~${dlq.visible} moved`);
    }
  } catch (error) {
    throw awsError(
      error,
      `moving messages from ${dlq.name} (${moved} moved so far)`,
      'the role needs sqs:ReceiveMessage/DeleteMessage on the dead-letter queue and sqs:SendMessage on trailwatch-events',
    );
  }
  return { status: 'COMPLETED', moved };
}
