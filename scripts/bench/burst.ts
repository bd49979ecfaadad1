/**
 * Burst benchmark (budget from DESIGN.md): "a burst of 1,000 matching events reaches Slack in ≤ 25
 * messages, every event accounted for". Runs the REAL alerter bundle (`apps/alerter/dist/index.mjs`)
 * against the `@trailwatch/local-aws` stand-ins, with the Slack emulator at Slack's own pace (1
 * message/s per webhook, burst of 3) and the deployed event source mapping and DLQ defaults, then
 * reads what Slack received. A second scenario is a password spray: 500 failed console sign-ins
 * across 20 users and 3 source IPs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { toEnvelope } from '../../packages/cloudtrail/src/index.js';
import { loadRecord } from '../../packages/fixtures/src/index.js';
import {
  type LocalStack,
  type OrganizationsSeed,
  runQueue,
  type SqsHandler,
  startLocalStack,
} from '../../packages/local-aws/src/index.js';
import { machine } from './machine.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const bundle = join(root, 'apps', 'alerter', 'dist', 'index.mjs');

const BUDGET = { events: 1_000, messages: 25 } as const;
/**
 * The deployment's event source mapping and redrive defaults (`alerter` in
 * `packages/config/src/schema.ts`: batchSize 100, maxReceiveCount 10, timeoutSeconds 120). The
 * visibility timeout (deployed: 6 × 120 s) is scaled to seconds like `pnpm start` does, and the
 * stand-ins' environment starts the redelivery backoff at 1 s instead of 30 s.
 */
const QUEUE = { batchSize: 100, maxReceiveCount: 10, visibilityTimeoutMs: 3_000 } as const;
const LAMBDA_TIMEOUT_MS = 120_000;
/** Slack's documented incoming-webhook limit, with the emulator's small burst allowance. */
const SLACK = { ratePerSecond: 1, burst: 3 } as const;

const ORGANIZATION: OrganizationsSeed = {
  accounts: [
    { id: '111122223333', name: 'acme-identity', parentId: 'ou-b1a5-security' },
    { id: '123456789012', name: 'acme-payments-prod', parentId: 'ou-b1a5-prod0001' },
  ],
  ous: [
    { id: 'ou-b1a5-security', name: 'Security' },
    { id: 'ou-b1a5-workload', name: 'Workloads' },
    { id: 'ou-b1a5-prod0001', name: 'Prod', parentId: 'ou-b1a5-workload' },
  ],
  tags: { '123456789012': { owner: 'payments-team', environment: 'production' } },
};

