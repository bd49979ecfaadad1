import type { RenderOptions } from './types.js';

/** AWS region names: `us-east-1`, `us-gov-west-1`, `ap-southeast-2`, `il-central-1`. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;
/** CloudTrail event ids are UUIDs; anything else is a fallback id the console cannot open. */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** IAM user and role names (and permission set names). */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
/** What a normalised portal URL may contain; keeps `|`, `<`, `>` and spaces out of a Slack link. */
const PORTAL_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%-]*)*$/;
const MAX_PORTAL_URL = 256;

/** Whether `s` is a well-formed AWS region name. */
export function isRegion(s: string): boolean {
  return REGION.test(s);
}

/** Whether `s` is a 12-digit account id. */
export function isAccountId(s: string): boolean {
  return ACCOUNT_ID.test(s);
}

/** The CloudTrail console page of one event, or undefined when the region or id is malformed. */
export function cloudTrailEventUrl(region: string, eventId: string): string | undefined {
  if (!isRegion(region) || !EVENT_ID.test(eventId)) return undefined;
  return `https://${region}.console.aws.amazon.com/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(eventId)}`;
}

const FINDING_ID = /^[0-9a-f]{32}$/;

/** The GuardDuty console page of one finding, or undefined when the region or id is malformed. */
export function guardDutyFindingUrl(region: string, findingId: string): string | undefined {
  if (!isRegion(region) || !FINDING_ID.test(findingId)) return undefined;
  return `https://${region}.console.aws.amazon.com/guardduty/home?region=${region}#/findings?macros=current&fId=${findingId}`;
}

/** The IAM console page of a user or role, or undefined when the name is not a valid IAM name. */
export function iamConsoleUrl(kind: 'user' | 'role', name: string): string | undefined {
  if (!IAM_NAME.test(name)) return undefined;
  return `https://console.aws.amazon.com/iam/home#/${kind}s/details/${encodeURIComponent(name)}`;
}

/** A validated Identity Center deep-link configuration. */
export interface DeepLinkConfig {
  readonly portalUrl: string;
  readonly roleName: string;
}

/** Result of reading {@link RenderOptions}: a config, none asked for, or why it was refused. */
export type DeepLinkSetting =
  | { readonly kind: 'off' }
  | { readonly kind: 'on'; readonly config: DeepLinkConfig }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Validates the deep-link options. Options come from deployment configuration, but a bad value
 * must not turn every alert into an error (alerts would pile up in the DLQ); the message says
 * instead that deep links are off and why.
 */
export function deepLinkSetting(options: RenderOptions | undefined): DeepLinkSetting {
  const start = options?.consoleSignInUrl;
  const role = options?.consoleRoleName;
  if (start === undefined && role === undefined) return { kind: 'off' };
  if (start === undefined || role === undefined) {
    return { kind: 'invalid', reason: 'consoleSignInUrl and consoleRoleName must be set together' };
  }
  if (!IAM_NAME.test(role))
    return { kind: 'invalid', reason: 'consoleRoleName is not a valid role name' };
  let url: URL;
  try {
    url = new URL(start);
  } catch {
    return { kind: 'invalid', reason: 'consoleSignInUrl is not a URL' };
  }
  const portalUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  if (
    url.protocol !== 'https:' ||
    url.username !== '' ||
    url.password !== '' ||
    portalUrl.length > MAX_PORTAL_URL ||
    !PORTAL_URL.test(portalUrl)
  ) {
    return { kind: 'invalid', reason: 'consoleSignInUrl must be a plain https access portal URL' };
  }
  return { kind: 'on', config: { portalUrl, roleName: role } };
}

/**
 * Wraps a console URL in an access-portal deep link that signs in to `accountId` with the
 * configured role first; undefined when the account id is malformed (the link could land in the
 * wrong account).
 */
export function deepLink(
  config: DeepLinkConfig,
  accountId: string,
  destination: string,
): string | undefined {
  if (!isAccountId(accountId)) return undefined;
  return `${config.portalUrl}/#/console?account_id=${accountId}&role_name=${encodeURIComponent(config.roleName)}&destination=${encodeURIComponent(destination)}`;
}

/** A console URL as the reader should open it: deep-linked into the account when configured. */
export function consoleLink(
  setting: DeepLinkSetting,
  accountId: string,
  url: string | undefined,
): string | undefined {
  if (url === undefined) return undefined;
  return setting.kind === 'on' ? deepLink(setting.config, accountId, url) : url;
}
