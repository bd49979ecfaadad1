import type { DailySummaryTarget } from '@trailwatch/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryOutcome, OutgoingMessage } from '../../src/delivery/slack-sender.js';
import { SummaryCounterStore } from '../../src/summary/summary-counter-store.js';
import { SummaryTally } from '../../src/summary/summary-tally.js';
import { summaryHours } from '../../src/watchdog/daily-summaries.js';
import { WatchdogDeliveryError } from '../../src/watchdog/errors.js';
import { localTime } from '../../src/watchdog/local-time.js';
import { runWatchdog, type WatchdogDependencies } from '../../src/watchdog/run-watchdog.js';
import { SummaryTable } from '../../src/watchdog/summary-table.js';
import { recordingTelemetry } from '../helpers/recording-telemetry.js';
import { type LocalStateTable, startStateTable } from '../helpers/state-table.js';

const HOUR = 3_600_000;
const PROD = { id: '111111111111', name: 'prod', joinedAt: Date.parse('2021-01-01T00:00:00Z') };
const DEV = { id: '222222222222', name: 'dev', joinedAt: Date.parse('2021-01-01T00:00:00Z') };

let table: LocalStateTable;
let sequence = 0;

beforeAll(async () => {
  table = await startStateTable();
});
afterAll(async () => {
  await table.close();
});

/** A webhook of its own per test, so markers of one test never meet another's. */
function target(hour: number, timeZone: string): DailySummaryTarget {
  sequence += 1;
  return { webhookSecretName: `trailwatch/slack/summary-${sequence}`, hour, timeZone };
}

/**
 * Runs the watchdog at `now` over a healthy PROD and a DEV silent for 4 h, with the real summary
 * table; Slack answers `answer` to every post. Returns the summaries posted.
 */
async function runAt(
  now: number,
  targets: readonly DailySummaryTarget[],
  answer: DeliveryOutcome['status'] = 'delivered',
  accounts = [PROD, DEV],
): Promise<{ posted: OutgoingMessage[]; result: unknown }> {
  const posted: OutgoingMessage[] = [];
  const deps: WatchdogDependencies = {
    listAccounts: async () => accounts,
    lease: { acquire: async () => ({ acquired: true, expiresAt: 0 }), release: async () => true },
    table: {
      read: async () => ({
        heartbeats: [
          { account: PROD.id, region: 'us-east-1', lastSeen: now },
          { account: DEV.id, region: 'us-east-1', lastSeen: now - 4 * HOUR },
        ],
        // DEV's silence was announced by an earlier run: this one posts only summaries.
        states: [{ account: DEV.id, region: 'us-east-1', status: 'SILENT' }],
      }),
      recordProblems: async () => undefined,
      forget: async () => undefined,
    },
    deliver: async (messages) => {
      posted.push(...messages);
      return messages.map(() =>
        answer === 'delivered'
          ? { status: 'delivered' }
          : { status: 'handed-back', reason: 'server' },
      );
    },
    telemetry: recordingTelemetry(),
    gauges: { gauge: () => undefined, flush: () => undefined },
    webhookSecretId: 'trailwatch/slack/ops',
    memberRegions: ['us-east-1'],
    excludedAccounts: new Set(),
    silenceMinutes: 150,
    graceMinutes: 180,
    summaries: { targets, store: new SummaryTable(table.client, table.tableName) },
    now: () => now,
  };
  const result = await runWatchdog(deps, { id: `run-${now}`, remainingMs: () => 60_000 });
  return { posted, result };
}

/** The local dates a sequence of hourly runs posted a summary on. */
async function postsOver(
  first: string,
  runs: number,
  summary: DailySummaryTarget,
): Promise<string[]> {
  const dates: string[] = [];
  for (let i = 0; i < runs; i += 1) {
    const now = Date.parse(first) + i * HOUR;
    const { posted } = await runAt(now, [summary]);
    if (posted.length > 0) {
      expect(posted.map((m) => m.webhookSecretId)).toEqual([summary.webhookSecretName]);
      dates.push(
        `${new Date(now).toISOString().slice(0, 16)}Z → ${localTime(now, summary.timeZone).date}`,
      );
    }
  }
  return dates;
}

