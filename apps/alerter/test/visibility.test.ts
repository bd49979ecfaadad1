import { ChangeMessageVisibilityBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createVisibilityChanger } from '../src/delivery/visibility.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';

const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111111111111/trailwatch-alerts';

afterEach(() => {
  sqs.reset();
});

const records = Array.from({ length: 23 }, (_, index) => ({
  messageId: `m-${index}`,
  receiptHandle: `rh-${index}`,
}));

describe('Function: createVisibilityChanger', () => {
  it('sets Retry-After as the visibility of every handed-back record, ten per call', async () => {
    sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
    const telemetry = recordingTelemetry();
    await createVisibilityChanger(
      new SQSClient({ region: 'us-east-1' }),
      QUEUE,
      telemetry.log,
    )(records, 30);
    const calls = sqs.commandCalls(ChangeMessageVisibilityBatchCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    const entries = calls.flatMap((call) => call.args[0].input.Entries ?? []);
    expect(entries.map((entry) => entry.ReceiptHandle)).toEqual(
      records.map((r) => r.receiptHandle),
    );
    expect(new Set(entries.map((entry) => entry.VisibilityTimeout))).toEqual(new Set([30]));
    expect(calls.every((call) => call.args[0].input.QueueUrl === QUEUE)).toBe(true);
  });

  it('logs and carries on when SQS refuses (the queue default timeout then applies)', async () => {
    sqs.on(ChangeMessageVisibilityBatchCommand).rejects(new Error('AccessDenied'));
    const telemetry = recordingTelemetry();
    await expect(
      createVisibilityChanger(
        new SQSClient({ region: 'us-east-1' }),
        QUEUE,
        telemetry.log,
      )(records.slice(0, 2), 5),
    ).resolves.toBeUndefined();
    expect(telemetry.lines.some((line) => line.level === 'warn')).toBe(true);
  });
});
