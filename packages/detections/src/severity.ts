import { SEVERITIES, type SeverityName } from '@trailwatch/contract';
import { Severity } from './types.js';

/** Severities from most to least severe: the contract's list, which routes and Slack use too. */
export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;

// Fails to compile when the catalogue's severity names and the contract's drift apart.
const sameNames: Record<Severity, SeverityName> & Record<SeverityName, Severity> = {
  critical: Severity.CRITICAL,
  high: Severity.HIGH,
  medium: Severity.MEDIUM,
  low: Severity.LOW,
  info: Severity.INFO,
};
void sameNames;

/** 0 for critical … 4 for info; unknown severities sort last. */
export function severityRank(severity: string): number {
  const rank = SEVERITY_ORDER.indexOf(severity as Severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}
