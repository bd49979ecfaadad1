import { type CloudTrailEvent, describeActor } from '@trailwatch/cloudtrail';
import {
  contextBlock,
  field,
  fieldsSection,
  headerBlock,
  link,
  mrkdwnSection,
  packLines,
  plainSection,
} from './blocks.js';
import { detectionContext, notes } from './context.js';
import { DigestInputError } from './errors.js';
import { codeBlockLine, codeSpan, inlineText } from './escape.js';
import { accountLabel } from './facts.js';
import { SlackLimits } from './limits.js';
import { cloudTrailEventUrl, consoleLink, type DeepLinkSetting, deepLinkSetting } from './links.js';
import { severityStyle } from './severity-style.js';
import { isoTime, slackDate } from './slack-date.js';
import type { Alert, RenderOptions, SlackMessage } from './types.js';

/** How many of the most frequent values each summary field lists. */
const TOP = 5;
/** How many alerts are shown as lines of their own. */
const FIRST_ITEMS = 5;
/** Cap for one value in a summary field. */
const TOP_VALUE = 150;
/** Cap for one summary line in the first-items list. */
const ITEM_SUMMARY = 150;
/**
 * Cap for one event id in the id list. CloudTrail ids are 36-character UUIDs; a longer one is a
 * malformed record and is clipped rather than allowed to push the list past the block limit.
 */
const EVENT_ID_MAX = 200;
const FALLBACK_VALUE = 150;

interface Count {
  readonly value: string;
  readonly count: number;
}

/** Values by frequency (ties keep first-seen order) and how many distinct values there are. */
function countValues(values: readonly string[]): { top: Count[]; distinct: number } {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const all = [...counts].map(([value, count]) => ({ value, count }));
  all.sort((a, b) => b.count - a.count);
  return { top: all.slice(0, TOP), distinct: all.length };
}

function topField(label: string, values: readonly string[]): string {
  const { top, distinct } = countValues(values);
  const lines = top.map(({ value, count }) => `• ${codeSpan(value, TOP_VALUE)} ×${count}`);
  if (distinct > top.length) lines.push(`_…and ${distinct - top.length} more_`);
  return field(`${label} (${distinct})`, lines.join('\n'));
}

function validate(alerts: readonly Alert[], part: { index: number; total: number }): void {
  if (!Array.isArray(alerts) || alerts.length === 0) {
    throw new DigestInputError('renderDigest needs at least one alert');
  }
  if (alerts.length > SlackLimits.DIGEST_ITEMS) {
    throw new DigestInputError(
      `renderDigest got ${alerts.length} alerts; a digest carries at most ${SlackLimits.DIGEST_ITEMS} (split the burst into parts)`,
    );
  }
  const ids = new Set(alerts.map((a) => a.match.detection.id));
  if (ids.size > 1) {
    throw new DigestInputError(
      `renderDigest folds alerts of one detection; got ${[...ids].slice(0, 5).join(', ')}`,
    );
  }
  const { index, total } = part ?? {};
  if (
    !Number.isInteger(total) ||
    total < 1 ||
    !Number.isInteger(index) ||
    index < 1 ||
    index > total
  ) {
    throw new DigestInputError(
      `renderDigest part must be 1-based with 1 ≤ index ≤ total, got ${JSON.stringify(part)}`,
    );
  }
}

