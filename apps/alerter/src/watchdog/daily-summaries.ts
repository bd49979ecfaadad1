import {
  type DailySummaryTarget,
  DailySummaryTiming,
  StateTable,
  SummaryCounter,
  utcHourOf,
} from '@trailwatch/contract';
import {
  assertWithinSlackLimits,
  type DailySummaryInput,
  renderDailySummary,
  type SummaryCount,
} from '@trailwatch/slack';
import type { DeliveryOutcome, OutgoingMessage } from '../delivery/slack-sender.js';
import { errorText } from '../log-keys.js';
import { routeHash } from '../route-hash.js';
import type { Log } from '../telemetry.js';
import { type WatchdogEvaluation, WatchdogStatus, type WatchedAccount } from './evaluate.js';
import { localTime } from './local-time.js';
import type { HourCounts, SummaryRead } from './summary-table.js';

const HOUR_MS = 3_600_000;

/** Where the summaries' counts and markers live (`SummaryTable`). */
export interface SummaryStore {
  read(routeHash: string, utcHours: readonly string[], localDate: string): Promise<SummaryRead>;
  markPosted(routeHash: string, localDate: string, nowMs: number): Promise<void>;
}

/** What posting the summaries needs from the run. */
export interface SummaryRun {
  readonly targets: readonly DailySummaryTarget[];
  readonly store: SummaryStore;
  readonly deliver: (
    messages: readonly OutgoingMessage[],
    remainingMs: () => number,
  ) => Promise<DeliveryOutcome[]>;
  readonly log: Log;
  readonly now: number;
  readonly remainingMs: () => number;
  readonly accounts: readonly WatchedAccount[];
  readonly evaluation: WatchdogEvaluation;
}

/** The summaries a run posted, and those it could not (retried by the next run). */
export interface SummaryResult {
  readonly posted: readonly string[];
  readonly failed: readonly string[];
}

/** The UTC hours a summary at `now` covers: the current one and the 23 before it, oldest first. */
export function summaryHours(now: number): string[] {
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  return Array.from({ length: DailySummaryTiming.HOURS }, (_, i) =>
    utcHourOf(current - (DailySummaryTiming.HOURS - 1 - i) * HOUR_MS),
  );
}

/** Whether a target is due at `now`: its local hour has come and that local day is not posted. */
export function dueDate(target: DailySummaryTarget, now: number): string | undefined {
  const local = localTime(now, target.timeZone);
  return local.hour >= target.hour ? local.date : undefined;
}

/** The hour items summed and split by counter prefix. */
export function aggregate(hours: readonly HourCounts[]): {
  total: number;
  byPrefix: Map<string, Map<string, number>>;
} {
  let total = 0;
  const byPrefix = new Map<string, Map<string, number>>(
    Object.values(SummaryCounter).map((prefix) => [prefix, new Map()]),
  );
  for (const hour of hours) {
    for (const [name, count] of hour) {
      if (name === StateTable.SUMMARY_TOTAL_ATTRIBUTE) {
        total += count;
        continue;
      }
      const prefix = Object.values(SummaryCounter).find((p) => name.startsWith(p));
      if (prefix === undefined) continue;
      const counts = byPrefix.get(prefix)!;
      const value = name.slice(prefix.length);
      counts.set(value, (counts.get(value) ?? 0) + count);
    }
  }
  return { total, byPrefix };
}

function countsOf(
  counts: ReadonlyMap<string, number> | undefined,
  label?: (value: string) => string | undefined,
): SummaryCount[] {
  return [...(counts ?? [])].map(([value, count]) => {
    const text = label?.(value);
    return text === undefined ? { value, count } : { value, count, label: text };
  });
}

/** The message input for one route from its hour items and this run's coverage evaluation. */
export function summaryInput(
  hours: readonly HourCounts[],
  context: { now: number; localDate: string; timeZone: string },
  accounts: readonly WatchedAccount[],
  evaluation: WatchdogEvaluation,
): DailySummaryInput {
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  const { total, byPrefix } = aggregate(hours);
  const from =
    Math.floor(context.now / HOUR_MS) * HOUR_MS - (DailySummaryTiming.HOURS - 1) * HOUR_MS;
  return {
    localDate: context.localDate,
    timeZone: context.timeZone,
    from,
    to: context.now,
    total,
    byDetection: countsOf(byPrefix.get(SummaryCounter.DETECTION)),
    byAccount: countsOf(byPrefix.get(SummaryCounter.ACCOUNT), (id) => names.get(id)),
    byActor: countsOf(byPrefix.get(SummaryCounter.ACTOR)),
    muted: countsOf(byPrefix.get(SummaryCounter.MUTED)),
    stateful: countsOf(byPrefix.get(SummaryCounter.STATEFUL)),
    silent: evaluation.problems
      .filter((problem) => problem.status === WatchdogStatus.SILENT)
      .map((problem) => ({
        accountId: problem.account.id,
        accountName: problem.account.name,
        region: problem.region,
      })),
  };
}

/**
 * Posts each due daily summary once per local day: on the first run at or after the route's
 * hour in its time zone (so a missed run posts later that day) whose day has no posted marker.
 * The marker is written only after Slack accepted the message, so a failed post is retried by the
 * next run; a failed marker write after a post means the next run posts it again.
 */
export async function postDailySummaries(run: SummaryRun): Promise<SummaryResult> {
  const posted: string[] = [];
  const failed: string[] = [];
  const hours = summaryHours(run.now);
  const ready: {
    target: DailySummaryTarget;
    hash: string;
    localDate: string;
    message: OutgoingMessage;
  }[] = [];
  for (const target of run.targets) {
    const localDate = dueDate(target, run.now);
    if (localDate === undefined) continue;
    const hash = routeHash(target.webhookSecretName);
    try {
      const read = await run.store.read(hash, hours, localDate);
      if (read.posted) continue;
      const message = renderDailySummary(
        summaryInput(
          read.hours,
          { now: run.now, localDate, timeZone: target.timeZone },
          run.accounts,
          run.evaluation,
        ),
      );
      assertWithinSlackLimits(message);
      ready.push({
        target,
        hash,
        localDate,
        message: {
          webhookSecretId: target.webhookSecretName,
          message,
          describe: { kind: 'daily-summary', localDate, timeZone: target.timeZone },
        },
      });
    } catch (error) {
      run.log.error('Daily summary not prepared; the next run retries', {
        webhookSecretId: target.webhookSecretName,
        localDate,
        error: errorText(error),
      });
      failed.push(`daily summary for ${target.webhookSecretName} (not prepared)`);
    }
  }
  if (ready.length === 0) return { posted, failed };
  const outcomes = await run.deliver(
    ready.map((entry) => entry.message),
    run.remainingMs,
  );
  for (const [index, entry] of ready.entries()) {
    const outcome = outcomes[index];
    const name = entry.target.webhookSecretName;
    if (outcome?.status !== 'delivered') {
      failed.push(
        `daily summary for ${name} (${outcome?.status === 'handed-back' ? outcome.reason : 'no answer'})`,
      );
      continue;
    }
    try {
      await run.store.markPosted(entry.hash, entry.localDate, run.now);
      posted.push(name);
      run.log.info('Daily summary posted', { webhookSecretId: name, localDate: entry.localDate });
    } catch (error) {
      run.log.error('Daily summary posted but not recorded; the next run posts it again', {
        webhookSecretId: name,
        localDate: entry.localDate,
        error: errorText(error),
      });
      failed.push(`daily summary for ${name} (posted, not recorded)`);
    }
  }
  return { posted, failed };
}
