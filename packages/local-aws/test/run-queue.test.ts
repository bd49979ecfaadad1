import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  InvalidStandInOptionsError,
  runQueue,
  type SqsHandler,
  startSqsStandIn,
} from '../src/index.js';

const bodies = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: `event-${i}` }));
const idOf = (body: string): string => (JSON.parse(body) as { id: string }).id;

describe('Function: runQueue', () => {
  it('delivers every body once in batches of batchSize with real-shaped SQS records', async () => {
    // Prepare
    const events: SQSEvent[] = [];
    const handler: SqsHandler = async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    };
    // Act
    const result = await runQueue({
      handler,
      bodies: bodies(25),
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 50,
    });
    // Assess
    expect(events.map((e) => e.Records.length)).toEqual([10, 10, 5]);
    expect(events.flatMap((e) => e.Records.map((r) => idOf(r.body)))).toEqual(bodies(25).map(idOf));
    const record = events[0]?.Records[0];
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:trailwatch-events',
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(record?.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(record?.receiptHandle.length).toBeGreaterThan(100);
    expect(record?.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    expect(result).toMatchObject({ delivered: 25, deadLettered: [], receives: 25, invocations: 3 });
  });

  it('redelivers batchItemFailures after the visibility timeout with a higher receive count', async () => {
    // Prepare
    const seen: { id: string; count: string; at: number; handle: string }[] = [];
    const handler: SqsHandler = async (event) => {
      const failures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        seen.push({
          id: idOf(record.body),
          count: record.attributes.ApproximateReceiveCount,
          at: Date.now(),
          handle: record.receiptHandle,
        });
        if (idOf(record.body) === 'event-1' && record.attributes.ApproximateReceiveCount === '1') {
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    };
    // Act
    const result = await runQueue({
      handler,
      bodies: bodies(3),
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 200,
    });
    // Assess
    const event1 = seen.filter((s) => s.id === 'event-1');
    expect(event1.map((s) => s.count)).toEqual(['1', '2']);
    expect((event1[1]?.at ?? 0) - (event1[0]?.at ?? 0)).toBeGreaterThanOrEqual(190);
    expect(event1[0]?.handle).not.toBe(event1[1]?.handle);
    expect(seen.filter((s) => s.id !== 'event-1')).toHaveLength(2);
    expect(result).toMatchObject({ delivered: 3, receives: 4, invocations: 2, deadLettered: [] });
  });

  it('fails the whole batch when the handler throws, as Lambda does', async () => {
    // Prepare
    let calls = 0;
    const handler: SqsHandler = async () => {
      calls += 1;
      if (calls === 1) {
        throw new Error('boom');
      }
      return { batchItemFailures: [] };
    };
    // Act
    const result = await runQueue({
      handler,
      bodies: bodies(4),
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 20,
    });
    // Assess
    expect(result).toMatchObject({ delivered: 4, receives: 8, invocations: 2 });
    expect(result.handlerErrors).toEqual([new Error('boom')]);
  });

  it('fails the whole batch when an itemIdentifier is not in the batch', async () => {
    // Prepare
    let calls = 0;
    const handler: SqsHandler = async () => {
      calls += 1;
      return { batchItemFailures: calls === 1 ? [{ itemIdentifier: '' }] : [] };
    };
    // Act
    const result = await runQueue({
      handler,
      bodies: bodies(2),
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 20,
    });
    // Assess
    expect(result).toMatchObject({ delivered: 2, receives: 4, invocations: 2 });
  });

  it('moves a message to the dead-letter list after maxReceiveCount receives', async () => {
    // Prepare
    const counts: string[] = [];
    const handler: SqsHandler = async (event) => ({
      batchItemFailures: event.Records.filter((record) => {
        if (idOf(record.body) === 'event-0') {
          counts.push(record.attributes.ApproximateReceiveCount);
          return true;
        }
        return false;
      }).map((record) => ({ itemIdentifier: record.messageId })),
    });
    // Act
    const result = await runQueue({
      handler,
      bodies: bodies(2),
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 20,
    });
    // Assess
    expect(counts).toEqual(['1', '2', '3']);
    expect(result.deadLettered.map(idOf)).toEqual(['event-0']);
    expect(result.deadLetters[0]?.receiveCount).toBe(3);
    expect(result.delivered).toBe(1);
  });

  it('passes a Lambda-like context whose remaining time counts down from the timeout', async () => {
    // Prepare
    let remaining = 0;
    let requestId = '';
    const handler: SqsHandler = async (_event, context) => {
      remaining = context.getRemainingTimeInMillis();
      requestId = context.awsRequestId;
      return undefined;
    };
    // Act
    await runQueue({
      handler,
      bodies: bodies(1),
      batchSize: 1,
      maxReceiveCount: 1,
      visibilityTimeoutMs: 0,
      context: { timeoutMs: 30_000, functionName: 'alerter' },
    });
    // Assess
    expect(remaining).toBeGreaterThan(29_000);
    expect(remaining).toBeLessThanOrEqual(30_000);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports each invocation to onInvoke', async () => {
    // Prepare
    const reports: number[] = [];
    // Act
    await runQueue({
      handler: async () => ({ batchItemFailures: [] }),
      bodies: bodies(5),
      batchSize: 2,
      maxReceiveCount: 1,
      visibilityTimeoutMs: 0,
      onInvoke: (report) => reports.push(report.messageIds.length),
    });
    // Assess
    expect(reports).toEqual([2, 2, 1]);
  });

  it('refuses impossible settings', async () => {
    // Act / Assess
    const handler: SqsHandler = async () => undefined;
    await expect(
      runQueue({ handler, bodies: [], batchSize: 0, maxReceiveCount: 1, visibilityTimeoutMs: 0 }),
    ).rejects.toThrow(InvalidStandInOptionsError);
    await expect(
      runQueue({ handler, bodies: [], batchSize: 1, maxReceiveCount: 0, visibilityTimeoutMs: 0 }),
    ).rejects.toThrow(/maxReceiveCount/);
  });
});

describe('Function: runQueue with an SQS stand-in', () => {
  it('redelivers a handed-back message when the visibility set through ChangeMessageVisibilityBatch expires', async () => {
    // Prepare
    const sqs = await startSqsStandIn();
    const receivedAt: number[] = [];
    let visibilityAnswer: unknown;
    const handler: SqsHandler = async (event) => {
      const record = event.Records[0]!;
      receivedAt.push(Date.now());
      if (record.attributes.ApproximateReceiveCount !== '1') {
        return { batchItemFailures: [] };
      }
      const answer = await fetch(sqs.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AmazonSQS.ChangeMessageVisibilityBatch',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sqs/aws4_request',
        },
        body: JSON.stringify({
          QueueUrl: sqs.queueUrl,
          Entries: [
            { Id: '0', ReceiptHandle: record.receiptHandle, VisibilityTimeout: 0 },
            { Id: '1', ReceiptHandle: 'stale', VisibilityTimeout: 0 },
          ],
        }),
      });
      visibilityAnswer = await answer.json();
      return { batchItemFailures: [{ itemIdentifier: record.messageId }] };
    };
    // Act
    const result = await runQueue({
      handler,
      bodies: bodies(1),
      batchSize: 1,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 60_000,
      sqs,
    });
    await sqs.close();
    // Assess
    expect(visibilityAnswer).toMatchObject({
      Successful: [{ Id: '0' }],
      Failed: [{ Id: '1', Code: 'ReceiptHandleIsInvalid' }],
    });
    expect(result).toMatchObject({ delivered: 1, receives: 2 });
    expect((receivedAt[1] ?? 0) - (receivedAt[0] ?? 0)).toBeLessThan(5_000);
    expect(sqs.calls.map((call) => call.action)).toEqual(['ChangeMessageVisibilityBatch']);
  });
});

