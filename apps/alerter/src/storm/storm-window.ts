import { SlackLimits } from '@trailwatch/slack';
import { DIGEST_THRESHOLD } from '../digest.js';

/**
 * The storm window of one detection × route, as stored in the state table (`storm#` item).
 * Times are epoch milliseconds.
 */
export interface StormState {
  /** Start of the counting window while no storm is on. */
  readonly windowStart: number;
  /** Alerts counted in the counting window (no storm) or in the storm's newest window. */
  readonly count: number;
  /** Newest alert counted; the storm ends two windows after it. */
  readonly lastAlertAt: number;
  /** Starts of the storm's recent windows, ascending; empty or absent while no storm is on. */
  readonly windows?: readonly number[];
}

/** What the window needs to know about one alert. */
export interface StormAlert {
  /** When SQS first handed the record to the alerter (`ApproximateFirstReceiveTimestamp`). */
  readonly firstReceivedAt: number;
  /** `ApproximateReceiveCount` of this delivery. */
  readonly receiveCount: number;
}

/** Post now, or hand back to SQS until `dueAt` (when its window's digest is due). */
export type StormVerdict =
  | { readonly action: 'post' }
  | { readonly action: 'hold'; readonly dueAt: number };

/** Alerts of one detection × route within one window that start a storm (the 3rd is held). */
export const STORM_THRESHOLD = DIGEST_THRESHOLD;

/**
 * While the storm lasts, a batch posts its due alerts only when it has at least this many (half
 * a digest's capacity); fewer wait for the next window's digest. SQS cuts one window's returning
 * records into batches as its pollers find them, and each batch posting its share would cost a
 * small digest per batch (a minute of a 1/s storm, 60 alerts, cut in two: two messages every
 * minute).
 */
export const STORM_FLUSH_ALERTS = SlackLimits.DIGEST_ITEMS / 2;

/**
 * A record is held on its first receives only. A held record normally needs one hold (it comes
 * back when its window's digest is due); one that comes back this often was handed back for other
 * reasons too, so it is posted, alone if need be, long before the queue's maxReceiveCount (10 by
 * default) would move it to the DLQ.
 */
export const MAX_HOLDING_RECEIVE = 4;

/** The storm is over when no new alert came for this many windows. */
const STORM_END_WINDOWS = 2;
/** Window starts kept: enough to place any record that can still come back. */
const KEPT_WINDOWS = 64;

/** Start of the storm window `time` falls in, or undefined before the oldest kept one. */
function windowOf(windows: readonly number[], time: number): number | undefined {
  let found: number | undefined;
  for (const start of windows) if (start <= time) found = start;
  return found;
}

/**
 * Decides, for one batch's alerts of one detection × route, which go to Slack now and which
 * wait for their window's digest, and returns the window's next state.
 *
 * No storm: alerts are counted in a window of `windowMs` ([start, start + windowMs): an alert at
 * exactly start + windowMs opens a new window); the first {@link STORM_THRESHOLD} − 1 are posted
 * at once and the {@link STORM_THRESHOLD}th starts a storm, whose first window begins at the
 * earliest first receive of the batch. During a storm each alert belongs to the window it was first
 * received in; a window lasts `windowMs` and its digest is due when it ends. Alerts whose digest
 * is due are posted while a later window is open when the batch has at least
 * {@link STORM_FLUSH_ALERTS} of them (fewer join that window's digest), all of them once none is;
 * any other alert is held until
 * its digest is due. A window that closes with arrivals in it opens its successor at once, so its
 * remainder waits for the successor's digest; one that closes empty opens none. Records past
 * {@link MAX_HOLDING_RECEIVE} are posted whatever the window says, and take every due alert of
 * the batch with them.
 */
