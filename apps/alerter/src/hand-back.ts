import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { HandedBackRecord } from './delivery/visibility.js';

/**
 * A record a pipeline step gives back to SQS. Every step returns the records it hands back;
 * only `processBatch` turns them into `batchItemFailures` and visibility changes, so there is one
 * place that decides what leaves the queue.
 */
export interface HandBack extends HandedBackRecord {
  /** Seconds SQS should hide it before redelivery; absent = the queue's visibility timeout. */
  readonly delaySeconds?: number;
  /**
   * Epoch ms at which SQS should make it visible again (a storm window's digest time); wins over
   * `delaySeconds`. Records held for one digest come back together, so one batch carries them.
   */
  readonly dueAt?: number;
}

/** `record` handed back, optionally hidden for `delaySeconds`. */
export function handBack(record: SQSRecord, delaySeconds?: number): HandBack {
  const { messageId, receiptHandle } = record;
  return delaySeconds === undefined
    ? { messageId, receiptHandle }
    : { messageId, receiptHandle, delaySeconds };
}

/** The Lambda answer: each handed-back message once (an event may carry several records). */
export function batchResponse(handedBack: readonly HandBack[]): SQSBatchResponse {
  const ids = [...new Set(handedBack.map((entry) => entry.messageId))];
  return { batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Handed-back records that asked for a delay, grouped by it (one visibility call per delay). */
export function byDelay(handedBack: readonly HandBack[]): Map<number, HandedBackRecord[]> {
  const groups = new Map<number, HandedBackRecord[]>();
  for (const { messageId, receiptHandle, delaySeconds, dueAt } of handedBack) {
    if (delaySeconds === undefined || dueAt !== undefined) continue;
    const list = groups.get(delaySeconds) ?? [];
    list.push({ messageId, receiptHandle });
    groups.set(delaySeconds, list);
  }
  return groups;
}

/** Handed-back records that asked to come back at a given time, grouped by it. */
export function byDueTime(handedBack: readonly HandBack[]): Map<number, HandedBackRecord[]> {
  const groups = new Map<number, HandedBackRecord[]>();
  for (const { messageId, receiptHandle, dueAt } of handedBack) {
    if (dueAt === undefined) continue;
    const list = groups.get(dueAt) ?? [];
    list.push({ messageId, receiptHandle });
    groups.set(dueAt, list);
  }
  return groups;
}
