import { Severity } from './types.js';

/** Severities from most to least severe. */
export const SEVERITY_ORDER: readonly Severity[] = [
  Severity.CRITICAL,
  Severity.HIGH,
  Severity.MEDIUM,
  Severity.LOW,
  Severity.INFO,
];

/** 0 for critical … 4 for info; unknown severities sort last. */
export function severityRank(severity: string): number {
  const rank = SEVERITY_ORDER.indexOf(severity as Severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}
