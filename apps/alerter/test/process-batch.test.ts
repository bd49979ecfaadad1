import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { toEnvelope } from '@trailwatch/cloudtrail';
import { createClassifier } from '@trailwatch/detections';
import { createDedupTable, type LocalDynamoDb, startDynamoDb } from '@trailwatch/local-aws';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ClaimResult, DedupStore } from '../src/dedup.js';
import { MIN_TIME_SECONDS } from '../src/delivery/redelivery-delay.js';
import {
  type DeliveryOutcome,
  type OutgoingMessage,
  SlackSender,
} from '../src/delivery/slack-sender.js';
import type { EnrichedAccount } from '../src/enrichment/account-directory.js';
import { type PipelineDependencies, processBatch } from '../src/process-batch.js';
import type { StormWindows } from '../src/storm/storm-gate.js';
import type { StormState } from '../src/storm/storm-window.js';
import { MetricName } from '../src/telemetry.js';
import { eventRecord, recordVariant, sqsRecord } from './helpers/alerts.js';
import { type FakeAnswer, type FakeWebhook, OK, startFakeWebhook } from './helpers/fake-webhook.js';
import { type RecordingTelemetry, recordingTelemetry } from './helpers/recording-telemetry.js';

const plenty = () => 300_000;

/** In-memory dedup with the store's semantics, for tests that are not about DynamoDB. */
function memoryDedup(preDelivered: string[] = []) {
  const state = new Map<string, string>(preDelivered.map((id) => [id, 'DELIVERED']));
  const released: string[] = [];
  return {
    state,
    released,
    async claim(eventId: string): Promise<ClaimResult> {
      const existing = state.get(eventId);
      if (existing === 'DELIVERED') return { status: 'duplicate' };
      if (existing !== undefined) return { status: 'busy' };
      state.set(eventId, `token-${eventId}`);
      return { status: 'claimed', token: `token-${eventId}` };
    },
    async markDelivered(eventId: string) {
      state.set(eventId, 'DELIVERED');
    },
    async markMaybeDelivered(eventId: string) {
      state.set(eventId, 'MAYBE_DELIVERED');
    },
    async release(eventId: string, token: string) {
      if (state.get(eventId) === token) state.delete(eventId);
      released.push(eventId);
    },
  };
}

interface Harness {
  deps: PipelineDependencies;
  telemetry: RecordingTelemetry;
  sent: OutgoingMessage[];
  heartbeats: { account: string; region: string; time?: string }[];
  delayed: { handles: string[]; seconds: number }[];
  dedup: ReturnType<typeof memoryDedup>;
}

function harness(
  options: {
    outcome?: (message: OutgoingMessage, index: number) => DeliveryOutcome;
    lookupAccount?: (id: string) => Promise<EnrichedAccount>;
    dedup?: ReturnType<typeof memoryDedup>;
    classifier?: PipelineDependencies['classifier'];
  } = {},
): Harness {
  const telemetry = recordingTelemetry();
  const sent: OutgoingMessage[] = [];
  const heartbeats: Harness['heartbeats'] = [];
  const delayed: Harness['delayed'] = [];
  const dedup = options.dedup ?? memoryDedup();
  const deps: PipelineDependencies = {
    classifier: options.classifier ?? createClassifier(),
    lookupAccount:
      options.lookupAccount ??
      (async (id) => ({
        id,
        name: `name-of-${id}`,
        ouPath: 'Workloads/Prod',
        tags: { owner: 'sec' },
      })),
    route: () => 'slack/default',
    dedup,
    heartbeats: {
      async record(account, region, time) {
        heartbeats.push(time === undefined ? { account, region } : { account, region, time });
      },
    },
    async deliver(messages) {
      sent.push(...messages);
      return messages.map(
        (message, index) => options.outcome?.(message, index) ?? { status: 'delivered' },
      );
    },
    async delayRedelivery(records, seconds) {
      delayed.push({ handles: records.map((record) => record.receiptHandle), seconds });
    },
    telemetry,
  };
  return { deps, telemetry, sent, heartbeats, delayed, dedup };
}

