import { EVENT_PATTERN_DEFAULT_MAX_LENGTH, type EventPattern } from '@trailwatch/event-pattern';
import { catalogue } from './catalogue/index.js';
import { exactStrings, pinnedKeys, requiresNoError } from './pattern-keys.js';
import { insideClaim, outsideClaim, type TamperClaim, tamperClaim } from './rule-ownership.js';
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

function branchOf(source: string, group: Group, except?: TamperClaim): EventPattern {
  const detail: Record<string, unknown> = {};
  if (group.names) detail.eventName = [...group.names].sort();
  // A widened source still leaves the tamper rule's events to it.
  else if (except?.sources.includes(source)) detail.eventName = [{ 'anything-but': except.names }];
  if (group.allNoError) detail.errorCode = [{ exists: false }];
  return Object.keys(detail).length > 0 ? { source: [source], detail } : { source: [source] };
}

function combine(branches: readonly EventPattern[]): EventPattern {
  if (branches.length === 0) {
    throw new Error('cannot build a forwarding pattern from zero detections');
  }
  return branches.length === 1 ? branches[0]! : { $or: [...branches] };
}

/** Options of {@link unionPattern}. */
export interface UnionOptions {
  /** Events to leave out of the union (the tamper rule's): the forward rule's exclusion. */
  readonly except?: TamperClaim;
}

/**
 * A superset of the union of `detections`' patterns: one `$or` branch per source with the union
 * of its event names (errorCode-absent only when every member requires it), plus the patterns
 * that pin no source or no event name (root activity, EventBridge-native events such as alarm
 * state changes), as they are. While the result exceeds {@link EVENT_PATTERN_MAX_CHARS}, one
 * source forwards all its (write) events instead of a name list — still a superset, just a wider
 * one; the alerter's classifier does the precise filtering. The source widened is the one with
 * the fewest names that is enough on its own (today: Organizations, whose write calls are rare
 * outside the management account), else the one with the most names. With `except`, the result
 * matches none of those events and is otherwise the same superset.
 */
export function unionPattern(
  detections: readonly Detection[],
  options: UnionOptions = {},
): EventPattern {
  const { except } = options;
  const groups = new Map<string, Group>();
  const unpinned = new Map<string, EventPattern>();
  const patterns = detections.flatMap((detection) =>
    except ? outsideClaim(detection.pattern, except) : [detection.pattern],
  );
  for (const pattern of patterns) {
    const { sources, eventNames } = pinnedKeys(pattern);
    if (!sources || !eventNames) {
      unpinned.set(JSON.stringify(pattern), pattern);
      continue;
    }
    for (const source of sources) {
      let group = groups.get(source);
      if (!group) {
        group = { names: new Set(), allNoError: true };
        groups.set(source, group);
      }
      if (group.names) for (const name of eventNames) group.names.add(name);
      group.allNoError &&= requiresNoError(pattern);
    }
  }
  const build = () =>
    combine([
      ...[...groups.keys()].sort().map((source) => branchOf(source, groups.get(source)!, except)),
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

/** Detections the member rules (forward and tamper) carry: all but Identity Center sign-ins. */
function memberDetections(detections: readonly Detection[]): Detection[] {
  return detections.filter((d) => d.scope !== Scope.IDENTITY_CENTER);
}

/**
 * The pattern of the member account's `trailwatch-forward` rule in one kind of region: a compact
 * superset of every catalogue pattern whose events can arrive there, except the events the
 * `trailwatch-tamper` rule owns ({@link tamperPattern}) and Identity Center sign-ins (the
 * Identity Center stack's rule, {@link identityCenterPattern}): each event reaches the central
 * bus through one rule. us-east-1 receives IAM, Organizations and root sign-in events, so it gets
 * everything; other regions only the {@link Scope.EVERY_REGION} detections.
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
  const member = memberDetections(detections).filter((d) => !d.tamper);
  const inScope =
    region === 'us-east-1' ? member : member.filter((d) => d.scope === Scope.EVERY_REGION);
  return unionPattern(inScope, { except: tamperClaim(detections) });
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
 * It owns every event with a tamper detection's source and event name ({@link tamperClaim}), so
 * it also carries what other detections need of those: IAM policy changes of any role on the
 * role-policy calls, and root activity on these calls (kept precise: root only).
 */
export function tamperPattern(detections: readonly Detection[] = catalogue): EventPattern {
  const claim = tamperClaim(detections);
  const own = detections.filter((d) => d.tamper).map((d) => slim(d.pattern));
  const groups = new Map<string, Group>();
  const unpinned: EventPattern[] = [];
  for (const detection of memberDetections(detections)) {
    if (detection.tamper) continue;
    const inside = insideClaim(detection.pattern, claim);
    if (!inside) continue;
    if (exactStrings(detection.pattern.source) === undefined) {
      // Pins no source (root activity): keep its conditions, or the rule would carry every call.
      unpinned.push(slim(inside));
      continue;
    }
    const { sources, eventNames } = pinnedKeys(inside);
    for (const source of sources ?? []) {
      const group = groups.get(source) ?? { names: new Set<string>(), allNoError: true };
      for (const name of eventNames ?? []) group.names!.add(name);
      group.allNoError &&= requiresNoError(inside);
      groups.set(source, group);
    }
  }
  const ceded = [...groups.keys()].sort().map((source) => branchOf(source, groups.get(source)!));
  // A name the rule already carries for any resource needs no trailwatch-only branch (size).
  const narrowed = own.flatMap((branch) => {
    const { sources, eventNames } = pinnedKeys(branch);
    const wider = sources?.length === 1 ? groups.get(sources[0]!) : undefined;
    if (!wider?.names || !eventNames || (wider.allNoError && !requiresNoError(branch))) {
      return [branch];
    }
    const left = eventNames.filter((name) => !wider.names!.has(name));
    if (left.length === eventNames.length) return [branch];
    return left.length > 0
      ? [{ ...branch, detail: { ...(branch.detail as object), eventName: left } }]
      : [];
  });
  return combine(mergeByEventName([...narrowed, ...ceded, ...unpinned]));
}

/**
 * The pattern of the Identity Center stack's rule, in the Identity Center instance's account and
 * region: the catalogue's {@link Scope.IDENTITY_CENTER} detections, each kept precise. The member
 * rules leave these events alone, so that account and region forward them once.
 */
export function identityCenterPattern(detections: readonly Detection[] = catalogue): EventPattern {
  return combine(
    mergeByEventName(
      detections.filter((d) => d.scope === Scope.IDENTITY_CENTER).map((d) => slim(d.pattern)),
    ),
  );
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
