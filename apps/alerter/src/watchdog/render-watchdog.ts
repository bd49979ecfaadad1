import { escapeText, type SlackMessage } from '@trailwatch/slack';
import type { Problem, Recovery, WatchedAccount } from './evaluate.js';
import { WatchdogStatus } from './evaluate.js';

/** Accounts shown as sections of their own; the rest are counted (blocks per message: 50). */
export const MAX_ACCOUNTS_SHOWN = 20;
/** Regions listed under one account; the rest are counted (section text: 3,000 characters). */
export const MAX_REGIONS_SHOWN = 20;
/** Cap for an account name, before escaping (an escaped character is at most 5). */
const NAME_MAX = 80;
/** Region names are validated configuration; the cap only guards the section length. */
const REGION_MAX = 30;

/** What the messages say about the thresholds. */
export interface WatchdogRenderOptions {
  readonly silenceMinutes: number;
  readonly graceMinutes: number;
}

const HIGH = { color: '#eb4034', emoji: ':red_circle:', label: 'HIGH' } as const;
const INFO = { color: '#0c3f7d', emoji: ':large_blue_circle:', label: 'INFO' } as const;

/**
 * An untrusted value on one line, clipped, then escaped (clipping first never cuts an entity).
 * Backticks become `ˋ`: one in an account name would open a code span running into the id.
 */
function safe(raw: string, max: number): string {
  const line = raw
    .replace(/`/g, 'ˋ')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim();
  const chars = [...line];
  const clipped = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
  return escapeText(clipped);
}

/** An untrusted value as a code span (backticks would close it). */
function code(raw: string, max: number): string {
  return `\`${safe(raw.replace(/`/g, 'ˋ'), max)}\``;
}

function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function accountLine(account: WatchedAccount): string {
  return `*${safe(account.name, NAME_MAX)}* ${code(account.id, 12)}`;
}

interface Group<T> {
  readonly account: WatchedAccount;
  readonly items: T[];
}

function groupByAccount<T extends { account: WatchedAccount; region: string }>(
  items: readonly T[],
): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const item of items) {
    let group = groups.get(item.account.id);
    if (group === undefined) {
      group = { account: item.account, items: [] };
      groups.set(item.account.id, group);
    }
    group.items.push(item);
  }
  for (const group of groups.values()) group.items.sort((a, b) => a.region.localeCompare(b.region));
  return [...groups.values()];
}

/** The note under a list capped at {@link MAX_ACCOUNTS_SHOWN} accounts; none when nothing was. */
function accountsLeftOut(
  groups: readonly Group<unknown>[],
  itemName: string,
  ending: string,
): string | undefined {
  const hidden = groups.slice(MAX_ACCOUNTS_SHOWN);
  if (hidden.length === 0) return undefined;
  const items = hidden.reduce((sum, group) => sum + group.items.length, 0);
  return `…and ${plural(hidden.length, 'more account')} (${plural(items, itemName)}) not listed here${ending}`;
}

function regionLines<T extends { region: string }>(
  items: readonly T[],
  describe: (item: T) => string,
): string {
  const lines = items
    .slice(0, MAX_REGIONS_SHOWN)
    .map((item) => `• ${code(item.region, REGION_MAX)} ${describe(item)}`);
  if (items.length > MAX_REGIONS_SHOWN) {
    lines.push(`_…and ${plural(items.length - MAX_REGIONS_SHOWN, 'more region')}_`);
  }
  return lines.join('\n');
}

function message(
  style: typeof HIGH | typeof INFO,
  title: string,
  text: string,
  summary: string,
  sections: readonly string[],
  hiddenNote: string | undefined,
): SlackMessage {
  const blocks: object[] = [
    { type: 'section', text: { type: 'mrkdwn', text: summary, verbatim: true } },
    ...sections.map((section) => ({
      type: 'section',
      text: { type: 'mrkdwn', text: section, verbatim: true },
    })),
  ];
  if (hiddenNote !== undefined) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: hiddenNote, verbatim: true }],
    });
  }
  return {
    text: `${style.emoji} ${text}`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: `${style.label} · ${title}`, emoji: true },
      },
    ],
    attachments: [{ color: style.color, blocks }],
  };
}

/**
 * The message announcing newly silent regions and uncovered accounts (severity high), grouped per
 * account, uncovered accounts first. At most {@link MAX_ACCOUNTS_SHOWN} accounts and
 * {@link MAX_REGIONS_SHOWN} regions per account are listed; the rest are counted, so the message
 * stays within Slack's limits for any size of organization. Every interpolated value is escaped.
 *
 * @throws RangeError when `problems` is empty (there is nothing to announce).
 */
