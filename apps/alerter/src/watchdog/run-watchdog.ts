import { assertWithinSlackLimits, type SlackMessage } from '@trailwatch/slack';
import type { DeliveryOutcome, OutgoingMessage } from '../delivery/slack-sender.js';
import type { Telemetry } from '../telemetry.js';
import { WatchdogDeliveryError } from './errors.js';
import {
  evaluateCoverage,
  type Problem,
  type WatchdogEvaluation,
  type WatchedAccount,
} from './evaluate.js';
import { renderWatchdogProblems, renderWatchdogRecoveries } from './render-watchdog.js';
import type { WatchdogGauges } from './watchdog-metrics.js';
import { WatchdogMetricName } from './watchdog-metrics.js';
import type { TableSnapshot } from './watchdog-table.js';

/** The collaborators of one watchdog run; `createWatchdogDependencies` wires the real ones. */
export interface WatchdogDependencies {
  readonly listAccounts: () => Promise<WatchedAccount[]>;
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
  readonly now?: () => number;
}

/** The two messages a run may post. */
export type WatchdogMessageKind = 'problems' | 'recoveries';

/** What a run did, for logs and tests. */
export interface WatchdogRunResult {
  readonly evaluation: WatchdogEvaluation;
  /** The messages Slack accepted (none when nothing changed). */
  readonly posted: readonly WatchdogMessageKind[];
}

const MINUTE_MS = 60_000;

function describeProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.account.id}/${p.region}:${p.status}`);
}

/**
 * One watchdog run: read heartbeats and announced problems, list active accounts, evaluate, post
 * what changed, record it, and write the gauges. A state change is recorded only after Slack
 * accepted the message announcing it, so a failed post is retried by the next run; a failed post
 * also makes the run throw (after recording whatever did get through) so the error alarm fires.
 *
 * @throws WatchdogDeliveryError when Slack did not accept a message.
 */
export async function runWatchdog(
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
  if (outgoing.length === 0) return { evaluation, posted: [] };

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
  const failed = outgoing.flatMap((entry, index) => {
    const outcome = outcomes[index];
    if (outcome?.status === 'delivered') return [];
    return [`${entry.kind} (${outcome?.status === 'handed-back' ? outcome.reason : 'no answer'})`];
  });
  if (failed.length > 0) {
    throw new WatchdogDeliveryError(
      `Slack did not accept the watchdog's ${failed.join(' and ')} message; the next run retries`,
    );
  }
  return { evaluation, posted: outgoing.map((entry) => entry.kind) };
}
