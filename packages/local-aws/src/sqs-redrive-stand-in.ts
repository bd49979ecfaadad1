import { createHash, randomUUID } from 'node:crypto';
import { type AwsJsonStandIn, requireString, startAwsJsonService } from './aws-json-service.js';
import { AwsServiceError } from './errors.js';

/** SQS's body checksum, which the SDK verifies. */
function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** A queue of the redrive stand-in and the messages it holds. */
export interface RedriveQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  /** Bodies waiting in the queue, oldest first. */
  readonly messages: { readonly id: string; readonly body: string }[];
}

/** A running SQS stand-in for dead-letter queues and their source. */
export interface SqsRedriveStandIn extends AwsJsonStandIn {
  queue(name: string): RedriveQueue;
}

/**
 * An SQS stand-in (AWS JSON 1.0, `X-Amz-Target: AmazonSQS.<Action>`) holding several named queues,
 * for operator tooling that inspects and redrives dead-letter queues: GetQueueUrl,
 * GetQueueAttributes, ReceiveMessage (any visibility timeout leaves the message in place: nothing is
 * in flight here), SendMessageBatch, DeleteMessageBatch, StartMessageMoveTask (moves everything at
 * once and completes) and ListMessageMoveTasks. Receipt handles are the message ids.
 */
export async function startSqsRedriveStandIn(options: {
  readonly queues: Readonly<Record<string, readonly string[]>>;
  readonly region?: string;
  readonly accountId?: string;
}): Promise<SqsRedriveStandIn> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const queues = new Map<string, RedriveQueue>();
  const tasks = new Map<string, { handle: string; moved: number; source: string }>();

  const byUrl = (params: Record<string, unknown>): RedriveQueue => {
    const url = requireString(params, 'QueueUrl', 'MissingParameter');
    const found = [...queues.values()].find((q) => q.url === url);
    if (!found)
      throw new AwsServiceError(
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    return found;
  };
  const byArn = (arn: unknown): RedriveQueue => {
    const found = [...queues.values()].find((q) => q.arn === arn);
    if (!found)
      throw new AwsServiceError(
        'ResourceNotFoundException',
        "The resource that you specified for the SourceArn parameter doesn't exist.",
      );
    return found;
  };
  const service = await startAwsJsonService({
    targetPrefix: 'AmazonSQS',
    jsonVersion: '1.0',
    throttling: { type: 'RequestThrottled', message: 'Request is throttled.' },
    denyMessage: (action) => `not authorized to perform: sqs:${action}`,
    actions: {
      GetQueueUrl: (params) => {
        const queue = queues.get(requireString(params, 'QueueName', 'MissingParameter'));
        if (!queue)
          throw new AwsServiceError(
            'AWS.SimpleQueueService.NonExistentQueue',
            'The specified queue does not exist.',
          );
        return { QueueUrl: queue.url };
      },
      GetQueueAttributes: (params) => {
        const queue = byUrl(params);
        return {
          Attributes: {
            QueueArn: queue.arn,
            ApproximateNumberOfMessages: String(queue.messages.length),
            ApproximateNumberOfMessagesNotVisible: '0',
          },
        };
      },
      ReceiveMessage: (params) => {
        const queue = byUrl(params);
        const max = typeof params.MaxNumberOfMessages === 'number' ? params.MaxNumberOfMessages : 1;
        return {
          Messages: queue.messages.slice(0, max).map((m) => ({
            MessageId: m.id,
            ReceiptHandle: m.id,
            Body: m.body,
            MD5OfBody: md5(m.body),
          })),
        };
      },
      SendMessageBatch: (params) => {
        const queue = byUrl(params);
        const entries = (params.Entries ?? []) as { Id: string; MessageBody: string }[];
        return {
          Successful: entries.map((e) => {
            const id = randomUUID();
            queue.messages.push({ id, body: e.MessageBody });
            return { Id: e.Id, MessageId: id, MD5OfMessageBody: md5(e.MessageBody) };
          }),
          Failed: [],
        };
      },
      DeleteMessageBatch: (params) => {
        const queue = byUrl(params);
        const entries = (params.Entries ?? []) as { Id: string; ReceiptHandle: string }[];
        for (const e of entries) {
          const index = queue.messages.findIndex((m) => m.id === e.ReceiptHandle);
          if (index >= 0) queue.messages.splice(index, 1);
        }
        return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
      },
      StartMessageMoveTask: (params) => {
        const source = byArn(params.SourceArn);
        const destination = byArn(params.DestinationArn);
        const moved = source.messages.splice(0);
        destination.messages.push(...moved);
        const handle = randomUUID();
        tasks.set(source.arn, { handle, moved: moved.length, source: source.arn });
        return { TaskHandle: handle };
      },
      ListMessageMoveTasks: (params) => {
        const source = byArn(params.SourceArn);
        const task = tasks.get(source.arn);
        return {
          Results: task
            ? [
                {
                  TaskHandle: task.handle,
                  Status: 'COMPLETED',
                  SourceArn: task.source,
                  ApproximateNumberOfMessagesMoved: task.moved,
                  ApproximateNumberOfMessagesToMove: task.moved,
                },
              ]
            : [],
        };
      },
    },
  });
  for (const [name, bodies] of Object.entries(options.queues)) {
    queues.set(name, {
      name,
      url: `${service.url}/${accountId}/${name}`,
      arn: `arn:aws:sqs:${region}:${accountId}:${name}`,
      messages: bodies.map((body) => ({ id: randomUUID(), body })),
    });
  }
  return Object.assign(service, {
    queue: (name: string) => {
      const queue = queues.get(name);
      if (!queue) throw new Error(`no queue ${name}`);
      return queue;
    },
  });
}
