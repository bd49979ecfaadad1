import { codeSpan } from './escape.js';

const FORMAT = '{date_short_pretty} {time_secs}';

/** The ISO form of a parsable time, without zero milliseconds; undefined otherwise. */
export function isoTime(time: string): string | undefined {
  const ms = Date.parse(time);
  if (time === '' || !Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * An event time for Slack: a `<!date^…>` token that each reader sees in their own time zone
 * (its parts are generated here, never copied from input), then — unless `utc` is false — the
 * UTC ISO time. A time that does not parse is shown as the escaped raw value.
 */
export function slackDate(time: string, utc = true): string {
  const iso = isoTime(time);
  if (iso === undefined) return codeSpan(time, 100);
  const token = `<!date^${Math.floor(Date.parse(iso) / 1000)}^${FORMAT}|${iso}>`;
  return utc ? `${token} (${iso})` : token;
}
