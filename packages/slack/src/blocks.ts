import { escapeClip, escapeText } from './escape.js';
import { SlackLimits } from './limits.js';

/** A header block; `raw` is escaped and clipped to Slack's 150 characters. */
export function headerBlock(raw: string): object {
  return {
    type: 'header',
    text: { type: 'plain_text', text: escapeClip(raw, SlackLimits.HEADER_TEXT), emoji: true },
  };
}

/** A section of plain text (no mrkdwn, mentions or links are parsed); `raw` is escaped and clipped. */
export function plainSection(raw: string, max: number = SlackLimits.SECTION_TEXT): object {
  return {
    type: 'section',
    text: { type: 'plain_text', text: escapeClip(raw, max), emoji: false },
  };
}

/**
 * A mrkdwn text object. `verbatim` stops Slack from auto-linking bare URLs and channel names in
 * values; every value inside is already escaped by the caller.
 */
export function mrkdwn(text: string): object {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A section of mrkdwn assembled from escaped parts. */
export function mrkdwnSection(text: string): object {
  return { type: 'section', text: mrkdwn(text) };
}

/** A section of up to ten mrkdwn fields. */
export function fieldsSection(fields: readonly string[]): object {
  return { type: 'section', fields: fields.map(mrkdwn) };
}

/** A context block of mrkdwn elements. */
export function contextBlock(elements: readonly string[]): object {
  return { type: 'context', elements: elements.map(mrkdwn) };
}

/** A mrkdwn link; `url` must be built from validated, URL-encoded parts, `label` is trusted text. */
export function link(url: string, label: string): string {
  return `<${escapeText(url)}|${escapeText(label)}>`;
}

/** A bold field label and its escaped mrkdwn value. */
export function field(label: string, value: string): string {
  return `*${label}*\n${value}`;
}

/**
 * Packs lines into as few mrkdwn texts as fit `max` each, every text starting with `prefix` and
 * ending with `suffix` (e.g. a code fence). Each line must fit on its own.
 */
export function packLines(
  lines: readonly string[],
  max: number,
  wrap: { readonly first: string; readonly prefix: string; readonly suffix: string },
): string[] {
  const texts: string[] = [];
  let current: string[] = [];
  let length = 0;
  const head = () => (texts.length === 0 ? wrap.first : '') + wrap.prefix;
  for (const line of lines) {
    const added = (current.length === 0 ? 0 : 1) + line.length;
    if (current.length > 0 && head().length + length + added + wrap.suffix.length > max) {
      texts.push(head() + current.join('\n') + wrap.suffix);
      current = [];
      length = 0;
    }
    length += (current.length === 0 ? 0 : 1) + line.length;
    current.push(line);
  }
  if (current.length > 0) texts.push(head() + current.join('\n') + wrap.suffix);
  return texts;
}
