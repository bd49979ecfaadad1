import { type CloudTrailEvent, describeActor } from '@trailwatch/cloudtrail';
import { type CompiledPattern, compilePattern } from '@trailwatch/event-pattern';
import type { Match } from '../types.js';
import { evaluateState, retentionMs } from './evaluate.js';
import { statefulCatalogue } from './stateful-catalogue.js';
import type {
  CorrelationAlert,
  CorrelationState,
  Observation,
  StatefulDetection,
  Step,
} from './types.js';

/**
 * How late, in event time, an event may arrive and still count: CloudTrail delivers management
 * events to EventBridge within minutes, "best effort"; a quarter hour covers the normal delay.
 */
export const DEFAULT_LATENESS_MS = 15 * 60_000;

/** Where stateful detections keep their windows: memory for replay, the state table in Lambda. */
export interface CorrelationStore {
  /**
   * Adds `observation` to `detectionId` × `key` (once per event id: a redelivered event counts
   * once), drops what is older than `horizonMs` (event time), keeps the state until `keepUntilMs`
   * (event time), and returns the state after the write.
   */
  add(
    detectionId: string,
    key: string,
    observation: Observation,
    horizonMs: number,
    keepUntilMs: number,
  ): Promise<CorrelationState>;
  /**
   * Records that `detectionId` × `key` fired with events up to `firedAt`, only if its last firing
   * is still `previous` (compare-and-set); true when this writer won, so two instances that see
   * the same threshold post one alert.
   */
  markFired(
    detectionId: string,
    key: string,
    firedAt: number,
    previous: number | undefined,
    keepUntilMs: number,
  ): Promise<boolean>;
  /**
   * Undoes {@link CorrelationStore.markFired} (back to `previous`) when the alert it allowed could
   * not be delivered, so the redelivered event fires it again instead of losing it. Only if the
   * firing is still `firedAt`.
   */
  reopen(
    detectionId: string,
    key: string,
    firedAt: number,
    previous: number | undefined,
  ): Promise<void>;
}

interface CompiledStep {
  readonly detection: StatefulDetection;
  readonly index: number;
  readonly step: Step;
  readonly pattern?: CompiledPattern;
}

function stepsOf(detection: StatefulDetection): readonly Step[] {
  return detection.kind === 'threshold' ? [detection.step] : detection.steps;
}

function observationOf(
  detection: StatefulDetection,
  index: number,
  event: CloudTrailEvent,
  time: number,
): Observation {
  const distinct =
    detection.kind === 'threshold' && detection.distinct ? detection.distinct(event) : undefined;
  return {
    eventId: event.eventId,
    time,
    step: index,
    ...(distinct === undefined ? {} : { distinct }),
    eventName: event.eventName,
    account: event.account,
    region: event.region,
    actor: describeActor(event.actor),
    ...(event.sourceIp === undefined ? {} : { sourceIp: event.sourceIp }),
  };
}

/**
 * Evaluates the stateful detections on a stream of classified events, in event time. The same
 * class runs in the alerter (state in DynamoDB) and in `trailwatch replay` (state in memory).
 *
 * @example
 * const correlator = new Correlator({ store: new MemoryCorrelationStore() });
 * const alerts = await correlator.observe(event, classifier.classify(event));
 */
export class Correlator {
  readonly #steps: readonly CompiledStep[];
  readonly #store: CorrelationStore;
  readonly #latenessMs: number;

  public constructor(options: {
    readonly store: CorrelationStore;
    readonly detections?: readonly StatefulDetection[];
    readonly latenessMs?: number;
  }) {
    this.#store = options.store;
    this.#latenessMs = options.latenessMs ?? DEFAULT_LATENESS_MS;
    this.#steps = (options.detections ?? statefulCatalogue).flatMap((detection) =>
      stepsOf(detection).map((step, index) => ({
        detection,
        index,
        step,
        ...('pattern' in step.matches ? { pattern: compilePattern(step.matches.pattern) } : {}),
      })),
    );
  }

  /** Whether some stateful detection counts this event (a cheap check, no state). */
  public relevant(event: CloudTrailEvent, matches: readonly Match[]): boolean {
    const matched = new Set(matches.map((match) => match.detection.id));
    return this.#steps.some((compiled) => this.#stepMatches(compiled, event, matched));
  }

  /** Every stateful detection this event completes; usually none. Never throws on odd events. */
  public async observe(
    event: CloudTrailEvent,
    matches: readonly Match[],
  ): Promise<CorrelationAlert[]> {
    const time = Date.parse(event.time);
    if (!Number.isFinite(time)) return [];
    const matched = new Set(matches.map((match) => match.detection.id));
    const alerts: CorrelationAlert[] = [];
    for (const compiled of this.#steps) {
      if (!this.#stepMatches(compiled, event, matched)) continue;
      const key = compiled.step.key(event);
      if (key === undefined || key === '') continue;
      const { detection } = compiled;
      const keepUntil = time + retentionMs(detection, this.#latenessMs);
      const horizon = time - retentionMs(detection, this.#latenessMs);
      const state = await this.#store.add(
        detection.id,
        key,
        observationOf(detection, compiled.index, event, time),
        horizon,
        keepUntil,
      );
      const events = evaluateState(detection, state);
      if (events === undefined) continue;
      const firedAt = events[events.length - 1]!.time;
      const won = await this.#store.markFired(
        detection.id,
        key,
        firedAt,
        state.firedAt,
        firedAt + retentionMs(detection, this.#latenessMs),
      );
      if (won) {
        alerts.push({
          detection,
          key,
          events,
          summary: detection.describe(key, events),
          firing: { firedAt, ...(state.firedAt === undefined ? {} : { previous: state.firedAt }) },
        });
      }
    }
    return alerts;
  }

  /** Gives a firing back after its alert could not be delivered (see {@link CorrelationStore.reopen}). */
  public async reopen(alert: CorrelationAlert): Promise<void> {
    await this.#store.reopen(
      alert.detection.id,
      alert.key,
      alert.firing.firedAt,
      alert.firing.previous,
    );
  }

  #stepMatches(compiled: CompiledStep, event: CloudTrailEvent, matched: Set<string>): boolean {
    const { matches } = compiled.step;
    if ('detections' in matches) return matches.detections.some((id) => matched.has(id));
    if (!compiled.pattern?.matches(event.envelope)) return false;
    try {
      return matches.refine ? matches.refine(event) : true;
    } catch {
      return false;
    }
  }
}