function failedIds(response: { batchItemFailures: { itemIdentifier: string }[] }): string[] {
  return response.batchItemFailures.map((failure) => failure.itemIdentifier).sort();
}

function createUsers(count: number, prefix: string): SQSRecord[] {
  return Array.from({ length: count }, (_, index) =>
    eventRecord(
      recordVariant('create-user', { eventId: `${prefix}-${index}`, userName: `bot-${index}` }),
    ),
  );
}

const heartbeatEnvelope = {
  version: '0',
  id: '5e7e1c41-7f3b-4a6e-9d0a-2b2c7b1f0e11',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '222233334444',
  time: '2026-11-27T10:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:222233334444:rule/trailwatch-heartbeat'],
  detail: {},
};

describe('Function: processBatch', () => {
  it('acknowledges garbage and detail-less records while the rest of the batch is delivered', async () => {
    const { deps, telemetry, sent } = harness();
    const good = eventRecord(recordVariant('create-user', { eventId: 'good-1' }));
    const records = [
      sqsRecord('this is not json'),
      sqsRecord('[1,2,3]'),
      sqsRecord({ version: '0', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam' }),
      sqsRecord({ version: '0', 'detail-type': 'AWS API Call via CloudTrail', detail: 'garbage' }),
      good,
    ];
    const response = await processBatch(records, deps, plenty);
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.describe.eventIds).toEqual(['good-1']);
    expect(telemetry.total(MetricName.MALFORMED)).toBe(4);
    expect(telemetry.total(MetricName.ALERTS)).toBe(1);
  });

  it.each(['eventID', 'eventName', 'eventSource'])(
    'counts and logs a CloudTrail record without %s as malformed, not as a silent "no match"',
    async (field) => {
      const { deps, telemetry, sent } = harness();
      const { [field]: _, ...incomplete } = recordVariant('create-user', {
        eventId: `no-${field}`,
      });
      const response = await processBatch([sqsRecord(toEnvelope(incomplete))], deps, plenty);
      expect(response.batchItemFailures).toEqual([]);
      expect(sent).toEqual([]);
      expect(telemetry.total(MetricName.MALFORMED)).toBe(1);
      const warning = telemetry.lines.find((line) => line.level === 'warn');
      expect(warning?.message).toBe('Malformed record acknowledged');
      expect(warning?.extra.reason).toBe(`CloudTrail record without ${field}`);
    },
  );

  it('delivers events whose body was re-encoded by a forwarder instead of dropping them as malformed', async () => {
    const { deps, telemetry, sent } = harness();
    const twice = recordVariant('create-access-key-other-user', { eventId: 'twice-1' });
    const detailString = recordVariant('delete-user', { eventId: 'detail-string-1' });
    const raw = recordVariant('console-login-root-success', { eventId: 'raw-1' });
    const records = [
      sqsRecord(JSON.stringify(JSON.stringify(toEnvelope(twice)))),
      sqsRecord({ ...toEnvelope(detailString), detail: JSON.stringify(detailString) }),
      sqsRecord(raw),
    ];
    const response = await processBatch(records, deps, plenty);
    expect(response.batchItemFailures).toEqual([]);
    expect(sent.flatMap((message) => message.describe.eventIds as string[]).sort()).toEqual([
      'detail-string-1',
      'raw-1',
      'twice-1',
    ]);
    expect(telemetry.total(MetricName.MALFORMED)).toBe(0);
    expect(telemetry.total(MetricName.ALERTS)).toBe(3);
  });

  it('records heartbeats per account and region without posting', async () => {
    const { deps, telemetry, sent, heartbeats } = harness();
    const response = await processBatch([sqsRecord(heartbeatEnvelope)], deps, plenty);
    expect(response.batchItemFailures).toEqual([]);
    expect(heartbeats).toEqual([
      { account: '222233334444', region: 'eu-west-1', time: '2026-11-27T10:00:00Z' },
    ]);
    expect(telemetry.total(MetricName.HEARTBEATS)).toBe(1);
    expect(sent).toHaveLength(0);
  });

  it('acknowledges events no detection matches', async () => {
    const { deps, sent } = harness();
    const response = await processBatch(
      [eventRecord(recordVariant('iam-list-users'))],
      deps,
      plenty,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toHaveLength(0);
  });

  it('hands back exactly the records of a message Slack did not accept, and releases their claims', async () => {
    const { deps, dedup } = harness({
      outcome: (message) =>
        message.describe.detection === 'iam-user-deleted'
          ? { status: 'handed-back', reason: 'server' }
          : { status: 'delivered' },
    });
    const created = eventRecord(recordVariant('create-user', { eventId: 'created-1' }));
    const deleted = eventRecord(recordVariant('delete-user', { eventId: 'deleted-1' }));
    const response = await processBatch([created, deleted], deps, plenty);
    expect(failedIds(response)).toEqual([deleted.messageId]);
    expect(dedup.state.get('created-1')).toBe('DELIVERED');
    expect(dedup.state.has('deleted-1')).toBe(false);
    expect(dedup.released).toEqual(['deleted-1']);
  });

  it('delays redelivery of records handed back after a 429 by Retry-After', async () => {
    const { deps, delayed } = harness({
      outcome: () => ({ status: 'handed-back', reason: 'rate_limited', retryAfterSeconds: 7 }),
    });
    const records = [eventRecord(recordVariant('create-user', { eventId: 'rl-1' }))];
    const response = await processBatch(records, deps, plenty);
    expect(failedIds(response)).toEqual([records[0]!.messageId]);
    expect(delayed).toEqual([{ handles: [records[0]!.receiptHandle], seconds: 7 }]);
  });

  it('backs off redelivery of records handed back after a server error instead of waiting the queue default', async () => {
    const { deps, delayed } = harness({
      outcome: () => ({ status: 'handed-back', reason: 'server' }),
    });
    const records = [eventRecord(recordVariant('create-user', { eventId: 'srv-1' }))];
    const response = await processBatch(records, deps, plenty);
    expect(failedIds(response)).toEqual([records[0]!.messageId]);
    expect(delayed).toEqual([{ handles: [records[0]!.receiptHandle], seconds: 30 }]);
  });

  it('posts an event SQS delivered twice in one batch once and acknowledges both records', async () => {
    const { deps, sent } = harness();
    const record = recordVariant('create-user', { eventId: 'twice-1' });
    const response = await processBatch([eventRecord(record), eventRecord(record)], deps, plenty);
    expect(response.batchItemFailures).toEqual([]);
    expect(sent.flatMap((message) => message.describe.eventIds as string[])).toEqual(['twice-1']);
  });

  it('hands back both copies of a twice-delivered event when its message fails', async () => {
    const { deps } = harness({ outcome: () => ({ status: 'handed-back', reason: 'network' }) });
    const record = recordVariant('create-user', { eventId: 'twice-2' });
    const copies = [eventRecord(record), eventRecord(record)];
    const response = await processBatch(copies, deps, plenty);
    expect(failedIds(response)).toEqual(copies.map((copy) => copy.messageId).sort());
  });

  it('acknowledges an already delivered event without posting and counts the dedup hit', async () => {
    const { deps, sent, telemetry } = harness({ dedup: memoryDedup(['done-1']) });
    const response = await processBatch(
      [eventRecord(recordVariant('create-user', { eventId: 'done-1' }))],
      deps,
      plenty,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toHaveLength(0);
    expect(telemetry.total(MetricName.DEDUP_HITS)).toBe(1);
  });

  it('hands back an event another invocation is still delivering', async () => {
    const dedup = memoryDedup();
    dedup.state.set('busy-1', 'someone-else');
    const { deps, sent } = harness({ dedup });
    const record = eventRecord(recordVariant('create-user', { eventId: 'busy-1' }));
    const response = await processBatch([record], deps, plenty);
    expect(failedIds(response)).toEqual([record.messageId]);
    expect(sent).toHaveLength(0);
  });

  it('still posts when the dedup table is unavailable', async () => {
    const dedup = memoryDedup();
    const { deps, sent } = harness({
      dedup: {
        ...dedup,
        claim: async () => ({
          status: 'unavailable',
          error: new Error('ResourceNotFoundException'),
        }),
      },
    });
    const response = await processBatch(
      [eventRecord(recordVariant('create-user', { eventId: 'nodb-1' }))],
      deps,
      plenty,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('folds a burst into digests with every event id in exactly one message', async () => {
    const { deps, sent, telemetry } = harness();
    const records = [
      ...createUsers(200, 'burst'),
      eventRecord(recordVariant('delete-user', { eventId: 'lone' })),
    ];
    const response = await processBatch(records, deps, plenty);
    expect(response.batchItemFailures).toEqual([]);
    expect(sent.length).toBe(3);
    const ids = sent.flatMap((message) => message.describe.eventIds as string[]);
    expect(ids.sort()).toEqual(
      [...Array.from({ length: 200 }, (_, i) => `burst-${i}`), 'lone'].sort(),
    );
    expect(telemetry.total(MetricName.DIGESTS)).toBe(2);
    expect(telemetry.total(MetricName.ALERTS)).toBe(201);
    const digestText = JSON.stringify(
      sent.find((message) => message.describe.kind === 'digest')!.message,
    );
    expect(digestText).toContain('burst-0');
  });

  it('sends the alert with the bare account id and a note when enrichment falls back', async () => {
    const { deps, sent, telemetry } = harness({
      lookupAccount: async (id) => ({
        id,
        note: 'Organizations denied the lookup (AccessDeniedException)',
        fallback: true,
      }),
    });
    const response = await processBatch(
      [eventRecord(recordVariant('create-user', { eventId: 'fb-1' }))],
      deps,
      plenty,
    );
    expect(response.batchItemFailures).toEqual([]);
    const text = JSON.stringify(sent[0]!.message);
    expect(text).toContain('123456789012');
    expect(text).toContain('Organizations denied the lookup');
    expect(telemetry.total(MetricName.ENRICHMENT_FALLBACKS)).toBe(1);
  });

  it('logs event id, detection and account with each delivered alert', async () => {
    const { deps, telemetry } = harness();
    await processBatch(
      [eventRecord(recordVariant('create-user', { eventId: 'keys-1' }))],
      deps,
      plenty,
    );
    const line = telemetry.lines.find((entry) => entry.message === 'Delivered to Slack');
    expect(line?.extra).toMatchObject({
      eventId: 'keys-1',
      detection: 'iam-user-created',
      account: '123456789012',
    });
  });

  it('hands back a record that breaks the classifier and carries on with the others', async () => {
    const real = createClassifier();
    const { deps, sent } = harness({
      classifier: {
        classify(event) {
          if (event.eventId === 'boom') throw new Error('refine blew up');
          return real.classify(event);
        },
      },
    });
    const boom = eventRecord(recordVariant('create-user', { eventId: 'boom' }));
    const fine = eventRecord(recordVariant('create-user', { eventId: 'fine' }));
    const response = await processBatch([boom, fine], deps, plenty);
    expect(failedIds(response)).toEqual([boom.messageId]);
    expect(sent.flatMap((message) => message.describe.eventIds as string[])).toEqual(['fine']);
  });
});

describe('Function: processBatch with DynamoDB and a webhook on loopback', () => {
  const TABLE = 'trailwatch-dedup';
  let dynamo: LocalDynamoDb;
  let client: DynamoDBClient;
  let slack: FakeWebhook | undefined;

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    await createDedupTable(dynamo.url, TABLE);
    client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
    });
  });
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  async function pipeline(answer: (n: number) => FakeAnswer) {
    slack = await startFakeWebhook(answer);
    const url = slack.url;
    const base = harness();
    const sender = new SlackSender({
      resolveWebhook: async () => url,
      telemetry: base.telemetry,
      minIntervalMs: 10,
      timeoutMs: 500,
      retryBackoffMs: 5,
    });
    const deps: PipelineDependencies = {
      ...base.deps,
      dedup: new DedupStore(client, TABLE),
      deliver: (messages, remaining) => sender.deliverAll(messages, remaining),
    };
    return { deps, telemetry: base.telemetry, posts: slack.posts };
  }

  it('does not post again when the same batch is delivered twice', async () => {
    const { deps, telemetry, posts } = await pipeline(() => OK);
    const records = createUsers(5, 'again');
    expect((await processBatch(records, deps, plenty)).batchItemFailures).toEqual([]);
    expect(posts).toHaveLength(1);
    expect((await processBatch(records, deps, plenty)).batchItemFailures).toEqual([]);
    expect(posts).toHaveLength(1);
    expect(telemetry.total(MetricName.DEDUP_HITS)).toBe(5);
  });

  it('releases the claims of records handed back for lack of time, so their redelivery a second later posts them', async () => {
    const { deps, telemetry, posts } = await pipeline(() => OK);
    const delayed: number[] = [];
    const withDelay: PipelineDependencies = {
      ...deps,
      delayRedelivery: async (_, seconds) => {
        delayed.push(seconds);
      },
    };
    const records = [eventRecord(recordVariant('delete-user', { eventId: 'late-1' }))];
    const first = await processBatch(records, withDelay, () => 1200);
    expect(failedIds(first)).toEqual([records[0]!.messageId]);
    expect(posts).toHaveLength(0);
    expect(delayed).toEqual([MIN_TIME_SECONDS]);
    const redelivered = await processBatch(records, withDelay, plenty);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(posts).toHaveLength(1);
    expect(telemetry.lines.map((line) => line.message)).not.toContain(
      'Another invocation is delivering this event; handing it back',
    );
  });

  it('loses nothing when Slack is down for the first attempts', async () => {
    const { deps, posts } = await pipeline((n) =>
      n < 3 ? { status: 500, body: 'internal_error' } : OK,
    );
    const records = [eventRecord(recordVariant('delete-user', { eventId: 'down-1' }))];
    const first = await processBatch(records, deps, plenty);
    expect(failedIds(first)).toEqual([records[0]!.messageId]);
    const retry = await processBatch(records, deps, plenty);
    expect(retry.batchItemFailures).toEqual([]);
    expect(posts.filter((_, index) => index >= 3)).toHaveLength(1);
  });
});

describe('Function: processBatch with storm windows', () => {
  /** Storm windows kept in memory with the store's read-decide-write contract. */
  function memoryWindows() {
    const items = new Map<string, StormState>();
    const windows: StormWindows = {
      async update(key, _ttl, decide) {
        const { state, result } = decide(items.get(key));
        items.set(key, state);
        return result;
      },
    };
    return { items, windows };
  }

  it('posts the first two alerts of a storm, holds the rest until the window digest is due and counts them', async () => {
    const { deps, sent, telemetry, delayed, dedup } = harness();
    const { windows } = memoryWindows();
    const windowMs = 60_000;
    const records = createUsers(5, 'storm').map((record) => ({
      ...record,
      attributes: { ...record.attributes, ApproximateFirstReceiveTimestamp: String(Date.now()) },
    }));
    const response = await processBatch(
      records,
      { ...deps, storms: { windows, windowMs } },
      plenty,
    );
    expect(sent.map((message) => message.describe.eventIds)).toEqual([['storm-0'], ['storm-1']]);
    expect(failedIds(response)).toEqual(
      records
        .slice(2)
        .map((record) => record.messageId)
        .sort(),
    );
    expect(telemetry.total(MetricName.STORM_HELD)).toBe(3);
    expect(telemetry.total(MetricName.STORM_HELD, { detection: 'iam-user-created' })).toBe(3);
    // Claims released, so whichever invocation sees them when due can claim them.
    expect(dedup.released.sort()).toEqual(['storm-2', 'storm-3', 'storm-4']);
    // Hidden until the window's digest is due (whole seconds, at least 59 of the 60).
    const hidden = delayed.flatMap((call) => call.handles.map(() => call.seconds));
    expect(hidden).toHaveLength(3);
    for (const seconds of hidden) {
      expect(seconds).toBeGreaterThanOrEqual(59);
      expect(seconds).toBeLessThanOrEqual(60);
    }
  });

  it('holds nothing and counts nothing when the window store fails', async () => {
    const { deps, sent, telemetry } = harness();
    const windows: StormWindows = {
      async update() {
        throw new Error('ProvisionedThroughputExceededException');
      },
    };
    const response = await processBatch(
      createUsers(5, 'down'),
      { ...deps, storms: { windows, windowMs: 60_000 } },
      plenty,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(sent.flatMap((message) => message.describe.eventIds as string[]).sort()).toEqual(
      ['down-0', 'down-1', 'down-2', 'down-3', 'down-4'].sort(),
    );
    expect(telemetry.total(MetricName.STORM_HELD)).toBe(0);
  });
});

describe('Function: processBatch with the organization known', () => {
  const inside = () =>
    eventRecord(
      recordVariant('det-role-trusts-outside-organization-neg-organization-account', {
        eventId: 'trust-inside',
      }),
    );
  const outside = () =>
    eventRecord(
      recordVariant('det-role-trusts-outside-organization-pos-external-account', {
        eventId: 'trust-outside',
      }),
    );
  const organization = (answer: ReadonlySet<string> | undefined) => {
    const calls: number[] = [];
    return {
      calls,
      organizationAccountIds: async () => {
        calls.push(1);
        return answer;
      },
    };
  };

  it('does not alert on a role trusting an account of the organization, and still alerts on one outside', async () => {
    const { deps, sent, telemetry } = harness();
    const org = organization(new Set(['111122223333', '444455556666']));
    const response = await processBatch(
      [inside(), outside()],
      { ...deps, organizationAccountIds: org.organizationAccountIds },
      plenty,
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(sent.flatMap((message) => message.describe.eventIds as string[])).toEqual([
      'trust-outside',
    ]);
    expect(org.calls).toHaveLength(1);
    expect(
      telemetry.lines.filter(
        (line) => line.message === 'Only accounts of the organization involved; not alerting',
      ),
    ).toHaveLength(1);
  });

  it('alerts as before, with a warning, when Organizations cannot list the accounts', async () => {
    const { deps, sent, telemetry } = harness();
    const org = organization(undefined);
    await processBatch(
      [inside()],
      { ...deps, organizationAccountIds: org.organizationAccountIds },
      plenty,
    );
    expect(sent.flatMap((message) => message.describe.eventIds as string[])).toEqual([
      'trust-inside',
    ]);
    expect(
      telemetry.lines.filter(
        (line) =>
          line.level === 'warn' &&
          line.message === 'Organization accounts unknown; every other account counts as outside',
      ),
    ).toHaveLength(1);
  });

  it('does not ask Organizations for a batch without such a detection', async () => {
    const { deps } = harness();
    const org = organization(new Set());
    await processBatch(
      createUsers(2, 'plain'),
      { ...deps, organizationAccountIds: org.organizationAccountIds },
      plenty,
    );
    expect(org.calls).toHaveLength(0);
  });
});
