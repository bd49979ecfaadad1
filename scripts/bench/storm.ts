/**
 * Storm benchmark (issue 9, item 6): one detection to one route, arriving queued at once, at 5/s
 * and at 1/s, through the REAL alerter bundle with the deployed pacing (2000 ms = 1000 ×
 * maxConcurrency 2), batch 100 and two concurrent readers; then a fault matrix. Time is compressed
 * 6×: storm window 10 s (deployed 60 s), batching window 1,667 ms (deployed 10 s) and arrival
 * rates 6× (1/s → 6/s, 5/s → 30/s), so each shape keeps its deployed events per window; Slack's
 * 1 message/s and the alerter's pacing are not compressed (they only make runs longer).
 */
import { pathToFileURL } from 'node:url';
import { toEnvelope } from '../../packages/cloudtrail/src/index.js';
import { loadRecord } from '../../packages/fixtures/src/index.js';
import {
  type InvocationReport,
  type LocalStack,
  runQueue,
  type SqsHandler,
  startLocalStack,
} from '../../packages/local-aws/src/index.js';
import {
  type Burst,
  bundle,
  createUserBurst,
  eventId,
  LAMBDA_TIMEOUT_MS,
  muteAlerterOutput,
  ORGANIZATION,
  SLACK,
} from './burst.js';

/** How much faster than deployed the storm clock runs. */
export const TIME_SCALE = 6;
const STORM_WINDOW_SECONDS = 60 / TIME_SCALE;
const BATCHING_WINDOW_MS = Math.round(10_000 / TIME_SCALE);
/** Deployed event source mapping: batch 100, maxReceiveCount 10; two readers (maxConcurrency 2). */
const QUEUE = {
  batchSize: 100,
  maxReceiveCount: 10,
  visibilityTimeoutMs: 3_000,
  readers: 2,
} as const;

/** Budgets of issue 9, item 6 (messages for the storm's own detection). */
export const STORM_BUDGET = { perSecond1: 10, perSecond5: 25, queued: 25 } as const;

interface StormRun {
  readonly burst: Burst;
  /** Deployed arrival rate (the run uses TIME_SCALE × this); undefined = queued at once. */
  readonly arrivalsPerSecond?: number;
  readonly garbage?: readonly string[];
  readonly deliverTwice?: boolean;
  /** Two module instances (two containers) take turns. */
  readonly twoInstances?: boolean;
  readonly prepare?: (stack: LocalStack) => void;
  readonly onInvoke?: (stack: LocalStack, report: InvocationReport) => void;
  /** Index in `burst.bodies` of a lone critical alert whose latency is reported. */
  readonly criticalIndex?: number;
}

export interface StormResult {
  readonly events: number;
  readonly messages: number;
  readonly exactlyOnce: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly deadLettered: number;
  readonly leakedLines: number;
  readonly criticalLatencyS?: number;
  readonly wallS: number;
  readonly receives: number;
}

let imports = 0;

async function importBundle(): Promise<SqsHandler> {
  imports += 1;
  const module = (await import(`${pathToFileURL(bundle).href}?storm=${imports}`)) as {
    handler: SqsHandler;
  };
  return module.handler;
}

