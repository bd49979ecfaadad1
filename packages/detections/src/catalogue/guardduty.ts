import {
  type CloudTrailEvent,
  GUARDDUTY_FINDING_DETAIL_TYPE,
  GUARDDUTY_SOURCE,
} from '@trailwatch/cloudtrail';
import type { EventPattern } from '@trailwatch/event-pattern';
import { type Detection, Scope, Severity } from '../types.js';
import { safeDescribe } from './event-fields.js';

/**
 * GuardDuty's severity bands (GuardDuty user guide, "Severity levels of GuardDuty findings"):
 * low 1.0–3.9, medium 4.0–6.9, high 7.0–8.9, critical 9.0–10.0. Bounds are `>=` lower, `<` upper,
 * so 6.95 is medium and 7.0 is high.
 */
export const GUARDDUTY_SEVERITY_BANDS = [
  { severity: Severity.CRITICAL, from: 9, below: undefined },
  { severity: Severity.HIGH, from: 7, below: 9 },
  { severity: Severity.MEDIUM, from: 4, below: 7 },
  { severity: Severity.LOW, from: 0, below: 4 },
] as const;

/** Forward findings from High (7.0) up unless the configuration says otherwise. */
export const DEFAULT_GUARDDUTY_MIN_SEVERITY = 7;

function findingPattern(numeric: readonly (string | number)[]): EventPattern {
  return {
    source: [GUARDDUTY_SOURCE],
    'detail-type': [GUARDDUTY_FINDING_DETAIL_TYPE],
    detail: { severity: [{ numeric: [...numeric] }] },
  };
}

/**
 * The pattern of the rule in the GuardDuty administrator account that forwards findings to the
 * central bus: every finding of at least `minSeverity` (the configuration's
 * `guardDuty.minSeverity`, default {@link DEFAULT_GUARDDUTY_MIN_SEVERITY}).
 *
 * @throws RangeError when `minSeverity` is not a number from 0 to 10
 * @example
 * new events.Rule(stack, 'ForwardFindings', { eventPattern: guardDutyFindingPattern(7) });
 */
export function guardDutyFindingPattern(
  minSeverity: number = DEFAULT_GUARDDUTY_MIN_SEVERITY,
): EventPattern {
  if (typeof minSeverity !== 'number' || !(minSeverity >= 0 && minSeverity <= 10)) {
    throw new RangeError(`guardDuty.minSeverity must be a number from 0 to 10, got ${minSeverity}`);
  }
  return findingPattern(['>=', minSeverity]);
}

function describeFinding(event: CloudTrailEvent): string {
  const finding = event.finding;
  if (!finding) return `GuardDuty finding ${event.eventName}`;
  // GuardDuty titles are sentences; the resource follows, so the full stop goes.
  const what = (finding.title ?? finding.type).replace(/\.$/, '');
  const on = finding.resource ? ` on ${finding.resource}` : '';
  const times =
    finding.count !== undefined && finding.count > 1 ? ` (seen ${finding.count} times)` : '';
  return `GuardDuty ${finding.severity.toFixed(1)}: ${what}${on}${times}`;
}

const LABELS: Readonly<Record<string, string>> = {
  [Severity.CRITICAL]: 'Critical',
  [Severity.HIGH]: 'High',
  [Severity.MEDIUM]: 'Medium',
  [Severity.LOW]: 'Low',
};

const RATIONALES: Readonly<Record<string, string>> = {
  [Severity.CRITICAL]:
    'GuardDuty rates it critical: an attack sequence or compromise in progress across several signals. Act now.',
  [Severity.HIGH]:
    'GuardDuty rates it high: a resource is probably compromised (credentials used from outside AWS, crypto-mining, known-bad infrastructure). Treat as an incident.',
  [Severity.MEDIUM]:
    'GuardDuty rates it medium: suspicious activity that deviates from normal (unusual API calls, a probe that got an answer). Reported only when the forwarding threshold is lowered to 4.',
  [Severity.LOW]:
    'GuardDuty rates it low: attempted or blocked suspicious activity, no sign of compromise. Loud by nature (port probes on public instances); reported only when the forwarding threshold is lowered below 4.',
};

/**
 * GuardDuty findings, one detection per GuardDuty severity band, so routes, mutes and digests
 * work per band. They arrive from the GuardDuty administrator account, above its threshold.
 */
export const guardDutyDetections: readonly Detection[] = GUARDDUTY_SEVERITY_BANDS.map(
  ({ severity, from, below }): Detection => ({
    id: `guardduty-finding-${severity}`,
    title: `GuardDuty finding (${LABELS[severity]})`,
    severity,
    rationale: RATIONALES[severity] ?? '',
    references: { cis: ['GuardDuty.1'] },
    pattern: findingPattern(below === undefined ? ['>=', from] : ['>=', from, '<', below]),
    scope: Scope.GUARDDUTY_ADMINISTRATOR,
    describe: safeDescribe(describeFinding),
  }),
);
