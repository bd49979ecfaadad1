import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import {
  actorOf,
  rawRequestParameter,
  requestParameter,
  safeDescribe,
  safeRefine,
} from './event-fields.js';
import { apiCallPattern } from './patterns.js';
import { grantsFullAdmin, parsePolicyDocument } from './policy-document.js';

/** The CIS 4.4 IAM policy change list (Security Hub CloudWatch.4). */
export const CIS_IAM_POLICY_EVENT_NAMES = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
] as const;

/** `user bob`, `group admins`, `role deploy` — whoever received the policy. */
export function principalOf(event: CloudTrailEvent): string {
  const user = requestParameter(event, 'userName');
  if (user) return `IAM user ${user}`;
  const group = requestParameter(event, 'groupName');
  if (group) return `group ${group}`;
  const role = requestParameter(event, 'roleName');
  if (role) return `role ${role}`;
  return 'an IAM principal';
}

function policyName(event: CloudTrailEvent): string {
  const arn = requestParameter(event, 'policyArn');
  if (arn) return arn.slice(arn.lastIndexOf('/') + 1);
  return requestParameter(event, 'policyName') ?? 'a policy';
}

/** IAM permission (policy) detections. */
export const policyDetections: readonly Detection[] = [
  {
    id: 'admin-policy-attached',
    title: 'AdministratorAccess attached',
    severity: Severity.HIGH,
    rationale:
      'Attaching AdministratorAccess to a user, group or role grants full control of the account — the usual privilege-escalation end state.',
    references: { cis: ['CIS 4.4', 'CloudWatch.4'], mitre: ['T1098.003'] },
    pattern: apiCallPattern('iam', ['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy'], {
      detail: { requestParameters: { policyArn: [{ suffix: ':policy/AdministratorAccess' }] } },
    }),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} attached AdministratorAccess to ${principalOf(e)}`,
    ),
  },
  {
    id: 'inline-admin-policy',
    title: 'Inline policy granting full admin',
    severity: Severity.HIGH,
    rationale:
      'An inline policy allowing Action "*" on Resource "*" is AdministratorAccess in disguise: it does not show up when searching for the managed policy.',
    references: { cis: ['CIS 4.4', 'CloudWatch.4'], mitre: ['T1098.003'] },
    pattern: apiCallPattern('iam', ['PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy']),
    scope: Scope.US_EAST_1,
    refine: safeRefine((e) =>
      grantsFullAdmin(parsePolicyDocument(rawRequestParameter(e, 'policyDocument'))),
    ),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} put inline policy ${policyName(e)} granting full admin on ${principalOf(e)}`,
    ),
  },
  {
    id: 'role-trust-policy-updated',
    title: 'Role trust policy changed',
    severity: Severity.MEDIUM,
    rationale:
      'The trust policy decides who may assume a role. Adding an outside account or a wildcard principal is a quiet cross-account backdoor.',
    references: { mitre: ['T1098'] },
    pattern: apiCallPattern('iam', ['UpdateAssumeRolePolicy']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} changed the trust policy of role ${requestParameter(e, 'roleName') ?? 'unknown'}`,
    ),
  },
  {
    id: 'iam-policy-changed',
    title: 'IAM policy changed',
    severity: Severity.LOW,
    rationale:
      'Any change to who may do what (CIS 4.4). Reported only when no more specific detection (admin attached, inline admin) explains the event.',
    references: { cis: ['CIS 4.4', 'CloudWatch.4'], mitre: ['T1098'] },
    pattern: apiCallPattern('iam', CIS_IAM_POLICY_EVENT_NAMES),
    scope: Scope.US_EAST_1,
    fallback: true,
    describe: safeDescribe((e) => {
      const name = e.eventName;
      if (name === 'CreatePolicy' || name === 'DeletePolicy' || name.endsWith('PolicyVersion')) {
        return `${actorOf(e)} called ${name} on ${policyName(e)}`;
      }
      return `${actorOf(e)} called ${name} (${policyName(e)}) on ${principalOf(e)}`;
    }),
  },
];