/** Runs `run` against fresh stand-ins and reads what Slack received. */
export async function runStorm(run: StormRun): Promise<StormResult> {
  const saved = new Map<string, string | undefined>();
  const setEnv = (values: Record<string, string>) => {
    for (const [key, value] of Object.entries(values)) {
      if (!saved.has(key)) saved.set(key, process.env[key]);
      process.env[key] = value;
    }
  };
  let stack: LocalStack | undefined;
  let muted: ReturnType<typeof muteAlerterOutput> | undefined;
  try {
    stack = await startLocalStack({ organization: ORGANIZATION, slack: SLACK });
    setEnv({
      ...stack.env,
      STORM_WINDOW_SECONDS: String(STORM_WINDOW_SECONDS),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    const instances = run.twoInstances
      ? [await importBundle(), await importBundle()]
      : [await importBundle()];
    let turn = 0;
    const handler: SqsHandler = (event, context) => {
      turn += 1;
      return instances[turn % instances.length]!(event, context);
    };
    const hook = stack.slack.url;
    muted = muteAlerterOutput([hook, new URL(hook).pathname.split('/').pop() ?? hook]);
    run.prepare?.(stack);
    const bodies = [...run.burst.bodies, ...(run.garbage ?? [])];
    const rate =
      run.arrivalsPerSecond === undefined ? undefined : run.arrivalsPerSecond * TIME_SCALE;
    const started = Date.now();
    const live = stack;
    const result = await runQueue({
      handler,
      bodies,
      ...QUEUE,
      batchingWindowMs: BATCHING_WINDOW_MS,
      sqs: stack.sqs,
      context: { timeoutMs: LAMBDA_TIMEOUT_MS },
      ...(rate === undefined ? {} : { arrivalsPerSecond: rate }),
      ...(run.deliverTwice ? { deliverTwice: bodies.map((_, index) => index) } : {}),
      onInvoke: (report) => run.onInvoke?.(live, report),
    });
    const wallS = (Date.now() - started) / 1000;
    muted.restore();
    const texts = stack.slack.messages.map((m) => JSON.stringify(m.payload));
    const counts = run.burst.ids.map((id) => texts.filter((t) => t.includes(id)).length);
    let criticalLatencyS: number | undefined;
    if (run.criticalIndex !== undefined) {
      const id = run.burst.ids[run.criticalIndex]!;
      const sentAt = started + (rate === undefined ? 0 : (run.criticalIndex * 1000) / rate);
      const message = stack.slack.messages.find((m) => JSON.stringify(m.payload).includes(id));
      if (message !== undefined) criticalLatencyS = (message.receivedAt - sentAt) / 1000;
    }
    return {
      events: run.burst.ids.length,
      messages: stack.slack.messages.length,
      exactlyOnce: counts.filter((c) => c === 1).length,
      lost: counts.filter((c) => c === 0).length,
      duplicated: counts.filter((c) => c > 1).length,
      deadLettered: result.deadLetters.length,
      leakedLines: muted.leakedLines(),
      wallS,
      receives: result.receives,
      ...(criticalLatencyS === undefined ? {} : { criticalLatencyS }),
    };
  } finally {
    muted?.restore();
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await stack?.close();
  }
}

/** A fixture record with a fresh eventID in its EventBridge envelope. */
function fixtureBody(name: string, id: string): string {
  return JSON.stringify(toEnvelope({ ...loadRecord(name), eventID: id }));
}

/** `burst` with a lone critical alert (CloudTrail logging stopped) spliced in at `index`. */
function withCritical(burst: Burst, index: number, series: number): Burst {
  const id = eventId(series, 0);
  const ids = [...burst.ids];
  const bodies = [...burst.bodies];
  ids.splice(index, 0, id);
  bodies.splice(index, 0, fixtureBody('det-cloudtrail-logging-stopped-pos-org-trail', id));
  return { ids, bodies };
}

/** The fault matrix's events: a 20-event CreateUser storm plus five other detections. */
function mixedBurst(series: number): Burst {
  const storm = createUserBurst(20, series);
  const names = [
    'console-login-root-success',
    'det-admin-policy-attached-pos-user',
    'delete-user',
    'create-access-key-other-user',
    'det-cloudtrail-logging-stopped-pos-org-trail',
  ];
  const ids = names.map((_, n) => eventId(series + 50, n));
  return {
    ids: [...storm.ids, ...ids],
    bodies: [...storm.bodies, ...names.map((name, n) => fixtureBody(name, ids[n]!))],
  };
}

const GARBAGE = [
  'not json at all',
  '{}',
  '{"detail":"a string"}',
  JSON.stringify({
    source: 'aws.iam',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventID: 42 },
  }),
  '\u0000\u0001\u0002',
  'x'.repeat(200_000),
];

export interface StormShapes {
  readonly queued: StormResult;
  readonly fivePerSecond: StormResult;
  readonly onePerSecond: StormResult;
}

export async function benchStormShapes(): Promise<StormShapes> {
  const queued = await runStorm({
    burst: withCritical(createUserBurst(1000, 3), 500, 4),
    criticalIndex: 500,
  });
  const fivePerSecond = await runStorm({
    burst: withCritical(createUserBurst(1000, 5), 500, 6),
    arrivalsPerSecond: 5,
    criticalIndex: 500,
  });
  const onePerSecond = await runStorm({
    burst: withCritical(createUserBurst(300, 7, 1), 150, 8),
    arrivalsPerSecond: 1,
    criticalIndex: 150,
  });
  return { queued, fivePerSecond, onePerSecond };
}

export async function benchFaultMatrix(): Promise<[string, StormResult][]> {
  const rows: [string, StormResult][] = [];
  rows.push([
    'Slack 5xx run (4 × 500)',
    await runStorm({
      burst: mixedBurst(10),
      prepare: (s) => s.slack.failNext(4, 500, 'rollup_error'),
    }),
  ]);
  let invocations = 0;
  rows.push([
    'Slack outage (connections reset for the first 3 invocations)',
    await runStorm({
      burst: mixedBurst(11),
      prepare: (s) => s.slack.setOutage('reset'),
      onInvoke: (s) => {
        invocations += 1;
        if (invocations >= 3) s.slack.setOutage(false);
      },
    }),
  ]);
  rows.push([
    'every message delivered twice, to two instances',
    await runStorm({ burst: mixedBurst(12), deliverTwice: true, twoInstances: true }),
  ]);
  rows.push([
    'Organizations down (connections reset)',
    await runStorm({
      burst: mixedBurst(13),
      prepare: (s) => s.organizations.setModes({ down: true }),
    }),
  ]);
  rows.push([
    'slow Slack, ok (3 s per answer, timeout 5 s)',
    await runStorm({ burst: mixedBurst(14), prepare: (s) => s.slack.setLatency(3_000) }),
  ]);
  rows.push([
    `garbage (${GARBAGE.length} malformed bodies among the events)`,
    await runStorm({ burst: mixedBurst(15), garbage: GARBAGE }),
  ]);
  return rows;
}

const yes = (r: StormResult) =>
  r.lost === 0 && r.duplicated === 0 ? `yes (${r.exactlyOnce})` : `**no** (${r.exactlyOnce})`;

/** The `## Storms` section body. */
export async function benchStorms(where: string): Promise<string> {
  const shapes = await benchStormShapes();
  const matrix = await benchFaultMatrix();
  const cols: [string, StormResult, number][] = [
    ['1,000 queued at once', shapes.queued, STORM_BUDGET.queued],
    ['1,000 at 5/s', shapes.fivePerSecond, STORM_BUDGET.perSecond5],
    ['300 at 1/s', shapes.onePerSecond, STORM_BUDGET.perSecond1],
  ];
  const row = (label: string, value: (r: StormResult, budget: number) => string) =>
    `| ${label} | ${cols.map(([, r, b]) => value(r, b)).join(' | ')} |`;
  const stormMessages = (r: StormResult) => r.messages - 1; // the lone critical alert
  const within = cols.every(
    ([, r, b]) => stormMessages(r) <= b && r.lost === 0 && r.duplicated === 0,
  );
  return `Measured on ${where}. Command: \`pnpm bench burst\` (source: \`scripts/bench/storm.ts\`).

One detection (\`iam-user-created\`) to one route, through the real bundle against the stand-ins:
Slack at ${SLACK.ratePerSecond} message/s (burst ${SLACK.burst}), deployed pacing (\`SLACK_MIN_INTERVAL_MS\` 2000 = 1000 × maxConcurrency 2),
batch ${QUEUE.batchSize}, maxReceiveCount ${QUEUE.maxReceiveCount}, ${QUEUE.readers} concurrent readers each cutting its own batches (\`runQueue\`), a lone
critical alert (CloudTrail logging stopped) spliced into the middle of each storm.
**Compressed ${TIME_SCALE}×:** storm window ${STORM_WINDOW_SECONDS} s (deployed 60 s), batching window ${BATCHING_WINDOW_MS} ms (deployed 10 s), arrival
rates ×${TIME_SCALE} (1/s runs at 6/s, 5/s at 30/s), so each shape has its deployed number of events per window;
visibility timeout 3 s and redelivery backoff 1 s as in the burst runs. Slack's rate and the pacing
are real time. Wall times below are of the compressed runs.

| | ${cols.map(([name]) => name).join(' | ')} |
|---|---:|---:|---:|
${[
  row('storm messages (budget)', (r, b) => `**${stormMessages(r)}** (≤ ${b})`),
  row('every event in exactly one message', (r) => yes(r)),
  row('lost / duplicated', (r) => `${r.lost} / ${r.duplicated}`),
  row('records in the DLQ', (r) => String(r.deadLettered)),
  row('records received (holds included)', (r) => r.receives.toLocaleString('en-US')),
  row('lone critical alert: sent → in Slack', (r) =>
    r.criticalLatencyS === undefined ? '**not delivered**' : `${r.criticalLatencyS.toFixed(1)} s`,
  ),
  row('webhook URL in log lines', (r) => String(r.leakedLines)),
  row('wall time', (r) => `${r.wallS.toFixed(0)} s`),
].join('\n')}

Budget (≤ 10 messages at 1/s, ≤ 25 at 5/s and queued at once, nothing lost or duplicated):
${within ? 'within budget' : '**over budget**'}. The critical alert is never held; its latency is the (compressed) batching window
plus the pacing wait behind whatever the same invocation posts first.

### Fault matrix

Each run: a 20-event CreateUser storm plus five other detections (one critical), queued at once,
same settings as above.

| fault | delivered exactly once | lost | duplicated | messages | DLQ | webhook URL in log lines |
|---|---:|---:|---:|---:|---:|---:|
${matrix
  .map(
    ([name, r]) =>
      `| ${name} | ${r.exactlyOnce} of ${r.events} | ${r.lost} | ${r.duplicated} | ${r.messages} | ${r.deadLettered} | ${r.leakedLines} |`,
  )
  .join('\n')}`;
}
