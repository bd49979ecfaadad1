import { createClassifier } from '@trailwatch/detections';
import { describe, expect, it, vi } from 'vitest';
import type { ClaimResult } from '../src/dedup.js';
import type { OutgoingMessage } from '../src/delivery/slack-sender.js';
import { type PipelineDependencies, processBatch } from '../src/process-batch.js';
import { eventRecord, recordVariant } from './helpers/alerts.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';

// A renderer that returns (instead of throwing) a message over Slack's limits: 51 blocks.
vi.mock('@trailwatch/slack', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@trailwatch/slack')>();
  return {
    ...actual,
    renderAlert: () => ({
      text: 'too big',
      blocks: Array.from({ length: 51 }, () => ({
        type: 'section',
        text: { type: 'mrkdwn', text: 'x' },
      })),
    }),
  };
});

describe('Function: processBatch with a message over Slack’s limits', () => {
  it('checks every message with assertWithinSlackLimits before posting and hands the records back', async () => {
    const telemetry = recordingTelemetry();
    const sent: OutgoingMessage[] = [];
    const deps: PipelineDependencies = {
      classifier: createClassifier(),
      lookupAccount: async (id) => ({ id }),
      route: () => 'slack/default',
      dedup: {
        async claim(eventId): Promise<ClaimResult> {
          return { status: 'claimed', token: `token-${eventId}` };
        },
        async markDelivered() {},
        async markMaybeDelivered() {},
        async release() {},
      },
      heartbeats: { record: async () => {} },
      async deliver(messages) {
        sent.push(...messages);
        return messages.map(() => ({ status: 'delivered' }));
      },
      telemetry,
    };
    const record = eventRecord(recordVariant('delete-user', { eventId: 'too-big-1' }));

    const response = await processBatch([record], deps, () => 300_000);

    expect(sent).toEqual([]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    const failure = telemetry.lines.find((line) => line.message.startsWith('Rendering failed'));
    expect(failure?.level).toBe('error');
    expect(String(failure?.extra.error)).toMatch(/51 blocks|blocks/);
  });
});
