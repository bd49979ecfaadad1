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

const NO_ERROR = [{ exists: false }] as const;

function branchOf(
  source: string,
  group: Group,
  withErrorCode: boolean,
  except?: TamperClaim,
): EventPattern {
  const detail: Record<string, unknown> = {};
  if (group.names) detail.eventName = [...group.names].sort();
  // A widened source still leaves the tamper rule's events to it.
  else if (except?.sources.includes(source)) detail.eventName = [{ 'anything-but': except.names }];
  if (withErrorCode && group.allNoError) detail.errorCode = NO_ERROR;
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
 * One `$or` branch per source. Sources whose detections all require `errorCode` to be absent
 * share one branch that says so once (`{"detail":{"errorCode":…},"$or":[…]}`): the same events,
 * about 30 characters fewer per source.
 */
function sourceBranches(
  groups: ReadonlyMap<string, Group>,
  unpinned: readonly EventPattern[],
  except?: TamperClaim,
): EventPattern[] {
  const sources = [...groups.keys()].sort();
  const noError = sources.filter((source) => groups.get(source)!.allNoError);
  const unpinnedNoError = unpinned.filter(requiresNoError);
  const others = [
    ...sources
      .filter((source) => !groups.get(source)!.allNoError)
      .map((source) => branchOf(source, groups.get(source)!, true, except)),
    ...unpinned.filter((pattern) => !requiresNoError(pattern)),
  ];
  if (noError.length + unpinnedNoError.length < 2) {
    return [
      ...noError.map((source) => branchOf(source, groups.get(source)!, true, except)),
      ...unpinnedNoError,
      ...others,
    ];
  }
  const shared: EventPattern = {
    detail: { errorCode: NO_ERROR },
    $or: [
      ...noError.map((source) => branchOf(source, groups.get(source)!, false, except)),
      ...unpinnedNoError.map(withoutErrorCode),
    ],
  };
  return [shared, ...others];
}

/** A pattern without its `detail.errorCode` (the shared branch already requires it absent). */
function withoutErrorCode(pattern: EventPattern): EventPattern {
  const { errorCode: _errorCode, ...detail } = pattern.detail as Record<string, unknown>;
  return { ...pattern, detail };
}

function isExclusionOnly(leaf: unknown): boolean {
  return (
    Array.isArray(leaf) &&
    leaf.length > 0 &&
    leaf.every(
      (value) =>
        value !== null &&
        typeof value === 'object' &&
        Object.keys(value as object).length === 1 &&
        'anything-but' in (value as object),
    )
  );
}

/**
 * A looser pattern for a forwarding branch: without `detail-type` and without `anything-but`
 * leaves. Dropping an AND-ed condition can only widen what matches, so the result stays a
 * superset of the detection; the classifier applies the exact pattern at the other end.
 */
function loosen(pattern: EventPattern): EventPattern {
  const strip = (node: Record<string, unknown>, top: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (top && key === 'detail-type') continue;
      if (isExclusionOnly(value)) continue;
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && key !== '$or') {
        const inner = strip(value as Record<string, unknown>, false);
        if (Object.keys(inner).length > 0) out[key] = inner;
      } else {
        out[key] = value;
      }
    }
    return out;
  };
  const loose = strip(pattern as Record<string, unknown>, true);
  // A pattern with nothing left would forward everything; keep the exact one instead.
  return Object.keys(loose).length > 0 ? loose : pattern;
}

/**
 * Pins no source (root activity) or no event name (EventBridge-native events such as alarm state
 * changes): forwarded loosened (see {@link loosen}), as its own branch.
 */
function isOpen(pattern: EventPattern): boolean {
  const { sources, eventNames } = pinnedKeys(pattern);
  return sources === undefined || eventNames === undefined;
}

/** Pins no source: root activity, which any service's events can be. */
function isSourceless(pattern: EventPattern): boolean {
  return pinnedKeys(pattern).sources === undefined;
}

/** Per source: the union of event names and whether all its detections require no errorCode. */
function groupsOf(detections: readonly Detection[], except?: TamperClaim) {
  return groupPatterns(prepared(detections, except));
}

