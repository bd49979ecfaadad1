import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { type CloudTrailEvent, parseEvent } from '@trailwatch/cloudtrail';
import { correlationKey } from '@trailwatch/contract';
import { type CorrelationAlert, Correlator, createClassifier } from '@trailwatch/detections';
import { loadRecord } from '@trailwatch/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCorrelationStore, MAX_OBSERVATIONS } from '../src/correlation-store.js';
import { type LocalStateTable, startStateTable } from './helpers/state-table.js';

const TABLE = 'trailwatch-state';
const T0 = Date.parse('2026-11-20T08:00:00Z');
const MINUTE = 60_000;
const classifier = createClassifier();
let table: LocalStateTable;
let client: DynamoDBClient;
let calls: string[] = [];
let serial = 0;

beforeAll(async () => {
  table = await startStateTable(TABLE);
  client = table.client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
});

afterAll(async () => {
  await table.close();
});

/** A real-shaped failed root sign-in in `account` at `at`. */
function rootFailure(at: number, account: string): CloudTrailEvent {
  const record = structuredClone(loadRecord('det-root-console-sign-in-failed-pos-wrong-password'));
  serial += 1;
  record.eventID = `00000000-0000-4000-9000-${String(serial).padStart(12, '0')}`;
  record.eventTime = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  record.recipientAccountId = account;
  const parsed = parseEvent(record);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

async function observe(
  correlator: Correlator,
  event: CloudTrailEvent,
): Promise<CorrelationAlert[]> {
  return correlator.observe(event, classifier.classify(event));
}

describe('Class: DynamoCorrelationStore (against dynalite)', () => {
  it('fires the root brute force once at the fifth failure, with state in the table', async () => {
    const correlator = new Correlator({ store: new DynamoCorrelationStore(client, TABLE) });
    const events = [0, 1, 2, 3, 4, 5, 6].map((i) => rootFailure(T0 + i * MINUTE, '100000000001'));
    const alerts: CorrelationAlert[] = [];
    for (const event of events) alerts.push(...(await observe(correlator, event)));
    expect(alerts.map((a) => a.detection.id)).toEqual(['root-sign-in-brute-force']);
    expect(alerts[0]!.events.map((e) => e.eventId)).toEqual(
      events.slice(0, 5).map((e) => e.eventId),
    );
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: correlationKey('root-sign-in-brute-force', '100000000001') } },
      }),
    );
    expect(Number(Item?.firedAt?.N)).toBe(T0 + 4 * MINUTE);
    // TTL: the newest event plus the window and the lateness allowance, in epoch seconds.
    expect(Number(Item?.expiresAt?.N)).toBe((T0 + 6 * MINUTE + 30 * MINUTE) / 1000);
  });

  it('counts a redelivered event once', async () => {
    const correlator = new Correlator({ store: new DynamoCorrelationStore(client, TABLE) });
    const four = [0, 1, 2, 3].map((i) => rootFailure(T0 + i * MINUTE, '100000000002'));
    const alerts: CorrelationAlert[] = [];
    for (const event of [...four, four[0]!, four[3]!])
      alerts.push(...(await observe(correlator, event)));
    expect(alerts).toEqual([]);
  });

  it('posts one alert when two instances see the threshold at once', async () => {
    const store = new DynamoCorrelationStore(client, TABLE);
    const a = new Correlator({ store });
    const b = new Correlator({ store: new DynamoCorrelationStore(client, TABLE) });
    const events = [0, 1, 2, 3, 4, 5].map((i) => rootFailure(T0 + i * MINUTE, '100000000003'));
    for (const event of events.slice(0, 4)) await observe(a, event);
    const [fromA, fromB] = await Promise.all([observe(a, events[4]!), observe(b, events[5]!)]);
    expect([...fromA, ...fromB]).toHaveLength(1);
  });

  it('costs one read and one write per counted event, one more write per firing, none otherwise', async () => {
    const correlator = new Correlator({ store: new DynamoCorrelationStore(client, TABLE) });
    const events = [0, 1, 2, 3, 4].map((i) => rootFailure(T0 + i * MINUTE, '100000000004'));
    calls = [];
    for (const event of events) await observe(correlator, event);
    expect(calls.filter((c) => c === 'GetItemCommand')).toHaveLength(5);
    expect(calls.filter((c) => c === 'PutItemCommand')).toHaveLength(5);
    expect(calls.filter((c) => c === 'UpdateItemCommand')).toHaveLength(1);
    calls = [];
    const quiet = parseEvent(loadRecord('det-cloudtrail-logging-stopped-pos-org-trail'));
    if (!quiet.ok) throw new Error('fixture');
    await observe(correlator, quiet.event);
    expect(calls).toEqual([]);
  });

  it(`keeps at most ${MAX_OBSERVATIONS} observations per item, newest first`, async () => {
    const store = new DynamoCorrelationStore(client, TABLE);
    let state: { observations: readonly { eventId: string }[] } = { observations: [] };
    for (let i = 0; i < MAX_OBSERVATIONS + 5; i += 1) {
      state = await store.add(
        'console-password-spraying',
        '192.0.2.1',
        {
          eventId: `e-${i}`,
          time: T0 + i * 1000,
          step: 0,
          eventName: 'ConsoleLogin',
          account: '100000000005',
          region: 'us-east-1',
          actor: `user${i}`,
        },
        T0 - MINUTE,
        T0 + 2 * 3_600_000,
      );
    }
    expect(state.observations).toHaveLength(MAX_OBSERVATIONS);
    expect(state.observations[0]?.eventId).toBe(`e-${MAX_OBSERVATIONS + 4}`);
  });

  it('starts over from an item whose observations were damaged, instead of failing forever', async () => {
    const pk = correlationKey('root-sign-in-brute-force', '100000000006');
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: pk }, observations: { S: '{not json' } },
      }),
    );
    const store = new DynamoCorrelationStore(client, TABLE);
    const state = await store.add(
      'root-sign-in-brute-force',
      '100000000006',
      {
        eventId: 'x',
        time: T0,
        step: 0,
        eventName: 'ConsoleLogin',
        account: '100000000006',
        region: 'us-east-1',
        actor: 'root',
      },
      T0 - MINUTE,
      T0 + MINUTE,
    );
    expect(state.observations.map((o) => o.eventId)).toEqual(['x']);
  });
});
