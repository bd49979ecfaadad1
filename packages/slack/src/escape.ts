const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

const ELLIPSIS = '…';

/**
 * Invisible format characters (Unicode category Cf): bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C), zero-width space/joiners (U+200B–U+200D,
 * U+2060, U+FEFF), soft hyphen, tag characters. In an alert they can reverse what a reader sees
 * (`resu-nimda` shown as `admin-user`) or make two different names look the same.
 */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The visible marker that replaces an invisible format character, e.g. `[U+202E]`. */
export function formatMarker(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * Makes untrusted text show what it is: every invisible format character becomes a visible
 * marker (`[U+202E]`) and every lone surrogate (which JSON would carry as an unpaired `\uD83D`
 * and Slack would mangle) becomes U+FFFD.
 */
export function visibleText(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').replace(FORMAT_CHARACTERS, formatMarker);
}

/**
 * Escapes Slack's three control characters (`&`, `<`, `>`) and nothing else, as Slack asks: a
 * full HTML encode would show `&quot;` literally. Escaped text can no longer open a mention
 * (`<!channel>`, `<@U123>`) or a link (`<https://evil|click>`); already-escaped input such as
 * `&lt;` is escaped again so it shows as typed. Invisible format characters and lone surrogates
 * are made visible first ({@link visibleText}).
 *
 * @example escapeText('<!channel> & co') // '&lt;!channel&gt; &amp; co'
 */
export function escapeText(s: string): string {
  return visibleText(s).replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
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
