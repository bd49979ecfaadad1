import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import { actorOf, fromIp, recordString, safeDescribe, safeRefine } from './event-fields.js';
import { consoleLoginPattern, SERVICE_EVENT_DETAIL_TYPE } from './patterns.js';

function mfaPhrase(event: CloudTrailEvent): string {
  if (event.mfa === 'yes') return 'with MFA';
  if (event.mfa === 'no') return 'without MFA';
  return 'MFA unknown';
}

/** Console and Identity Center sign-in detections. */
export const signInDetections: readonly Detection[] = [
  {
    id: 'root-console-sign-in',
    title: 'Root user signed in to the console',
    severity: Severity.CRITICAL,
    rationale:
      'The root user is not bound by IAM policies and can close the account or change its contact details. Day-to-day work never needs it: a root sign-in is either a planned break-glass task or stolen root credentials.',
    references: {
      cis: ['CIS 4.3', 'CloudWatch.1'],
      guardDuty: ['Policy:IAMUser/RootCredentialUsage'],
      mitre: ['T1078.004'],
    },
    pattern: consoleLoginPattern('Success', { userIdentity: { type: ['Root'] } }),
    scope: Scope.US_EAST_1,
    describe: safeDescribe((e) => `root signed in to the console${fromIp(e)} ${mfaPhrase(e)}`),
  },
  {
    id: 'root-console-sign-in-failed',
    title: 'Failed root console sign-in',
    severity: Severity.HIGH,
    rationale:
      'Someone knows the root e-mail address and is trying passwords. One failure may be a typo by the owner; repeated failures are a brute-force or phishing follow-up.',
    references: { cis: ['CIS 4.6', 'CloudWatch.6'], mitre: ['T1110'] },
    pattern: consoleLoginPattern('Failure', { userIdentity: { type: ['Root'] } }),
    scope: Scope.US_EAST_1,
    describe: safeDescribe(
      (e) =>
        `failed root console sign-in${fromIp(e)}: ${recordString(e, 'errorMessage') ?? 'unknown reason'}`,
    ),
  },
  {
    id: 'iam-user-console-sign-in-without-mfa',
    title: 'IAM user signed in to the console without MFA',
    severity: Severity.MEDIUM,
    rationale:
      'A console password without MFA is one phishing e-mail away from account takeover. Federated and Identity Center sign-ins always report MFAUsed "No" (MFA happened at the IdP), so only IAM users are considered, and not those signing in through a SAML provider (SamlProviderArn).',
    references: { cis: ['CIS 4.2', 'CloudWatch.3', 'IAM.5'], mitre: ['T1078.004'] },
    pattern: consoleLoginPattern('Success', {
      userIdentity: { type: ['IAMUser'] },
      // An IAM user federated through a SAML provider authenticated (and did MFA) at the IdP.
      additionalEventData: {
        MFAUsed: [{ 'anything-but': ['Yes', 'yes', 'YES'] }],
        SamlProviderArn: [{ exists: false }],
      },
    }),
    scope: Scope.EVERY_REGION,
    // The pattern spells out the usual casings; this catches any other ("yEs").
    refine: safeRefine((e) => e.mfa !== 'yes'),
    describe: safeDescribe((e) => `${actorOf(e)} signed in to the console${fromIp(e)} without MFA`),
  },
  {
    id: 'console-sign-in-failed',
    title: 'Failed console sign-in',
    severity: Severity.LOW,
    rationale:
      'Single failures are usually typos, but a stream of them across users is password spraying. Console failures carry no errorCode, only responseElements.ConsoleLogin "Failure".',
    references: { cis: ['CIS 4.6', 'CloudWatch.6'], mitre: ['T1110'] },
    pattern: consoleLoginPattern('Failure', {
      userIdentity: { type: [{ 'anything-but': ['Root'] }] },
    }),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe(
      (e) =>
        `failed console sign-in as ${actorOf(e)}${fromIp(e)}: ${recordString(e, 'errorMessage') ?? 'unknown reason'}`,
    ),
  },
  {
    id: 'identity-center-sign-in-failed',
    title: 'Failed IAM Identity Center sign-in',
    severity: Severity.LOW,
    rationale:
      'A wrong password or MFA code at the Identity Center portal. Identity Center users reach every account, so repeated failures deserve a look.',
    references: { mitre: ['T1110'] },
    pattern: {
      source: ['aws.signin'],
      'detail-type': [SERVICE_EVENT_DETAIL_TYPE],
      detail: {
        eventSource: ['signin.amazonaws.com'],
        eventName: ['CredentialVerification'],
        serviceEventDetails: { CredentialVerification: ['Failure'] },
      },
    },
    scope: Scope.IDENTITY_CENTER,
    describe: safeDescribe((e) => {
      const user = recordString(e, 'userIdentity', 'userName');
      return `failed Identity Center sign-in${user ? ` as ${user}` : ''}${fromIp(e)}`;
    }),
  },
];
