import { type Detection, Scope, Severity } from '../types.js';
import {
  actorOf,
  outcomeSuffix,
  requestParameter,
  safeDescribe,
  safeRefine,
} from './event-fields.js';
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
  {
    id: 'account-close-requested',
    title: 'Member account closed',
    severity: Severity.HIGH,
    rationale:
      'CloseAccount suspends the account and, after 90 days, deletes it with everything in it. Rarely urgent, rarely reversible late: a destructive act from the management account that someone must recognise.',
    references: { cis: ['CIS 4.15'], mitre: ['T1531', 'T1485'] },
    pattern: apiCallPattern('organizations', ['CloseAccount']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) => `${actorOf(e)} closed account ${requestParameter(e, 'accountId') ?? 'unknown'}`,
    ),
  },
  {
    id: 'opt-in-region-changed',
    title: 'Opt-in region enabled or disabled',
    severity: Severity.MEDIUM,
    rationale:
      'A newly enabled region is one where trailwatch, GuardDuty and Config may not be deployed yet: a quiet place to run workloads. Disabling one can hide what already runs there.',
    references: { mitre: ['T1535'] },
    pattern: apiCallPattern('account', ['EnableRegion', 'DisableRegion']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe((e) => {
      const region = requestParameter(e, 'RegionName') ?? requestParameter(e, 'regionName');
      const account = requestParameter(e, 'AccountId') ?? requestParameter(e, 'accountId');
      return `${actorOf(e)} ${e.eventName === 'EnableRegion' ? 'enabled' : 'disabled'} region ${region ?? 'unknown'}${account ? ` for account ${account}` : ''}`;
    }),
  },
  {
    id: 'organization-policy-detached',
    title: 'Organization policy detached from the root or an OU',
    severity: Severity.HIGH,
    rationale:
      'An SCP (or other organization policy) on the root or an OU binds every account below it; detaching it, or disabling the policy type, lifts the guardrail for all of them at once.',
    references: { cis: ['CIS 4.15'], mitre: ['T1562.001', 'T1484.001'] },
    pattern: apiCallPattern('organizations', ['DetachPolicy', 'DisablePolicyType']),
    scope: Scope.US_EAST_1,
    // DisablePolicyType always acts on a root; DetachPolicy from a single account stays a fallback.
    refine: safeRefine((e) => {
      if (e.eventName === 'DisablePolicyType') return true;
      const target = requestParameter(e, 'targetId') ?? '';
      return target.startsWith('r-') || target.startsWith('ou-');
    }),
    describe: safeDescribe((e) =>
      e.eventName === 'DisablePolicyType'
        ? `${actorOf(e)} disabled policy type ${requestParameter(e, 'policyType') ?? 'unknown'} on root ${requestParameter(e, 'rootId') ?? 'unknown'}`
        : `${actorOf(e)} detached policy ${requestParameter(e, 'policyId') ?? 'unknown'} from ${requestParameter(e, 'targetId')}`,
    ),
  },
  {
    id: 'delegated-administrator-changed',
    title: 'Delegated administrator registered or removed',
    severity: Severity.HIGH,
    rationale:
      'A delegated administrator runs an organization-wide service (GuardDuty, Security Hub, StackSets, IAM Identity Center…) for every account: registering one hands out that power, removing one can orphan the security tooling.',
    references: { cis: ['CIS 4.15'], mitre: ['T1484.001'] },
    pattern: apiCallPattern('organizations', [
      'RegisterDelegatedAdministrator',
      'DeregisterDelegatedAdministrator',
    ]),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} ${e.eventName === 'RegisterDelegatedAdministrator' ? 'registered' : 'removed'} account ${requestParameter(e, 'accountId') ?? 'unknown'} as delegated administrator for ${requestParameter(e, 'servicePrincipal') ?? 'a service'}`,
    ),
  },
];
