import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import { actorOf, recordString, requestParameter, safeDescribe } from './event-fields.js';
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

/** Federation trust detections (who may sign in through an external identity provider). */
export const identityProviderDetections: readonly Detection[] = [
  {
    id: 'saml-provider-changed',
    title: 'SAML identity provider changed',
    severity: Severity.HIGH,
    rationale:
      'A SAML provider lets an external IdP mint sessions for roles that trust it. A new or re-pointed provider (or one whose metadata changed) lets whoever controls that IdP in.',
    references: { mitre: ['T1484.002'] },
    pattern: apiCallPattern('iam', [
      'CreateSAMLProvider',
      'UpdateSAMLProvider',
      'DeleteSAMLProvider',
    ]),
    scope: Scope.US_EAST_1,
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
