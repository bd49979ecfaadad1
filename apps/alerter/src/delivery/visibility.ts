import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Log } from '../telemetry.js';

/** A record to hide from consumers for a while. */
export interface HandedBackRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
}

/** SQS caps visibility at 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
/** ChangeMessageVisibilityBatch accepts at most ten entries. */
const BATCH_LIMIT = 10;

/**
 * Sets the visibility timeout of handed-back records (Slack's `Retry-After` after a 429, a backoff
 * otherwise; see `redeliveryDelaySeconds`), so SQS redelivers them when they can succeed rather
 * than after the queue's default timeout. Best effort: a failure only means the default applies.
 */
export function createVisibilityChanger(
  sqs: SQSClient,
  queueUrl: string,
  log: Log,
): (records: readonly HandedBackRecord[], seconds: number) => Promise<void> {
  return async (records, seconds) => {
    const timeout = Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds)));
    const chunks: HandedBackRecord[][] = [];
    for (let start = 0; start < records.length; start += BATCH_LIMIT) {
      chunks.push(records.slice(start, start + BATCH_LIMIT));
    }
    // In parallel: records held for one storm digest must reappear together, not ten at a time.
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const answer = await sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: chunk.map((record, index) => ({
                Id: String(index),
                ReceiptHandle: record.receiptHandle,
                VisibilityTimeout: timeout,
              })),
            }),
          );
          if (answer.Failed && answer.Failed.length > 0) {
            log.warn('Some visibility changes failed; the queue default applies to them', {
              failed: answer.Failed.map((entry) => entry.Code),
            });
          }
        } catch (error) {
          log.warn('ChangeMessageVisibility failed; the queue default applies', {
            error: error instanceof Error ? error.name : String(error),
          });
        }
      }),
    );
  };
}
