import { DynamoDBClient, GetItemCommand, type UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { type Mute, StateTable, stormKey, summaryKey, utcHourOf } from '@trailwatch/contract';
import { Correlator, createClassifier, MemoryCorrelationStore } from '@trailwatch/detections';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimResult } from '../src/dedup.js';
import type { DeliveryOutcome, OutgoingMessage } from '../src/delivery/slack-sender.js';
import { type PipelineDependencies, processBatch } from '../src/process-batch.js';
import { routeHash } from '../src/route-hash.js';
import { stormItemKey } from '../src/storm/storm-store.js';
import {
  counterUpdates,
  MAX_EXPRESSION_BYTES,
  SummaryCounterStore,
} from '../src/summary/summary-counter-store.js';
import { SUMMARY_ACTOR_MAX_LENGTH, SummaryTally } from '../src/summary/summary-tally.js';
import { MetricName } from '../src/telemetry.js';
import { eventRecord, recordVariant, rootSignInFailure } from './helpers/alerts.js';
import { memoryDedup } from './helpers/memory-dedup.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';
import { type LocalStateTable, startStateTable } from './helpers/state-table.js';

const plenty = () => 300_000;
const COUNTED = 'trailwatch/slack/summarised';
const OTHER = 'trailwatch/slack/not-summarised';

let table: LocalStateTable;
let sequence = 0;

beforeAll(async () => {
  table = await startStateTable();
});
afterAll(async () => {
  await table.close();
});

/** The counters of one route's hour item, without key and TTL. */
async function hourCounts(route: string, at = Date.now()): Promise<Record<string, number>> {
  const { Item } = await table.client.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: { pk: { S: summaryKey(routeHash(route), utcHourOf(at)) } },
      ConsistentRead: true,
    }),
  );
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(Item ?? {})) {
    if (name !== 'pk' && name !== 'expiresAt') counts[name] = Number(value.N);
  }
  return counts;
}

function harness(
  options: {
    route?: string;
    mutes?: Mute[];
    outcome?: (message: OutgoingMessage) => DeliveryOutcome;
    store?: SummaryCounterStore;
  } = {},
) {
  const telemetry = recordingTelemetry();
  const store = options.store ?? new SummaryCounterStore(table.client, table.tableName);
  const deps: PipelineDependencies = {
    classifier: createClassifier(),
    lookupAccount: async (id) => ({ id, name: `name-of-${id}` }),
    route: () => options.route ?? COUNTED,
    dedup: memoryDedup(),
    heartbeats: { async record() {} },
    async deliver(messages) {
      return messages.map((m) => options.outcome?.(m) ?? { status: 'delivered' });
    },
    telemetry,
    correlator: new Correlator({ store: new MemoryCorrelationStore() }),
    mutes: { current: async () => options.mutes ?? [] },
    summaries: { routes: new Set([COUNTED]), add: (tally, now) => store.add(tally, now) },
  };
  return { deps, telemetry };
}

/** A fresh table state per test: every test counts into its own route name. */
function uniqueRoute(): string {
  sequence += 1;
  return `${COUNTED}-${sequence}`;
}

