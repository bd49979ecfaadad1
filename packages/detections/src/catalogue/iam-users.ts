import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import { actorOf, outcomeSuffix, requestParameter, safeDescribe } from './event-fields.js';
import { apiCallPattern } from './patterns.js';

/** `bob`, or `an IAM user` when the record does not name one. */
export function targetUserOf(event: CloudTrailEvent): string {
  return requestParameter(event, 'userName') ?? event.targetUser ?? 'an IAM user';
}

/** IAM user lifecycle detections. */
export const iamUserDetections: readonly Detection[] = [
  {
    id: 'iam-user-created',
    title: 'IAM user created',
    severity: Severity.MEDIUM,
    rationale:
      'IAM users carry long-lived credentials (passwords, access keys). In an organization that uses Identity Center they should be rare; a new one is a classic persistence step.',
    references: { mitre: ['T1136.003'] },
    pattern: apiCallPattern('iam', ['CreateUser']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} created IAM user ${targetUserOf(e)}${outcomeSuffix(e)}`,
    ),
  },
  {
    id: 'iam-user-deleted',
    title: 'IAM user deleted',
    severity: Severity.MEDIUM,
    rationale:
      'Deleting a user removes someone’s access (sabotage, or covering tracks after using a temporary user). Expected during off-boarding, so it is worth a glance rather than a page.',
    references: { mitre: ['T1531'] },
    pattern: apiCallPattern('iam', ['DeleteUser']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} deleted IAM user ${targetUserOf(e)}${outcomeSuffix(e)}`,
    ),
  },
  {
    id: 'login-profile-created',
    title: 'Console password added to an IAM user',
    severity: Severity.HIGH,
    rationale:
      'CreateLoginProfile gives an IAM user (often a programmatic-only one) a console password: a quiet way to gain console access as someone else.',
    references: { mitre: ['T1098'] },
    pattern: apiCallPattern('iam', ['CreateLoginProfile']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} created a console password for IAM user ${targetUserOf(e)}`,
    ),
  },
  {
    id: 'login-profile-updated',
    title: 'IAM user console password reset',
    severity: Severity.MEDIUM,
    rationale:
      'UpdateLoginProfile resets another user’s password (users changing their own password call ChangePassword). An attacker can take over a user this way.',
    references: { mitre: ['T1098'] },
    pattern: apiCallPattern('iam', ['UpdateLoginProfile']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} reset the console password of IAM user ${targetUserOf(e)}`,
    ),
  },
  {
    id: 'login-profile-deleted',
    title: 'IAM user console password removed',
    severity: Severity.LOW,
    rationale:
      'Removing a console password locks a user out of the console: expected hygiene, or an attacker removing a legitimate user’s access.',
    references: { mitre: ['T1531'] },
    pattern: apiCallPattern('iam', ['DeleteLoginProfile']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} removed the console password of IAM user ${targetUserOf(e)}`,
    ),
  },
];
