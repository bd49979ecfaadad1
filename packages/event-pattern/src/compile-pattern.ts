import { OR_KEY } from './constants.js';
import { eventView, expandPatternKeys } from './dotted-keys.js';
import { InvalidPatternError } from './errors.js';
import { compileLeaf, type LeafMatcher } from './leaf-matcher.js';
import { isObject } from './path.js';
import type { CompiledPattern, EventPattern } from './types.js';
import { validatePattern } from './validate-pattern.js';

// Arrays nested deeper than this inside an event are not searched; real events never come close,
// and the bound keeps a hostile event from exhausting the stack.
const MAX_ARRAY_DEPTH = 256;

/** Tests one field (or one `$or`) of the object a pattern level applies to. */
type FieldTest = (object: Record<string, unknown>) => boolean;

/** A compiled pattern object: the AND of its fields and `$or`s. */
interface ObjectMatcher {
  readonly fields: (object: Record<string, unknown>) => boolean;
  /** Whether this level matches where the event has no object at all (only `exists: false`). */
  readonly absent: boolean;
}

/**
 * Validates a pattern and compiles it once into closures that match events without re-reading the
 * pattern. `matches` walks only the fields the pattern names, returns at the first field that
 * fails, and never throws.
 *
 * @param pattern - the parsed pattern; later changes to this object do not affect the matcher
 * @throws InvalidPatternError listing every problem when EventBridge would reject the pattern
 *
 * @example
 * ```ts
 * const rule = compilePattern({ source: ['aws.iam'], detail: { eventName: [{ prefix: 'Delete' }] } });
 * rule.matches({ source: 'aws.iam', detail: { eventName: 'DeleteUser' } }); // true
 * ```
 */
export function compilePattern(pattern: unknown): CompiledPattern {
  const problems = validatePattern(pattern);
  if (problems.length > 0) throw new InvalidPatternError(problems);
  // A dotted key and the nested form are one field to EventBridge, in the pattern and the event.
  const root = compileObject(expandPatternKeys(pattern as Record<string, unknown>).pattern);
  return {
    pattern: pattern as EventPattern,
    matches(event: unknown): boolean {
      if (!isObject(event)) return false;
      try {
        return root.fields(event);
      } catch {
        // Unreachable for JSON input; a non-JSON event (throwing getter, proxy) simply does not match.
        return false;
      }
    },
  };
}

function compileObject(pattern: Record<string, unknown>): ObjectMatcher {
  const leafTests: FieldTest[] = [];
  const objectTests: FieldTest[] = [];
  const orTests: FieldTest[] = [];
  for (const key of Object.keys(pattern)) {
    const value = pattern[key];
    if (key === OR_KEY) {
      orTests.push(compileOr((value as Record<string, unknown>[]).map(compileObject)));
    } else if (Array.isArray(value)) {
      leafTests.push(leafTest(key, compileLeaf(value)));
    } else {
      objectTests.push(objectTest(key, compileObject(value as Record<string, unknown>)));
    }
  }
  // AND is order-free, so the cheap leaf comparisons run first and fail fast.
  const tests = [...leafTests, ...objectTests, ...orTests];
  const fields = (raw: Record<string, unknown>): boolean => {
    const object = eventView(raw);
    for (let i = 0; i < tests.length; i++) if (!(tests[i] as FieldTest)(object)) return false;
    return true;
  };
  return { fields, absent: fields({}) };
}

function compileOr(alternatives: readonly ObjectMatcher[]): FieldTest {
  return (object) => {
    for (const alternative of alternatives) if (alternative.fields(object)) return true;
    return false;
  };
}

// Keys that name a property of Object.prototype need an own-property check, or a pattern field
// called "constructor" would see a function on every event.
function needsOwnCheck(key: string): boolean {
  return key in Object.prototype;
}

const NO_LEAF = 0;
const NO_MATCH = 1;
const MATCH = 2;

function leafTest(key: string, leaf: LeafMatcher): FieldTest {
  const { scalar, absent } = leaf;
  const ownOnly = needsOwnCheck(key);
  return (object) => {
    const value = ownOnly && !Object.hasOwn(object, key) ? undefined : object[key];
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return scalar(value);
      case 'object': {
        if (value === null) return scalar(null);
        if (!Array.isArray(value)) return absent;
        const found = scanLeaves(scalar, value, 0);
        return found === MATCH || (found === NO_LEAF && absent);
      }
      default:
        return absent;
    }
  };
}

function isJsonScalar(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || value === null;
}

// An event array contributes each of its leaves (nested arrays flattened, objects skipped): the
// field matches when any leaf does, and counts as absent when there is no leaf at all.
function scanLeaves(
  scalar: (value: unknown) => boolean,
  array: readonly unknown[],
  depth: number,
): number {
  let found = NO_LEAF;
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    if (typeof element === 'object' && element !== null) {
      if (Array.isArray(element) && depth < MAX_ARRAY_DEPTH) {
        const inner = scanLeaves(scalar, element, depth + 1);
        if (inner === MATCH) return MATCH;
        if (inner === NO_MATCH) found = NO_MATCH;
      }
    } else if (isJsonScalar(element)) {
      if (scalar(element)) return MATCH;
      found = NO_MATCH;
    }
  }
  return found;
}

function objectTest(key: string, node: ObjectMatcher): FieldTest {
  const ownOnly = needsOwnCheck(key);
  return (object) => {
    const value = ownOnly && !Object.hasOwn(object, key) ? undefined : object[key];
    if (typeof value !== 'object' || value === null) return node.absent;
    if (!Array.isArray(value)) return node.fields(value as Record<string, unknown>);
    const found = scanObjects(node, value, 0);
    return found === MATCH || (found === NO_LEAF && node.absent);
  };
}

// Array-consistent matching: every field of a nested pattern must be satisfied by the same array
// element, as event-ruler's rulesForJSONEvent (which EventBridge uses) requires.
function scanObjects(node: ObjectMatcher, array: readonly unknown[], depth: number): number {
  let found = NO_LEAF;
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    if (typeof element !== 'object' || element === null) continue;
    if (Array.isArray(element)) {
      if (depth < MAX_ARRAY_DEPTH) {
        const inner = scanObjects(node, element, depth + 1);
        if (inner === MATCH) return MATCH;
        if (inner === NO_MATCH) found = NO_MATCH;
      }
    } else {
      if (node.fields(element as Record<string, unknown>)) return MATCH;
      found = NO_MATCH;
    }
  }
  return found;
}
