import { slackDateText } from './slack-date-text.js';

/**
 * A readable plain-text rendering of a Slack Block Kit payload, for terminals: roughly what a
 * person sees in the channel. Escaped characters are shown as Slack shows them (`&lt;` as `<`),
 * links as `label <url>`, dates as Slack renders them for a reader in UTC.
 */
export function renderSlackText(payload: Readonly<Record<string, unknown>>): string {
  const lines: string[] = [];
  renderBlocks(payload.blocks, '', lines);
  const attachments = Array.isArray(payload.attachments) ? payload.attachments : [];
  for (const attachment of attachments) {
    if (!isObject(attachment)) continue;
    const bar = typeof attachment.color === 'string' ? `▌ ` : '  ';
    renderBlocks(attachment.blocks, bar, lines);
    if (typeof attachment.text === 'string') lines.push(`${bar}${mrkdwnToText(attachment.text)}`);
  }
  if (typeof payload.text === 'string' && payload.text !== '') {
    lines.push(`  notification: ${mrkdwnToText(payload.text)}`);
  }
  return lines.join('\n');
}

/**
 * Slack mrkdwn to plain text: dates rendered in UTC, links as `label <url>`, no `*`/`_`/`` ` ``
 * marks or code fences, entities decoded.
 */
export function mrkdwnToText(text: string): string {
  return text
    .replace(
      /<!date\^(-?\d+)\^([^|^>]*)(?:\^[^|>]*)?\|([^>]*)>/g,
      (_, epoch: string, format: string, fallback: string) =>
        slackDateText(epoch, format, fallback),
    )
    .replace(/```\n?([\s\S]*?)\n?```/g, '$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]*)>/g, '$2 <$1>')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;])/gm, '$1$2')
    .replace(/`([^`\n]*)`/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

function renderBlocks(blocks: unknown, indent: string, lines: string[]): void {
  if (!Array.isArray(blocks)) return;
  for (const block of blocks) {
    if (!isObject(block)) continue;
    switch (block.type) {
      case 'header':
        lines.push(`${indent}${textOf(block.text)}`);
        break;
      case 'section': {
        if (block.text !== undefined) {
          for (const line of textOf(block.text).split('\n')) lines.push(`${indent}${line}`);
        }
        const fields = Array.isArray(block.fields) ? block.fields : [];
        const parsed = fields.map((field) => {
          const [label = '', ...rest] = textOf(field).split('\n');
          return { label, value: rest.join(' · ') };
        });
        const width = Math.max(0, ...parsed.map((field) => field.label.length));
        for (const { label, value } of parsed) {
          lines.push(`${indent}  ${label.padEnd(width)}  ${value}`);
        }
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        const texts = elements.filter((e) => isObject(e) && e.type !== 'image').map(textOf);
        lines.push(`${indent}  (${texts.join(' · ')})`);
        break;
      }
      case 'divider':
        lines.push(`${indent}  ────`);
        break;
      case 'markdown':
        lines.push(`${indent}${mrkdwnToText(String(block.text ?? ''))}`);
        break;
      default:
        lines.push(`${indent}  [${String(block.type)} block]`);
    }
  }
}

function textOf(value: unknown): string {
  if (!isObject(value) || typeof value.text !== 'string') return '';
  return value.type === 'mrkdwn' ? mrkdwnToText(value.text) : value.text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