describe('Function: runQueue over time', () => {
  it('sends bodies at the arrival rate and cuts them into batches by the batching window', async () => {
    // Prepare: 20 messages at 20/s (1 s), a 300 ms window, batches of up to 100.
    const batches: { size: number; at: number }[] = [];
    const started = Date.now();
    const handler: SqsHandler = async (event) => {
      batches.push({ size: event.Records.length, at: Date.now() - started });
      return { batchItemFailures: [] };
    };
    // Act
    const result = await runQueue({
      handler,
      bodies: bodies(20),
      batchSize: 100,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 1000,
      arrivalsPerSecond: 20,
      batchingWindowMs: 300,
    });
    // Assess: several small batches, none bigger than what arrives in about one window.
    expect(result).toMatchObject({ delivered: 20, receives: 20, deadLettered: [] });
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches.map((b) => b.size))).toBeLessThanOrEqual(10);
    expect(batches.at(-1)!.at).toBeGreaterThanOrEqual(950);
  });

  it('fills a batch before the window ends when enough is queued', async () => {
    const sizes: { size: number; at: number }[] = [];
    const started = Date.now();
    const handler: SqsHandler = async (event) => {
      sizes.push({ size: event.Records.length, at: Date.now() - started });
      return { batchItemFailures: [] };
    };
    await runQueue({
      handler,
      bodies: bodies(25),
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 100,
      batchingWindowMs: 600,
    });
    // Full batches go at once; the last 5 wait out the window (and are not received twice).
    expect(sizes.map((s) => s.size)).toEqual([10, 10, 5]);
    expect(sizes[2]!.at).toBeGreaterThanOrEqual(590);
  });

  it('runs up to `readers` invocations at once, never more', async () => {
    let running = 0;
    let most = 0;
    const handler: SqsHandler = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 50));
      running -= 1;
      return { batchItemFailures: [] };
    };
    const result = await runQueue({
      handler,
      bodies: bodies(12),
      batchSize: 2,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 1000,
      readers: 3,
    });
    expect(most).toBe(3);
    expect(result).toMatchObject({ delivered: 12, invocations: 6 });
  });

  it('delivers a chosen message twice, with one messageId, to two readers at once', async () => {
    const seen: { id: string; messageId: string }[] = [];
    const handler: SqsHandler = async (event) => {
      for (const record of event.Records)
        seen.push({ id: idOf(record.body), messageId: record.messageId });
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { batchItemFailures: [] };
    };
    const result = await runQueue({
      handler,
      bodies: bodies(3),
      batchSize: 1,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 1000,
      readers: 2,
      deliverTwice: [1],
    });
    const copies = seen.filter((s) => s.id === 'event-1');
    expect(copies).toHaveLength(2);
    expect(copies[0]!.messageId).toBe(copies[1]!.messageId);
    expect(seen.filter((s) => s.id !== 'event-1')).toHaveLength(2);
    expect(result).toMatchObject({ delivered: 4, receives: 4 });
  });

  it('rejects nonsense timing options', async () => {
    const handler: SqsHandler = async () => ({ batchItemFailures: [] });
    const base = {
      handler,
      bodies: bodies(1),
      batchSize: 1,
      maxReceiveCount: 1,
      visibilityTimeoutMs: 0,
    };
    await expect(runQueue({ ...base, readers: 0 })).rejects.toThrow(/readers/);
    await expect(runQueue({ ...base, arrivalsPerSecond: 0 })).rejects.toThrow(/arrivalsPerSecond/);
    await expect(runQueue({ ...base, batchingWindowMs: -1 })).rejects.toThrow(/batchingWindowMs/);
  });
});
