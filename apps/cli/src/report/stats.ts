import type { Severity } from '@trailwatch/detections';
import type { ReplayAlert } from './alert.js';

/** How many alerts per detection the summary shows. */
export const SAMPLES_PER_DETECTION = 5;

export interface DetectionTally {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  count: number;
  /** The first alerts, in input order. */
  readonly samples: ReplayAlert[];
}

/**
 * Running totals of a replay. Holds counts and a few samples, never every alert, so memory
 * stays flat however large the input.
 */
export class ReplayStats {
  filesRead = 0;
  filesSkipped = 0;
  filesUnreadable = 0;
  bytes = 0;
  /** Records (or envelopes) recognised, whether evaluated or not. */
  records = 0;
  /** Not delivered by EventBridge under a rule in the default state (read-only events). */
  skippedReadOnly = 0;
  evaluated = 0;
  malformed = 0;
  ignored = 0;
  alerts = 0;
  firstTime?: string;
  lastTime?: string;
  readonly detections = new Map<string, DetectionTally>();
  readonly actors = new Map<string, number>();
  readonly accounts = new Map<string, number>();

  /** Widens the time span; CloudTrail times are ISO-8601 UTC, so strings compare in time order. */
  seeTime(time: unknown): void {
    if (typeof time !== 'string' || time.length === 0) return;
    if (this.firstTime === undefined || time < this.firstTime) this.firstTime = time;
    if (this.lastTime === undefined || time > this.lastTime) this.lastTime = time;
  }

  addAlert(alert: ReplayAlert): void {
    this.alerts++;
    let tally = this.detections.get(alert.detection);
    if (!tally) {
      tally = {
        id: alert.detection,
        title: alert.title,
        severity: alert.severity,
        count: 0,
        samples: [],
      };
      this.detections.set(alert.detection, tally);
    }
    tally.count++;
    if (tally.samples.length < SAMPLES_PER_DETECTION) tally.samples.push(alert);
    this.actors.set(alert.actor, (this.actors.get(alert.actor) ?? 0) + 1);
    this.accounts.set(alert.account, (this.accounts.get(alert.account) ?? 0) + 1);
  }
}
