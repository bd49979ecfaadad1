import type { DailySummaryTarget } from '@trailwatch/contract';
import { assertWithinSlackLimits, type SlackMessage } from '@trailwatch/slack';
import type { DeliveryOutcome, OutgoingMessage } from '../delivery/slack-sender.js';
import type { Telemetry } from '../telemetry.js';
import { postDailySummaries, type SummaryStore } from './daily-summaries.js';
import { WatchdogDeliveryError } from './errors.js';
import {
  evaluateCoverage,
  type Problem,
  type WatchdogEvaluation,
  type WatchedAccount,
} from './evaluate.js';
import { LEASE_MARGIN_MS, type Lease } from './lease.js';
import { renderWatchdogProblems, renderWatchdogRecoveries } from './render-watchdog.js';
import type { WatchdogGauges } from './watchdog-metrics.js';
import { WatchdogMetricName } from './watchdog-metrics.js';
import type { TableSnapshot } from './watchdog-table.js';

/** The collaborators of one watchdog run; `createWatchdogDependencies` wires the real ones. */
export interface WatchdogDependencies {
  /** The ACTIVE accounts the deployment targets (see `listTargetAccounts`). */
  readonly listAccounts: () => Promise<WatchedAccount[]>;
  /** One run at a time announces; see `DynamoDbLease`. */
  readonly lease: Lease;
  readonly table: {
    read(): Promise<TableSnapshot>;
    recordProblems(problems: readonly Problem[], now: number): Promise<void>;
    forget(pairs: readonly { account: string; region: string }[]): Promise<void>;
  };
  readonly deliver: (
    messages: readonly OutgoingMessage[],
    remainingMs: () => number,
  ) => Promise<DeliveryOutcome[]>;
  readonly telemetry: Telemetry;
  readonly gauges: WatchdogGauges;
  readonly webhookSecretId: string;
  readonly memberRegions: readonly string[];
  readonly excludedAccounts: ReadonlySet<string>;
  readonly silenceMinutes: number;
  readonly graceMinutes: number;
  /** Daily summaries posted after the coverage check; absent = none. */
  readonly summaries?: {
    readonly targets: readonly DailySummaryTarget[];
    readonly store: SummaryStore;
  };
  readonly now?: () => number;
}

/** The two messages a run may post. */
export type WatchdogMessageKind = 'problems' | 'recoveries';

/** What a run did, for logs and tests. */
export type WatchdogRunResult =
  | {
      readonly status: 'ran';
      readonly evaluation: WatchdogEvaluation;
      /** The messages Slack accepted (none when nothing changed). */
      readonly posted: readonly WatchdogMessageKind[];
      /** Webhook secret ids whose daily summary this run posted. */
      readonly summaries: readonly string[];
    }
  | {
      /** Another run holds the lease: this one read, posted and wrote nothing. */
      readonly status: 'skipped';
      readonly heldBy?: string;
    };

/** The invocation a run belongs to. */
export interface WatchdogInvocation {
  /** Unique per invocation (the Lambda request id): the lease's holder. */
  readonly id: string;
  /** Milliseconds left before Lambda stops the run. */
  readonly remainingMs: () => number;
}

const MINUTE_MS = 60_000;

function describeProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.account.id}/${p.region}:${p.status}`);
}

/**
 * One watchdog run under the lease: a run that cannot take it (another run is in progress, or one
 * crashed less than its timeout ago) logs who holds it and returns without reading, posting or
 * writing anything, so overlapping runs never announce the same change twice. The lease is held
 * until past this run's own Lambda deadline and given back at the end, also when the run throws,
 * so Lambda's asynchronous retry can run at once.
 *
 * @throws WatchdogDeliveryError when Slack did not accept a message.
 */
export async function runWatchdog(
  deps: WatchdogDependencies,
  invocation: WatchdogInvocation,
): Promise<WatchdogRunResult> {
  const clock = deps.now ?? Date.now;
  const { log } = deps.telemetry;
  const startedAt = clock();
  const lease = await deps.lease.acquire(
    invocation.id,
    startedAt,
    startedAt + invocation.remainingMs() + LEASE_MARGIN_MS,
  );
  if (!lease.acquired) {
    log.warn('Another watchdog run holds the lease; this run posts nothing', {
      ...(lease.heldBy === undefined ? {} : { heldBy: lease.heldBy }),
      ...(lease.expiresAt === undefined
        ? {}
        : { leaseExpiresAt: new Date(lease.expiresAt * 1000).toISOString() }),
    });
    return { status: 'skipped', ...(lease.heldBy === undefined ? {} : { heldBy: lease.heldBy }) };
  }
  if (lease.tookOverFrom !== undefined) {
    log.warn('Took over an expired watchdog lease; that run ended without releasing it', {
      previousHolder: lease.tookOverFrom,
    });
  }
  try {
    return await runLeased(deps, invocation.remainingMs);
  } finally {
    await releaseLease(deps, invocation.id);
  }
}

/**
 * Gives the lease back. A failure here is logged, not thrown: it must not hide the run's own error,
 * and a lease that stays behind only delays the next run until it expires (minutes, runs are hourly).
 */
async function releaseLease(deps: WatchdogDependencies, holder: string): Promise<void> {
  const { log } = deps.telemetry;
  try {
    if (!(await deps.lease.release(holder))) {
      // Only possible when this run outlived its lease, i.e. clocks far apart: worth a look.
      log.warn('The watchdog lease was no longer ours at the end of the run', { holder });
    }
  } catch (error) {
    log.error('Could not release the watchdog lease; it expires on its own', {
      holder,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}

/**
 * One watchdog run: read heartbeats and announced problems, list active accounts, evaluate, post
 * what changed, record it, and write the gauges. A state change is recorded only after Slack
 * accepted the message announcing it, so a failed post is retried by the next run; a failed post
 * also makes the run throw (after recording whatever did get through) so the error alarm fires.
 *
 * @throws WatchdogDeliveryError when Slack did not accept a message.
 */
async function runLeased(
  deps: WatchdogDependencies,
  remainingMs: () => number,
): Promise<WatchdogRunResult> {
  const now = (deps.now ?? Date.now)();
  const { log } = deps.telemetry;
  const [snapshot, accounts] = await Promise.all([deps.table.read(), deps.listAccounts()]);
  const evaluation = evaluateCoverage({
    accounts,
    heartbeats: snapshot.heartbeats,
    states: snapshot.states,
    memberRegions: deps.memberRegions,
    excludedAccounts: deps.excludedAccounts,
    now,
    silenceMs: deps.silenceMinutes * MINUTE_MS,
    graceMs: deps.graceMinutes * MINUTE_MS,
  });
  deps.gauges.gauge(WatchdogMetricName.SILENT_ACCOUNT_REGIONS, evaluation.silentCount);
  deps.gauges.gauge(WatchdogMetricName.UNCOVERED_ACCOUNTS, evaluation.uncoveredCount);
  log.info('Watchdog evaluated heartbeat coverage', {
    accounts: accounts.length,
    heartbeats: snapshot.heartbeats.length,
    silentAccountRegions: evaluation.silentCount,
    uncoveredAccounts: evaluation.uncoveredCount,
    newProblems: evaluation.newProblems.length,
    recovered: evaluation.recovered.length,
    inGrace: evaluation.inGrace.map((account) => account.id),
  });
  if (evaluation.unwatched.length > 0) {
    // Nothing recovered there; the pair is simply no longer expected to beat.
    log.info('Forgetting watchdog states no longer watched', {
      pairs: evaluation.unwatched.map((s) => `${s.account}/${s.region}:${s.status}`),
    });
    await deps.table.forget(evaluation.unwatched);
  }

  const outgoing: { kind: WatchdogMessageKind; message: OutgoingMessage }[] = [];
  const add = (kind: WatchdogMessageKind, message: SlackMessage, count: number) => {
    assertWithinSlackLimits(message);
    outgoing.push({
      kind,
      message: {
        webhookSecretId: deps.webhookSecretId,
        message,
        describe: { kind: `watchdog-${kind}`, pairs: count },
      },
    });
  };
  if (evaluation.newProblems.length > 0) {
    log.warn('Heartbeats missing', { pairs: describeProblems(evaluation.newProblems) });
    add(
      'problems',
      renderWatchdogProblems(evaluation.newProblems, {
        silenceMinutes: deps.silenceMinutes,
        graceMinutes: deps.graceMinutes,
      }),
      evaluation.newProblems.length,
    );
  }
  if (evaluation.recovered.length > 0) {
    log.info('Heartbeats back', {
      pairs: evaluation.recovered.map((r) => `${r.account.id}/${r.region}`),
    });
    add('recoveries', renderWatchdogRecoveries(evaluation.recovered), evaluation.recovered.length);
  }
  const failed: string[] = [];
  if (outgoing.length > 0) {
    const outcomes = await deps.deliver(
      outgoing.map((entry) => entry.message),
      remainingMs,
    );
    const posted = new Map(
      outgoing.map((entry, index) => [entry.kind, outcomes[index]?.status === 'delivered']),
    );
    if (posted.get('problems')) await deps.table.recordProblems(evaluation.newProblems, now);
    if (posted.get('recoveries'))
      await deps.table.forget(
        evaluation.recovered.map((r) => ({ account: r.account.id, region: r.region })),
      );
    failed.push(
      ...outgoing.flatMap((entry, index) => {
        const outcome = outcomes[index];
        if (outcome?.status === 'delivered') return [];
        return [
          `${entry.kind} (${outcome?.status === 'handed-back' ? outcome.reason : 'no answer'})`,
        ];
      }),
    );
  }
  // After the coverage check, whose silent account × regions each summary lists.
  const summaries =
    deps.summaries === undefined || deps.summaries.targets.length === 0
      ? { posted: [], failed: [] }
      : await postDailySummaries({
          ...deps.summaries,
          deliver: deps.deliver,
          log,
          now,
          remainingMs,
          accounts,
          evaluation,
        });
  failed.push(...summaries.failed);
  if (failed.length > 0) {
    throw new WatchdogDeliveryError(
      `Slack did not accept the watchdog's ${failed.join(' and ')} message; the next run retries`,
    );
  }
  return {
    status: 'ran',
    evaluation,
    posted: outgoing.map((entry) => entry.kind),
    summaries: summaries.posted,
  };
}
