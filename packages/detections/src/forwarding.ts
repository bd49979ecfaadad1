import { EVENT_PATTERN_DEFAULT_MAX_LENGTH, type EventPattern } from '@trailwatch/event-pattern';
import { catalogue } from './catalogue/index.js';
import { exactStrings, pinnedKeys, requiresNoError } from './pattern-keys.js';
import { type Detection, Scope } from './types.js';

/**
 * EventBridge's default "Event pattern size" quota, in characters (adjustable to 4,096 per
 * account and region — not something to ask of every member account). Source: EventBridge
 * quotas, docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html.
 */
export const EVENT_PATTERN_MAX_CHARS: number = EVENT_PATTERN_DEFAULT_MAX_LENGTH;

interface Group {
  /** Union of event names, or `undefined` once any member leaves eventName open. */
  names: Set<string> | undefined;
  /** True while every member pattern requires `errorCode` to be absent. */
  allNoError: boolean;
}

function branchOf(source: string, group: Group): EventPattern {
  const detail: Record<string, unknown> = {};
  if (group.names) detail.eventName = [...group.names].sort();
  if (group.allNoError) detail.errorCode = [{ exists: false }];
  return Object.keys(detail).length > 0 ? { source: [source], detail } : { source: [source] };
}

function combine(branches: readonly EventPattern[]): EventPattern {
  if (branches.length === 0) {
    throw new Error('cannot build a forwarding pattern from zero detections');
  }
  return branches.length === 1 ? branches[0]! : { $or: [...branches] };
}

/**
 * A superset of the union of `detections`' patterns: one `$or` branch per source with the union
 * of its event names (errorCode-absent only when every member requires it), plus the patterns
 * that pin no source, as they are. While the result exceeds {@link EVENT_PATTERN_MAX_CHARS}, one
 * source forwards all its (write) events instead of a name list — still a superset, just a wider
 * one; the alerter's classifier does the precise filtering. The source widened is the one with
 * the fewest names that is enough on its own (today: Organizations, whose write calls are rare
 * outside the management account), else the one with the most names.
 */
export function unionPattern(detections: readonly Detection[]): EventPattern {
  const groups = new Map<string, Group>();
  const unpinned = new Map<string, EventPattern>();
  for (const detection of detections) {
    const { sources, eventNames } = pinnedKeys(detection.pattern);
    if (!sources) {
      unpinned.set(JSON.stringify(detection.pattern), detection.pattern);
      continue;
    }
    for (const source of sources) {
      let group = groups.get(source);
      if (!group) {
        group = { names: new Set(), allNoError: true };
        groups.set(source, group);
      }
      if (!eventNames) group.names = undefined;
      else if (group.names) for (const name of eventNames) group.names.add(name);
      group.allNoError &&= requiresNoError(detection.pattern);
    }
  }
  const build = () =>
    combine([
      ...[...groups.keys()].sort().map((source) => branchOf(source, groups.get(source)!)),
      ...unpinned.values(),
    ]);
  let pattern = build();
  const size = () => JSON.stringify(pattern).length;
  while (size() > EVENT_PATTERN_MAX_CHARS) {
    const listed = [...groups.values()]
      .filter((group) => group.names !== undefined)
      .sort((a, b) => a.names!.size - b.names!.size);
    if (listed.length === 0) break;
    // Widen the smallest API surface that is enough on its own (Organizations rather than IAM);
    // failing that, the largest, and try again.
    let choice = listed[listed.length - 1]!;
    for (const group of listed) {
      const names = group.names;
      group.names = undefined;
      const fits = JSON.stringify(build()).length <= EVENT_PATTERN_MAX_CHARS;
      group.names = names;
      if (fits) {
        choice = group;
        break;
      }
    }
    choice.names = undefined;
    pattern = build();
  }
  return pattern;
}

/**
 * The pattern of the member account's `trailwatch-forward` rule in one kind of region: a compact
 * superset of every catalogue pattern whose events can arrive there. us-east-1 receives IAM,
 * Organizations and root sign-in events, so it gets everything; other regions only the
 * {@link Scope.EVERY_REGION} detections.
 *
 * @example
 * ```ts
 * new events.Rule(this, 'Forward', { eventPattern: forwardingPattern('us-east-1') });
 * ```
 */
export function forwardingPattern(
  region: 'us-east-1' | 'other',
  detections: readonly Detection[] = catalogue,
): EventPattern {
  // GuardDuty findings reach the central bus from the GuardDuty administrator account only.
  const inScope = detections.filter((d) =>
    region === 'us-east-1'
      ? d.scope === Scope.US_EAST_1 || d.scope === Scope.EVERY_REGION
      : d.scope === Scope.EVERY_REGION,
  );
  return unionPattern(inScope);
}

/**
 * Drops what a branch does not need to stay a superset of its detection and to fit the size
 * quota: `detail-type` and `detail.eventSource` are implied by `source` for CloudTrail events.
 */
function slim(pattern: EventPattern): EventPattern {
  const { 'detail-type': _detailType, ...rest } = pattern;
  const detail = rest.detail;
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return rest;
  const { eventSource: _eventSource, ...slimDetail } = detail as Record<string, unknown>;
  return { ...rest, detail: slimDetail };
}

/**
 * The pattern of the member account's `trailwatch-tamper` rule: changes to trailwatch's own
 * rules, roles and stack (set), and trail changes — the catalogue's `tamper` detections, each
 * kept precise (only `trailwatch-*` resources), so the rule forwards almost nothing day to day.
 */
export function tamperPattern(): EventPattern {
  return combine(mergeByEventName(catalogue.filter((d) => d.tamper).map((d) => slim(d.pattern))));
}

/** Branches identical but for their `detail.eventName` lists become one with the union. */
function mergeByEventName(branches: readonly EventPattern[]): EventPattern[] {
  const merged = new Map<string, { branch: EventPattern; names: string[] | undefined }>();
  for (const branch of branches) {
    const detail = branch.detail as Record<string, unknown> | undefined;
    const names = exactStrings(detail?.eventName);
    if (!detail || !names) {
      merged.set(JSON.stringify(branch), { branch, names: undefined });
      continue;
    }
    const { eventName: _eventName, ...rest } = detail;
    const key = JSON.stringify({ ...branch, detail: rest });
    const seen = merged.get(key);
    if (seen?.names) seen.names.push(...names.filter((name) => !seen.names!.includes(name)));
    else merged.set(key, { branch, names: [...names] });
  }
  return [...merged.values()].map(({ branch, names }) =>
    names ? { ...branch, detail: { ...(branch.detail as object), eventName: names } } : branch,
  );
}
