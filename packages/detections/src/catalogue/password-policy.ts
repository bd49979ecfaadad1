import { type Detection, Scope, Severity } from '../types.js';
import { actorOf, safeDescribe } from './event-fields.js';
import { apiCallPattern } from './patterns.js';

/** Account password policy detections. */
export const passwordPolicyDetections: readonly Detection[] = [
  {
    id: 'password-policy-changed',
    title: 'Account password policy changed',
    severity: Severity.MEDIUM,
    rationale:
      'A weaker password policy (shorter, no reuse prevention, no expiry) makes IAM user passwords easier to guess and is a known defence-evasion step.',
    references: { guardDuty: ['Stealth:IAMUser/PasswordPolicyChange'] },
    pattern: apiCallPattern('iam', ['UpdateAccountPasswordPolicy']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe((e) => `${actorOf(e)} changed the account password policy`),
  },
  {
    id: 'password-policy-deleted',
    title: 'Account password policy deleted',
    severity: Severity.HIGH,
    rationale:
      'Without a password policy IAM falls back to its defaults: 8-character minimum, no reuse prevention, no expiry.',
    references: { guardDuty: ['Stealth:IAMUser/PasswordPolicyChange'] },
    pattern: apiCallPattern('iam', ['DeleteAccountPasswordPolicy']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe((e) => `${actorOf(e)} deleted the account password policy`),
  },
];