export function renderWatchdogProblems(
  problems: readonly Problem[],
  options: WatchdogRenderOptions,
): SlackMessage {
  if (problems.length === 0) throw new RangeError('renderWatchdogProblems needs a problem');
  const groups = groupByAccount(problems).sort((a, b) => {
    const rank = (group: Group<Problem>) =>
      group.items.some((item) => item.status === WatchdogStatus.UNCOVERED) ? 0 : 1;
    return rank(a) - rank(b) || a.account.id.localeCompare(b.account.id);
  });
  const uncovered = groups.filter((group) =>
    group.items.some((item) => item.status === WatchdogStatus.UNCOVERED),
  );
  const silentPairs = problems.filter((problem) => problem.status === WatchdogStatus.SILENT);
  const silentAccounts = groups.length - uncovered.length;
  const parts: string[] = [];
  if (uncovered.length > 0) parts.push(plural(uncovered.length, 'uncovered account'));
  if (silentPairs.length > 0) {
    parts.push(
      `${plural(silentPairs.length, 'silent region')} in ${plural(silentAccounts, 'account')}`,
    );
  }
  const headline = `trailwatch heartbeats missing: ${parts.join(', ')}`;
  const explanations: string[] = [];
  if (silentPairs.length > 0) {
    explanations.push(
      `Silent: no heartbeat for more than ${options.silenceMinutes} min from a region of an account that sends them elsewhere; the trailwatch stack there may be deleted, its rules disabled or its forwarding failing.`,
    );
  }
  if (uncovered.length > 0) {
    explanations.push(
      `Uncovered: no heartbeat from any region although the account joined more than ${options.graceMinutes} min ago; the member stack is probably not deployed there.`,
    );
  }
  explanations.push('Events from these places do not reach trailwatch until fixed.');
  const summary = `*${parts.join(' · ')}*\n${explanations.join(' ')}`;
  const sections = groups.slice(0, MAX_ACCOUNTS_SHOWN).map((group) => {
    const first = group.items[0]!;
    if (first.status === WatchdogStatus.UNCOVERED) {
      const joined =
        first.since === undefined ? 'at an unknown time' : `on ${isoMinute(first.since)}`;
      return `${accountLine(group.account)} — *uncovered*: joined ${joined}, no heartbeat from any member region`;
    }
    const lines = regionLines(group.items, (item) =>
      item.since === undefined
        ? 'never sent a heartbeat'
        : `last heartbeat ${isoMinute(item.since)}`,
    );
    return `${accountLine(group.account)} — *silent* in ${plural(group.items.length, 'region')}\n${lines}`;
  });
  const hiddenNote = accountsLeftOut(
    groups,
    'account-region',
    "; the watchdog's log lists every one.",
  );
  return message(HIGH, 'trailwatch heartbeats missing', headline, summary, sections, hiddenNote);
}

/**
 * The message announcing regions that send heartbeats again (severity info), grouped per account,
 * capped like {@link renderWatchdogProblems}.
 *
 * @throws RangeError when `recoveries` is empty.
 */
export function renderWatchdogRecoveries(recoveries: readonly Recovery[]): SlackMessage {
  if (recoveries.length === 0) throw new RangeError('renderWatchdogRecoveries needs a recovery');
  const groups = groupByAccount(recoveries).sort((a, b) =>
    a.account.id.localeCompare(b.account.id),
  );
  const counts = `${plural(recoveries.length, 'region')} in ${plural(groups.length, 'account')}`;
  const headline = `trailwatch heartbeats back: ${counts}`;
  const summary = `*${counts}* send heartbeats again (or are within a new account's grace period).`;
  const sections = groups.slice(0, MAX_ACCOUNTS_SHOWN).map((group) => {
    const wasUncovered = group.items.every(
      (item) => item.previous.status === WatchdogStatus.UNCOVERED,
    );
    const lines = regionLines(group.items, (item) =>
      item.lastSeen === undefined
        ? 'no longer reported as missing'
        : `heartbeat ${isoMinute(item.lastSeen)}`,
    );
    return `${accountLine(group.account)} — *recovered*${wasUncovered ? ' (was uncovered)' : ''}\n${lines}`;
  });
  const hiddenNote = accountsLeftOut(groups, 'region', '.');
  return message(INFO, 'trailwatch heartbeats back', headline, summary, sections, hiddenNote);
}
