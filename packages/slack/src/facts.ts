import { ActorKind, type CloudTrailEvent, describeActor } from '@trailwatch/cloudtrail';
import { codeSpan, inlineText, NONE } from './escape.js';
import type { AccountInfo } from './types.js';

/** Cap for a short untrusted value (names, ids, IPs) inside a field. */
export const SHORT_VALUE = 200;
/** Cap for a long untrusted value (user agent, error message) inside a field. */
export const LONG_VALUE = 500;

const TAG_LABELS: readonly (readonly [label: string, keys: readonly string[]])[] = [
  ['Owner', ['owner']],
  ['Team', ['team']],
  ['Env', ['environment', 'env']],
];

function tag(tags: Readonly<Record<string, string>> | undefined, keys: readonly string[]) {
  if (tags === undefined) return undefined;
  for (const [key, value] of Object.entries(tags)) {
    if (keys.includes(key.toLowerCase()) && typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** `name (id)`, or the id alone when Organizations gave no name (raw, for plain text). */
export function accountLabel(account: AccountInfo): string {
  return account.name ? `${account.name} (${account.id})` : account.id;
}

/** The Account field value: name and id, OU path, owner/team/environment tags. */
export function accountValue(account: AccountInfo): string {
  const lines = [
    account.name
      ? `${codeSpan(account.name, SHORT_VALUE)} ${codeSpan(account.id, 40)}`
      : codeSpan(account.id, 40),
  ];
  if (account.ouPath) lines.push(`OU ${codeSpan(account.ouPath, LONG_VALUE)}`);
  const tags = TAG_LABELS.flatMap(([label, keys]) => {
    const value = tag(account.tags, keys);
    return value === undefined ? [] : [`${label} ${codeSpan(value, SHORT_VALUE)}`];
  });
  if (tags.length > 0) lines.push(tags.join(' · '));
  return lines.join('\n');
}

/**
 * The Actor field value: who, plus their home account when it is not the event's account, plus
 * the service acting for them unless the description already names it (`describeActor` does so
 * for role sessions, e.g. `… / session AWSCloudFormation via cloudformation.amazonaws.com`).
 */
export function actorValue(event: CloudTrailEvent): string {
  const description = describeActor(event.actor);
  const lines = [codeSpan(description, LONG_VALUE)];
  const home = event.actor.accountId;
  if (home && home !== event.account) lines.push(`from account ${codeSpan(home, 40)}`);
  const { invokedBy } = event.actor;
  if (invokedBy && !description.includes(`via ${invokedBy}`)) {
    lines.push(`via ${codeSpan(invokedBy, SHORT_VALUE)}`);
  }
  return lines.join('\n');
}

/** The Event field value: API call and service. */
export function eventValue(event: CloudTrailEvent): string {
  return `${codeSpan(event.eventName, SHORT_VALUE)} on ${codeSpan(event.eventSource, SHORT_VALUE)}`;
}

/** Identities whose MFA happens at an external identity provider, out of CloudTrail's sight. */
const FEDERATED_KINDS: ReadonlySet<ActorKind> = new Set([ActorKind.SSO, ActorKind.FEDERATED]);

/**
 * The MFA field value, worded for who acted:
 * - federated and SSO sign-ins always record `MFAUsed: No` because MFA happens at the identity
 *   provider, so for them "no" is not a finding;
 * - other role sessions (CI, CloudFormation, Terraform, switch-role) carry
 *   `sessionContext.attributes.mfaAuthenticated`: whether the session was created with MFA;
 * - AWS services have no MFA at all;
 * - root and IAM users: a missing MFA is flagged.
 */
export function mfaValue(event: CloudTrailEvent): string {
  const { kind } = event.actor;
  if (kind === ActorKind.AWS_SERVICE) return 'n/a (AWS service)';
  if (FEDERATED_KINDS.has(kind)) {
    if (event.mfa === 'yes') return ':white_check_mark: yes';
    return event.mfa === 'no'
      ? 'not recorded (federated: MFA happens at the identity provider)'
      : 'unknown';
  }
  if (kind === ActorKind.ASSUMED_ROLE) {
    if (event.mfa === 'yes') return ':white_check_mark: session with MFA';
    // Automation sessions never have MFA, so this is stated plainly rather than flagged.
    return event.mfa === 'no' ? 'session without MFA' : 'not recorded';
  }
  if (event.mfa === 'yes') return ':white_check_mark: yes';
  return event.mfa === 'no' ? ':warning: *no*' : 'unknown';
}

/** MFA in a few words for the notification text; only a missing MFA that is a finding says "no". */
export function mfaPhrase(event: CloudTrailEvent): string | undefined {
  const { kind } = event.actor;
  if (kind === ActorKind.AWS_SERVICE) return undefined;
  if (event.mfa === 'yes') return 'MFA';
  if (event.mfa === 'no' && !FEDERATED_KINDS.has(kind) && kind !== ActorKind.ASSUMED_ROLE) {
    return 'no MFA';
  }
  return undefined;
}

/** The Result field value: success, or failure with the error code and message. */
export function resultValue(event: CloudTrailEvent): string {
  const { outcome } = event;
  if (outcome.success) return ':white_check_mark: success';
  const details = [outcome.errorCode, outcome.errorMessage]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .map((s) => codeSpan(s, LONG_VALUE));
  return [':x: *failure*', ...details].join('\n');
}

/** The User agent field value: its class, then the raw string. */
export function userAgentValue(event: CloudTrailEvent): string {
  const cls = inlineText(event.userAgentClass, 40);
  return event.userAgent ? `${cls}\n${codeSpan(event.userAgent, LONG_VALUE)}` : cls;
}

/** A value or `—`, as a code span. */
export function optionalValue(value: string | undefined): string {
  return value ? codeSpan(value, SHORT_VALUE) : NONE;
}

/** `requestParameters.roleName` when the record names a role acted upon. */
export function targetRole(event: CloudTrailEvent): string | undefined {
  const params = event.record.requestParameters;
  if (params === null || typeof params !== 'object') return undefined;
  const role = (params as Record<string, unknown>).roleName;
  return typeof role === 'string' && role !== '' ? role : undefined;
}
