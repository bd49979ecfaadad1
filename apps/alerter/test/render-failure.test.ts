import { createClassifier } from '@trailwatch/detections';
import { describe, expect, it, vi } from 'vitest';
import type { ClaimResult } from '../src/dedup.js';
import type { OutgoingMessage } from '../src/delivery/slack-sender.js';
import { type PipelineDependencies, processBatch } from '../src/process-batch.js';
import { MetricName } from '../src/telemetry.js';
import { eventRecord, recordVariant } from './helpers/alerts.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';

// A renderer bug (or a value it cannot fit into Slack's limits) is simulated on digests only.
vi.mock('@trailwatch/slack', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@trailwatch/slack')>();
  return {
    ...actual,
    renderDigest: () => {
      throw new actual.SlackLimitError(['digest text over 3000 characters']);
    },
  };
});

describe('Function: processBatch when a digest cannot be rendered', () => {
  it('hands back every record of that digest, releases their claims and still delivers the other messages', async () => {
    const telemetry = recordingTelemetry();
    const claims = new Map<string, string>();
    const released: string[] = [];
    const sent: OutgoingMessage[] = [];
    const delayed: { ids: string[]; seconds: number }[] = [];
    const deps: PipelineDependencies = {
      classifier: createClassifier(),
      lookupAccount: async (id) => ({ id }),
      route: () => 'slack/default',
      dedup: {
        async claim(eventId): Promise<ClaimResult> {
          claims.set(eventId, `token-${eventId}`);
          return { status: 'claimed', token: `token-${eventId}` };
        },
        async markDelivered() {},
        async markMaybeDelivered() {},
        async release(eventId, token) {
          if (claims.get(eventId) === token) released.push(eventId);
        },
      },
      heartbeats: { record: async () => {} },
      async deliver(messages) {
        sent.push(...messages);
        return messages.map(() => ({ status: 'delivered' }));
      },
      async delayRedelivery(records, seconds) {
        delayed.push({ ids: records.map((record) => record.messageId), seconds });
      },
      telemetry,
    };
    const burst = Array.from({ length: 3 }, (_, n) =>
      eventRecord(recordVariant('create-user', { eventId: `burst-${n}`, userName: `bot-${n}` })),
    );
    const single = eventRecord(recordVariant('delete-user', { eventId: 'single-1' }));

    const response = await processBatch([...burst, single], deps, () => 300_000);

    const burstIds = burst.map((record) => record.messageId).sort();
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(burstIds);
    expect(sent.map((message) => message.describe.eventIds)).toEqual([['single-1']]);
    expect(released.sort()).toEqual(['burst-0', 'burst-1', 'burst-2']);
    expect(delayed.flatMap((entry) => entry.ids).sort()).toEqual(burstIds);
    expect(delayed.every((entry) => entry.seconds > 0)).toBe(true);
    expect(telemetry.total(MetricName.ALERTS)).toBe(1);
    const failure = telemetry.lines.find((line) => line.message.startsWith('Rendering failed'));
    expect(failure?.level).toBe('error');
    expect(failure?.extra.eventIds).toEqual(['burst-0', 'burst-1', 'burst-2']);
  });
});