export function decideStorm(
  previous: StormState | undefined,
  alerts: readonly StormAlert[],
  now: number,
  windowMs: number,
): { state: StormState; verdicts: StormVerdict[] } {
  let windowStart = previous?.windowStart ?? now;
  let count = previous?.count ?? 0;
  let lastAlertAt = previous?.lastAlertAt ?? now;
  const on =
    previous !== undefined &&
    (previous.windows?.length ?? 0) > 0 &&
    now - previous.lastAlertAt < STORM_END_WINDOWS * windowMs;
  // Windows whose digest went out more than a window ago are forgotten; so is an ended storm.
  let windows = on ? (previous.windows ?? []).filter((start) => start + 2 * windowMs > now) : [];
  if (on && windows.length === 0) windows = [(previous.windows ?? [now]).at(-1)!];
  if (
    !on &&
    (previous === undefined || (previous.windows?.length ?? 0) > 0 || now - windowStart >= windowMs)
  ) {
    windowStart = now;
    count = 0;
  }
  // The newest window closed with arrivals in it: the storm most likely goes on, so its
  // successor opens now rather than when the next new alert is processed. Due alerts that do not
  // fill a part then wait for that window instead of going out half-empty, once per batch that
  // happens to carry some of them (SQS spreads a window's returning records over several
  // batches). A successor that closes without arrivals opens no further window, so the tail of a
  // storm waits at most one extra window.
  if (windows.length > 0 && count > 0 && now >= windows.at(-1)! + windowMs) {
    windows = [...windows, windows.at(-1)! + windowMs].slice(-KEPT_WINDOWS);
    count = 0;
  }
  const verdicts: StormVerdict[] = [];
  /** Indexes of alerts posted because their digest is due (not the forced or first ones). */
  const due: number[] = [];
  for (const alert of alerts) {
    const receivedAt = Math.min(alert.firstReceivedAt, now);
    if (alert.receiveCount > MAX_HOLDING_RECEIVE) {
      verdicts.push({ action: 'post' });
      continue;
    }
    if (windows.length > 0) {
      const start = windowOf(windows, receivedAt);
      // Due: its window's digest time has come (a record received after its window closed by
      // time is a new alert of a later window instead).
      if (start === undefined || (now >= start + windowMs && receivedAt < start + windowMs)) {
        due.push(verdicts.length);
        verdicts.push({ action: 'post' });
        continue;
      }
      if (start < windows.at(-1)!) {
        // First received in an earlier, still open window (a record handed back early).
        verdicts.push({ action: 'hold', dueAt: start + windowMs });
        continue;
      }
    }
    lastAlertAt = now;
    if (windows.length === 0) {
      count += 1;
      if (count < STORM_THRESHOLD) {
        verdicts.push({ action: 'post' });
        continue;
      }
      windows = [Math.min(...alerts.map((a) => Math.min(a.firstReceivedAt, now)))];
      count = 0;
    }
    const current = windows.at(-1)!;
    if (receivedAt - current >= windowMs) {
      windows = [...windows, Math.max(receivedAt, current)].slice(-KEPT_WINDOWS);
      count = 0;
    }
    count += 1;
    verdicts.push({ action: 'hold', dueAt: windows.at(-1)! + windowMs });
  }
  // While a window is still open to join, a batch with few due alerts holds them for it. When
  // part of the batch goes out anyway (a record held as often as allowed), the rest joins it.
  const openDue = windows.length === 0 ? undefined : windows.at(-1)! + windowMs;
  const mustGo = alerts.some((alert, index) =>
    due.includes(index)
      ? alert.receiveCount >= MAX_HOLDING_RECEIVE
      : alert.receiveCount > MAX_HOLDING_RECEIVE,
  );
  if (openDue !== undefined && openDue > now && !mustGo && due.length < STORM_FLUSH_ALERTS) {
    for (const index of due) verdicts[index] = { action: 'hold', dueAt: openDue };
  }
  const state: StormState =
    windows.length === 0
      ? { windowStart, count, lastAlertAt }
      : { windowStart, count, lastAlertAt, windows };
  return { state, verdicts };
}