/** A unique, UUID-shaped CloudTrail eventID; fixed width, so no id is a substring of another. */
function eventId(series: number, n: number): string {
  return `b0a5${String(series).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** `n` seconds after 09:00 on the bench day, as CloudTrail writes `eventTime`. */
function eventTime(n: number): string {
  return new Date(Date.UTC(2026, 10, 27, 9, 0, n)).toISOString().replace('.000Z', 'Z');
}

interface Burst {
  readonly ids: readonly string[];
  readonly bodies: readonly string[];
}

/** One provisioning script creating 1,000 IAM users in a few minutes (fixture `create-user`). */
function createUserBurst(count: number): Burst {
  const template = loadRecord('create-user');
  const ids: string[] = [];
  const bodies: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = eventId(1, n);
    const userName = `svc-bench-${String(n).padStart(4, '0')}`;
    const record = structuredClone(template);
    const identity = record.userIdentity as Record<string, unknown>;
    record.userIdentity = {
      ...identity,
      arn: 'arn:aws:iam::123456789012:user/provisioning-script',
      userName: 'provisioning-script',
    };
    record.eventTime = eventTime(Math.floor(n / 5));
    record.requestParameters = { userName };
    record.responseElements = {
      user: {
        createDate: 'Nov 27, 2026, 9:00:00 AM',
        userName,
        arn: `arn:aws:iam::123456789012:user/${userName}`,
        path: '/',
        userId: `AIDA5BENCH${String(n).padStart(11, '0')}`,
      },
    };
    record.requestID = `${id.slice(0, 24)}cccc00000000`;
    record.eventID = id;
    ids.push(id);
    bodies.push(JSON.stringify(toEnvelope(record)));
  }
  return { ids, bodies };
}

const SPRAY_IPS = ['198.51.100.23', '203.0.113.77', '192.0.2.201'] as const;
const SPRAY_USERS = 20;

/** A password spray: failed console sign-ins (fixture `console-login-iam-user-failure`). */
function failedSignInBurst(count: number): Burst {
  const template = loadRecord('console-login-iam-user-failure');
  const ids: string[] = [];
  const bodies: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = eventId(2, n);
    const user = n % SPRAY_USERS;
    const record = structuredClone(template);
    record.userIdentity = {
      ...(record.userIdentity as Record<string, unknown>),
      principalId: `AIDACKCEVSQ6C2SPRAY${String(user).padStart(2, '0')}`,
      userName: `user-${String(user).padStart(2, '0')}`,
    };
    record.sourceIPAddress = SPRAY_IPS[n % SPRAY_IPS.length];
    record.eventTime = eventTime(Math.floor(n / 3));
    record.eventID = id;
    ids.push(id);
    bodies.push(JSON.stringify(toEnvelope(record)));
  }
  return { ids, bodies };
}

/** Structured log levels and EMF metric totals the alerter wrote while muted. */
interface Muted {
  readonly levels: Map<string, number>;
  readonly metrics: Map<string, number>;
  restore(): void;
}

type Write = typeof process.stdout.write;

/**
 * Mutes the bundle's Powertools output (JSON logs and EMF on stdout/stderr) while counting log
 * levels and metrics; anything else (a runtime warning) still reaches stderr.
 */
function muteAlerterOutput(): Muted {
  const originalStdout = process.stdout.write;
  const originalStderr = process.stderr.write;
  const stderr = originalStderr.bind(process.stderr) as Write;
  const levels = new Map<string, number>();
  const metrics = new Map<string, number>();
  const consume = (chunk: unknown): void => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const parsed = parseObject(line);
      if (parsed === undefined) {
        stderr(`${line}\n`);
      } else if (typeof parsed._aws === 'object' && parsed._aws !== null) {
        addMetrics(parsed, metrics);
      } else if (typeof parsed.level === 'string') {
        const level = parsed.level.toUpperCase();
        levels.set(level, (levels.get(level) ?? 0) + 1);
      }
    }
  };
  const patched = ((chunk: unknown, ...rest: unknown[]) => {
    consume(chunk);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as Write;
  process.stdout.write = patched;
  process.stderr.write = patched;
  return {
    levels,
    metrics,
    restore() {
      process.stdout.write = originalStdout;
      process.stderr.write = originalStderr;
    },
  };
}

function parseObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function addMetrics(emf: Record<string, unknown>, totals: Map<string, number>): void {
  const directives = (emf._aws as { CloudWatchMetrics?: unknown }).CloudWatchMetrics;
  if (!Array.isArray(directives)) return;
  for (const directive of directives as { Metrics?: { Name?: unknown }[] }[]) {
    for (const metric of directive.Metrics ?? []) {
      if (typeof metric.Name !== 'string') continue;
      const value = emf[metric.Name];
      const sum = Array.isArray(value)
        ? value.reduce((total: number, v) => total + Number(v), 0)
        : Number(value ?? 0);
      totals.set(metric.Name, (totals.get(metric.Name) ?? 0) + sum);
    }
  }
}

/** The figures of one scenario. */
interface BurstResult {
  readonly name: string;
  readonly events: number;
  readonly messages: number;
  readonly digests: number;
  readonly singles: number;
  /** Event ids found in no delivered message, and in more than one. */
  readonly missing: number;
  readonly duplicated: number;
  readonly rateLimited: number;
  readonly otherRejections: number;
  readonly handedBack: number;
  readonly deadLettered: number;
  readonly invocations: number;
  readonly receives: number;
  readonly handlerErrors: number;
  readonly organizationsCalls: number;
  readonly warnings: number;
  readonly errors: number;
  readonly alertsMetric: number;
  readonly wallMs: number;
  /** Seconds between the first and the last message Slack accepted. */
  readonly deliverySpanS: number;
}

/** Which of `ids` each delivered message mentions, in delivery order. */
function idsPerMessage(stack: LocalStack, ids: readonly string[]): string[][] {
  return stack.slack.messages.map((message) => {
    const text = JSON.stringify(message.payload);
    return ids.filter((id) => text.includes(id));
  });
}

let imports = 0;

/**
 * Starts fresh stand-ins, imports a fresh instance of the bundle under their environment (its
 * pacing state, caches and clients are per module instance) and drives `burst` through SQS
 * semantics; restores the environment and output afterwards.
 */
async function runScenario(name: string, burst: Burst): Promise<BurstResult> {
  const quiet = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const saved = new Map([[quiet, process.env[quiet]]]);
  // The deployed function runs on nodejs22.x; the SDK's notice about an older local Node is noise.
  process.env[quiet] = 'true';
  let stack: LocalStack | undefined;
  let muted: Muted | undefined;
  try {
    stack = await startLocalStack({ organization: ORGANIZATION, slack: SLACK });
    for (const key of Object.keys(stack.env)) if (!saved.has(key)) saved.set(key, process.env[key]);
    Object.assign(process.env, stack.env);
    imports += 1;
    const { handler } = (await import(`${pathToFileURL(bundle).href}?burst=${imports}`)) as {
      handler: SqsHandler;
    };
    let handedBack = 0;
    muted = muteAlerterOutput();
    const started = performance.now();
    const result = await runQueue({
      handler,
      bodies: burst.bodies,
      ...QUEUE,
      sqs: stack.sqs,
      context: { timeoutMs: LAMBDA_TIMEOUT_MS },
      onInvoke: (report) => {
        handedBack += report.error === undefined ? report.failedIds.length : 0;
      },
    });
    const wallMs = performance.now() - started;
    muted.restore();
    const perMessage = idsPerMessage(stack, burst.ids);
    const seen = new Map<string, number>();
    for (const ids of perMessage) for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    const { messages, rejected } = stack.slack;
    const digests = messages.filter((m) =>
      JSON.stringify(m.payload).includes('digest part'),
    ).length;
    const times = messages.map((m) => m.receivedAt);
    return {
      name,
      events: burst.ids.length,
      messages: messages.length,
      digests,
      singles: messages.length - digests,
      missing: burst.ids.filter((id) => !seen.has(id)).length,
      duplicated: [...seen.values()].filter((count) => count > 1).length,
      rateLimited: rejected.filter((r) => r.status === 429).length,
      otherRejections: rejected.filter((r) => r.status !== 429).length,
      handedBack,
      deadLettered: result.deadLetters.length,
      invocations: result.invocations,
      receives: result.receives,
      handlerErrors: result.handlerErrors.length,
      organizationsCalls: stack.organizations.calls.length,
      warnings: muted.levels.get('WARN') ?? 0,
      errors: (muted.levels.get('ERROR') ?? 0) + (muted.levels.get('CRITICAL') ?? 0),
      alertsMetric: muted.metrics.get('Alerts') ?? 0,
      wallMs,
      deliverySpanS: times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0,
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

async function ensureBundle(): Promise<void> {
  if (existsSync(bundle)) return;
  try {
    await run('pnpm', ['--filter', '@trailwatch/alerter', 'build'], { cwd: root });
  } catch (error) {
    throw new Error(
      `The alerter bundle is missing at ${bundle} and building it failed: run \`pnpm --filter @trailwatch/alerter build\` and read its output`,
      { cause: error },
    );
  }
  if (!existsSync(bundle)) {
    throw new Error(
      `The alerter bundle is still missing at ${bundle} after \`pnpm --filter @trailwatch/alerter build\``,
    );
  }
}

