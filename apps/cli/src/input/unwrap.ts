import {
  type CloudTrailRecord,
  type EventBridgeEnvelope,
  isFindingDetail,
} from '@trailwatch/cloudtrail';

/** What one parsed JSON value turned out to be. */
export type Unwrapped =
  | { readonly kind: 'record'; readonly record: CloudTrailRecord }
  | { readonly kind: 'envelope'; readonly envelope: EventBridgeEnvelope }
  /** Not an event, and not an error either (a CloudTrail digest file). */
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Recognises a CloudTrail record, an EventBridge envelope around one, a `lookup-events` entry
 * whose `CloudTrailEvent` holds the record as a JSON string, or a GuardDuty finding (alone or
 * in its `GuardDuty Finding` envelope).
 */
export function unwrap(value: unknown): Unwrapped {
  if (!isObject(value)) {
    return { kind: 'invalid', reason: `expected a JSON object, got ${describe(value)}` };
  }
  if (typeof value.CloudTrailEvent === 'string') {
    let inner: unknown;
    try {
      inner = JSON.parse(value.CloudTrailEvent);
    } catch (error) {
      return {
        kind: 'invalid',
        reason: `CloudTrailEvent is not JSON: ${(error as Error).message}`,
      };
    }
    return isObject(inner)
      ? asRecord(inner)
      : { kind: 'invalid', reason: `CloudTrailEvent holds ${describe(inner)}, not a record` };
  }
  // `lookup-events` output gives a string, but output reshaped with `jq fromjson` (or an SDK
  // that decodes it) holds the record itself.
  if (isObject(value.CloudTrailEvent)) return asRecord(value.CloudTrailEvent);
  if (isObject(value.detail) && typeof value['detail-type'] === 'string') {
    if (isInsight(value.detail)) return INSIGHT;
    return { kind: 'envelope', envelope: value as unknown as EventBridgeEnvelope };
  }
  if (typeof value.digestStartTime === 'string' && 'digestPublicKeyFingerprint' in value) {
    return { kind: 'ignored', reason: 'CloudTrail digest file, not events' };
  }
  // Insights events sit in `CloudTrail-Insight/` of the same bucket; they name no API call at
  // the top level (it is under `insightDetails`), so no detection can match them.
  if (isInsight(value)) return INSIGHT;
  return asRecord(value);
}

const INSIGHT: Unwrapped = {
  kind: 'ignored',
  reason: 'CloudTrail Insights event, not an API call',
};

function isInsight(record: Record<string, unknown>): boolean {
  return record.eventType === 'AwsCloudTrailInsight';
}

function asRecord(value: Record<string, unknown>): Unwrapped {
  // A GuardDuty finding on its own (the detail of a `GuardDuty Finding` event, as archived).
  if (isFindingDetail(value)) return { kind: 'record', record: value };
  if (typeof value.eventName !== 'string' && typeof value.eventSource !== 'string') {
    const keys = Object.keys(value).slice(0, 4).join(', ');
    return {
      kind: 'invalid',
      reason: `not a CloudTrail record or EventBridge envelope (no eventName/eventSource; keys: ${keys || 'none'})`,
    };
  }
  return { kind: 'record', record: value };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
