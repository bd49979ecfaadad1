import { errorText } from '../log-keys.js';
import type { Candidate } from '../render-plans.js';
import type { Log } from '../telemetry.js';
import { stormItemKey } from './storm-store.js';
import { decideStorm, type StormAlert, type StormState } from './storm-window.js';

/** The storm-window store the gate needs (the real one is `StormStore`). */
export interface StormWindows {
  update<T>(
    key: string,
    ttlSeconds: number,
    decide: (previous: StormState | undefined) => { state: StormState; result: T },
  ): Promise<T>;
}

/** A candidate that waits for its window's digest. */
export interface HeldCandidate {
  readonly candidate: Candidate;
  readonly dueAt: number;
}

/** Windows outlive their last alert by this many windows (TTL), past the storm's end. */
const TTL_WINDOWS = 4;

function stormAlert(candidate: Candidate, now: number): StormAlert {
  const attributes = candidate.records[0]?.attributes;
  const first = Number(attributes?.ApproximateFirstReceiveTimestamp);
  const receives = Number(attributes?.ApproximateReceiveCount);
  return {
    firstReceivedAt: Number.isFinite(first) ? first : now,
    receiveCount: Number.isFinite(receives) && receives >= 1 ? receives : 1,
  };
}

/**
 * Splits a batch's candidates into those posted now and those held for their storm window's
 * digest. Critical alerts are never held (nor counted): a lone critical alert in a storm goes out
 * within seconds. A window the table cannot answer for holds nothing: posting without folding
 * beats delaying or losing an alert.
 */
export async function gateStorms(
  candidates: readonly Candidate[],
  windows: StormWindows,
  windowMs: number,
  log: Log,
  now: () => number = Date.now,
): Promise<{ toPost: Candidate[]; held: HeldCandidate[] }> {
  const toPost: Candidate[] = [];
  const held: HeldCandidate[] = [];
  const groups = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const detection = candidate.alert.match.detection;
    if (windowMs <= 0 || detection.severity === 'critical') {
      toPost.push(candidate);
      continue;
    }
    const key = stormItemKey(detection.id, candidate.route);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [candidate]);
    else group.push(candidate);
  }
  const ttlSeconds = Math.ceil((TTL_WINDOWS * windowMs) / 1000);
  await Promise.all(
    [...groups].map(async ([key, group]) => {
      try {
        const verdicts = await windows.update(key, ttlSeconds, (previous) => {
          const at = now();
          const decided = decideStorm(
            previous,
            group.map((candidate) => stormAlert(candidate, at)),
            at,
            windowMs,
          );
          return { state: decided.state, result: decided.verdicts };
        });
        group.forEach((candidate, index) => {
          const verdict = verdicts[index]!;
          if (verdict.action === 'hold') held.push({ candidate, dueAt: verdict.dueAt });
          else toPost.push(candidate);
        });
      } catch (error) {
        log.warn('Storm window unavailable; posting without holding', {
          detection: group[0]!.alert.match.detection.id,
          events: group.length,
          error: errorText(error),
        });
        toPost.push(...group);
      }
    }),
  );
  return { toPost, held };
}
