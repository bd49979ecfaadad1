import { describe, expect, it } from 'vitest';
import {
  decideStorm,
  MAX_HOLDING_RECEIVE,
  STORM_FLUSH_ALERTS,
  STORM_THRESHOLD,
  type StormAlert,
  type StormState,
} from '../src/storm/storm-window.js';

const W = 60_000;
const T0 = 1_800_000_000_000;
const fresh = (at: number, receiveCount = 1): StormAlert => ({ firstReceivedAt: at, receiveCount });

/** A storm whose first window's digest is due and whose second window has had arrivals. */
const SECOND_WINDOW_OPEN: StormState = {
  windowStart: T0,
  count: 5,
  lastAlertAt: T0 + W + 5,
  windows: [T0, T0 + W],
};

/** Feeds alerts one batch at a time, carrying the state like the table does. */
function feed(batches: { at: number; alerts: StormAlert[] }[], start?: StormState) {
  let state = start;
  return batches.map(({ at, alerts }) => {
    const decided = decideStorm(state, alerts, at, W);
    state = decided.state;
    return decided;
  });
}

describe('decideStorm', () => {
  it('posts the first two alerts of a detection × route and holds the 3rd until the window ends', () => {
    expect(STORM_THRESHOLD).toBe(3);
    const [first, second, third] = feed([
      { at: T0, alerts: [fresh(T0)] },
      { at: T0 + 1000, alerts: [fresh(T0 + 1000)] },
      { at: T0 + 2000, alerts: [fresh(T0 + 2000)] },
    ]);
    expect(first!.verdicts).toEqual([{ action: 'post' }]);
    expect(second!.verdicts).toEqual([{ action: 'post' }]);
    // The storm starts at the 3rd alert's first receive; it waits for that window's digest.
    expect(third!.verdicts).toEqual([{ action: 'hold', dueAt: T0 + 2000 + W }]);
    expect(third!.state.windows).toEqual([T0 + 2000]);
  });

  it('in one batch queued at once: two posted, the rest held to the same due time', () => {
    const alerts = Array.from({ length: 100 }, () => fresh(T0));
    const { verdicts } = decideStorm(undefined, alerts, T0 + 50, W);
    expect(verdicts.slice(0, 2)).toEqual([{ action: 'post' }, { action: 'post' }]);
    expect(new Set(verdicts.slice(2).map((v) => JSON.stringify(v)))).toEqual(
      new Set([JSON.stringify({ action: 'hold', dueAt: T0 + W })]),
    );
  });

  it('counts within [start, start + window): an alert at exactly the boundary opens a new window', () => {
    const [, , atBoundary] = feed([
      { at: T0, alerts: [fresh(T0)] },
      { at: T0 + 1, alerts: [fresh(T0 + 1)] },
      { at: T0 + W, alerts: [fresh(T0 + W)] },
    ]);
    expect(atBoundary!.verdicts).toEqual([{ action: 'post' }]);
    expect(atBoundary!.state).toMatchObject({ windowStart: T0 + W, count: 1 });
    const [, , justInside] = feed([
      { at: T0, alerts: [fresh(T0)] },
      { at: T0 + 1, alerts: [fresh(T0 + 1)] },
      { at: T0 + W - 1, alerts: [fresh(T0 + W - 1)] },
    ]);
    expect(justInside!.verdicts).toEqual([{ action: 'hold', dueAt: T0 + W - 1 + W }]);
  });

  it('posts held records when their digest is due and no later window is open', () => {
    // The storm's newest window closed empty (count 0): no successor opens.
    const storm: StormState = {
      windowStart: T0,
      count: 0,
      lastAlertAt: T0 + 10,
      windows: [T0, T0 + W],
    };
    const { verdicts, state } = decideStorm(
      storm,
      [fresh(T0 + W - 5, 2), fresh(T0 + W - 4, 2)],
      T0 + 2 * W,
      W,
    );
    expect(verdicts).toEqual([{ action: 'post' }, { action: 'post' }]);
    expect(state.windows).toEqual([T0 + W]);
  });

  it('opens the successor of a window that closed with arrivals: its half-empty remainder waits one window, then goes out', () => {
    const [, , back, tail] = feed([
      { at: T0, alerts: [fresh(T0), fresh(T0), fresh(T0), fresh(T0)] },
      { at: T0 + 10, alerts: [fresh(T0 + 10)] },
      // The held two come back when their digest is due; nothing new has been processed yet.
      { at: T0 + W, alerts: [fresh(T0, 2), fresh(T0 + 10, 2)] },
      // The successor closed without arrivals: everything due goes out, and no window opens.
      { at: T0 + 2 * W, alerts: [fresh(T0, 3), fresh(T0 + 10, 3)] },
    ]);
    expect(back!.verdicts).toEqual([
      { action: 'hold', dueAt: T0 + 2 * W },
      { action: 'hold', dueAt: T0 + 2 * W },
    ]);
    expect(back!.state.windows).toEqual([T0, T0 + W]);
    expect(back!.state.count).toBe(0);
    expect(tail!.verdicts).toEqual([{ action: 'post' }, { action: 'post' }]);
    expect(tail!.state.windows).toEqual([T0 + W]);
  });

  it('a successor opened a moment before its end still takes the remainder; one already over takes nothing', () => {
    const storm: StormState = { windowStart: T0, count: 3, lastAlertAt: T0 + 5, windows: [T0] };
    const late = decideStorm(storm, [fresh(T0 + 1, 2)], T0 + 2 * W - 1, W);
    expect(late.verdicts).toEqual([{ action: 'hold', dueAt: T0 + 2 * W }]);
    const over = decideStorm(storm, [fresh(T0 + 1, 2)], T0 + 2 * W, W);
    expect(over.verdicts).toEqual([{ action: 'post' }]);
  });

  it(`a due alert on its ${MAX_HOLDING_RECEIVE}th receive is not held again, and the batch's other due alerts go out with it`, () => {
    const storm = SECOND_WINDOW_OPEN;
    const once = decideStorm(
      storm,
      [fresh(T0 + 1, MAX_HOLDING_RECEIVE - 1), fresh(T0 + 2, 2)],
      T0 + W + 10,
      W,
    );
    expect(once.verdicts).toEqual([
      { action: 'hold', dueAt: T0 + 2 * W },
      { action: 'hold', dueAt: T0 + 2 * W },
    ]);
    const last = decideStorm(
      storm,
      [fresh(T0 + 1, MAX_HOLDING_RECEIVE), fresh(T0 + 2, 2)],
      T0 + W + 10,
      W,
    );
    expect(last.verdicts).toEqual([{ action: 'post' }, { action: 'post' }]);
  });

  it(`a new arrival on its ${MAX_HOLDING_RECEIVE}th receive is still held, and holds nothing else back from waiting`, () => {
    const storm = SECOND_WINDOW_OPEN;
    const { verdicts } = decideStorm(
      storm,
      [fresh(T0 + W + 6, MAX_HOLDING_RECEIVE), fresh(T0 + 2, 2)],
      T0 + W + 10,
      W,
    );
    expect(verdicts).toEqual([
      { action: 'hold', dueAt: T0 + 2 * W },
      { action: 'hold', dueAt: T0 + 2 * W },
    ]);
  });

  it('a record forced out past its receive limit takes the due alerts of its batch along; new arrivals still wait', () => {
    const storm = SECOND_WINDOW_OPEN;
    const { verdicts } = decideStorm(
      storm,
      [fresh(T0 + W + 6, MAX_HOLDING_RECEIVE + 1), fresh(T0 + 2, 2), fresh(T0 + W + 7)],
      T0 + W + 10,
      W,
    );
    expect(verdicts).toEqual([
      { action: 'post' },
      { action: 'post' },
      { action: 'hold', dueAt: T0 + 2 * W },
    ]);
  });

  it(`while a later window is open, a batch posts its due alerts from ${STORM_FLUSH_ALERTS} on; with one fewer it holds them all for that window's digest`, () => {
    expect(STORM_FLUSH_ALERTS).toBe(50);
    const storm: StormState = {
      windowStart: T0,
      count: 80,
      lastAlertAt: T0 + W,
      windows: [T0, T0 + W],
    };
    // Records of the first window come back at its due time; the window after it is open.
    const back = (n: number) => Array.from({ length: n }, (_, i) => fresh(T0 + 100 + i, 2));
    const enough = decideStorm(storm, back(STORM_FLUSH_ALERTS), T0 + W + 10, W);
    expect(enough.verdicts.filter((v) => v.action === 'post')).toHaveLength(STORM_FLUSH_ALERTS);
    const few = decideStorm(storm, back(STORM_FLUSH_ALERTS - 1), T0 + W + 10, W);
    expect(few.verdicts).toEqual(
      Array.from({ length: STORM_FLUSH_ALERTS - 1 }, () => ({
        action: 'hold',
        dueAt: T0 + 2 * W,
      })),
    );
  });

  it('a record received 1 ms before the window boundary is due there; one received at the boundary opens the next window', () => {
    const [, edge] = feed([
      { at: T0, alerts: [fresh(T0), fresh(T0), fresh(T0)] },
      { at: T0 + W, alerts: [fresh(T0 + W - 1, 1), fresh(T0 + W, 1)] },
    ]);
    // The due one is alone (not a full part) and the new window is open: it joins that digest.
    expect(edge!.verdicts).toEqual([
      { action: 'hold', dueAt: T0 + 2 * W },
      { action: 'hold', dueAt: T0 + 2 * W },
    ]);
    expect(edge!.state.windows).toEqual([T0, T0 + W]);
  });

  it('opens a new window for an alert received after its window closed by time, instead of posting it as due', () => {
    const storm: StormState = {
      windowStart: T0,
      count: 7,
      lastAlertAt: T0 + 50_000,
      windows: [T0],
    };
    const { verdicts, state } = decideStorm(storm, [fresh(T0 + W)], T0 + W + 500, W);
    expect(verdicts).toEqual([{ action: 'hold', dueAt: T0 + 2 * W }]);
    expect(state.windows).toEqual([T0, T0 + W]);
  });

  it(`never holds a record past receive ${MAX_HOLDING_RECEIVE}: it is posted even alone in a storm`, () => {
    const storm: StormState = { windowStart: T0, count: 5, lastAlertAt: T0 + 10, windows: [T0] };
    const { verdicts } = decideStorm(
      storm,
      [fresh(T0 + 20, MAX_HOLDING_RECEIVE), fresh(T0 + 20, MAX_HOLDING_RECEIVE + 1)],
      T0 + 20,
      W,
    );
    expect(verdicts).toEqual([{ action: 'hold', dueAt: T0 + W }, { action: 'post' }]);
  });

  it('ends the storm two windows after its last new alert: alerts go out at once again', () => {
    const storm: StormState = { windowStart: T0, count: 9, lastAlertAt: T0, windows: [T0] };
    // The window closed with arrivals (count 9), so its successor [T0 + W, T0 + 2W) is open.
    const stillOn = decideStorm(storm, [fresh(T0 + 2 * W - 1)], T0 + 2 * W - 1, W);
    expect(stillOn.verdicts).toEqual([{ action: 'hold', dueAt: T0 + 2 * W }]);
    const over = decideStorm(storm, [fresh(T0 + 2 * W)], T0 + 2 * W, W);
    expect(over.verdicts).toEqual([{ action: 'post' }]);
    expect(over.state.windows).toBeUndefined();
    expect(over.state.count).toBe(1);
  });
});