describe('Daily summaries posted by the watchdog', () => {
  it('posts once per local day, at the first run at or after the hour in the route zone', async () => {
    // Berlin is UTC+1 in November: 08:00 local is 07:00 UTC.
    const berlin = target(8, 'Europe/Berlin');
    expect(await postsOver('2026-11-26T00:00:00Z', 48, berlin)).toEqual([
      '2026-11-26T07:00Z → 2026-11-26',
      '2026-11-27T07:00Z → 2026-11-27',
    ]);
  });

  it('posts on the day clocks spring forward and on the day they fall back (America/New_York)', async () => {
    // 2026-03-08: 02:00 EST does not exist, clocks jump to 03:00 EDT at 07:00 UTC.
    const spring = target(2, 'America/New_York');
    // Runs start at local midnight, the day before posted already.
    expect(await postsOver('2026-03-08T05:00:00Z', 24, spring)).toEqual([
      '2026-03-08T07:00Z → 2026-03-08',
    ]);
    // 2026-11-01: 01:00 local happens twice (05:00 UTC in EDT, 06:00 UTC in EST); one post.
    const fall = target(1, 'America/New_York');
    expect(await postsOver('2026-11-01T04:00:00Z', 24, fall)).toEqual([
      '2026-11-01T05:00Z → 2026-11-01',
    ]);
  });

  it('posts in a zone with a half-hour offset (Asia/Kolkata, UTC+05:30)', async () => {
    // From 00:30 local on the 27th: 02:00 UTC is 07:30 local (not yet 8), 03:00 UTC is 08:30.
    const kolkata = target(8, 'Asia/Kolkata');
    expect(await postsOver('2026-11-26T19:00:00Z', 24, kolkata)).toEqual([
      '2026-11-27T03:00Z → 2026-11-27',
    ]);
    // Hour 0: the 18:00 UTC run is 23:30 on the 26th (not posted yet); local midnight is
    // 18:30 UTC, so the 19:00 UTC run posts the 27th.
    const midnight = target(0, 'Asia/Kolkata');
    expect(await postsOver('2026-11-26T18:00:00Z', 2, midnight)).toEqual([
      '2026-11-26T18:00Z → 2026-11-26',
      '2026-11-26T19:00Z → 2026-11-27',
    ]);
  });

  it('retries a summary Slack refused on the next run, and fails the run meanwhile', async () => {
    const berlin = target(8, 'Europe/Berlin');
    const at = Date.parse('2026-11-27T07:00:00Z');
    await expect(runAt(at, [berlin], 'handed-back')).rejects.toThrow(WatchdogDeliveryError);
    await expect(runAt(at, [berlin], 'handed-back')).rejects.toThrow(
      /daily summary for trailwatch\/slack\/summary-\d+ \(server\)/,
    );
    const next = await runAt(at + HOUR, [berlin]);
    expect(next.posted).toHaveLength(1);
    expect(next.result).toMatchObject({ status: 'ran', summaries: [berlin.webhookSecretName] });
    expect((await runAt(at + 2 * HOUR, [berlin])).posted).toEqual([]);
  });

  it('sums the alerter counts of the 24 hours ending now, names accounts and lists silent regions', async () => {
    const berlin = target(8, 'Europe/Berlin');
    const now = Date.parse('2026-11-27T07:10:00Z');
    const counters = new SummaryCounterStore(table.client, table.tableName);
    const add = async (at: number, detectionId: string, times: number) => {
      const tally = new SummaryTally([berlin.webhookSecretName]);
      for (let i = 0; i < times; i += 1) {
        tally.delivered(berlin.webhookSecretName, {
          detectionId,
          accountId: PROD.id,
          actor: 'alice (IAM user)',
        });
      }
      tally.muted(berlin.webhookSecretName, 'console-sign-in-failed');
      tally.stateful(berlin.webhookSecretName, 'root-sign-in-brute-force');
      await counters.add(tally, at);
    };
    await add(now, 'root-sign-in', 2); // the current hour
    await add(now - 23 * HOUR, 'iam-user-created', 3); // the oldest hour counted
    await add(now - 24 * HOUR, 'too-old', 100); // one hour too old
    const { posted } = await runAt(now, [berlin]);
    const text = JSON.stringify(posted[0]?.message);
    expect(text).toContain(
      '*5 alerts* posted · 2 stateful alerts · 2 alerts muted · 1 silent account × region',
    );
    expect(text).toContain('• `iam-user-created` ×3');
    expect(text).toContain('• `root-sign-in` ×2');
    expect(text).not.toContain('too-old');
    expect(text).toContain('• prod `111111111111` ×5');
    expect(text).toContain('• `alice (IAM user)` ×5');
    expect(text).toContain('• `root-sign-in-brute-force` ×2');
    expect(text).toContain('• dev `222222222222` `us-east-1`');
    // The period starts at the oldest hour read (06:00 UTC the day before), not 24 h before it.
    expect(text).toContain('From <!date^1795680000^');
    expect(text).toContain('(2026-11-26T08:00:00Z) to');
  });

  it('lists only silent account × regions, not accounts that never sent a heartbeat', async () => {
    const utc = target(7, 'UTC');
    const now = Date.parse('2026-11-27T07:10:00Z');
    const NEW = {
      id: '333333333333',
      name: 'never-beat',
      joinedAt: Date.parse('2021-01-01T00:00:00Z'),
    };
    const { posted } = await runAt(now, [utc], 'delivered', [PROD, DEV, NEW]);
    const summary = posted.find((m) => m.describe.kind === 'daily-summary');
    const text = JSON.stringify(summary?.message);
    expect(text).toContain('1 silent account × region');
    expect(text).not.toContain('333333333333');
  });

  it('does not post before the hour, and posts nothing without summaries', async () => {
    const late = target(23, 'UTC');
    expect((await runAt(Date.parse('2026-11-27T22:59:00Z'), [late])).posted).toEqual([]);
    expect((await runAt(Date.parse('2026-11-27T23:00:00Z'), [late])).posted).toHaveLength(1);
    expect((await runAt(Date.parse('2026-11-27T23:00:00Z'), [])).posted).toEqual([]);
  });

  it('reads the current UTC hour and the 23 before it', () => {
    const hours = summaryHours(Date.parse('2026-11-27T07:59:59Z'));
    expect(hours).toHaveLength(24);
    expect([hours[0], hours[23]]).toEqual(['2026-11-26T08', '2026-11-27T07']);
  });
});
