const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

const ELLIPSIS = '…';

/**
 * Escapes Slack's three control characters (`&`, `<`, `>`) and nothing else, as Slack asks: a
 * full HTML encode would show `&quot;` literally. Escaped text can no longer open a mention
 * (`<!channel>`, `<@U123>`) or a link (`<https://evil|click>`); already-escaped input such as
 * `&lt;` is escaped again so it shows as typed.
 *
 * @example escapeText('<!channel> & co') // '&lt;!channel&gt; &amp; co'
 */
export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Shortens already-escaped text to at most `max` characters, ending in `…`, without cutting an
 * entity (`&amp;`) or a surrogate pair in half.
 */
export function clipEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let cut = max - ELLIPSIS.length;
  // Every `&` in escaped text starts an entity of at most 5 characters.
  const amp = escaped.lastIndexOf('&', cut - 1);
  if (amp !== -1 && amp > cut - 5) {
    const end = escaped.indexOf(';', amp);
    if (end === -1 || end >= cut) cut = amp;
  }
  const last = escaped.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${escaped.slice(0, cut)}${ELLIPSIS}`;
}

/** Escapes, then clips to `max`. */
export function escapeClip(raw: string, max: number): string {
  return clipEscaped(escapeText(raw), max);
}

/**
 * Makes an untrusted value safe inside mrkdwn code: backticks (which would close the span) become
 * `ˋ`, and line breaks and other control characters (a span cannot cross lines) become spaces.
 */
function codeSafe(raw: string): string {
  return raw
    .replace(/`/g, 'ˋ')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim();
}

/** Shown for a value that is absent or empty. */
export const NONE = '—';

/**
 * An untrusted value as an escaped inline code span of at most `max` characters, so mrkdwn
 * formatting, mentions, links and emoji inside it are shown literally; `—` when empty.
 */
export function codeSpan(raw: string | undefined, max: number): string {
  const safe = raw === undefined ? '' : codeSafe(raw);
  if (safe === '') return NONE;
  return `\`${escapeClip(safe, max - 2)}\``;
}

/**
 * An untrusted value as running mrkdwn text outside code (notification text, notes): escaped,
 * clipped, on one line, with backticks replaced so it cannot open a code span.
 */
export function inlineText(raw: string, max: number): string {
  return escapeClip(codeSafe(raw), max);
}

/** An untrusted value as one line of a ``` code block (escaped, clipped to `max`). */
export function codeBlockLine(raw: string, max: number): string {
  const safe = codeSafe(raw);
  return safe === '' ? NONE : escapeClip(safe, max);
}
