import { type Detection, Scope, Severity } from '../types.js';
import { actorOf, outcomeSuffix, requestParameter, safeDescribe } from './event-fields.js';
import { apiCallPattern } from './patterns.js';

/** The CIS 4.15 AWS Organizations change list. */
export const CIS_ORGANIZATIONS_EVENT_NAMES = [
  'AcceptHandshake',
  'AttachPolicy',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeclineHandshake',
  'DeleteOrganization',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DetachPolicy',
  'DisablePolicyType',
  'EnablePolicyType',
  'InviteAccountToOrganization',
  'LeaveOrganization',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'UpdatePolicy',
  'UpdateOrganizationalUnit',
] as const;

const LEAVE_RATIONALE =
  'An account that leaves the organization sheds its SCPs, the organization trail and trailwatch itself — the cleanest way to make an account invisible.';

/** AWS Organizations structure and policy detections. */
export const organizationDetections: readonly Detection[] = [
  {
    id: 'organizations-changed',
    title: 'AWS Organizations changed',
    severity: Severity.MEDIUM,
    rationale:
      'Organization structure and SCPs are the outer guardrails of every account (CIS 4.15): detaching an SCP or moving an account to another OU can silently lift restrictions.',
    references: { cis: ['CIS 4.15'] },
    pattern: apiCallPattern('organizations', CIS_ORGANIZATIONS_EVENT_NAMES),
    scope: Scope.US_EAST_1,
    // LeaveOrganization has its own, critical detection.
    fallback: true,
    describe: safeDescribe((e) => {
      const target =
        requestParameter(e, 'accountId') ??
        requestParameter(e, 'policyId') ??
        requestParameter(e, 'organizationalUnitId') ??
        requestParameter(e, 'name');
      return `${actorOf(e)} called ${e.eventName}${target ? ` (${target})` : ''}`;
    }),
  },
  {
    id: 'organization-left',
    title: 'Account left the organization',
    severity: Severity.CRITICAL,
    rationale: LEAVE_RATIONALE,
    references: { cis: ['CIS 4.15'], mitre: ['T1562'] },
    pattern: apiCallPattern('organizations', ['LeaveOrganization']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} took account ${e.account} out of the organization`,
    ),
  },
  {
    // A failed attempt is still worth knowing (an SCP usually denies it): someone with power in
    // the account tried to escape. A separate id keeps "left" meaning it actually happened.
    id: 'organization-leave-attempted',
    title: 'Denied attempt to leave the organization',
    severity: Severity.HIGH,
    rationale: `${LEAVE_RATIONALE} A denied attempt means someone with power in the account tried.`,
    references: { cis: ['CIS 4.15'], mitre: ['T1562'] },
    pattern: apiCallPattern('organizations', ['LeaveOrganization'], { outcome: 'failure' }),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} tried to take account ${e.account} out of the organization${outcomeSuffix(e)}`,
    ),
  },
];
