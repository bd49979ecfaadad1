import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import { fromIp, outcomeSuffix, safeDescribe, safeRefine } from './event-fields.js';

const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'Head'] as const;

/**
 * Read-only calls never alert. EventBridge does not deliver them by default, but replayed
 * CloudTrail files contain them; records without `readOnly` are judged by their verb.
 */
export function isReadOnlyCall(event: CloudTrailEvent): boolean {
  if (event.readOnly !== undefined) return event.readOnly;
  return READ_ONLY_PREFIXES.some((prefix) => event.eventName.startsWith(prefix));
}

/** Root detections that are not about sign-in or access keys. */
export const rootDetections: readonly Detection[] = [
  {
    id: 'root-activity',
    title: 'Root user activity',
    severity: Severity.HIGH,
    rationale:
      'Any write call made with root credentials (CIS 4.3). Root should be locked away; when it acts, someone must know why. Reported only when no more specific detection (root access key, …) explains the event; sign-ins have their own detections.',
    references: {
      cis: ['CIS 4.3', 'CloudWatch.1'],
      guardDuty: ['Policy:IAMUser/RootCredentialUsage'],
      mitre: ['T1078.004'],
    },
    pattern: {
      // On the detail-type rather than detail.eventType: records without eventType (older log
      // versions) get an inferred detail-type, while a missing field never passes anything-but.
      'detail-type': [{ 'anything-but': ['AWS Service Event via CloudTrail'] }],
      detail: {
        userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] },
        eventName: [{ 'anything-but': ['ConsoleLogin', 'CheckMfa'] }],
        errorCode: [{ exists: false }],
      },
    },
    // Root calls to regional services are recorded in that region.
    scope: Scope.EVERY_REGION,
    fallback: true,
    // Sign-in steps fail without an errorCode (a failed root password change, a rejected external
    // IdP assertion): the parsed outcome knows, the pattern cannot.
    refine: safeRefine((e) => e.outcome.success && !isReadOnlyCall(e)),
    describe: safeDescribe(
      (e) =>
        `root called ${e.eventName || 'an API'} on ${e.eventSource || 'an AWS service'}${fromIp(e)}${outcomeSuffix(e)}`,
    ),
  },
];
