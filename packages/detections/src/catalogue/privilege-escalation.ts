import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, type DetectionContext, Scope, Severity } from '../types.js';
import {
  actorOf,
  fromIp,
  rawRequestParameter,
  requestParameter,
  safeDescribe,
  safeRefine,
} from './event-fields.js';
import { apiCallPattern, consoleLoginPattern } from './patterns.js';
import { grantsFullAdmin, outsidePrincipals, parsePolicyDocument } from './policy-document.js';

/** Group names that say "administrators" (`Admins`, `aws-administrators`, `OrgAdmin`). */
const ADMIN_GROUP = /admin/i;

/** The principals a trust or key policy opens to outside the account and the organization. */
function outsideOf(event: CloudTrailEvent, key: string, context: DetectionContext): string[] {
  const document = parsePolicyDocument(rawRequestParameter(event, key));
  return outsidePrincipals(document, event.account, context.organizationAccountIds ?? []);
}

/** The trust policy of a CreateRole (`assumeRolePolicyDocument`) or UpdateAssumeRolePolicy. */
function trustOutside(event: CloudTrailEvent, context: DetectionContext): string[] {
  const key = event.eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : 'policyDocument';
  return outsideOf(event, key, context);
}

const ROLES_ANYWHERE_VERBS: Readonly<Record<string, string>> = {
  CreateTrustAnchor: 'created Roles Anywhere trust anchor',
  UpdateTrustAnchor: 'changed Roles Anywhere trust anchor',
  EnableTrustAnchor: 'enabled Roles Anywhere trust anchor',
  CreateProfile: 'created Roles Anywhere profile',
  UpdateProfile: 'changed Roles Anywhere profile',
  EnableProfile: 'enabled Roles Anywhere profile',
};

