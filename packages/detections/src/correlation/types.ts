import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import type { EventPattern } from '@trailwatch/event-pattern';
import type { References, Severity } from '../types.js';

/**
 * What one step counts: events the single-event catalogue matched with one of `detections`,
 * or events matching `pattern` (then `refine`). Catalogue ids keep one definition of, say, "a
 * failed console sign-in"; a pattern covers what no detection alerts on (a successful sign-in).
 */
export type StepMatcher =
  | { readonly detections: readonly string[] }
  | {
      readonly pattern: EventPattern;
      readonly refine?: (event: CloudTrailEvent) => boolean;
    };

/** One counted kind of event, and how its events are grouped. */
export interface Step {
  /** Short name for the alert, e.g. `failed sign-in`. */
  readonly name: string;
  readonly matches: StepMatcher;
  /**
   * The group an event belongs to, or `undefined` to ignore it (for example a sign-in with a
   * hidden user name when grouping by user). Steps of one sequence must agree on the key of the
   * same subject even when it sits in different fields (target user, then actor).
   */
  readonly key: (event: CloudTrailEvent) => string | undefined;
  /** Events of this step needed before the next step counts. @default 1 */
  readonly minCount?: number;
}

interface StatefulDetectionBase {
  /** Stable kebab-case id, distinct from every single-event detection's. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly references: References;
  /** How far apart, in event time, the first and last counted event may be (inclusive). */
  readonly windowMs: number;
  /** One line for humans from the events that made the alert. */
  readonly describe: (key: string, events: readonly Observation[]) => string;
}

/** Fires when `threshold` events (or distinct values) of one key fall within the window. */
export interface ThresholdDetection extends StatefulDetectionBase {
  readonly kind: 'threshold';
  readonly step: Step;
  readonly threshold: number;
  /** Count distinct values of this instead of events (user names tried from one address). */
  readonly distinct?: (event: CloudTrailEvent) => string;
}

/** Fires when the steps happen in order, for one key, within the window. */
export interface SequenceDetection extends StatefulDetectionBase {
  readonly kind: 'sequence';
  readonly steps: readonly Step[];
}

/** A detection over several events of one key. */
export type StatefulDetection = ThresholdDetection | SequenceDetection;

/** What the state keeps of one counted event: enough to list it in the alert. */
export interface Observation {
  readonly eventId: string;
  /** Event time, epoch milliseconds. */
  readonly time: number;
  /** Index of the step it counts for (0 for thresholds). */
  readonly step: number;
  /** The distinct value it contributes (thresholds with `distinct`). */
  readonly distinct?: string;
  readonly eventName: string;
  readonly account: string;
  readonly region: string;
  readonly actor: string;
  readonly sourceIp?: string;
}

/** The state of one detection × key. */
export interface CorrelationState {
  readonly observations: readonly Observation[];
  /**
   * Event time (ms) of the last firing's newest event. Observations at or before it were used up
   * by that alert; the next alert needs a new window's worth, at least `windowMs` later.
   */
  readonly firedAt?: number;
}

/** A stateful detection that fired: the events that made it, oldest first. */
export interface CorrelationAlert {
  readonly detection: StatefulDetection;
  readonly key: string;
  readonly events: readonly Observation[];
  readonly summary: string;
  /** The firing this alert recorded, to give it back if the alert cannot be delivered. */
  readonly firing: { readonly firedAt: number; readonly previous?: number };
}
