import { type CloudTrailEvent, describeActor } from '@trailwatch/cloudtrail';
import type { DetectionContext } from '../types.js';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `requestParameters[key]` when it is a non-empty string; records are untrusted. */
export function requestParameter(event: CloudTrailEvent, key: string): string | undefined {
  const value = asRecord(asRecord(event.record)?.requestParameters)?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A value anywhere in the record by path, as-is (objects, arrays, numbers…). */
export function recordValue(event: CloudTrailEvent, ...path: string[]): unknown {
  let node: unknown = event.record;
  for (const key of path) node = asRecord(node)?.[key];
  return node;
}

/** `requestParameters[key]` as-is (may be an object, a string or missing). */
export function rawRequestParameter(event: CloudTrailEvent, key: string): unknown {
  return asRecord(asRecord(event.record)?.requestParameters)?.[key];
}

/** A top-level field of `responseElements` / `additionalEventData` etc., when a string. */
export function recordString(event: CloudTrailEvent, ...path: string[]): string | undefined {
  let node: unknown = event.record;
  for (const key of path) node = asRecord(node)?.[key];
  return typeof node === 'string' && node !== '' ? node : undefined;
}

/** The actor as one phrase (`alice (IAM user)`, `root`, …); never throws. */
export function actorOf(event: CloudTrailEvent): string {
  try {
    return describeActor(event.actor);
  } catch {
    return event.actor?.name || 'unknown principal';
  }
}

/** `from 192.0.2.0`, or nothing when the source address is unknown. */
export function fromIp(event: CloudTrailEvent): string {
  return event.sourceIp ? ` from ${event.sourceIp}` : '';
}

/** `denied: AccessDenied`-style suffix for failed calls, empty for successes. */
export function outcomeSuffix(event: CloudTrailEvent): string {
  const outcome = event.outcome;
  if (!outcome || outcome.success) return '';
  return ` (failed: ${outcome.errorCode ?? outcome.errorMessage ?? 'error'})`;
}

/** `<actor> called <eventName>` — the line every describe falls back to. */
export function genericSummary(event: CloudTrailEvent): string {
  return `${actorOf(event)} called ${event.eventName || 'an API'}${outcomeSuffix(event)}`;
}

/**
 * Wraps a describe so it can never throw: records are untrusted and an alert must still be
 * sent when a field is missing or of the wrong type.
 */
export function safeDescribe(
  describe: (event: CloudTrailEvent, context: DetectionContext) => string,
): (event: CloudTrailEvent, context?: DetectionContext) => string {
  return (event, context = {}) => {
    try {
      return describe(event, context);
    } catch {
      try {
        return genericSummary(event);
      } catch {
        return 'unreadable CloudTrail event';
      }
    }
  };
}

/** Wraps a refine so a throw counts as "no match" instead of breaking classification. */
export function safeRefine(
  refine: (event: CloudTrailEvent, context: DetectionContext) => boolean,
): (event: CloudTrailEvent, context: DetectionContext) => boolean {
  return (event, context) => {
    try {
      return refine(event, context);
    } catch {
      return false;
    }
  };
}
