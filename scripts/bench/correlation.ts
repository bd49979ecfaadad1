/**
 * Stateful detections: what they cost in the state table per event, on the sample day's mix and
 * on a password-spraying storm, with the alerter's own store against dynalite (call counts are
 * what DynamoDB bills; dynalite's latency is not DynamoDB's, so no timings are claimed here).
 */
import { createDynamoDbClient } from '../../apps/alerter/src/aws-clients.js';
import { DynamoCorrelationStore } from '../../apps/alerter/src/correlation-store.js';
import { parseEvent } from '../../packages/cloudtrail/src/index.js';
import {
  Correlator,
  createClassifier,
  MemoryCorrelationStore,
} from '../../packages/detections/src/index.js';
import { recordStream } from '../../packages/fixtures/scripts/generate-samples.js';
import { loadRecord } from '../../packages/fixtures/src/index.js';
import { createDedupTable, startDynamoDb } from '../../packages/local-aws/src/index.js';
import { machine } from './machine.js';

const TABLE = 'trailwatch-state';
const MIX_EVENTS = 20_000;
const STORM = 1000;

function spray(i: number): Record<string, unknown> {
  const record = structuredClone(loadRecord('det-console-sign-in-failed-pos-iam-user'));
  record.eventID = `00000000-0000-4000-c000-${String(i).padStart(12, '0')}`;
  record.eventTime = new Date(Date.parse('2026-11-20T08:00:00Z') + i * 3000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  record.sourceIPAddress = '192.0.2.77';
  (record.userIdentity as Record<string, unknown>).userName = `user${i % 400}`;
  return record;
}

export async function benchCorrelation(): Promise<string> {
  const dynamo = await startDynamoDb();
  await createDedupTable(dynamo.url, TABLE);
  // The alerter's own client (timeouts and all), pointed at dynalite the way local runs are.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ACCESS_KEY_ID: 'AKIALOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-bench-key',
  });
  const client = createDynamoDbClient('us-east-1');
  const calls: Record<string, number> = {};
  client.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware generics add nothing here.
    (next: any, context: any) => async (args: any) => {
      const name = String(context.commandName).replace(/Command$/, '');
      calls[name] = (calls[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const classifier = createClassifier();
  const run = async (records: Iterable<Record<string, unknown>>) => {
    for (const key of Object.keys(calls)) delete calls[key];
    const correlator = new Correlator({ store: new DynamoCorrelationStore(client, TABLE) });
    let events = 0;
    let counted = 0;
    const fired: Record<string, number> = {};
    for (const record of records) {
      const parsed = parseEvent(record);
      if (!parsed.ok) continue;
      events += 1;
      const matches = classifier.classify(parsed.event);
      if (correlator.relevant(parsed.event, matches)) counted += 1;
      for (const alert of await correlator.observe(parsed.event, matches)) {
        fired[alert.detection.id] = (fired[alert.detection.id] ?? 0) + 1;
      }
    }
    return { events, counted, fired, calls: { ...calls } };
  };
  try {
    const mix = await run(recordStream({ seed: 7, count: MIX_EVENTS }));
    const storm = await run(Array.from({ length: STORM }, (_, i) => spray(i)));
    // Replay's in-memory evaluation of the same mix, for its throughput.
    const memory = new Correlator({ store: new MemoryCorrelationStore() });
    const parsed = [...recordStream({ seed: 7, count: MIX_EVENTS })].flatMap((r) => {
      const p = parseEvent(r);
      return p.ok ? [{ event: p.event, matches: classifier.classify(p.event) }] : [];
    });
    const started = performance.now();
    for (const { event, matches } of parsed) {
      if (memory.relevant(event, matches)) await memory.observe(event, matches);
    }
    const perEventUs = ((performance.now() - started) * 1000) / parsed.length;
    const row = (label: string, r: Awaited<ReturnType<typeof run>>) => {
      const reads = r.calls.GetItem ?? 0;
      const writes = (r.calls.PutItem ?? 0) + (r.calls.UpdateItem ?? 0);
      return `| ${label} | ${r.events.toLocaleString('en-US')} | ${r.counted.toLocaleString('en-US')} | ${reads.toLocaleString('en-US')} | ${writes.toLocaleString('en-US')} | ${(reads / r.events).toFixed(3)} / ${(writes / r.events).toFixed(3)} | ${
        Object.entries(r.fired)
          .map(([id, n]) => `${id} ×${n}`)
          .join(', ') || 'none'
      } |`;
    };
    return `Command: \`pnpm bench correlation\`. Machine: ${machine()}.

The alerter's \`DynamoCorrelationStore\` against dynalite, every event through the real classifier
and \`Correlator\`; DynamoDB calls counted by an SDK middleware.

| input | events | counted by a stateful detection | reads | writes | reads / writes per event | fired |
|---|---:|---:|---:|---:|---|---|
${row(`sample-day mix (\`recordStream\`, seed 7)`, mix)}
${row('password-spraying storm: 1 address, 400 user names, 1 failure / 3 s', storm)}

- Events no stateful detection counts cost **no** state-table call. A counted event costs one
  consistent read and one conditional write **per stateful detection that counts it** (a failed
  IAM-user sign-in counts for three: spraying by address, brute force and failure-then-success by
  user), and a firing one more write.
- The spraying storm raises **${storm.fired['console-password-spraying'] ?? 0}** spraying alert(s)
  for ${STORM.toLocaleString('en-US')} failures (once per window and key, not once per event).
- Replay's in-memory evaluation of the same mix: ${perEventUs.toFixed(2)} µs per event.
`;
  } finally {
    client.destroy();
    await dynamo.close();
  }
}
