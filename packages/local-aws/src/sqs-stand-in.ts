import {
  type AwsJsonStandIn,
  type FaultModes,
  pickFaultModes,
  requireString,
  startAwsJsonService,
} from './aws-json-service.js';
import { AwsServiceError } from './errors.js';

/** Receives a new visibility deadline (epoch ms) for an in-flight message. */
export type VisibilityListener = (visibleAt: number) => void;

/** A running SQS stand-in for one queue. */
export interface SqsStandIn extends AwsJsonStandIn {
  /** `http://127.0.0.1:<port>/000000000000/<queue name>`, what `QUEUE_URL` holds. */
  readonly queueUrl: string;
  readonly queueArn: string;
  /**
   * Makes `receiptHandle` the current handle of an in-flight message; later
   * ChangeMessageVisibility calls with it reach `listener`. {@link runQueue} calls this on every
   * receive; a message's previous handles stop working, as in SQS.
   */
  track(messageId: string, receiptHandle: string, listener: VisibilityListener): void;
  /** Forgets a message (deleted or dead-lettered): its handle no longer works. */
  forget(messageId: string): void;
}

/** Options of the SQS stand-in. */
export interface SqsStandInOptions extends Partial<FaultModes> {
  /** @default 'trailwatch-events' */
  readonly queueName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
}

/** SQS caps a visibility timeout at 12 hours. */
const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * Starts an SQS stand-in on loopback speaking AWS JSON 1.0 (`X-Amz-Target:
 * AmazonSQS.<Action>`), the protocol of the current `@aws-sdk/client-sqs`. It implements the
 * calls a Lambda consumer makes about in-flight messages, `ChangeMessageVisibility` and
 * `ChangeMessageVisibilityBatch` (plus `GetQueueUrl`), for messages that {@link runQueue}
 * delivers: pass the stand-in to `runQueue({ sqs })`, and `queueUrl` to the handler's
 * `QUEUE_URL`.
 */
export async function startSqsStandIn(options: SqsStandInOptions = {}): Promise<SqsStandIn> {
  const queueName = options.queueName ?? 'trailwatch-events';
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const inFlight = new Map<string, { messageId: string; listener: VisibilityListener }>();
  const handleOf = new Map<string, string>();
  let queueUrl = '';

  const checkQueue = (params: Record<string, unknown>): void => {
    if (requireString(params, 'QueueUrl', 'MissingParameter') !== queueUrl) {
      throw new AwsServiceError(
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    }
  };
  const change = (receiptHandle: unknown, timeout: unknown): void => {
    if (
      typeof timeout !== 'number' ||
      !Number.isInteger(timeout) ||
      timeout < 0 ||
      timeout > MAX_VISIBILITY_SECONDS
    ) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `Value ${String(timeout)} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.`,
      );
    }
    const entry = typeof receiptHandle === 'string' ? inFlight.get(receiptHandle) : undefined;
    if (entry === undefined) {
      throw new AwsServiceError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${String(receiptHandle).slice(0, 16)}…" is not a valid receipt handle.`,
      );
    }
    entry.listener(Date.now() + timeout * 1000);
  };

  const service = await startAwsJsonService(
    {
      targetPrefix: 'AmazonSQS',
      jsonVersion: '1.0',
      throttling: { type: 'RequestThrottled', message: 'Request is throttled.' },
      denyMessage: (action) =>
        `User: arn:aws:sts::${accountId}:assumed-role/trailwatch-alerter/local is not authorized to perform: sqs:${action} on resource: arn:aws:sqs:${region}:${accountId}:${queueName}`,
      actions: {
        GetQueueUrl: (params) => {
          if (requireString(params, 'QueueName', 'MissingParameter') !== queueName) {
            throw new AwsServiceError(
              'AWS.SimpleQueueService.NonExistentQueue',
              'The specified queue does not exist.',
            );
          }
          return { QueueUrl: queueUrl };
        },
        ChangeMessageVisibility: (params) => {
          checkQueue(params);
          change(params.ReceiptHandle, params.VisibilityTimeout);
          return {};
        },
        ChangeMessageVisibilityBatch: (params) => {
          checkQueue(params);
          const entries = params.Entries;
          if (!Array.isArray(entries) || entries.length === 0) {
            throw new AwsServiceError(
              'AWS.SimpleQueueService.EmptyBatchRequest',
              'There should be at least one ChangeMessageVisibilityBatchRequestEntry in the request.',
            );
          }
          if (entries.length > 10) {
            throw new AwsServiceError(
              'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
              `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
            );
          }
          const Successful: { Id: string }[] = [];
          const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
          for (const raw of entries as Record<string, unknown>[]) {
            const id = String(raw.Id);
            try {
              change(raw.ReceiptHandle, raw.VisibilityTimeout);
              Successful.push({ Id: id });
            } catch (error) {
              const failure = error as AwsServiceError;
              Failed.push({
                Id: id,
                SenderFault: true,
                Code: failure.type,
                Message: failure.message,
              });
            }
          }
          return { Successful, Failed };
        },
      },
    },
    pickFaultModes(options),
  );
  queueUrl = `${service.url}/${accountId}/${queueName}`;
  return Object.assign(service, {
    queueUrl,
    queueArn: `arn:aws:sqs:${region}:${accountId}:${queueName}`,
    track(messageId: string, receiptHandle: string, listener: VisibilityListener) {
      const previous = handleOf.get(messageId);
      if (previous !== undefined) inFlight.delete(previous);
      handleOf.set(messageId, receiptHandle);
      inFlight.set(receiptHandle, { messageId, listener });
    },
    forget(messageId: string) {
      const handle = handleOf.get(messageId);
      if (handle !== undefined) inFlight.delete(handle);
      handleOf.delete(messageId);
    },
  });
}