/** Alerts in time order (unparsable times last, ties in input order) and the first/last time. */
function timeline(alerts: readonly Alert[]) {
  const ordered = alerts
    .map((alert, i) => ({ alert, i, ms: Date.parse(alert.match.event.time) }))
    .map((t) => ({ ...t, ms: Number.isFinite(t.ms) ? t.ms : Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.ms - b.ms || a.i - b.i)
    .map((t) => t.alert);
  const times = ordered.flatMap((a) => isoTime(a.match.event.time) ?? []);
  return { ordered, first: times[0], last: times.at(-1) };
}

function timeRangeField(first: string | undefined, last: string | undefined): string {
  if (first === undefined || last === undefined) return field('Time range', '—');
  const value = first === last ? slackDate(first) : `${slackDate(first)}\nto ${slackDate(last)}`;
  return field('Time range', value);
}

function resultOf(event: CloudTrailEvent): string {
  const { outcome } = event;
  return outcome.success
    ? 'success'
    : `failure ${outcome.errorCode ?? outcome.errorMessage ?? ''}`.trim();
}

/** One short line per event: local time, summary, CloudTrail link. */
function itemLine(alert: Alert, setting: DeepLinkSetting): string {
  const { event, summary } = alert.match;
  const url = cloudTrailEventUrl(event.region, event.eventId);
  const href = consoleLink(setting, event.account, url);
  const when = isoTime(event.time) ? slackDate(event.time, false) : '—';
  return `• ${when} ${codeSpan(summary, ITEM_SUMMARY)}${href ? ` ${link(href, 'event')}` : ''}`;
}

/**
 * Folds a burst of alerts of the same detection (a script creating 200 users, 500 failed
 * sign-ins) into one message: counts and top accounts/actors/IPs/regions/targets, the time range,
 * the first {@link FIRST_ITEMS} events as lines and every event id of the digest in code blocks.
 * The caller splits a larger burst into parts of at most `SlackLimits.DIGEST_ITEMS`.
 *
 * @param part - which part of the burst this is, 1-based (`{ index: 1, total: 3 }`); the header
 *   shows `(part i/n)` when there is more than one
 * @throws {@link DigestInputError} for no alerts, more than `DIGEST_ITEMS`, mixed detections or a bad part
 */
export function renderDigest(
  alerts: readonly Alert[],
  part: { index: number; total: number },
  options?: RenderOptions,
): SlackMessage {
  validate(alerts, part);
  const detection = alerts[0]!.match.detection;
  const style = severityStyle(detection.severity);
  const setting = deepLinkSetting(options);
  const n = alerts.length;
  const title = `${detection.title} ×${n}${part.total > 1 ? ` (part ${part.index}/${part.total})` : ''}`;
  const events = alerts.map((a) => a.match.event);
  const { ordered, first, last } = timeline(alerts);

  const accounts = alerts.map((a) => accountLabel(a.account));
  const actors = events.map((e) => describeActor(e.actor));
  const targets = events.flatMap((e) => (e.targetUser ? [e.targetUser] : []));
  const fields = [
    topField('Accounts', accounts),
    topField('Actors', actors),
    topField(
      'Source IPs',
      events.map((e) => e.sourceIp ?? 'unknown'),
    ),
    topField(
      'Regions',
      events.map((e) => e.region || 'unknown'),
    ),
    ...(targets.length > 0 ? [topField('Target users', targets)] : []),
    topField(
      'Events',
      events.map((e) => e.eventName),
    ),
    topField('Results', events.map(resultOf)),
    timeRangeField(first, last),
  ];

  const items = ordered.slice(0, FIRST_ITEMS).map((alert) => itemLine(alert, setting));
  const itemTexts = packLines(items, SlackLimits.SECTION_TEXT, {
    first: `*First ${items.length} of ${n}*\n`,
    prefix: '',
    suffix: '',
  });
  const idTexts = packLines(
    events.map((e) => codeBlockLine(e.eventId, EVENT_ID_MAX)),
    SlackLimits.SECTION_TEXT,
    { first: `*All ${n} event ids in this message*\n`, prefix: '```\n', suffix: '\n```' },
  );

  const span =
    first === undefined || last === undefined
      ? ''
      : first === last
        ? ` at ${first}`
        : ` from ${first} to ${last}`;
  const summary =
    `${plural(n, 'event')}${span} in ${plural(countValues(accounts).distinct, 'account')}` +
    ` by ${plural(countValues(actors).distinct, 'actor')}.`;

  const detail = [
    fieldsSection(fields),
    ...itemTexts.map(mrkdwnSection),
    ...idTexts.map(mrkdwnSection),
    contextBlock([
      ...detectionContext(detection),
      `digest part ${part.index}/${part.total}`,
      ...notes(
        alerts.map((a) => a.account),
        setting,
      ),
    ]),
  ];

  return {
    text: fallbackText(n, accounts, actors, `${style.emoji} [${style.label}] ${title}`),
    blocks: [headerBlock(`${style.emoji} ${title}`), plainSection(summary)],
    attachments: [{ color: style.color, blocks: detail }],
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function phrase(values: readonly string[], noun: string): string {
  const { top, distinct } = countValues(values);
  const head = top[0];
  if (head === undefined) return `0 ${noun}`;
  const label = inlineText(head.value, FALLBACK_VALUE);
  return distinct === 1 ? label : `${distinct} ${noun} (most: ${label} ×${head.count})`;
}

function fallbackText(
  count: number,
  accounts: readonly string[],
  actors: readonly string[],
  title: string,
): string {
  return `${inlineText(title, 300)} — ${phrase(accounts, 'accounts')} — ${phrase(actors, 'actors')} — ${plural(count, 'event')}`;
}
