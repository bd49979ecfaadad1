import { describe, expect, it } from 'vitest';
import type { MessagePlan } from '../src/digest.js';
import { batchResponse, byDelay, handBack } from '../src/hand-back.js';
import type { Candidate } from '../src/render-plans.js';
import { settleDelivery } from '../src/settle-delivery.js';
import { alertOf, recordVariant, sqsRecord } from './helpers/alerts.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';

function withReceiveCount(body: unknown, count: number) {
  const record = sqsRecord(body);
  return {
    ...record,
    attributes: { ...record.attributes, ApproximateReceiveCount: String(count) },
  };
}

function plan(records: ReturnType<typeof sqsRecord>[]): MessagePlan<Candidate> {
  const raw = recordVariant('delete-user', { eventId: 'settle-1' });
  return {
    kind: 'alert',
    route: 'slack/default',
    items: [
      {
        eventId: 'settle-1',
        records,
        alert: alertOf(raw),
        route: 'slack/default',
        claimToken: 't',
      },
    ],
  };
}

const ledger = {
  markDelivered: async () => {},
  markMaybeDelivered: async () => {},
  release: async () => {},
};

describe('Function: settleDelivery', () => {
  it('returns the records it hands back, each with its redelivery delay, instead of writing shared state', async () => {
    const records = [withReceiveCount('a', 1), withReceiveCount('b', 3)];
    const handedBack = await settleDelivery(
      plan(records),
      { status: 'handed-back', reason: 'server' },
      ledger,
      recordingTelemetry(),
      30,
    );
    expect(handedBack).toEqual([
      {
        messageId: records[0]!.messageId,
        receiptHandle: records[0]!.receiptHandle,
        delaySeconds: 30,
      },
      {
        messageId: records[1]!.messageId,
        receiptHandle: records[1]!.receiptHandle,
        delaySeconds: 120,
      },
    ]);
  });

  it('hands nothing back once Slack accepted the message', async () => {
    const handedBack = await settleDelivery(
      plan([sqsRecord('a')]),
      { status: 'delivered' },
      ledger,
      recordingTelemetry(),
      30,
    );
    expect(handedBack).toEqual([]);
  });
});

describe('Functions: batchResponse and byDelay', () => {
  it('names each handed-back message once and groups only the delayed ones by delay', () => {
    const [a, b, c] = [sqsRecord('a'), sqsRecord('b'), sqsRecord('c')];
    const handedBack = [handBack(a!, 5), handBack(a!, 5), handBack(b!), handBack(c!, 30)];
    expect(batchResponse(handedBack)).toEqual({
      batchItemFailures: [
        { itemIdentifier: a!.messageId },
        { itemIdentifier: b!.messageId },
        { itemIdentifier: c!.messageId },
      ],
    });
    expect([...byDelay(handedBack)]).toEqual([
      [
        5,
        [
          { messageId: a!.messageId, receiptHandle: a!.receiptHandle },
          { messageId: a!.messageId, receiptHandle: a!.receiptHandle },
        ],
      ],
      [30, [{ messageId: c!.messageId, receiptHandle: c!.receiptHandle }]],
    ]);
  });
});
