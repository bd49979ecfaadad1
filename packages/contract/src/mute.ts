import { type ContractIssue, formatPath } from './issue.js';
import { describeType } from './route.js';
import { StateKeyPrefix } from './state-table.js';

/**
 * A mute: alerts of one detection (optionally only in one account or OU, optionally only by
 * matching actors) are skipped and counted until `until`. Set by `trailwatch mute` (stored in the
 * state table) or reviewed in a pull request (`mutes` in `trailwatch.config.json`); the alerter
 * treats both alike.
 */
export interface Mute {
  /** Stable id (`trailwatch mute` makes one; config mutes name theirs). */
  readonly id: string;
  readonly detection: string;
  readonly account?: string;
  /** OU id (`ou-…`), root id, or OU name anywhere on the account's path. */
  readonly ou?: string;
  /** Glob on the actor as alerts show it (`*` matches anything; case-insensitive). */
  readonly actor?: string;
  /** ISO-8601 end; an expired mute mutes nothing. */
  readonly until: string;
  readonly reason: string;
  /** Who set it: the caller's ARN for CLI mutes, the author for config mutes. */
  readonly setBy: string;
  /** A mute never hides a critical alert unless it says so here. */
  readonly includeCritical?: boolean;
}

/** The state-table item that holds every CLI mute (one read per refresh, not a scan). */
export const MUTES_ITEM_KEY = `${StateKeyPrefix.MUTE}all`;

/** Longest mute a person may set: a quarter. Longer quiet belongs in the catalogue or a route. */
export const MAX_MUTE_DAYS = 92;

/** What a mute is checked against: the alert as routing sees it. */
export interface MuteSubject {
  readonly detectionId: string;
  readonly severity: string;
  readonly accountId: string;
  readonly ouIds?: readonly string[];
  readonly ouNames?: readonly string[];
  readonly actor: string;
}

