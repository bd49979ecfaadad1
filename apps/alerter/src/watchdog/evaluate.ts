/** An active member account as Organizations lists it. */
export interface WatchedAccount {
  /** 12-digit account id. */
  readonly id: string;
  /** Organizations `Account.Name`. */
  readonly name: string;
  /** Epoch ms of `Account.JoinedTimestamp`; unknown means "long ago". */
  readonly joinedAt?: number;
}

/** The last heartbeat of one account × region, as the alerter recorded it. */
export interface LastHeartbeat {
  readonly account: string;
  readonly region: string;
  /** Epoch ms. */
  readonly lastSeen: number;
}

/** Why an account × region is a problem. */
export const WatchdogStatus = {
  /** The account sent heartbeats, but not from this region lately (or never from it). */
  SILENT: 'SILENT',
  /** The account never sent a heartbeat from any region, past its grace period. */
  UNCOVERED: 'UNCOVERED',
} as const;
export type WatchdogStatus = (typeof WatchdogStatus)[keyof typeof WatchdogStatus];

/** A problem the watchdog has announced and not yet seen recover (a `watchdog#…` item). */
export interface WatchdogState {
  readonly account: string;
  readonly region: string;
  readonly status: WatchdogStatus;
  /** Epoch ms of the last heartbeat (SILENT) or of joining (UNCOVERED); absent = never / unknown. */
  readonly since?: number;
}

/** One account × region that is a problem now. */
export interface Problem {
  readonly account: WatchedAccount;
  readonly region: string;
  readonly status: WatchdogStatus;
  /** Last heartbeat (SILENT) or joining time (UNCOVERED); absent = never / unknown. */
  readonly since?: number;
}

/** An announced problem whose account × region is healthy again. */
export interface Recovery {
  readonly account: WatchedAccount;
  readonly region: string;
  /** What it was. */
  readonly previous: WatchdogState;
  /** Its latest heartbeat; absent when it recovered by entering the grace period again. */
  readonly lastSeen?: number;
}

/** What one watchdog run sees. */
export interface WatchdogInput {
  readonly accounts: readonly WatchedAccount[];
  readonly heartbeats: readonly LastHeartbeat[];
  readonly states: readonly WatchdogState[];
  readonly memberRegions: readonly string[];
  readonly excludedAccounts: ReadonlySet<string>;
  /** Epoch ms. */
  readonly now: number;
  readonly silenceMs: number;
  readonly graceMs: number;
}

/** What the run should announce and record. */
export interface WatchdogEvaluation {
  /** Every account × region that is a problem now (announced or not). */
  readonly problems: readonly Problem[];
  /** Problems without a state item: announce, then record. */
  readonly newProblems: readonly Problem[];
  /** State items whose account × region is healthy: announce, then delete. */
  readonly recovered: readonly Recovery[];
  /**
   * State items for pairs no longer watched (account left, suspended or excluded; region dropped
   * from MEMBER_REGIONS): deleted without an announcement, since nothing recovered.
   */
  readonly unwatched: readonly WatchdogState[];
  /** Current silent account × regions (of covered accounts), the `SilentAccountRegions` gauge. */
  readonly silentCount: number;
  /** Current uncovered accounts, the `UncoveredAccounts` gauge. */
  readonly uncoveredCount: number;
  /** Accounts without heartbeats that are still within their grace period. */
  readonly inGrace: readonly WatchedAccount[];
}

/** The map key of an account × region. */
export function pairKey(account: string, region: string): string {
  return `${account}#${region}`;
}

/**
 * Compares what Organizations says should send heartbeats with what did, and with what was
 * already announced. Pure: no clock, no I/O.
 *
 * - expected = active accounts not excluded × member regions;
 * - an account with no heartbeat from any region is UNCOVERED in every member region once it
 *   joined more than `graceMs` ago (before that it is only listed in `inGrace`);
 * - otherwise a region whose last heartbeat is older than `silenceMs` is SILENT, and so is a
 *   region that never sent one once the account is past its grace period;
 * - a problem with a state item is not new (SILENT ↔ UNCOVERED is not a state change worth a
 *   message: the region was and is not reporting).
 */
export function evaluateCoverage(input: WatchdogInput): WatchdogEvaluation {
  const { now, silenceMs, graceMs } = input;
  const lastSeen = new Map<string, number>();
  const reporting = new Set<string>();
  for (const beat of input.heartbeats) {
    reporting.add(beat.account);
    const key = pairKey(beat.account, beat.region);
    lastSeen.set(key, Math.max(beat.lastSeen, lastSeen.get(key) ?? Number.NEGATIVE_INFINITY));
  }
  const states = new Map(
    input.states.map((state) => [pairKey(state.account, state.region), state]),
  );
  const watched = new Set<string>();
  const problems: Problem[] = [];
  const newProblems: Problem[] = [];
  const recovered: Recovery[] = [];
  const inGrace: WatchedAccount[] = [];
  let silentCount = 0;
  let uncoveredCount = 0;

  const accounts = [...input.accounts]
    .filter((account) => !input.excludedAccounts.has(account.id))
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const account of accounts) {
    const covered = reporting.has(account.id);
    const pastGrace = account.joinedAt === undefined || now - account.joinedAt > graceMs;
    const uncovered = !covered && pastGrace;
    if (!covered && !uncovered) inGrace.push(account);
    if (uncovered) uncoveredCount += 1;
    for (const region of input.memberRegions) {
      const key = pairKey(account.id, region);
      watched.add(key);
      const seen = lastSeen.get(key);
      let problem: Problem | undefined;
      if (uncovered) {
        problem = {
          account,
          region,
          status: WatchdogStatus.UNCOVERED,
          ...(account.joinedAt === undefined ? {} : { since: account.joinedAt }),
        };
      } else if (
        covered &&
        // A new account's regions start beating within the same hour, not at the same minute.
        (seen === undefined ? pastGrace : now - seen > silenceMs)
      ) {
        silentCount += 1;
        problem = {
          account,
          region,
          status: WatchdogStatus.SILENT,
          ...(seen === undefined ? {} : { since: seen }),
        };
      }
      const state = states.get(key);
      if (problem !== undefined) {
        problems.push(problem);
        if (state === undefined) newProblems.push(problem);
      } else if (state !== undefined) {
        recovered.push({
          account,
          region,
          previous: state,
          ...(seen === undefined ? {} : { lastSeen: seen }),
        });
      }
    }
  }
  const unwatched = input.states.filter(
    (state) => !watched.has(pairKey(state.account, state.region)),
  );
  return {
    problems,
    newProblems,
    recovered,
    unwatched,
    silentCount,
    uncoveredCount,
    inGrace,
  };
}