const n = (value: number) => value.toLocaleString('en-US');
const yesNo = (ok: boolean) => (ok ? 'yes' : '**no**');

function accountedFor(r: BurstResult): string {
  const ok = r.missing === 0 && r.duplicated === 0;
  return ok ? 'yes' : `**no** (${r.missing} in none, ${r.duplicated} in several)`;
}

/** Runs both bursts through the real bundle and returns the `## Burst` section body. */
export async function benchBurst(): Promise<string> {
  await ensureBundle();
  const where = machine();
  const users = await runScenario('1,000 CreateUser', createUserBurst(BUDGET.events));
  const spray = await runScenario(
    `500 failed console sign-ins (${SPRAY_USERS} users, ${SPRAY_IPS.length} IPs)`,
    failedSignInBurst(500),
  );
  const results = [users, spray];
  const row = (label: string, value: (r: BurstResult) => string) =>
    `| ${label} | ${results.map(value).join(' | ')} |`;
  const withinBudget =
    users.messages > 0 &&
    users.messages <= BUDGET.messages &&
    users.missing === 0 &&
    users.duplicated === 0 &&
    users.deadLettered === 0;
  return `Measured on ${where}. Command: \`pnpm bench burst\` (source: \`scripts/bench/burst.ts\`).

The real alerter bundle (\`apps/alerter/dist/index.mjs\`) against the \`@trailwatch/local-aws\`
stand-ins, the Slack webhook emulator at Slack's ${SLACK.ratePerSecond} message/s with a burst of ${SLACK.burst}, the alerter paced as
deployed (\`SLACK_MIN_INTERVAL_MS\` = 1000 × maxConcurrency = 2000 ms at the default maxConcurrency 2,
from \`startLocalStack\`). Events are real-shaped CloudTrail records from the
fixtures in their EventBridge envelope (\`toEnvelope\`), each with its own eventID, all queued at
once and driven through SQS → Lambda semantics by \`runQueue\` with the deployed defaults: batch
${QUEUE.batchSize}, maxReceiveCount ${QUEUE.maxReceiveCount}, function timeout ${LAMBDA_TIMEOUT_MS / 1000} s; one invocation at a time; visibility timeout
scaled to ${QUEUE.visibilityTimeoutMs / 1000} s and redelivery backoff to 1 s (deployed: 720 s and 30 s).

| | ${results.map((r) => r.name).join(' | ')} |
|---|---:|---:|
${[
  row('events in', (r) => n(r.events)),
  row('Slack messages delivered', (r) => `**${n(r.messages)}**`),
  row('… digests / single messages', (r) => `${r.digests} / ${r.singles}`),
  row('events per message', (r) => (r.messages ? (r.events / r.messages).toFixed(1) : '—')),
  row('every event id in exactly one delivered message', accountedFor),
  row('429s received', (r) => n(r.rateLimited)),
  row('other Slack rejections', (r) => n(r.otherRejections)),
  row('records handed back (batchItemFailures)', (r) => n(r.handedBack)),
  row('records in the DLQ', (r) => n(r.deadLettered)),
  row('Lambda invocations (records received)', (r) => `${n(r.invocations)} (${n(r.receives)})`),
  row('invocations that threw', (r) => n(r.handlerErrors)),
  row('Organizations calls', (r) => n(r.organizationsCalls)),
  row('alerter warnings / errors logged', (r) => `${r.warnings} / ${r.errors}`),
  row('`Alerts` metric (events delivered, EMF)', (r) => n(r.alertsMetric)),
  row('first → last Slack message', (r) => `${r.deliverySpanS.toFixed(1)} s`),
  row('wall time (queue to empty)', (r) => `${(r.wallMs / 1000).toFixed(1)} s`),
].join('\n')}

Budget "a burst of 1,000 matching events reaches Slack in ≤ ${BUDGET.messages} messages, every event accounted
for": ${withinBudget ? 'within budget' : '**over budget**'} (${users.messages} messages; all ids accounted for: ${yesNo(users.missing === 0 && users.duplicated === 0)}; DLQ ${users.deadLettered}).
"Accounted for" is computed by scanning every delivered payload for every event id. Digests fold
only within one batch, so the message count follows the batch size: at batch ${QUEUE.batchSize}, each batch of
one detection becomes ⌈${QUEUE.batchSize} / 50⌉ digest parts (50 items at most per digest). The deployed
function may run 2 batches at once (maxConcurrency 2); here they run one after the other. Two
concurrent batches would share the webhook's 1 message/s, so they could meet more 429s (and
hand back more records), not fewer.`;
}

if (process.argv[1] === import.meta.filename) {
  process.stdout.write(`${await benchBurst()}\n`);
}
