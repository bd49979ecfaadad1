/**
 * The problem with a `wildcard` operand, or `undefined` when EventBridge would accept it: `*`
 * matches any run of characters, `\*` is a literal asterisk, `\\` a literal backslash; two `*`
 * in a row and a backslash before anything else are refused.
 */
export function checkWildcard(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      return `consecutive wildcard characters at position ${i}; use a single "*"`;
    }
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') {
        return `invalid escape at position ${i}; a backslash may only escape "*" or "\\"`;
      }
      i++;
    }
  }
  return undefined;
}

/** A matcher for a valid wildcard pattern. Matching allocates nothing. */
export function compileWildcard(pattern: string): (value: string) => boolean {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      current += pattern[++i];
    } else if (c === '*') {
      segments.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  segments.push(current);
  if (segments.length === 1) return (value) => value === current;
  const head = segments[0] as string;
  const tail = current;
  const middle = segments.slice(1, -1).filter((s) => s !== '');
  const fixed = head.length + tail.length;
  return (value) => {
    if (value.length < fixed || !value.startsWith(head) || !value.endsWith(tail)) return false;
    // Leftmost placement of each middle segment leaves the most room for the rest, so a greedy
    // scan is exact for patterns whose only metacharacter is `*`.
    let from = head.length;
    const end = value.length - tail.length;
    for (const segment of middle) {
      const at = value.indexOf(segment, from);
      if (at < 0 || at + segment.length > end) return false;
      from = at + segment.length;
    }
    return true;
  };
}
