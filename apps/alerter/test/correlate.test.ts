import type { Mute } from '@trailwatch/contract';
import { Correlator, createClassifier, MemoryCorrelationStore } from '@trailwatch/detections';
import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome, OutgoingMessage } from '../src/delivery/slack-sender.js';
import { type PipelineDependencies, processBatch } from '../src/process-batch.js';
import { MetricName } from '../src/telemetry.js';
import { eventRecord, rootSignInFailure } from './helpers/alerts.js';
import { memoryDedup } from './helpers/memory-dedup.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';

const plenty = () => 300_000;

function harness(
  options: { mutes?: Mute[]; outcome?: (m: OutgoingMessage) => DeliveryOutcome } = {},
) {
  const telemetry = recordingTelemetry();
  const sent: OutgoingMessage[] = [];
  const delivered = new Set<string>();
  const store = new MemoryCorrelationStore();
  const deps: PipelineDependencies = {
    classifier: createClassifier(),
    lookupAccount: async (id) => ({
      id,
      name: `name-of-${id}`,
      ouIds: ['ou-ab12-prod1234'],
      ouNames: ['Prod'],
    }),
    route: () => 'slack/default',
    dedup: memoryDedup(delivered),
    heartbeats: { async record() {} },
    async deliver(messages) {
      sent.push(...messages);
      return messages.map((m) => options.outcome?.(m) ?? { status: 'delivered' });
    },
    telemetry,
    correlator: new Correlator({ store }),
    mutes: { current: async () => options.mutes ?? [] },
  };
  return { deps, telemetry, sent, delivered };
}

const correlationMessages = (sent: OutgoingMessage[]) =>
  sent.filter((m) => m.describe.kind === 'correlation');

describe('Stateful detections in the alerter', () => {
  it('posts the brute-force alert once, besides the single failures, when the fifth arrives', async () => {
    const { deps, sent, telemetry } = harness();
    await processBatch(
      [0, 1, 2].map((i) => eventRecord(rootSignInFailure(i))),
      deps,
      plenty,
    );
    expect(correlationMessages(sent)).toHaveLength(0);
    await processBatch(
      [3, 4].map((i) => eventRecord(rootSignInFailure(i))),
      deps,
      plenty,
    );
    const posted = correlationMessages(sent);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.describe.detection).toBe('root-sign-in-brute-force');
    expect(JSON.stringify(posted[0]!.message)).toContain(String(rootSignInFailure(0).eventID));
    expect(telemetry.total(MetricName.CORRELATIONS)).toBe(1);
  });

  it('hands the completing event back and fires again on redelivery when Slack refused the post', async () => {
    let refuse = true;
    const { deps, sent } = harness({
      outcome: (m) =>
        m.describe.kind === 'correlation' && refuse
          ? { status: 'handed-back', reason: 'server' }
          : { status: 'delivered' },
    });
    await processBatch(
      [0, 1, 2, 3].map((i) => eventRecord(rootSignInFailure(i))),
      deps,
      plenty,
    );
    const last = eventRecord(rootSignInFailure(4));
    const first = await processBatch([last], deps, plenty);
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([last.messageId]);
    refuse = false;
    const again = await processBatch([last], deps, plenty);
    expect(again.batchItemFailures).toEqual([]);
    expect(correlationMessages(sent).map((m) => m.describe.detection)).toEqual([
      'root-sign-in-brute-force',
      'root-sign-in-brute-force',
    ]);
  });
});

describe('Mutes in the alerter', () => {
  const mute: Mute = {
    id: 'm-1',
    detection: 'root-console-sign-in-failed',
    until: new Date(Date.now() + 86_400_000).toISOString(),
    reason: 'password reset drill',
    setBy: 'alice',
  };

  it('skips a muted alert, counts it and remembers it as done', async () => {
    const { deps, sent, telemetry, delivered } = harness({ mutes: [mute] });
    const record = rootSignInFailure(0);
    const response = await processBatch([eventRecord(record)], deps, plenty);
    expect(response.batchItemFailures).toEqual([]);
    expect(sent.filter((m) => m.describe.kind !== 'correlation')).toEqual([]);
    expect(telemetry.total(MetricName.MUTED, { detection: 'root-console-sign-in-failed' })).toBe(1);
    expect(delivered.has(String(record.eventID))).toBe(true);
  });

  it('posts again once the mute has expired, and for an OU the mute does not name', async () => {
    const expired = { ...mute, until: new Date(Date.now() - 1000).toISOString() };
    const a = harness({ mutes: [expired] });
    await processBatch([eventRecord(rootSignInFailure(0))], a.deps, plenty);
    expect(a.sent).toHaveLength(1);
    const b = harness({ mutes: [{ ...mute, ou: 'Sandbox' }] });
    await processBatch([eventRecord(rootSignInFailure(0))], b.deps, plenty);
    expect(b.sent).toHaveLength(1);
    const c = harness({ mutes: [{ ...mute, ou: 'Prod' }] });
    await processBatch([eventRecord(rootSignInFailure(0))], c.deps, plenty);
    expect(c.sent).toHaveLength(0);
  });
});
