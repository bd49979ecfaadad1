import { contextBlock, headerBlock, mrkdwnSection } from './blocks.js';
import { codeSpan, inlineText } from './escape.js';
import { slackDate } from './slack-date.js';
import type { SlackMessage } from './types.js';

/** One counted value: a detection id, account id or actor text, and how often it was counted. */
export interface SummaryCount {
  readonly value: string;
  readonly count: number;
  /** Shown before the value, e.g. the account's name. */
  readonly label?: string;
}

/** An account × region without a recent heartbeat at the time of the summary. */
export interface SilentPair {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
}

/** What one route's daily summary says; every text value is untrusted. */
export interface DailySummaryInput {
  /** The route's local date the summary is posted for, e.g. `2026-11-27`, and its zone. */
  readonly localDate: string;
  readonly timeZone: string;
  /** Epoch ms: the start of the oldest hour counted and the time of the summary. */
  readonly from: number;
  readonly to: number;
  /** Alerts Slack accepted (single alerts and digest items). */
  readonly total: number;
  readonly byDetection: readonly SummaryCount[];
  readonly byAccount: readonly SummaryCount[];
  readonly byActor: readonly SummaryCount[];
  /** Alerts a mute skipped, by detection. */
  readonly muted: readonly SummaryCount[];
  /** Stateful alerts posted, by detection. */
  readonly stateful: readonly SummaryCount[];
  readonly silent: readonly SilentPair[];
}

/** Entries each list shows; the rest are counted in one line. */
export const SUMMARY_TOP = 10;
/** Silent account × regions listed; the rest are counted in one line. */
export const SUMMARY_SILENT_SHOWN = 20;
/** Caps for one value, after escaping: lines stay short whatever the input. */
const VALUE_MAX = 80;
const LABEL_MAX = 60;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function sum(counts: readonly SummaryCount[]): number {
  return counts.reduce((total, entry) => total + entry.count, 0);
}

/** Most counted first; ties by value, so the message does not depend on read order. */
function ranked(counts: readonly SummaryCount[]): SummaryCount[] {
  return [...counts]
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

function listSection(title: string, counts: readonly SummaryCount[], unit: string): object {
  const all = ranked(counts);
  const lines = all.slice(0, SUMMARY_TOP).map((entry) => {
    const label = entry.label === undefined ? '' : `${inlineText(entry.label, LABEL_MAX)} `;
    return `• ${label}${codeSpan(entry.value, VALUE_MAX)} ×${entry.count.toLocaleString('en-US')}`;
  });
  const rest = all.slice(SUMMARY_TOP);
  if (rest.length > 0) {
    lines.push(`_…and ${rest.length} more (${plural(sum(rest), unit)})_`);
  }
  if (lines.length === 0) lines.push('_none_');
  return mrkdwnSection(`*${title}*\n${lines.join('\n')}`);
}

function silentSection(silent: readonly SilentPair[]): object {
  const sorted = [...silent].sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region),
  );
  const lines = sorted.slice(0, SUMMARY_SILENT_SHOWN).map((pair) => {
    const name =
      pair.accountName === undefined ? '' : `${inlineText(pair.accountName, LABEL_MAX)} `;
    return `• ${name}${codeSpan(pair.accountId, 20)} ${codeSpan(pair.region, 32)}`;
  });
  if (sorted.length > SUMMARY_SILENT_SHOWN) {
    lines.push(`_…and ${sorted.length - SUMMARY_SILENT_SHOWN} more_`);
  }
  if (lines.length === 0) lines.push('_none: every watched account × region sent heartbeats_');
  return mrkdwnSection(`*Silent account × regions now (${silent.length})*\n${lines.join('\n')}`);
}

/**
 * One route's daily summary: what reached its channel over the last 24 hours (by detection,
 * account and actor), what mutes held back, which stateful detections fired, and which
 * account × regions are silent now. Every list shows its top {@link SUMMARY_TOP} and says how many
 * more there are, so the message stays within Slack's limits whatever the day was like.
 */
export function renderDailySummary(input: DailySummaryInput): SlackMessage {
  const muted = sum(input.muted);
  const stateful = sum(input.stateful);
  const headline = [
    `*${plural(input.total, 'alert')}* posted`,
    plural(stateful, 'stateful alert'),
    `${plural(muted, 'alert')} muted`,
    `${plural(input.silent.length, 'silent account × region', 'silent account × regions')}`,
  ].join(' · ');
  const period = `From ${slackDate(new Date(input.from).toISOString())} to ${slackDate(new Date(input.to).toISOString())}`;
  const zone = inlineText(input.timeZone, 64);
  return {
    text: `:bar_chart: trailwatch daily summary for ${inlineText(input.localDate, 10)} (${zone}): ${plural(input.total, 'alert')}, ${muted} muted, ${stateful} stateful`,
    blocks: [
      headerBlock(`Daily summary · ${input.localDate} (${input.timeZone})`),
      mrkdwnSection(`${headline}\n${period}`),
      listSection('Top detections', input.byDetection, 'alert'),
      listSection('Top accounts', input.byAccount, 'alert'),
      listSection('Top actors', input.byActor, 'alert'),
      listSection('Stateful detections that fired', input.stateful, 'alert'),
      listSection('Muted, by detection', input.muted, 'alert'),
      silentSection(input.silent),
      contextBlock([
        'Counted when Slack accepted each alert (at least once: an alert redelivered after a crash may count twice). Silent: no heartbeat within the watchdog threshold at the time of this summary.',
      ]),
    ],
  };
}
