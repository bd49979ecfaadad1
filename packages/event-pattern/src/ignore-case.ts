// event-ruler folds case one pattern character at a time, accepting its lower- and upper-case
// forms. For an ASCII pattern that means the value must be the same ASCII letters in any case,
// which these loops check without allocating; other patterns fall back to toLowerCase.

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function regionEquals(value: string, offset: number, lowerPattern: string): boolean {
  for (let i = 0; i < lowerPattern.length; i++) {
    if (foldAscii(value.charCodeAt(offset + i)) !== lowerPattern.charCodeAt(i)) return false;
  }
  return true;
}

/** A case-insensitive equality test against `pattern`. */
export function equalsIgnoreCase(pattern: string): (value: string) => boolean {
  const lower = pattern.toLowerCase();
  if (isAscii(pattern)) {
    return (value) => value.length === lower.length && regionEquals(value, 0, lower);
  }
  return (value) => value === pattern || value.toLowerCase() === lower;
}

/** A case-insensitive starts-with test against `prefix`. */
export function startsWithIgnoreCase(prefix: string): (value: string) => boolean {
  const lower = prefix.toLowerCase();
  if (isAscii(prefix)) {
    return (value) => value.length >= lower.length && regionEquals(value, 0, lower);
  }
  return (value) => value.toLowerCase().startsWith(lower);
}

/** A case-insensitive ends-with test against `suffix`. */
export function endsWithIgnoreCase(suffix: string): (value: string) => boolean {
  const lower = suffix.toLowerCase();
  if (isAscii(suffix)) {
    return (value) =>
      value.length >= lower.length && regionEquals(value, value.length - lower.length, lower);
  }
  return (value) => value.toLowerCase().endsWith(lower);
}
