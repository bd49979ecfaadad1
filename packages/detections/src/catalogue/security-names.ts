import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { ActorKind } from '@trailwatch/cloudtrail';

/**
 * Words that mark a rule, alarm or log group as security monitoring: the names the CIS 4.x
 * alarms, Control Tower, Security Hub, GuardDuty and CloudTrail setups use. Matched as
 * substrings of the lower-cased name with `-`, `_`, `/`, `.` and spaces removed, so
 * `CIS-UnauthorizedAPICalls`, `aws-controltower-…` and `/aws/cloudtrail/org` all count.
 */
const SECURITY_WORDS = [
  'security',
  'guardduty',
  'securityhub',
  'cloudtrail',
  'audit',
  'compliance',
  'controltower',
  'accessanalyzer',
  'macie',
  'inspector',
  'unauthorized',
  'rootaccount',
  'rootusage',
  'rootlogin',
  'consolesignin',
  'consolelogin',
  'withoutmfa',
  'nomfa',
  'flowlog',
  'iamchange',
  'iampolic',
  'siem',
] as const;

/** `CIS` as a word of its own (`CIS-RootUsage`, `cis_alarm`, `CISRootUsage`), not in `precision`. */
const CIS_WORD = /(^|[^A-Za-z])(cis|CIS)(?![a-z])/;

/** Whether a resource name says it belongs to security monitoring (see {@link SECURITY_WORDS}). */
export function looksSecurityRelated(name: string): boolean {
  if (CIS_WORD.test(name)) return true;
  const squashed = name.toLowerCase().replace(/[-_/.\s:]/g, '');
  return SECURITY_WORDS.some((word) => squashed.includes(word));
}

/**
 * Whether an AWS service made the call itself, through a service-linked role
 * (`…:role/aws-service-role/…`) or as `AWSService`: its own housekeeping, not a person's change.
 */
export function isAwsServiceLinked(event: CloudTrailEvent): boolean {
  if (event.actor.kind === ActorKind.AWS_SERVICE) return true;
  return event.actor.sessionIssuer?.arn?.includes(':role/aws-service-role/') === true;
}
