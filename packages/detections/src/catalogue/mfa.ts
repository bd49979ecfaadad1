import { type Detection, Scope, Severity } from '../types.js';
import { actorOf, requestParameter, safeDescribe } from './event-fields.js';
import { targetUserOf } from './iam-users.js';
import { apiCallPattern } from './patterns.js';

/** MFA removal detections. */
export const mfaDetections: readonly Detection[] = [
  {
    id: 'mfa-device-deactivated',
    title: 'MFA device deactivated',
    severity: Severity.HIGH,
    rationale:
      'Turning off a user’s (or root’s) MFA leaves the password as the only factor — a common step right before taking over an account.',
    references: { mitre: ['T1556.006'] },
    pattern: apiCallPattern('iam', ['DeactivateMFADevice']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe((e) => {
      const user = requestParameter(e, 'userName');
      if (!user && e.actor.kind === 'root') return 'root deactivated the root user’s MFA device';
      return `${actorOf(e)} deactivated the MFA device of IAM user ${user ?? targetUserOf(e)}`;
    }),
  },
  {
    id: 'mfa-device-deleted',
    title: 'Virtual MFA device deleted',
    severity: Severity.MEDIUM,
    rationale:
      'Deleting a virtual MFA device usually follows its deactivation. The console also deletes abandoned devices after a cancelled enrolment, so this is less urgent than a deactivation.',
    references: { mitre: ['T1556.006'] },
    pattern: apiCallPattern('iam', ['DeleteVirtualMFADevice']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} deleted virtual MFA device ${requestParameter(e, 'serialNumber') ?? '(unknown serial)'}`,
    ),
  },
];
