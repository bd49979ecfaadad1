import { asObject, type JsonObject, objectAt, textAt } from './fields.js';
import { stableId, stableRecordId } from './stable-id.js';
import type { CloudTrailRecord, EventBridgeEnvelope } from './types.js';

/** The detail-types EventBridge gives CloudTrail events, keyed by `eventType`. */
export const DetailType = {
  API_CALL: 'AWS API Call via CloudTrail',
  /** The spelling real events carry; the docs say `Signin` (aws-facts.md §1). */
  CONSOLE_SIGN_IN: 'AWS Console Sign In via CloudTrail',
  SERVICE_EVENT: 'AWS Service Event via CloudTrail',
  CONSOLE_ACTION: 'AWS Console Action via CloudTrail',
  INSIGHT: 'AWS Insight via CloudTrail',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

const DETAIL_TYPE_BY_EVENT_TYPE: ReadonlyMap<string, DetailType> = new Map([
  ['awsapicall', DetailType.API_CALL],
  ['awsconsolesignin', DetailType.CONSOLE_SIGN_IN],
  ['awsserviceevent', DetailType.SERVICE_EVENT],
  ['awsconsoleaction', DetailType.CONSOLE_ACTION],
  ['awscloudtrailinsight', DetailType.INSIGHT],
]);

/** Event sources whose EventBridge `source` is not `aws.<first label>`. */
const SOURCE_OVERRIDES: ReadonlyMap<string, string> = new Map([['monitoring', 'aws.cloudwatch']]);

/** The exact spellings records use, so the common case skips lower-casing. */
const DETAIL_TYPE_EXACT: ReadonlyMap<string, DetailType> = new Map([
  ['AwsApiCall', DetailType.API_CALL],
  ['AwsConsoleSignIn', DetailType.CONSOLE_SIGN_IN],
  ['AwsConsoleSignin', DetailType.CONSOLE_SIGN_IN],
  ['AwsServiceEvent', DetailType.SERVICE_EVENT],
  ['AwsConsoleAction', DetailType.CONSOLE_ACTION],
  ['AwsCloudTrailInsight', DetailType.INSIGHT],
]);

/** Bounded: a trail has a few hundred event sources at most, and replays reuse them. */
const sourceCache = new Map<string, string>();
const SOURCE_CACHE_LIMIT = 1024;

/** `aws.<first label of eventSource>`: `iam.amazonaws.com` → `aws.iam`. */
export function sourceOf(eventSource: string | undefined): string {
  if (eventSource === undefined) return 'aws.unknown';
  const cached = sourceCache.get(eventSource);
  if (cached !== undefined) return cached;
  const dot = eventSource.indexOf('.');
  const label = dot < 0 ? eventSource : eventSource.slice(0, dot);
  const source = SOURCE_OVERRIDES.get(label) ?? `aws.${label}`;
  if (sourceCache.size < SOURCE_CACHE_LIMIT) sourceCache.set(eventSource, source);
  return source;
}

const SIGNIN_SOURCE = 'signin.amazonaws.com';

/**
 * Sign-in events that CloudTrail records as `AwsConsoleSignIn` (aws-facts.md §3; the sign-in event
 * reference): the console login itself, its MFA and role-switch steps, the root password change
 * and a failed external-IdP assertion.
 */
const CONSOLE_SIGN_IN_EVENTS: ReadonlySet<string> = new Set([
  'ConsoleLogin',
  'CheckMfa',
  'SwitchRole',
  'RenewRole',
  'ExitRole',
  'PasswordUpdated',
  'ExternalIdPDirectoryLogin',
  'GetSigninToken',
]);

/** Identity Center sign-in steps, recorded as `AwsServiceEvent` (understanding-sign-in-events). */
const SERVICE_SIGN_IN_EVENTS: ReadonlySet<string> = new Set([
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
]);

/**
 * What `eventType` would have said, for records that lack it (log versions before 1.02, some
 * third-party exports): sign-in steps by `eventSource` + `eventName`, everything else an API call.
 */
function inferDetailType(eventSource: string | undefined, eventName: string | undefined) {
  if (eventSource !== SIGNIN_SOURCE || eventName === undefined) return DetailType.API_CALL;
  if (CONSOLE_SIGN_IN_EVENTS.has(eventName)) return DetailType.CONSOLE_SIGN_IN;
  if (SERVICE_SIGN_IN_EVENTS.has(eventName)) return DetailType.SERVICE_EVENT;
  return DetailType.API_CALL;
}

/**
 * The detail-type for an `eventType`, case-insensitively. When `eventType` is missing it is
 * inferred from `eventSource`/`eventName` (sign-in steps), else an API call; an unknown
 * `eventType` is an API call. The one place replay and alerter decide this.
 *
 * @example detailTypeOf(undefined, 'signin.amazonaws.com', 'ConsoleLogin') // 'AWS Console Sign In via CloudTrail'
 */
export function detailTypeOf(
  eventType: string | undefined,
  eventSource?: string,
  eventName?: string,
): DetailType {
  if (eventType === undefined) return inferDetailType(eventSource, eventName);
  return (
    DETAIL_TYPE_EXACT.get(eventType) ??
    DETAIL_TYPE_BY_EVENT_TYPE.get(eventType.toLowerCase()) ??
    DetailType.API_CALL
  );
}

/** The detail-type of a record, from `eventType` or, when missing, inferred. */
export function recordDetailType(record: JsonObject): DetailType {
  return detailTypeOf(
    textAt(record, 'eventType'),
    textAt(record, 'eventSource'),
    textAt(record, 'eventName'),
  );
}

const DASH = 45;

/** 8-4-4-4-12 with dashes in place; the digits themselves don't matter to the permutation. */
function isUuidShaped(id: string): boolean {
  return (
    id.length === 36 &&
    id.charCodeAt(8) === DASH &&
    id.charCodeAt(13) === DASH &&
    id.charCodeAt(18) === DASH &&
    id.charCodeAt(23) === DASH
  );
}

/**
 * A UUID-shaped envelope id derived from `eventID`, stable across runs and distinct from it. A
 * UUID-shaped `eventID` (the normal case) is permuted digit-wise — a bijection, so distinct events
 * keep distinct ids, and far cheaper than hashing; anything else is hashed.
 */
export function envelopeIdOf(record: JsonObject): string {
  const id = textAt(record, 'eventID');
  if (id === undefined) return stableRecordId(record);
  if (!isUuidShaped(id)) return stableId(`envelope:${id}`);
  // Digit groups g1-g2-g3-g4-g5 (8-4-4-4-12) become g4 g5 g1 g2 g3, re-cut as 8-4-4-4-12.
  return `${id.slice(19, 23)}${id.slice(24, 28)}-${id.slice(28, 32)}-${id.slice(32, 36)}-${id.slice(0, 4)}-${id.slice(4, 8)}${id.slice(9, 13)}${id.slice(14, 18)}`;
}

/**
 * Synthesizes the EventBridge envelope EventBridge would deliver for a raw record: `source`
 * `aws.<service>`, `detail-type` from `eventType` (inferred when missing), `account` = `recipientAccountId` (else
 * `userIdentity.accountId`), `region` = `awsRegion`, `time` = `eventTime`, a deterministic `id`
 * derived from `eventID`, `resources: []`, `detail` = the record itself (not copied). Never throws.
 *
 * @example toEnvelope(record)['detail-type'] // 'AWS API Call via CloudTrail'
 */
export function toEnvelope(record: CloudTrailRecord): EventBridgeEnvelope {
  const rec = asObject(record) ?? {};
  return {
    version: '0',
    id: envelopeIdOf(rec),
    'detail-type': recordDetailType(rec),
    source: sourceOf(textAt(rec, 'eventSource')),
    account:
      textAt(rec, 'recipientAccountId') ?? textAt(objectAt(rec, 'userIdentity'), 'accountId') ?? '',
    time: textAt(rec, 'eventTime') ?? '',
    region: textAt(rec, 'awsRegion') ?? '',
    resources: [],
    detail: rec,
  };
}
