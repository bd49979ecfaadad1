import { type CloudTrailEvent, parseEvent } from '@trailwatch/cloudtrail';
import { isHeartbeat } from '@trailwatch/detections';

/** What an SQS record body turned out to be. */
export type ParsedRecord =
  | { readonly kind: 'event'; readonly event: CloudTrailEvent }
  | {
      readonly kind: 'heartbeat';
      readonly account: string;
      readonly region: string;
      readonly time?: string;
    }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Fields every CloudTrail record carries; a record missing one is malformed. */
const REQUIRED_RECORD_FIELDS = ['eventID', 'eventName', 'eventSource'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON, once more when the value is itself a JSON string (a body encoded twice). */
function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'string') return value;
  return JSON.parse(value);
}

/**
 * Reads one SQS body: an EventBridge envelope around a CloudTrail record, or a trailwatch
 * heartbeat. Forwarders that re-encode are tolerated rather than dropped, because a dropped body
 * is a lost alert: a body that is a JSON string of the envelope, a `detail` that is a JSON string
 * of the record, and a raw CloudTrail record without an envelope (its envelope is synthesized as
 * EventBridge would build it). Anything else is `malformed` with a reason for the log; never throws.
 */
export function parseRecordBody(body: string): ParsedRecord {
  let envelope: unknown;
  try {
    envelope = parseJson(body);
  } catch {
    return { kind: 'malformed', reason: 'body is not JSON' };
  }
  if (!isObject(envelope)) return { kind: 'malformed', reason: 'body is not a JSON object' };
  if (isHeartbeat(envelope)) {
    const { account, region, time } = envelope;
    if (typeof account !== 'string' || typeof region !== 'string') {
      return { kind: 'malformed', reason: 'heartbeat without account or region' };
    }
    return typeof time === 'string'
      ? { kind: 'heartbeat', account, region, time }
      : { kind: 'heartbeat', account, region };
  }
  if (typeof envelope.detail === 'string') {
    let detail: unknown;
    try {
      detail = JSON.parse(envelope.detail);
    } catch {
      return { kind: 'malformed', reason: 'envelope detail is a string that is not JSON' };
    }
    if (!isObject(detail)) return { kind: 'malformed', reason: 'envelope has no detail object' };
    envelope = { ...envelope, detail };
  }
  const parsed = parseEvent(envelope);
  if (!parsed.ok) return { kind: 'malformed', reason: parsed.error };
  // Every CloudTrail record has these three. Without eventID dedup has no key, and without a name
  // and source no detection can match: such a record would be acknowledged silently as "no match".
  // Native AWS events (an alarm state change, a GuardDuty finding) are not CloudTrail records.
  const fromCloudTrail = String(parsed.event.envelope['detail-type']).includes('CloudTrail');
  const missing = REQUIRED_RECORD_FIELDS.filter((field) => {
    if (!fromCloudTrail) return false;
    const value = parsed.event.record[field];
    return typeof value !== 'string' || value.trim() === '';
  });
  if (missing.length > 0) {
    return { kind: 'malformed', reason: `CloudTrail record without ${missing.join(', ')}` };
  }
  return { kind: 'event', event: parsed.event };
}
