import type { Report } from './check-operator.js';
import { OR_KEY } from './constants.js';
import { childPath, isObject } from './path.js';

/**
 * The highest wildcard complexity EventBridge accepts for one field. EventBridge does not publish
 * its threshold; event-ruler's `MachineComplexityEvaluator` takes it as a parameter, and 10 is
 * what EventBridge has been observed to enforce.
 */
export const WILDCARD_COMPLEXITY_LIMIT = 10;

/** EventBridge's (and event-ruler's) words for a pattern over the limit. */
export const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

// Past this many distinct sets of active prefixes the field is reported as too complex rather
// than explored further: the search is exponential in the worst case and patterns are untrusted.
const MAX_EXPLORED_SETS = 5_000;

const STAR = -1;

interface Node {
  readonly children: Map<number, Node>;
  /** Wildcard patterns whose prefix this node is (event-ruler weighs a state by its matches). */
  weight: number;
  /** Whether the prefix ends in `*`: the node then consumes any character. */
  readonly star: boolean;
  /** Whether the prefix already contains a `*`: only such prefixes count towards complexity. */
  readonly afterStar: boolean;
  /** A whole pattern (closing quote included): a match, not a prefix still in progress. */
  end: boolean;
}

function node(star: boolean, afterStar: boolean): Node {
  return { children: new Map(), weight: 0, star, afterStar, end: false };
}

/** The wildcard's characters as code points, `*` as {@link STAR}, escapes resolved, in quotes. */
function tokensOf(wildcard: string): number[] {
  const quote = 34;
  const tokens = [quote];
  for (let i = 0; i < wildcard.length; i++) {
    const c = wildcard[i] as string;
    if (c === '\\') tokens.push((wildcard[++i] ?? '').charCodeAt(0));
    else tokens.push(c === '*' ? STAR : c.charCodeAt(0));
  }
  tokens.push(quote);
  return tokens;
}

/** The trie of every wildcard of one field, as event-ruler's byte machine holds them. */
function trieOf(wildcards: readonly string[]): Node {
  const root = node(false, false);
  for (const wildcard of new Set(wildcards)) {
    let current = root;
    const tokens = tokensOf(wildcard);
    for (const token of tokens) {
      let next = current.children.get(token);
      if (!next) {
        next = node(token === STAR, current.afterStar || token === STAR);
        current.children.set(token, next);
      }
      next.weight++;
      current = next;
    }
    current.end = true;
  }
  return root;
}

/** The set plus every node reachable by letting a `*` match nothing. */
function closure(nodes: Iterable<Node>): Set<Node> {
  const out = new Set<Node>();
  const pending = [...nodes];
  while (pending.length > 0) {
    const current = pending.pop() as Node;
    if (out.has(current)) continue;
    out.add(current);
    const star = current.children.get(STAR);
    if (star) pending.push(star);
  }
  return out;
}

function step(active: Set<Node>, token: number): Set<Node> {
  const next: Node[] = [];
  for (const current of active) {
    if (current.star) next.push(current);
    const child = current.children.get(token);
    if (child && token !== STAR) next.push(child);
  }
  return closure(next);
}

function weigh(active: Set<Node>): number {
  let total = 0;
  for (const current of active) {
    if (current.afterStar && !(current.end && current.children.size === 0)) {
      total += current.weight;
    }
  }
  return total;
}

/**
 * The wildcard complexity of one field: over every possible value, the most wildcard-pattern
 * prefixes (each weighted by the patterns sharing it) a matcher can be in at once — the measure
 * event-ruler's `MachineComplexityEvaluator` computes. Stops early once above `limit`.
 */
export function wildcardComplexity(
  wildcards: readonly string[],
  limit = WILDCARD_COMPLEXITY_LIMIT,
): number {
  if (wildcards.length === 0) return 0;
  const root = trieOf(wildcards);
  const alphabet = new Set<number>([0]); // 0 stands for every character no pattern names.
  const collect = (current: Node) => {
    for (const [token, child] of current.children) {
      if (token !== STAR) alphabet.add(token);
      collect(child);
    }
  };
  collect(root);
  const start = closure([root]);
  const seen = new Set<string>();
  const ids = new Map<Node, number>();
  const keyOf = (set: Set<Node>) =>
    [...set]
      .map((n) => {
        let id = ids.get(n);
        if (id === undefined) {
          id = ids.size;
          ids.set(n, id);
        }
        return id;
      })
      .sort((a, b) => a - b)
      .join(',');
  let maximum = weigh(start);
  const pending = [start];
  seen.add(keyOf(start));
  while (pending.length > 0) {
    const active = pending.pop() as Set<Node>;
    for (const token of alphabet) {
      const next = step(active, token);
      if (next.size === 0) continue;
      maximum = Math.max(maximum, weigh(next));
      if (maximum > limit) return maximum;
      const key = keyOf(next);
      if (seen.has(key)) continue;
      if (seen.size >= MAX_EXPLORED_SETS) return limit + 1;
      seen.add(key);
      pending.push(next);
    }
  }
  return maximum;
}

/** Every wildcard operand (plain or negated) of a leaf's value list. */
function wildcardsOf(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (!isObject(value)) continue;
    if (typeof value.wildcard === 'string') out.push(value.wildcard);
    const negated = isObject(value['anything-but']) ? value['anything-but'].wildcard : undefined;
    if (typeof negated === 'string') out.push(negated);
    else if (Array.isArray(negated)) {
      for (const item of negated) if (typeof item === 'string') out.push(item);
    }
  }
  return out;
}

/**
 * Reports each field whose wildcards (across all `$or` alternatives, which EventBridge compiles
 * into one machine per field) are too complex, with EventBridge's message. Expects a valid
 * pattern with dotted keys already expanded.
 */
export function checkWildcardComplexity(pattern: Record<string, unknown>, report: Report): void {
  const byField = new Map<string, string[]>();
  const walk = (node: Record<string, unknown>, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === OR_KEY && Array.isArray(value)) {
        for (const alternative of value) if (isObject(alternative)) walk(alternative, path);
      } else if (Array.isArray(value)) {
        const wildcards = wildcardsOf(value);
        if (wildcards.length === 0) continue;
        const at = childPath(path, key);
        byField.set(at, [...(byField.get(at) ?? []), ...wildcards]);
      } else if (isObject(value)) {
        walk(value, childPath(path, key));
      }
    }
  };
  walk(pattern, '');
  for (const [path, wildcards] of byField) {
    if (wildcardComplexity(wildcards) > WILDCARD_COMPLEXITY_LIMIT) report(path, TOO_COMPLEX);
  }
}
