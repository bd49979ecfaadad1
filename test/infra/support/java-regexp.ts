import type { Options } from 'ajv';

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;

/**
 * Registry schema patterns are written for CloudFormation's Java validator, and about 70 of
 * them are not valid JavaScript `u`-mode regexes (`\A…\Z` anchors, `(?s)`, POSIX `\p{Graph}`,
 * escaped punctuation such as `\_`). This engine translates the Java-only syntax so that the
 * pattern is still enforced; a pattern it cannot translate throws, so no pattern is silently
 * dropped.
 */

const POSIX: Record<string, string> = {
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Space: ' \\t\\n\\x0B\\f\\r',
  ASCII: '\\x00-\\x7F',
};

/** A POSIX class as a range; a Unicode class (`\p{L}`) is kept for `u` mode. */
function posixClass(match: RegExpExecArray, inClass: boolean): string {
  const range = POSIX[match[1]!];
  if (!range) return match[0];
  return inClass ? range : `[${range}]`;
}

/** Java escapes JavaScript lacks: anchors, `\x{…}` and POSIX classes (`\p{Graph}`). */
const ESCAPES: [RegExp, (match: RegExpExecArray, inClass: boolean) => string][] = [
  [/^\\A/, () => '^'],
  [/^\\[Zz]/, () => '$'],
  [/^\\x\{([0-9a-fA-F]+)\}/, (m) => `\\u{${m[1]}}`],
  [/^\\p\{(\w+)\}/, (m, inClass) => posixClass(m, inClass)],
];

function translate(pattern: string): { source: string; flags: string } {
  // A leading inline flag group: `(?s)` dot-all, `(?m)` multi-line, `(?i)` case-insensitive.
  const inline = /^\(\?([smi]+)\)/.exec(pattern);
  let source = '';
  let inClass = false;
  for (let i = inline ? inline[0].length : 0; i < pattern.length; i++) {
    const rest = pattern.slice(i);
    const javaEscape = ESCAPES.map(([re, to]) => [re.exec(rest), to] as const).find(([m]) => m);
    if (javaEscape) {
      const [match, to] = javaEscape;
      source += to(match!, inClass);
      i += match![0].length - 1;
    } else if (pattern[i] === '\\') {
      source += pattern.slice(i, i + 2); // any other escape, kept as is (`\]` must not close)
      i++;
    } else {
      if (pattern[i] === '[') inClass = true;
      if (pattern[i] === ']') inClass = false;
      source += pattern[i];
    }
  }
  return { source, flags: inline?.[1] ?? '' };
}

/** Compiles a registry pattern, translating Java syntax only when JavaScript rejects it. */
export const javaRegExp: RegExpEngine = Object.assign(
  (pattern: string, u: string) => {
    try {
      return new RegExp(pattern, u);
    } catch {
      const { source, flags } = translate(pattern);
      try {
        return new RegExp(source, `${flags}${u}`);
      } catch (error) {
        // Without `u`, JavaScript reads `\_` and `\:` as the literal character, as Java does;
        // only `\p{…}` would change meaning, so those patterns must compile in `u` mode.
        if (source.includes('\\p{')) throw error;
        return new RegExp(source, flags);
      }
    }
  },
  { code: 'javaRegExp' },
);
