import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { InvalidStandInOptionsError } from './errors.js';
import { createLambdaContext, type LambdaContextOptions } from './lambda-context.js';
import { sleep } from './loopback-server.js';
import type { SqsStandIn } from './sqs-stand-in.js';

/** A Lambda handler for SQS events, as the alerter bundle exports it. */
export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined>;

/** What happened in one invocation; passed to {@link QueueOptions.onInvoke}. */
export interface InvocationReport {
  /** 1-based. */
  readonly invocation: number;
  readonly messageIds: readonly string[];
  /** Messages left on the queue for redelivery (all of them when the handler failed). */
  readonly failedIds: readonly string[];
  /** The handler's error or a description of an invalid response, when the whole batch failed. */
  readonly error: unknown;
  readonly durationMs: number;
}

/** A message the queue gave up on. */
export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  /** Receives before it was moved (= maxReceiveCount). */
  readonly receiveCount: number;
}

/** Options of {@link runQueue}. */
export interface QueueOptions {
  readonly handler: SqsHandler;
  /** Message bodies, sent to the queue at once before the first receive. */
  readonly bodies: readonly string[];
  /** Event source mapping `BatchSize`, 1–10000. */
  readonly batchSize: number;
  /** Redrive policy `maxReceiveCount`: receives before a message moves to the dead-letter list. */
  readonly maxReceiveCount: number;
  /** Queue visibility timeout (scale it down for local runs). */
  readonly visibilityTimeoutMs: number;
  /** @default - the stand-in's ARN, else 'arn:aws:sqs:us-east-1:000000000000:trailwatch-events' */
  readonly queueArn?: string;
  /**
   * SQS stand-in whose `ChangeMessageVisibility(Batch)` calls move the delivered messages'
   * visibility deadlines (what the alerter does with `QUEUE_URL` after a 429). @default - none
   */
  readonly sqs?: SqsStandIn;
  /** Invocation context settings; the default function timeout is 60 s. */
  readonly context?: LambdaContextOptions;
  /** Called after each invocation (progress output, assertions). */
  readonly onInvoke?: (report: InvocationReport) => void;
  /** Safety stop for a handler that never makes progress. @default 10000 */
  readonly maxInvocations?: number;
}

/** Outcome of {@link runQueue}. */
export interface QueueRunResult {
  /** Messages the handler acknowledged (deleted from the queue). */
  readonly delivered: number;
  /** Bodies moved to the dead-letter list, in the order they were moved. */
  readonly deadLettered: string[];
  /** Records handed to the handler, redeliveries included. */
  readonly receives: number;
  readonly invocations: number;
  /** The dead letters with their message ids. */
  readonly deadLetters: readonly DeadLetter[];
  /** Errors thrown by the handler (each failed a whole batch). */
  readonly handlerErrors: readonly unknown[];
}

interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  visibleAt: number;
}

/**
 * Drives a handler with SQS → Lambda event source mapping semantics, for `pnpm start` and the
 * end-to-end tests: real-shaped SQS records in batches of `batchSize`, one invocation at a time;
 * `batchItemFailures` stay on the queue and come back after the visibility timeout; a handler that
 * throws (or answers an unknown/empty `itemIdentifier`) fails the whole batch, as Lambda does;
 * a message received `maxReceiveCount` times moves to the dead-letter list on its next receive.
 * Returns when the queue is empty.
 *
 * @example
 * const result = await runQueue({ handler, bodies, batchSize: 100, maxReceiveCount: 5, visibilityTimeoutMs: 1500 });
 */
