import type {
  CorrelationState,
  Observation,
  SequenceDetection,
  StatefulDetection,
  ThresholdDetection,
} from './types.js';

function byTime(a: Observation, b: Observation): number {
  return a.time - b.time || a.eventId.localeCompare(b.eventId);
}

/**
 * The earliest window (by its last event) of at most `windowMs` that holds `threshold` events,
 * or `threshold` distinct values when the detection counts distinct values.
 */
export function thresholdWindow(
  detection: ThresholdDetection,
  observations: readonly Observation[],
  endNotBefore = Number.NEGATIVE_INFINITY,
): Observation[] | undefined {
  const sorted = [...observations].sort(byTime);
  const counts = new Map<string, number>();
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    const added = sorted[end]!;
    const value = added.distinct ?? added.eventId;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    while (added.time - sorted[start]!.time > detection.windowMs) {
      const dropped = sorted[start]!.distinct ?? sorted[start]!.eventId;
      const left = (counts.get(dropped) ?? 1) - 1;
      if (left === 0) counts.delete(dropped);
      else counts.set(dropped, left);
      start += 1;
    }
    if (counts.size >= detection.threshold && added.time >= endNotBefore) {
      return sorted.slice(start, end + 1);
    }
  }
  return undefined;
}

/**
 * The earliest chain of the sequence's steps in event order (each step's `minCount` events, all
 * before the next step's first) whose first and last events are at most `windowMs` apart.
 */
export function sequenceChain(
  detection: SequenceDetection,
  observations: readonly Observation[],
  endNotBefore = Number.NEGATIVE_INFINITY,
): Observation[] | undefined {
  const sorted = [...observations].sort(byTime);
  const starts = sorted.filter((observation) => observation.step === 0);
  for (const first of starts) {
    const deadline = first.time + detection.windowMs;
    const chain: Observation[] = [];
    let after = first.time;
    let complete = true;
    for (let step = 0; step < detection.steps.length && complete; step += 1) {
      const need = detection.steps[step]!.minCount ?? 1;
      const last = step === detection.steps.length - 1;
      // The final step may wait for a later event; earlier steps take the earliest they can.
      const from = last ? Math.max(after, endNotBefore) : after;
      const candidates = sorted.filter(
        (o) => o.step === step && o.time >= from && o.time <= deadline,
      );
      if (candidates.length < need) {
        complete = false;
        break;
      }
      const taken = candidates.slice(0, need);
      chain.push(...taken);
      after = taken[taken.length - 1]!.time;
    }
    if (complete) return chain;
  }
  return undefined;
}

/**
 * Whether the state now fires, and with which events: only observations after the last firing
 * count, and a new alert comes at least a window after the last one (once per window and key).
 */
export function evaluateState(
  detection: StatefulDetection,
  state: CorrelationState,
): Observation[] | undefined {
  const firedAt = state.firedAt;
  const fresh =
    firedAt === undefined
      ? state.observations
      : state.observations.filter((observation) => observation.time > firedAt);
  const notBefore = firedAt === undefined ? Number.NEGATIVE_INFINITY : firedAt + detection.windowMs;
  return detection.kind === 'threshold'
    ? thresholdWindow(detection, fresh, notBefore)
    : sequenceChain(detection, fresh, notBefore);
}

/**
 * How long, in event time, the state of a detection × key must be kept after its newest event:
 * one window, plus the lateness EventBridge delivery and CloudTrail's own delay allow.
 */
export function retentionMs(detection: StatefulDetection, latenessMs: number): number {
  return detection.windowMs + latenessMs;
}

/** Drops observations that can no longer be part of any window ending at or after `newest`. */
export function prune(
  detection: StatefulDetection,
  observations: readonly Observation[],
  newest: number,
  latenessMs: number,
): Observation[] {
  const horizon = newest - retentionMs(detection, latenessMs);
  return observations.filter((observation) => observation.time >= horizon);
}