/** Each detection's pattern, open ones loosened, less the claimed events. */
function prepared(detections: readonly Detection[], except?: TamperClaim): EventPattern[] {
  return detections.flatMap((detection) => {
    // Loosened before the claim is cut out: loosen drops anything-but leaves, and the
    // exclusion of the tamper rule's events must stay.
    const pattern = isOpen(detection.pattern) ? loosen(detection.pattern) : detection.pattern;
    return except ? outsideClaim(pattern, except) : [pattern];
  });
}

function groupPatterns(patterns: readonly EventPattern[]) {
  const groups = new Map<string, Group>();
  const unpinned = new Map<string, EventPattern>();
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
  return { groups, unpinned };
}

/**
 * Whether `groups` (another rule's union) already forwards every event `detection` can match:
 * each of its sources is there with all its names (or all names) and no stricter errorCode.
 */
function isCovered(pattern: EventPattern, groups: ReadonlyMap<string, Group>): boolean {
  const { sources, eventNames } = pinnedKeys(pattern);
  if (!sources) return false;
  return sources.every((source) => {
    const group = groups.get(source);
    if (!group) return false;
    if (group.allNoError && !requiresNoError(pattern)) return false;
    if (group.names === undefined) return true;
    return eventNames?.every((name) => group.names!.has(name)) === true;
  });
}

/**
 * A superset of the union of `detections`' patterns: one `$or` branch per source with the union
 * of its event names (errorCode-absent only when every member requires it), plus the patterns
 * that pin no source, loosened (see {@link loosen}). While the result exceeds
 * {@link EVENT_PATTERN_MAX_CHARS}, one source forwards all its (write) events instead of a name
 * list — still a superset, just a wider
 * one; the alerter's classifier does the precise filtering. The source widened is the one with
 * the fewest names that is enough on its own, else the one with the most names. Today no source
 * needs widening: each forwarding rule lists exact names for every source.
 */
export function unionPattern(
  detections: readonly Detection[],
  options: UnionOptions = {},
): EventPattern {
  return unionOf(prepared(detections, options.except), options.except);
}