export async function runQueue(options: QueueOptions): Promise<QueueRunResult> {
  const { handler, batchSize, maxReceiveCount, visibilityTimeoutMs } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new InvalidStandInOptionsError(`batchSize must be an integer 1–10000, got ${batchSize}`);
  }
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
    throw new InvalidStandInOptionsError(
      `maxReceiveCount must be an integer ≥ 1, got ${maxReceiveCount}`,
    );
  }
  if (!(visibilityTimeoutMs >= 0)) {
    throw new InvalidStandInOptionsError(
      `visibilityTimeoutMs must be ≥ 0, got ${visibilityTimeoutMs}`,
    );
  }
  const { sqs } = options;
  const queueArn =
    options.queueArn ?? sqs?.queueArn ?? 'arn:aws:sqs:us-east-1:000000000000:trailwatch-events';
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  const maxInvocations = options.maxInvocations ?? 10_000;
  const sentAt = Date.now();
  let pending: QueuedMessage[] = options.bodies.map((body) => ({
    messageId: randomUUID(),
    body,
    sentAt,
    receiveCount: 0,
    firstReceivedAt: undefined,
    visibleAt: sentAt,
  }));
  const deadLetters: DeadLetter[] = [];
  const handlerErrors: unknown[] = [];
  let delivered = 0;
  let receives = 0;
  let invocations = 0;

  while (pending.length > 0) {
    const now = Date.now();
    const visible = pending.filter((message) => message.visibleAt <= now);
    if (visible.length === 0) {
      await sleep(Math.max(1, Math.min(...pending.map((m) => m.visibleAt)) - now));
      continue;
    }
    const batch: QueuedMessage[] = [];
    for (const message of visible) {
      if (message.receiveCount >= maxReceiveCount) {
        deadLetters.push({
          messageId: message.messageId,
          body: message.body,
          receiveCount: message.receiveCount,
        });
        pending = pending.filter((m) => m !== message);
        sqs?.forget(message.messageId);
      } else if (batch.length < batchSize) {
        batch.push(message);
      }
    }
    if (batch.length === 0) {
      continue;
    }
    if (invocations >= maxInvocations) {
      throw new InvalidStandInOptionsError(
        `runQueue stopped after ${maxInvocations} invocations with ${pending.length} messages left`,
      );
    }
    invocations += 1;
    receives += batch.length;
    const receivedAt = Date.now();
    const records = batch.map((message) => {
      message.receiveCount += 1;
      message.firstReceivedAt ??= receivedAt;
      message.visibleAt = receivedAt + visibilityTimeoutMs;
      const receiptHandle = `AQEB${randomBytes(96).toString('base64')}`;
      sqs?.track(message.messageId, receiptHandle, (visibleAt) => {
        message.visibleAt = visibleAt;
      });
      return toRecord(message, receiptHandle, queueArn, region);
    });
    const started = Date.now();
    const outcome = await invoke(
      handler,
      { Records: records },
      createLambdaContext({
        region,
        ...options.context,
      }),
    );
    const failed = new Set(
      outcome.ok ? outcome.failedIds : batch.map((message) => message.messageId),
    );
    if (!outcome.ok) {
      handlerErrors.push(outcome.error);
    }
    delivered += batch.length - failed.size;
    pending = pending.filter(
      (message) => !batch.includes(message) || failed.has(message.messageId),
    );
    options.onInvoke?.({
      invocation: invocations,
      messageIds: batch.map((message) => message.messageId),
      failedIds: [...failed],
      error: outcome.ok ? undefined : outcome.error,
      durationMs: Date.now() - started,
    });
  }
  return {
    delivered,
    deadLettered: deadLetters.map((letter) => letter.body),
    receives,
    invocations,
    deadLetters,
    handlerErrors,
  };
}

type Outcome = { ok: true; failedIds: string[] } | { ok: false; error: unknown };

async function invoke(handler: SqsHandler, event: SQSEvent, context: Context): Promise<Outcome> {
  let response: SQSBatchResponse | undefined;
  try {
    response = await handler(event, context);
  } catch (error) {
    return { ok: false, error };
  }
  const failures = response?.batchItemFailures ?? [];
  if (!Array.isArray(failures)) {
    return { ok: false, error: new Error('batchItemFailures is not an array') };
  }
  const ids = new Set(event.Records.map((record) => record.messageId));
  const failedIds: string[] = [];
  for (const failure of failures) {
    const id: unknown = failure?.itemIdentifier;
    // Lambda fails the whole batch when an identifier is empty or not in the batch.
    if (typeof id !== 'string' || !ids.has(id)) {
      return { ok: false, error: new Error(`invalid itemIdentifier ${JSON.stringify(id)}`) };
    }
    failedIds.push(id);
  }
  return { ok: true, failedIds };
}

function toRecord(
  message: QueuedMessage,
  receiptHandle: string,
  queueArn: string,
  region: string,
): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
