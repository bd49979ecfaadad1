import type { EventPattern } from '@trailwatch/event-pattern';
import { InvalidDetectionError } from './errors.js';
import { exactStrings, pinnedKeys } from './pattern-keys.js';
import type { Detection } from './types.js';

/**
 * The events the member `trailwatch-tamper` rule owns: `source` one of `sources` and
 * `detail.eventName` one of `names` — the keys of the catalogue's tamper detections. The
 * `trailwatch-forward` rule leaves every such event alone, and the tamper rule carries the part
 * of every other detection that falls inside it, so each event crosses to the central bus once
 * and a disabled forward rule cannot hide a tamper event.
 */
export interface TamperClaim {
  readonly sources: readonly string[];
  readonly names: readonly string[];
}

/** The claim of the tamper detections among `detections`. */
export function tamperClaim(detections: readonly Detection[]): TamperClaim {
  const sources = new Set<string>();
  const names = new Set<string>();
  for (const detection of detections) {
    if (!detection.tamper) continue;
    const keys = pinnedKeys(detection.pattern);
    if (!keys.sources || !keys.eventNames) {
      // Ownership is decided on source × eventName; an open one would claim a whole service.
      throw new InvalidDetectionError(
        detection.id,
        'a tamper detection must pin source and detail.eventName to exact values',
      );
    }
    for (const source of keys.sources) sources.add(source);
    for (const name of keys.eventNames) names.add(name);
  }
  return { sources: [...sources].sort(), names: [...names].sort() };
}

type Leaf = unknown[];

function detailOf(pattern: EventPattern): Record<string, unknown> | undefined {
  const detail = pattern.detail;
  return detail !== null && typeof detail === 'object' && !Array.isArray(detail)
    ? (detail as Record<string, unknown>)
    : undefined;
}

function withEventName(pattern: EventPattern, eventName: Leaf): EventPattern {
  return { ...pattern, detail: { ...detailOf(pattern), eventName } };
}

/** The string list of an `[{"anything-but": [...]}]` leaf, else undefined. */
function anythingBut(leaf: unknown): string[] | undefined {
  if (!Array.isArray(leaf) || leaf.length !== 1) return undefined;
  const only = leaf[0] as Record<string, unknown> | null;
  if (only === null || typeof only !== 'object' || Object.keys(only).length !== 1) return undefined;
  const values = only['anything-but'];
  if (typeof values === 'string') return [values];
  return exactStrings(values);
}

function unsupported(pattern: EventPattern, what: string): never {
  throw new Error(
    `cannot split ${JSON.stringify(pattern)} between the forward and tamper rules: ${what}`,
  );
}

/** `leaf` ∧ eventName ∉ `names`, or null when nothing is left. */
function excludeNames(pattern: EventPattern, names: readonly string[]): Leaf | null {
  const leaf = detailOf(pattern)?.eventName;
  if (leaf === undefined) return [{ 'anything-but': [...names] }];
  const exact = exactStrings(leaf);
  if (exact) {
    const left = exact.filter((name) => !names.includes(name));
    return left.length > 0 ? left : null;
  }
  const excluded = anythingBut(leaf);
  if (excluded) return [{ 'anything-but': [...new Set([...excluded, ...names])].sort() }];
  return unsupported(pattern, 'detail.eventName is neither a list nor anything-but');
}

/** `leaf` ∧ eventName ∈ `names`, as an exact list (possibly empty). */
function intersectNames(pattern: EventPattern, names: readonly string[]): string[] {
  const leaf = detailOf(pattern)?.eventName;
  if (leaf === undefined) return [...names];
  const exact = exactStrings(leaf);
  if (exact) return exact.filter((name) => names.includes(name));
  const excluded = anythingBut(leaf);
  if (excluded) return names.filter((name) => !excluded.includes(name));
  return unsupported(pattern, 'detail.eventName is neither a list nor anything-but');
}

/**
 * `pattern` minus the claimed events (`detail.eventName` one of the claimed names), as patterns
 * whose union is exactly that. Only a pattern that pins its sources but not its event names is
 * split by source: the exclusion needs `detail.eventName` to exist, which events of other
 * sources (EventBridge-native ones like alarm state changes) may lack, so it applies only to the
 * claimed sources — whose API calls never share a name with the claim's on another service's
 * source the pattern could also match (see docs/decisions.md).
 */
export function outsideClaim(pattern: EventPattern, claim: TamperClaim): EventPattern[] {
  if (claim.names.length === 0) return [pattern];
  const sources = exactStrings(pattern.source);
  if (pattern.source !== undefined && !sources) {
    return unsupported(pattern, 'source is not a list of exact values');
  }
  const namesPinned = exactStrings(detailOf(pattern)?.eventName) !== undefined;
  if (!sources || namesPinned) {
    const names = excludeNames(pattern, claim.names);
    return names ? [withEventName(pattern, names)] : [];
  }
  const claimed = sources.filter((source) => claim.sources.includes(source));
  if (claimed.length === 0) return [pattern];
  const parts: EventPattern[] = [];
  if (claimed.length < sources.length) {
    parts.push({ ...pattern, source: sources.filter((source) => !claimed.includes(source)) });
  }
  const names = excludeNames(pattern, claim.names);
  if (names) parts.push(withEventName({ ...pattern, source: claimed }, names));
  return parts;
}

/**
 * `pattern` ∧ the claim, or null when they cannot overlap: the complement of
 * {@link outsideClaim}.
 */
export function insideClaim(pattern: EventPattern, claim: TamperClaim): EventPattern | null {
  const sources = exactStrings(pattern.source);
  if (pattern.source !== undefined && !sources) {
    return unsupported(pattern, 'source is not a list of exact values');
  }
  const names = intersectNames(pattern, claim.names);
  if (names.length === 0) return null;
  const namesPinned = exactStrings(detailOf(pattern)?.eventName) !== undefined;
  if (!sources || namesPinned) return withEventName(pattern, names);
  const claimed = sources.filter((source) => claim.sources.includes(source));
  return claimed.length > 0 ? withEventName({ ...pattern, source: claimed }, names) : null;
}