const MUTE_KEYS = [
  'id',
  'detection',
  'account',
  'ou',
  'actor',
  'until',
  'reason',
  'setBy',
  'includeCritical',
] as const;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`, 'is');
}

/**
 * Every problem with one mute, or none.
 *
 * @param now - epoch ms; `until` must be after it and at most {@link MAX_MUTE_DAYS} later
 */
export function validateMute(
  value: unknown,
  now: number,
  options: { readonly checkTime?: boolean } = {},
): ContractIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: [], fix: `must be an object, got ${describeType(value)}` }];
  }
  const mute = value as Record<string, unknown>;
  const issues: ContractIssue[] = [];
  for (const key of Object.keys(mute)) {
    if (!(MUTE_KEYS as readonly string[]).includes(key)) {
      issues.push({
        path: [key],
        fix: `is not a mute setting; allowed keys are ${MUTE_KEYS.join(', ')}`,
      });
    }
  }
  const text = (key: string, pattern: RegExp, fix: string, required: boolean) => {
    const v = mute[key];
    if (v === undefined && !required) return;
    if (typeof v !== 'string' || !pattern.test(v)) issues.push({ path: [key], fix });
  };
  text('id', /^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _.:-', true);
  text(
    'detection',
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'must be a detection id like "iam-user-created"',
    true,
  );
  text('account', /^\d{12}$/, 'must be a 12-digit account id', false);
  text('ou', /^[^\p{Cc}]{1,128}$/u, 'must be an OU id, a root id or an OU name', false);
  text(
    'actor',
    /^[^\p{Cc}]{1,256}$/u,
    'must be a glob of 1-256 characters like "*terraform*"',
    false,
  );
  text('reason', /^[^\p{Cc}]{3,500}$/u, 'must say why, in 3-500 characters', true);
  text('setBy', /^[^\p{Cc}]{1,256}$/u, 'must name who set the mute', true);
  if (mute.account !== undefined && mute.ou !== undefined) {
    issues.push({ path: ['ou'], fix: 'set account or ou, not both' });
  }
  if (mute.includeCritical !== undefined && typeof mute.includeCritical !== 'boolean') {
    issues.push({ path: ['includeCritical'], fix: 'must be true or false' });
  }
  const until = typeof mute.until === 'string' ? Date.parse(mute.until) : Number.NaN;
  if (!Number.isFinite(until) || !/^\d{4}-\d{2}-\d{2}/.test(String(mute.until))) {
    issues.push({
      path: ['until'],
      fix: 'must be an ISO date or time like "2026-12-31" or "2026-12-31T18:00:00Z"',
    });
  } else if (options.checkTime === false) {
    // Reviewed in a pull request: an expired one simply mutes nothing.
  } else if (until <= now) {
    issues.push({
      path: ['until'],
      fix: 'is in the past: an expired mute mutes nothing; remove it',
    });
  } else if (until - now > MAX_MUTE_DAYS * 86_400_000) {
    issues.push({ path: ['until'], fix: `must be at most ${MAX_MUTE_DAYS} days ahead` });
  }
  return issues;
}

/** Problems of a list of mutes, with paths below `base`, plus repeated ids. */
export function validateMutes(
  value: unknown,
  now: number,
  base = 'mutes',
  options: { readonly checkTime?: boolean } = {},
): string[] {
  if (!Array.isArray(value)) return [`${base} must be a list of mutes, got ${describeType(value)}`];
  const seen = new Set<unknown>();
  return value.flatMap((entry, index) => {
    const problems = validateMute(entry, now, options).map(
      (issue) => `${formatPath(`${base}[${index}]`, issue.path)} ${issue.fix}`,
    );
    const id = (entry as { id?: unknown } | null)?.id;
    if (id !== undefined && seen.has(id)) problems.push(`${base}[${index}].id is used twice`);
    seen.add(id);
    return problems;
  });
}

/**
 * Whether `mute` hides an alert about `subject` at `now`. Expired mutes hide nothing; a critical
 * alert only when the mute says `includeCritical`.
 */
export function muteMatches(mute: Mute, subject: MuteSubject, now: number): boolean {
  const until = Date.parse(mute.until);
  if (!Number.isFinite(until) || now >= until) return false;
  if (mute.detection !== subject.detectionId) return false;
  if (subject.severity === 'critical' && mute.includeCritical !== true) return false;
  if (mute.account !== undefined && mute.account !== subject.accountId) return false;
  if (
    mute.ou !== undefined &&
    !(subject.ouIds ?? []).includes(mute.ou) &&
    !(subject.ouNames ?? []).includes(mute.ou)
  ) {
    return false;
  }
  return mute.actor === undefined || globToRegExp(mute.actor).test(subject.actor);
}

/** A DynamoDB attribute value, structurally (the contract imports no SDK). */
export type ItemValue = { readonly S?: string; readonly N?: string };

/** The mutes item as stored: every CLI mute, and a version for optimistic concurrency. */
export interface MutesItem {
  readonly mutes: readonly Mute[];
  readonly version: number;
}

/** The state-table attributes of the mutes item, for a conditional PutItem. */
export function encodeMutesItem(item: MutesItem): Record<string, ItemValue> {
  return {
    pk: { S: MUTES_ITEM_KEY },
    mutes: { S: JSON.stringify(item.mutes) },
    version: { N: String(item.version) },
  };
}

/**
 * The mutes of a stored item. Entries that no longer validate are dropped rather than trusted:
 * a damaged mute must not silence anything.
 */
export function decodeMutesItem(item: Readonly<Record<string, ItemValue>> | undefined): MutesItem {
  if (item === undefined) return { mutes: [], version: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(item.mutes?.S ?? '[]');
  } catch {
    parsed = [];
  }
  const mutes = Array.isArray(parsed)
    ? (parsed.filter(
        (entry) => validateMute(entry, 0, { checkTime: false }).length === 0,
      ) as Mute[])
    : [];
  return { mutes, version: Number(item.version?.N ?? '0') || 0 };
}