/** {@link unionPattern} of prepared patterns (loosened, claim cut out). */
function unionOf(patterns: readonly EventPattern[], except?: TamperClaim): EventPattern {
  const { groups, unpinned } = groupPatterns(patterns);
  const build = () => combine(sourceBranches(groups, [...unpinned.values()], except));
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
 * Detections the member rules (forward and tamper) carry: all but Identity Center sign-ins (the
 * Identity Center stack's rule) and GuardDuty findings (the GuardDuty administrator's).
 */
function memberDetections(detections: readonly Detection[]): Detection[] {
  return detections.filter((d) => d.scope === Scope.EVERY_REGION || d.scope === Scope.US_EAST_1);
}

/**
 * The member forwarding rules. Every region has `trailwatch-forward` (the {@link Scope.EVERY_REGION}
 * detections); us-east-1, where IAM, Organizations, account and root sign-in events arrive, also
 * has `trailwatch-forward-global` (the {@link Scope.US_EAST_1} detections). Two rules because
 * the union no longer fits one 2,048-character pattern without forwarding every IAM and S3 write.
 * Neither carries the events the `trailwatch-tamper` rule owns ({@link tamperPattern}), Identity
 * Center sign-ins (the Identity Center stack's rule, {@link identityCenterPattern}) or GuardDuty
 * findings (forwarded by the GuardDuty administrator account): each event reaches the central
 * bus through one rule.
 */
export const ForwardingRule = {
  /** `trailwatch-forward`, in every region. */
  EVERY_REGION: 'every-region',
  /** `trailwatch-forward-global`, in us-east-1 only. */
  US_EAST_1_ONLY: 'us-east-1-only',
} as const;
export type ForwardingRule = (typeof ForwardingRule)[keyof typeof ForwardingRule];

/**
 * The pattern of one member forwarding rule: a compact superset of every catalogue pattern of
 * its scope (see {@link ForwardingRule}), less the tamper rule's events.
 *
 * @example
 * ```ts
 * new events.Rule(this, 'Forward', { eventPattern: forwardingPattern('every-region') });
 * new events.Rule(this, 'ForwardGlobal', { eventPattern: forwardingPattern('us-east-1-only') }); // us-east-1
 * ```
 */
export function forwardingPattern(
  rule: ForwardingRule,
  detections: readonly Detection[] = catalogue,
): EventPattern {
  return unionOf(forwardedPatterns(rule, detections), tamperClaim(detections));
}

/** What one forwarding rule carries, as prepared patterns (see {@link forwardingPattern}). */
function forwardedPatterns(rule: ForwardingRule, detections: readonly Detection[]): EventPattern[] {
  const except = tamperClaim(detections);
  const member = memberDetections(detections).filter((d) => !d.tamper);
  const everyRegion = member.filter((d) => d.scope === Scope.EVERY_REGION);
  const pinned = everyRegion.filter((d) => !isSourceless(d.pattern));
  const open = everyRegion.filter((d) => isSourceless(d.pattern)).map((d) => loosen(d.pattern));
  // Open every-region patterns (root activity: any source) are split by where their events
  // arrive: on sources only us-east-1 receives (IAM, Organizations, account) they belong to
  // trailwatch-forward-global, which carries those services' events anyway, so that one rule
  // owns each event; elsewhere to trailwatch-forward. Each side cuts out only the tamper claim of
  // its own sources, which also keeps trailwatch-forward within the size quota.
  const global = globalSources(member);
  const claimOf = (inGlobal: boolean) => claimFor(detections, except, global, inGlobal);
  if (rule === ForwardingRule.EVERY_REGION) {
    const claim = claimOf(false);
    const rest = open.flatMap((pattern) =>
      outsideClaim(pattern, claim).map((part) =>
        global.length > 0 ? { source: [{ 'anything-but': global }], ...part } : part,
      ),
    );
    return [...prepared(pinned, except), ...rest];
  }
  // In us-east-1 both rules run: what trailwatch-forward already carries (root console sign-ins
  // are ConsoleLogin events like any other) is left out rather than sent twice.
  const { groups } = groupsOf(pinned, except);
  const own = member.filter(
    (d) =>
      d.scope === Scope.US_EAST_1 &&
      !outsideClaim(d.pattern, except).every((part) => isCovered(part, groups)),
  );
  const claim = claimOf(true);
  const openHere =
    global.length > 0
      ? open.flatMap((pattern) => outsideClaim({ ...pattern, source: global }, claim))
      : [];
  return [...prepared(own, except), ...openHere];
}

/**
 * Sources whose events arrive only in us-east-1: those the us-east-1 detections pin and no
 * every-region detection does.
 */
function globalSources(member: readonly Detection[]): string[] {
  const sourcesOf = (scope: Scope) =>
    new Set(
      member.filter((d) => d.scope === scope).flatMap((d) => pinnedKeys(d.pattern).sources ?? []),
    );
  const everywhere = sourcesOf(Scope.EVERY_REGION);
  return [...sourcesOf(Scope.US_EAST_1)].filter((source) => !everywhere.has(source)).sort();
}

/**
 * The part of the tamper claim on the `global` sources (`inGlobal`) or on the others: its
 * sources, and the event names of the tamper detections that pin them. A claimed name only
 * occurs on its own service's source (see {@link outsideClaim}), so cutting out a side's own
 * names is enough.
 */
function claimFor(
  detections: readonly Detection[],
  claim: TamperClaim,
  global: readonly string[],
  inGlobal: boolean,
): TamperClaim {
  const sources = claim.sources.filter((source) => global.includes(source) === inGlobal);
  const names = new Set<string>();
  for (const detection of detections) {
    if (!detection.tamper) continue;
    const keys = pinnedKeys(detection.pattern);
    if (!keys.sources?.some((source) => sources.includes(source))) continue;
    for (const name of keys.eventNames ?? []) names.add(name);
  }
  return { sources, names: [...names].sort() };
}

/**
 * The patterns of the forwarding rules a member region gets: two in us-east-1, one elsewhere
 * (with the catalogue; a rule with nothing to carry, possible for a subset, is left out).
 */
export function forwardingPatterns(
  region: 'us-east-1' | 'other',
  detections: readonly Detection[] = catalogue,
): EventPattern[] {
  const rules: ForwardingRule[] =
    region === 'us-east-1'
      ? [ForwardingRule.EVERY_REGION, ForwardingRule.US_EAST_1_ONLY]
      : [ForwardingRule.EVERY_REGION];
  return rules
    .filter((rule) => forwardedPatterns(rule, detections).length > 0)
    .map((rule) => forwardingPattern(rule, detections));
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
  const ceded = [...groups.keys()]
    .sort()
    .map((source) => branchOf(source, groups.get(source)!, true));
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