describe('Daily summary counting in the alerter', () => {
  beforeEach(() => {
    sequence += 1;
  });

  it('hashes routes exactly as the storm windows do', () => {
    for (const route of [COUNTED, 'arn:aws:secretsmanager:eu-west-1:1:secret:x', '']) {
      expect(stormItemKey('root-sign-in', route)).toBe(stormKey('root-sign-in', routeHash(route)));
    }
  });

  it('counts alerts Slack accepted by detection, account and actor, with a total', async () => {
    const route = uniqueRoute();
    const { deps } = harness({ route });
    const counted = { ...deps, summaries: { ...deps.summaries!, routes: new Set([route]) } };
    const response = await processBatch(
      [
        eventRecord(recordVariant('create-user', { eventId: `cu-${sequence}-1`, userName: 'a' })),
        eventRecord(recordVariant('create-user', { eventId: `cu-${sequence}-2`, userName: 'b' })),
        eventRecord(
          recordVariant('create-user', {
            eventId: `cu-${sequence}-3`,
            userName: 'c',
            account: '999988887777',
          }),
        ),
      ],
      counted,
      plenty,
    );
    expect(response.batchItemFailures).toEqual([]);
    const counts = await hourCounts(route);
    const detection = Object.keys(counts).find((name) => name.startsWith('d#'))!;
    expect(counts).toMatchObject({ total: 3, [detection]: 3, 'a#999988887777': 1 });
    expect(Object.entries(counts).filter(([name]) => name.startsWith('a#'))).toHaveLength(2);
    expect(
      Object.entries(counts)
        .filter(([name]) => name.startsWith('u#'))
        .reduce((sum, [, n]) => sum + n, 0),
    ).toBe(3);
  });

  it('does not count an alert Slack did not accept, nor one for a route without a summary', async () => {
    const route = uniqueRoute();
    const { deps } = harness({
      route,
      outcome: () => ({ status: 'handed-back', reason: 'server' }),
    });
    const refused = { ...deps, summaries: { ...deps.summaries!, routes: new Set([route]) } };
    const response = await processBatch(
      [eventRecord(recordVariant('create-user', { eventId: `refused-${sequence}` }))],
      refused,
      plenty,
    );
    expect(response.batchItemFailures).toHaveLength(1);
    expect(await hourCounts(route)).toEqual({});

    const other = harness({ route: OTHER });
    await processBatch(
      [eventRecord(recordVariant('create-user', { eventId: `other-${sequence}` }))],
      other.deps,
      plenty,
    );
    expect(await hourCounts(OTHER)).toEqual({});
  });

  it('counts muted alerts by detection for the route they would have gone to', async () => {
    const route = uniqueRoute();
    const mute: Mute = {
      id: 'm-1',
      detection: 'root-console-sign-in-failed',
      until: '2999-01-01T00:00:00Z',
      reason: 'test',
      setBy: 'test',
      includeCritical: true,
    };
    const { deps, telemetry } = harness({ route, mutes: [mute] });
    const muted = { ...deps, summaries: { ...deps.summaries!, routes: new Set([route]) } };
    await processBatch([eventRecord(rootSignInFailure(100 + sequence))], muted, plenty);
    expect(telemetry.total(MetricName.MUTED)).toBe(1);
    expect(await hourCounts(route)).toEqual({ 'm#root-console-sign-in-failed': 1 });
  });

  it('counts a stateful detection that fired, besides the single alerts', async () => {
    const route = uniqueRoute();
    const { deps, telemetry } = harness({ route });
    const counted = { ...deps, summaries: { ...deps.summaries!, routes: new Set([route]) } };
    await processBatch(
      [0, 1, 2, 3, 4].map((i) => eventRecord(rootSignInFailure(i))),
      counted,
      plenty,
    );
    expect(telemetry.total(MetricName.CORRELATIONS)).toBe(1);
    const counts = await hourCounts(route);
    expect(counts).toMatchObject({
      total: 5,
      'd#root-console-sign-in-failed': 5,
      'u#root': 5,
      's#root-sign-in-brute-force': 1,
    });
  });

  it('counts a redelivered alert again only when its delivery was not recorded (posted twice)', async () => {
    const route = uniqueRoute();
    const { deps } = harness({ route });
    const counted = { ...deps, summaries: { ...deps.summaries!, routes: new Set([route]) } };
    const record = eventRecord(
      recordVariant('create-user', { eventId: `redelivered-${sequence}` }),
    );
    await processBatch([record], counted, plenty);
    await processBatch([record], counted, plenty); // recorded as delivered: a dedup hit
    expect((await hourCounts(route)).total).toBe(1);

    const unrecorded = {
      ...counted,
      dedup: {
        ...counted.dedup,
        claim: async (): Promise<ClaimResult> => ({ status: 'claimed', token: 't' }),
        markDelivered: async () => {
          throw new Error('table refused the write');
        },
      },
    };
    const again = eventRecord(recordVariant('create-user', { eventId: `unrecorded-${sequence}` }));
    await processBatch([again], unrecorded, plenty);
    await processBatch([again], unrecorded, plenty); // posted a second time, so counted again
    expect((await hourCounts(route)).total).toBe(3);
  });

  it('acknowledges the batch as before when the table is down, with a WARN and a metric', async () => {
    const down = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
    });
    try {
      const { deps, telemetry } = harness({
        store: new SummaryCounterStore(down, table.tableName),
      });
      const response = await processBatch(
        [eventRecord(recordVariant('create-user', { eventId: `down-${sequence}` }))],
        deps,
        plenty,
      );
      expect(response.batchItemFailures).toEqual([]);
      expect(telemetry.total(MetricName.ALERTS)).toBe(1);
      expect(telemetry.total(MetricName.SUMMARY_COUNT_FAILURES)).toBe(1);
      expect(telemetry.lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: expect.stringMatching(/Daily summary/) }),
      );
    } finally {
      down.destroy();
    }
  });

  it('splits many distinct actors into updates within the 4 KB expression limit, losing none', async () => {
    const route = uniqueRoute();
    const tally = new SummaryTally([route]);
    const actors = 1500;
    for (let i = 0; i < actors; i += 1) {
      tally.delivered(route, {
        detectionId: 'iam-user-created',
        accountId: '111122223333',
        // Distinct in their first characters: the rest is clipped away.
        actor: `${i} role deploy / session ${'x'.repeat(80)}`,
      });
    }
    const sent: UpdateItemCommand[] = [];
    const client = {
      send: (command: UpdateItemCommand) => {
        sent.push(command);
        return table.client.send(command);
      },
    } as unknown as DynamoDBClient;
    const at = Date.parse('2026-11-20T08:30:00Z');
    await new SummaryCounterStore(client, table.tableName).add(tally, at);

    expect(sent.length).toBeGreaterThan(1);
    for (const command of sent) {
      expect(Buffer.byteLength(command.input.UpdateExpression!)).toBeLessThanOrEqual(
        MAX_EXPRESSION_BYTES,
      );
      expect(command.input.ExpressionAttributeValues![':ttl']).toEqual({
        N: String(Date.parse('2026-11-20T09:00:00Z') / 1000 + 3 * 86_400),
      });
    }
    const counts = await hourCounts(route, at);
    const actorCounts = Object.entries(counts).filter(([name]) => name.startsWith('u#'));
    expect(actorCounts).toHaveLength(actors);
    expect(SUMMARY_ACTOR_MAX_LENGTH).toBe(64);
    expect(
      actorCounts.every(([name, n]) => n === 1 && [...name].length <= 2 + SUMMARY_ACTOR_MAX_LENGTH),
    ).toBe(true);
    expect(counts).toMatchObject({
      total: actors,
      'd#iam-user-created': actors,
      'a#111122223333': actors,
    });
  });

  it('packs counters greedily: every update but the last is nearly full', () => {
    const counts = Array.from({ length: 1000 }, (_, i) => [`u#${i}`, 1] as const);
    const updates = counterUpdates(counts, 1, 200);
    expect(
      updates.flatMap((u) => Object.values(u.names)).filter((n) => n !== 'expiresAt'),
    ).toHaveLength(1000);
    for (const update of updates.slice(0, -1)) {
      expect(update.expression.length).toBeLessThanOrEqual(200);
      expect(update.expression.length).toBeGreaterThan(200 - 16);
    }
    expect(StateTable.TTL_ATTRIBUTE).toBe('expiresAt');
  });
});
