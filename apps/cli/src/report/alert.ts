import type { Severity } from '@trailwatch/detections';

/** One alert replay found: the `--json` line, and what the summary lists. */
export interface ReplayAlert {
  readonly detection: string;
  readonly severity: Severity;
  readonly title: string;
  readonly summary: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly account: string;
  readonly region: string;
  /** Human description of who acted, e.g. `alice (IAM user)`. */
  readonly actor: string;
  readonly time: string;
  readonly sourceIp?: string;
  /** The input the event came from (`-` for stdin). */
  readonly file: string;
  /** Stateful detections: every event that made the alert (the fields above are the last's). */
  readonly events?: readonly {
    readonly eventId: string;
    readonly time: string;
    readonly eventName: string;
    readonly sourceIp?: string;
  }[];
}

/** The `--json` form of an alert: one line, keys in a fixed order. */
export function toJsonLine(alert: ReplayAlert): string {
  return `${JSON.stringify({
    detection: alert.detection,
    severity: alert.severity,
    title: alert.title,
    summary: alert.summary,
    eventId: alert.eventId,
    eventName: alert.eventName,
    account: alert.account,
    region: alert.region,
    actor: alert.actor,
    time: alert.time,
    sourceIp: alert.sourceIp ?? null,
    file: alert.file,
    ...(alert.events === undefined ? {} : { events: alert.events }),
  })}\n`;
}
