import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import {
  actorOf,
  recordString,
  requestParameter,
  safeDescribe,
  safeRefine,
} from './event-fields.js';
import { apiCallPattern } from './patterns.js';

const VERBS: Readonly<Record<string, string>> = {
  CreateSAMLProvider: 'created SAML provider',
  UpdateSAMLProvider: 'updated the metadata of SAML provider',
  DeleteSAMLProvider: 'deleted SAML provider',
  CreateOpenIDConnectProvider: 'created OIDC provider',
  DeleteOpenIDConnectProvider: 'deleted OIDC provider',
  UpdateOpenIDConnectProviderThumbprint: 'changed the thumbprints of OIDC provider',
  AddClientIDToOpenIDConnectProvider: 'added a client id to OIDC provider',
  RemoveClientIDFromOpenIDConnectProvider: 'removed a client id from OIDC provider',
};

function providerOf(event: CloudTrailEvent): string {
  return (
    requestParameter(event, 'name') ??
    requestParameter(event, 'url') ??
    requestParameter(event, 'sAMLProviderArn') ??
    requestParameter(event, 'openIDConnectProviderArn') ??
    recordString(event, 'responseElements', 'sAMLProviderArn') ??
    recordString(event, 'responseElements', 'openIDConnectProviderArn') ??
    '(unknown)'
  );
}

function describeProvider(event: CloudTrailEvent): string {
  return `${actorOf(event)} ${VERBS[event.eventName] ?? `called ${event.eventName} on`} ${providerOf(event)}`;
}

const IDENTITY_CENTER_ROLE = 'AWSServiceRoleForSSO';
const IDENTITY_CENTER_PROVIDER_PREFIX = 'AWSSSO_';

/**
 * IAM Identity Center provisioning a permission set into an account: its service-linked role
 * creates (or refreshes) an `AWSSSO_<id>_DO_NOT_DELETE` SAML provider. Judged by the role that
 * made the call (set by AWS) and the provider name, not the client-supplied user agent.
 */
export function isIdentityCenterProvisioning(event: CloudTrailEvent): boolean {
  const issuer = event.actor.sessionIssuer;
  const byServiceRole =
    issuer?.arn?.endsWith(`:role/aws-service-role/sso.amazonaws.com/${IDENTITY_CENTER_ROLE}`) ===
      true ||
    (issuer?.arn === undefined && issuer?.name === IDENTITY_CENTER_ROLE);
  if (!byServiceRole) return false;
  const provider =
    requestParameter(event, 'name') ??
    requestParameter(event, 'sAMLProviderArn')?.split('/').pop() ??
    '';
  return provider.startsWith(IDENTITY_CENTER_PROVIDER_PREFIX);
}

/** Federation trust detections (who may sign in through an external identity provider). */
export const identityProviderDetections: readonly Detection[] = [
  {
    id: 'saml-provider-changed',
    title: 'SAML identity provider changed',
    severity: Severity.HIGH,
    rationale:
      'A SAML provider lets an external IdP mint sessions for roles that trust it. A new or re-pointed provider (or one whose metadata changed) lets whoever controls that IdP in. IAM Identity Center creating its own AWSSSO_… provider through its service-linked role is a routine rollout and is not reported.',
    references: { mitre: ['T1484.002'] },
    pattern: apiCallPattern('iam', [
      'CreateSAMLProvider',
      'UpdateSAMLProvider',
      'DeleteSAMLProvider',
    ]),
    scope: Scope.US_EAST_1,
    refine: safeRefine((e) => !isIdentityCenterProvisioning(e)),
    describe: safeDescribe(describeProvider),
  },
  {
    id: 'oidc-provider-changed',
    title: 'OIDC identity provider changed',
    severity: Severity.HIGH,
    rationale:
      'OIDC providers (GitHub Actions, EKS, …) let outside workloads assume roles. A new provider, client id or thumbprint widens who can get credentials without any key.',
    references: { mitre: ['T1484.002'] },
    pattern: apiCallPattern('iam', [
      'CreateOpenIDConnectProvider',
      'DeleteOpenIDConnectProvider',
      'UpdateOpenIDConnectProviderThumbprint',
      'AddClientIDToOpenIDConnectProvider',
      'RemoveClientIDFromOpenIDConnectProvider',
    ]),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(describeProvider),
  },
];
