/**
 * Null-safe readers for untrusted JSON. Every CloudTrail field may be missing, null or of another
 * type than documented (aws-facts.md §3), so nothing in this package reads a field directly.
 */

/** A JSON object as read from an untrusted record. */
export type JsonObject = Record<string, unknown>;

/** `value` when it is a non-array object, else `undefined`. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** `parent[key]` when it is a non-array object. */
export function objectAt(parent: JsonObject | undefined, key: string): JsonObject | undefined {
  return parent === undefined ? undefined : asObject(parent[key]);
}

/** `parent[key]` when it is a string, including the empty string. */
export function stringAt(parent: JsonObject | undefined, key: string): string | undefined {
  if (parent === undefined) return undefined;
  const value = parent[key];
  return typeof value === 'string' ? value : undefined;
}

/** `parent[key]` when it is a non-empty string: CloudTrail writes `""` for "not known" (`arn`, `accessKeyId`). */
export function textAt(parent: JsonObject | undefined, key: string): string | undefined {
  if (parent === undefined) return undefined;
  const value = parent[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `true`/`false` from a boolean or from the strings `"true"`/`"false"` in any case. */
export function booleanAt(parent: JsonObject | undefined, key: string): boolean | undefined {
  if (parent === undefined) return undefined;
  const value = parent[key];
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  // Exports (Athena, CSV) sometimes re-case booleans; only pay for lower-casing then.
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** The part after the last `/`, or `undefined` when there is none or it is empty. */
export function lastSegment(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const slash = value.lastIndexOf('/');
  if (slash < 0 || slash === value.length - 1) return undefined;
  return value.slice(slash + 1);
}
