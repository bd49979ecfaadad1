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
  /**
   * Messages sent per second, in `bodies` order, starting at once (a storm arriving over time).
   * @default - every body is sent before the first receive
   */
  readonly arrivalsPerSecond?: number;
  /**
   * `MaximumBatchingWindowInSeconds` in ms: a reader gathers records until the batch is full or
   * this long has passed since it started gathering (its previous invocation ended), then invokes
   * with what it has; an empty window starts again. @default 0 (invoke with what is visible)
   */
  readonly batchingWindowMs?: number;
  /**
   * Batch readers invoking the handler concurrently: the event source mapping's maximum
   * concurrency. Lambda polls with several readers (five to start) and each cuts its own batches,
   * so a stream arriving over time becomes several smaller batches in parallel. @default 1
   */
  readonly readers?: number;
  /**
   * Indexes into `bodies` that SQS delivers twice (standard queues are at-least-once): a second
   * copy with the same `messageId` and body is sent right after the first, received and
   * acknowledged on its own, possibly by another reader at the same time. @default []
   */
  readonly deliverTwice?: readonly number[];
}

/** Outcome of {@link runQueue}. */
export interface QueueRunResult {
  /** Messages the handler acknowledged (deleted from the queue); each copy of a message delivered twice counts. */
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

/** Polling step while a reader waits for messages or its window. */
const POLL_MS = 10;

/**
 * Drives a handler with SQS → Lambda event source mapping semantics, for `pnpm start`, the
 * benchmarks and the end-to-end tests: real-shaped SQS records in batches of at most `batchSize`;
 * `batchItemFailures` stay on the queue and come back after the visibility timeout; a handler that
 * throws (or answers an unknown/empty `itemIdentifier`) fails the whole batch, as Lambda does;
 * a message received `maxReceiveCount` times moves to the dead-letter list on its next receive.
 * Over time: bodies can arrive at a rate, each of `readers` concurrent readers gathers a batch for
 * up to `batchingWindowMs` (a new window starts when its previous invocation ends), and chosen
 * messages are delivered twice. Returns when every body has arrived and the queue is empty.
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
  const readers = options.readers ?? 1;
  if (!Number.isInteger(readers) || readers < 1) {
    throw new InvalidStandInOptionsError(`readers must be an integer ≥ 1, got ${readers}`);
  }
  const windowMs = options.batchingWindowMs ?? 0;
  if (!(windowMs >= 0)) {
    throw new InvalidStandInOptionsError(`batchingWindowMs must be ≥ 0, got ${windowMs}`);
  }
  const rate = options.arrivalsPerSecond;
  if (rate !== undefined && !(rate > 0)) {
    throw new InvalidStandInOptionsError(`arrivalsPerSecond must be > 0, got ${rate}`);
  }
  const { sqs } = options;
  const queueArn =
    options.queueArn ?? sqs?.queueArn ?? 'arn:aws:sqs:us-east-1:000000000000:trailwatch-events';
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  const maxInvocations = options.maxInvocations ?? 10_000;
  const twice = new Set(options.deliverTwice ?? []);
  const startedAt = Date.now();
  const schedule: QueuedMessage[] = [];
  options.bodies.forEach((body, index) => {
    const sentAt = rate === undefined ? startedAt : startedAt + Math.round((index * 1000) / rate);
    const messageId = randomUUID();
    const copies = twice.has(index) ? 2 : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      schedule.push({
        messageId,
        body,
        sentAt,
        receiveCount: 0,
        firstReceivedAt: undefined,
        visibleAt: sentAt,
      });
    }
  });
  let pending = schedule;
  const deadLetters: DeadLetter[] = [];
  const handlerErrors: unknown[] = [];
  let delivered = 0;
  let receives = 0;
  let invocations = 0;
  let inFlight = 0;
  let stopped: Error | undefined;

  /** Takes up to `room` visible messages; dead-letters those out of receives. */
  const take = (room: number, now: number): QueuedMessage[] => {
    const taken: QueuedMessage[] = [];
    for (const message of pending) {
      if (taken.length >= room) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= maxReceiveCount) {
        deadLetters.push({
          messageId: message.messageId,
          body: message.body,
          receiveCount: message.receiveCount,
        });
        pending = pending.filter((m) => m !== message);
        sqs?.forget(message.messageId);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      // Held by this reader while it gathers; its visibility timeout runs from the invocation.
      message.visibleAt = Number.POSITIVE_INFINITY;
      taken.push(message);
    }
    return taken;
  };

  const nextWake = (now: number): number => {
    const times = pending.map((m) => m.visibleAt).filter((t) => t > now && Number.isFinite(t));
    return times.length === 0 ? POLL_MS : Math.max(1, Math.min(POLL_MS, Math.min(...times) - now));
  };

  const reader = async (): Promise<void> => {
    while (stopped === undefined && (pending.length > 0 || inFlight > 0)) {
      const windowEnd = Date.now() + windowMs;
      const batch: QueuedMessage[] = [];
      // Gather: until the batch is full or the window has passed with something in it.
      for (;;) {
        const now = Date.now();
        batch.push(...take(batchSize - batch.length, now));
        if (batch.length >= batchSize) break;
        if (batch.length > 0 && now >= windowEnd) break;
        if (batch.length === 0 && pending.length === 0) break;
        await sleep(
          batch.length > 0 ? Math.max(1, Math.min(POLL_MS, windowEnd - now)) : nextWake(now),
        );
      }
      if (batch.length === 0) {
        // Nothing left for this reader; another may still hand records back.
        if (inFlight === 0) return;
        await sleep(POLL_MS);
        continue;
      }
      if (invocations >= maxInvocations) {
        stopped = new InvalidStandInOptionsError(
          `runQueue stopped after ${maxInvocations} invocations with ${pending.length} messages left`,
        );
        return;
      }
      invocations += 1;
      const invocation = invocations;
      receives += batch.length;
      inFlight += 1;
      const invokedAt = Date.now();
      const records = batch.map((message) => {
        message.visibleAt = invokedAt + visibilityTimeoutMs;
        const receiptHandle = `AQEB${randomBytes(96).toString('base64')}`;
        sqs?.track(message.messageId, receiptHandle, (visibleAt) => {
          message.visibleAt = visibleAt;
        });
        return toRecord(message, receiptHandle, queueArn, region);
      });
      const started = Date.now();
      try {
        const outcome = await invoke(
          handler,
          { Records: records },
          createLambdaContext({ region, ...options.context }),
        );
        const failed = new Set(
          outcome.ok ? outcome.failedIds : batch.map((message) => message.messageId),
        );
        if (!outcome.ok) handlerErrors.push(outcome.error);
        const acknowledged = batch.filter((message) => !failed.has(message.messageId));
        delivered += acknowledged.length;
        pending = pending.filter((message) => !acknowledged.includes(message));
        options.onInvoke?.({
          invocation,
          messageIds: batch.map((message) => message.messageId),
          failedIds: [...failed],
          error: outcome.ok ? undefined : outcome.error,
          durationMs: Date.now() - started,
        });
      } finally {
        inFlight -= 1;
      }
    }
  };

  await Promise.all(Array.from({ length: readers }, () => reader()));
  if (stopped !== undefined) throw stopped;
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
