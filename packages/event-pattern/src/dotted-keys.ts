import { OR_KEY } from './constants.js';
import { childPath, isObject } from './path.js';

// event-ruler flattens both the pattern and the event into `.`-joined field paths before
// matching, so a dotted key and the nested form are the same field: `{"state.status": ["x"]}`
// matches `{"state": {"status": "x"}}` and the other way round. Both sides are expanded here into
// the nested form; the matcher then stays structural.

/** `a.b.c` → `['a', 'b', 'c']`; keys with an empty segment (`a.`, `.a`, `a..b`) stay whole. */
function segmentsOf(key: string): string[] | undefined {
  if (!key.includes('.')) return undefined;
  const segments = key.split('.');
  return segments.every((segment) => segment !== '') ? segments : undefined;
}

/** `{a: {b: value}}` for segments `[a, b]`. */
function nest(segments: readonly string[], value: unknown): [string, unknown] {
  let inner: unknown = value;
  for (let i = segments.length - 1; i > 0; i--) inner = { [segments[i] as string]: inner };
  return [segments[0] as string, inner];
}

/** `target[key] = value` as an own property, even for `__proto__` (JSON allows that key). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A pattern collision: the same field named twice, dotted and nested. */
export interface KeyCollision {
  readonly path: string;
  readonly problem: string;
}

function mergePattern(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
  path: string,
  collisions: KeyCollision[],
): void {
  if (!Object.hasOwn(target, key)) {
    setOwn(target, key, value);
    return;
  }
  const existing = target[key];
  if (isObject(existing) && isObject(value) && key !== OR_KEY) {
    const merged: Record<string, unknown> = { ...existing };
    for (const [k, v] of Object.entries(value)) {
      mergePattern(merged, k, v, childPath(path, key), collisions);
    }
    setOwn(target, key, merged);
    return;
  }
  collisions.push({
    path: childPath(path, key),
    problem:
      'names the same field twice (once with a dotted key, once nested); EventBridge reads "a.b" and {"a": {"b": …}} as one field, so give it once',
  });
}

/**
 * The pattern with every dotted key expanded into the nested form (merged with what is already
 * nested there), and the fields it names twice. `$or` alternatives are expanded one by one.
 */
export function expandPatternKeys(pattern: Record<string, unknown>): {
  pattern: Record<string, unknown>;
  collisions: KeyCollision[];
} {
  const collisions: KeyCollision[] = [];
  const expand = (node: Record<string, unknown>, path: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(node)) {
      const value =
        key === OR_KEY && Array.isArray(raw)
          ? raw.map((alternative, i) =>
              isObject(alternative)
                ? expand(alternative, `${childPath(path, key)}[${i}]`)
                : alternative,
            )
          : isObject(raw)
            ? expand(raw, childPath(path, key))
            : raw;
      const segments = segmentsOf(key);
      const [head, nested] = segments ? nest(segments, value) : [key, value];
      mergePattern(out, head, nested, path, collisions);
    }
    return out;
  };
  return { pattern: expand(pattern, ''), collisions };
}

/** Whether any own key of `object` contains a dot. */
function hasDottedKey(object: Record<string, unknown>): boolean {
  for (const key in object) {
    if (key.indexOf('.') >= 0 && Object.hasOwn(object, key)) return true;
  }
  return false;
}

function mergeEvent(target: Record<string, unknown>, key: string, value: unknown): void {
  if (!Object.hasOwn(target, key)) {
    setOwn(target, key, value);
    return;
  }
  const existing = target[key];
  if (isObject(existing) && isObject(value)) {
    const merged: Record<string, unknown> = { ...existing };
    for (const [k, v] of Object.entries(value)) mergeEvent(merged, k, v);
    setOwn(target, key, merged);
    return;
  }
  // The same path twice is two values for one field, which EventBridge matches like an array.
  setOwn(target, key, [
    ...(Array.isArray(existing) ? existing : [existing]),
    ...(Array.isArray(value) ? value : [value]),
  ]);
}

const views = new WeakMap<object, Record<string, unknown>>();

/**
 * The event object as event-ruler sees it: dotted keys expanded into the nested form. Objects
 * without a dotted key (every real AWS event) are returned as they are; others are expanded once
 * and cached.
 */
export function eventView(object: Record<string, unknown>): Record<string, unknown> {
  if (!hasDottedKey(object)) return object;
  const cached = views.get(object);
  if (cached !== undefined) return cached;
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const segments = segmentsOf(key);
    const [head, nested] = segments ? nest(segments, object[key]) : [key, object[key]];
    mergeEvent(view, head, nested);
  }
  views.set(object, view);
  return view;
}
