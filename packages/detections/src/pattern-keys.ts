import type { EventPattern } from '@trailwatch/event-pattern';

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The values of a pattern leaf when it is a plain list of exact strings; otherwise undefined. */
export function exactStrings(leaf: unknown): string[] | undefined {
  if (!Array.isArray(leaf) || leaf.length === 0) return undefined;
  return leaf.every((value) => typeof value === 'string') ? (leaf as string[]) : undefined;
}

/**
 * What a pattern pins with exact strings, at the top level (outside any `$or`): an event can only
 * match if its `source` is one of `sources` and its `detail.eventName` one of `eventNames`.
 * Undefined means "not pinned" (any value may match).
 */
export interface PinnedKeys {
  readonly sources?: readonly string[];
  readonly eventNames?: readonly string[];
}

export function pinnedKeys(pattern: EventPattern): PinnedKeys {
  const sources = exactStrings(pattern.source);
  const eventNames = exactStrings(record(pattern.detail)?.eventName);
  return {
    ...(sources ? { sources } : {}),
    ...(eventNames ? { eventNames } : {}),
  };
}

/** Whether the pattern requires `detail.errorCode` to be absent (`[{"exists": false}]`). */
export function requiresNoError(pattern: EventPattern): boolean {
  const leaf = record(pattern.detail)?.errorCode;
  if (!Array.isArray(leaf) || leaf.length !== 1) return false;
  const only = record(leaf[0]);
  return only !== undefined && Object.keys(only).length === 1 && only.exists === false;
}