/** Privilege escalation and persistence through IAM, STS, Roles Anywhere and KMS. */
export const privilegeEscalationDetections: readonly Detection[] = [
  {
    id: 'user-added-to-admin-group',
    title: 'User added to an admin group',
    severity: Severity.HIGH,
    rationale:
      'Joining a group with administrator rights is privilege escalation that never touches a policy, so policy-change alarms miss it. Recognised by a group name containing "admin".',
    references: { cis: ['CIS 4.4'], mitre: ['T1098'] },
    pattern: apiCallPattern('iam', ['AddUserToGroup']),
    scope: Scope.US_EAST_1,
    refine: safeRefine((e) => ADMIN_GROUP.test(requestParameter(e, 'groupName') ?? '')),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} added IAM user ${requestParameter(e, 'userName') ?? 'unknown'} to group ${requestParameter(e, 'groupName')}`,
    ),
  },
  {
    id: 'admin-policy-version-created',
    title: 'New default policy version grants full admin',
    severity: Severity.HIGH,
    rationale:
      'CreatePolicyVersion --set-as-default rewrites a managed policy in place: every user, group and role it is attached to gains Action "*" on Resource "*" without any attach call.',
    references: { cis: ['CIS 4.4', 'CloudWatch.4'], mitre: ['T1098.003'] },
    pattern: apiCallPattern('iam', ['CreatePolicyVersion'], {
      detail: { requestParameters: { setAsDefault: [true] } },
    }),
    scope: Scope.US_EAST_1,
    refine: safeRefine((e) =>
      grantsFullAdmin(parsePolicyDocument(rawRequestParameter(e, 'policyDocument'))),
    ),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} made a full-admin version the default of policy ${requestParameter(e, 'policyArn') ?? 'unknown'}`,
    ),
  },
  {
    id: 'policy-default-version-set',
    title: 'Managed policy rolled to another version',
    severity: Severity.MEDIUM,
    rationale:
      'SetDefaultPolicyVersion switches a managed policy to an older (or pre-staged) version, a classic escalation path; the event does not show that version’s document, so it is reported whatever it grants.',
    references: { cis: ['CIS 4.4'], mitre: ['T1098.003'] },
    pattern: apiCallPattern('iam', ['SetDefaultPolicyVersion']),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} set version ${requestParameter(e, 'versionId') ?? 'unknown'} as the default of policy ${requestParameter(e, 'policyArn') ?? 'unknown'}`,
    ),
  },
  {
    id: 'permissions-boundary-removed',
    title: 'Permissions boundary removed',
    severity: Severity.HIGH,
    rationale:
      'A permissions boundary caps what a user or role can ever do, whatever its policies say; removing it lifts the cap in one call, typically from delegated administrators.',
    references: { mitre: ['T1098'] },
    pattern: apiCallPattern('iam', [
      'DeleteUserPermissionsBoundary',
      'DeleteRolePermissionsBoundary',
    ]),
    scope: Scope.US_EAST_1,
    describe: safeDescribe((e) => {
      const user = requestParameter(e, 'userName');
      const target = user
        ? `IAM user ${user}`
        : `role ${requestParameter(e, 'roleName') ?? 'unknown'}`;
      return `${actorOf(e)} removed the permissions boundary of ${target}`;
    }),
  },
  {
    id: 'role-trusts-outside-organization',
    usesOrganizationAccounts: true,
    title: 'Role trusts a principal outside the organization',
    severity: Severity.HIGH,
    rationale:
      'A role whose trust policy names an account outside the organization, or "*" without an organization or account condition, is a standing backdoor: whoever holds that account can assume it at will. Organization accounts come from the configuration; without it only the account itself counts as inside.',
    references: { mitre: ['T1098.003', 'T1199'] },
    pattern: apiCallPattern('iam', ['CreateRole', 'UpdateAssumeRolePolicy']),
    scope: Scope.US_EAST_1,
    refine: safeRefine((e, context) => trustOutside(e, context).length > 0),
    describe: safeDescribe(
      (e, context) =>
        `${actorOf(e)} ${e.eventName === 'CreateRole' ? 'created' : 'changed the trust of'} role ${requestParameter(e, 'roleName') ?? 'unknown'} trusting ${trustOutside(e, context).join(', ')}`,
    ),
  },
  {
    id: 'roles-anywhere-changed',
    title: 'IAM Roles Anywhere trust anchor or profile changed',
    severity: Severity.HIGH,
    rationale:
      'A Roles Anywhere trust anchor lets anyone holding a certificate from its CA obtain role credentials from outside AWS; a new or changed anchor or profile is a certificate-based backdoor.',
    references: { mitre: ['T1098', 'T1556'] },
    pattern: apiCallPattern('rolesanywhere', Object.keys(ROLES_ANYWHERE_VERBS)),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe((e) => {
      const name =
        requestParameter(e, 'name') ??
        requestParameter(e, 'trustAnchorId') ??
        requestParameter(e, 'profileId') ??
        'unknown';
      return `${actorOf(e)} ${ROLES_ANYWHERE_VERBS[e.eventName] ?? `called ${e.eventName} on`} ${name}`;
    }),
  },
  {
    id: 'federation-token-issued',
    title: 'Federation token issued',
    severity: Severity.LOW,
    rationale:
      'GetFederationToken turns an IAM user key into sessions that outlive the key being deleted and can reach the console — a known persistence trick. Legacy identity brokers call it all day, which makes it loud where they exist.',
    references: { mitre: ['T1550.001', 'T1098'] },
    pattern: apiCallPattern('sts', ['GetFederationToken']),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} obtained a federation token for ${requestParameter(e, 'name') ?? 'unknown'}${fromIp(e)}`,
    ),
  },
  {
    id: 'federated-user-console-sign-in',
    title: 'Federated user signed in to the console',
    severity: Severity.MEDIUM,
    rationale:
      'A FederatedUser console session comes from GetFederationToken plus a sign-in URL: the path attackers take from a stolen IAM user key to the console. Modern setups use roles and Identity Center instead.',
    references: { mitre: ['T1550.001', 'T1078.004'] },
    pattern: consoleLoginPattern('Success', { userIdentity: { type: ['FederatedUser'] } }),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe((e) => {
      const issuer = e.actor.sessionIssuer?.name;
      return `${actorOf(e)} signed in to the console${issuer ? ` with a token from IAM user ${issuer}` : ''}${fromIp(e)}`;
    }),
  },
  {
    id: 'kms-key-policy-opened',
    usesOrganizationAccounts: true,
    title: 'KMS key policy opened to another account',
    severity: Severity.HIGH,
    rationale:
      'A key policy naming another account (or "*" without an account condition) lets it decrypt everything under the key, or schedule its deletion: exfiltration and ransom both start here.',
    references: { mitre: ['T1098', 'T1537'] },
    pattern: apiCallPattern('kms', ['PutKeyPolicy']),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e, context) => outsideOf(e, 'policy', context).length > 0),
    describe: safeDescribe(
      (e, context) =>
        `${actorOf(e)} opened KMS key ${requestParameter(e, 'keyId') ?? 'unknown'} to ${outsideOf(e, 'policy', context).join(', ')}`,
    ),
  },
];
