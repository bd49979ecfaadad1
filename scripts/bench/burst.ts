/**
 * Burst benchmark: the shared pieces (bundle, stand-in organization, CreateUser storms, muted and
 * scanned alerter output) and the `## Burst` section, which runs the storm shapes and the fault
 * matrix of `storm.ts` through the REAL alerter bundle (`apps/alerter/dist/index.mjs`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toEnvelope } from '../../packages/cloudtrail/src/index.js';
import { loadRecord } from '../../packages/fixtures/src/index.js';
import type { OrganizationsSeed } from '../../packages/local-aws/src/index.js';
import { machine } from './machine.js';
import { benchStorms } from './storm.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
export const bundle = join(root, 'apps', 'alerter', 'dist', 'index.mjs');

/** The deployed function timeout (`alerter` in `packages/config/src/schema.ts`). */
export const LAMBDA_TIMEOUT_MS = 120_000;
/** Slack's documented incoming-webhook limit, with the emulator's small burst allowance. */
export const SLACK = { ratePerSecond: 1, burst: 3 } as const;

export const ORGANIZATION: OrganizationsSeed = {
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
export function eventId(series: number, n: number): string {
  return `b0a5${String(series).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** `n` seconds after 09:00 on the bench day, as CloudTrail writes `eventTime`. */
function eventTime(n: number): string {
  return new Date(Date.UTC(2026, 10, 27, 9, 0, n)).toISOString().replace('.000Z', 'Z');
}

export interface Burst {
  readonly ids: readonly string[];
  readonly bodies: readonly string[];
}

/** One provisioning script creating 1,000 IAM users in a few minutes (fixture `create-user`). */
export function createUserBurst(count: number, series = 1, perSecond = 5): Burst {
  const template = loadRecord('create-user');
  const ids: string[] = [];
  const bodies: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = eventId(series, n);
    const userName = `svc-bench-${String(n).padStart(4, '0')}`;
    const record = structuredClone(template);
    const identity = record.userIdentity as Record<string, unknown>;
    record.userIdentity = {
      ...identity,
      arn: 'arn:aws:iam::123456789012:user/provisioning-script',
      userName: 'provisioning-script',
    };
    record.eventTime = eventTime(Math.floor(n / perSecond));
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

/** Structured log levels and EMF metric totals the alerter wrote while muted. */
interface Muted {
  readonly levels: Map<string, number>;
  readonly metrics: Map<string, number>;
  /** Lines (logs, EMF, anything) that contained one of the secrets given to the mute. */
  readonly leakedLines: () => number;
  restore(): void;
}

type Write = typeof process.stdout.write;

/**
 * Mutes the bundle's Powertools output (JSON logs and EMF on stdout/stderr) while counting log
 * levels and metrics; anything else (a runtime warning) still reaches stderr.
 */
export function muteAlerterOutput(secrets: readonly string[] = []): Muted {
  let leaked = 0;
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
      if (secrets.some((secret) => line.includes(secret))) leaked += 1;
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
    leakedLines: () => leaked,
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

export async function ensureBundle(): Promise<void> {
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

/** The `## Burst` section body: storms of one detection arriving queued and over time, and faults. */
export async function benchBurst(): Promise<string> {
  await ensureBundle();
  return benchStorms(machine());
}

if (process.argv[1] === import.meta.filename) {
  process.stdout.write(`${await benchBurst()}\n`);
}
