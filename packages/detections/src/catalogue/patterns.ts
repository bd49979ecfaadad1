import type { EventPattern } from '@trailwatch/event-pattern';

/** Detail-type of every CloudTrail-recorded API call. */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * Both spellings of the console sign-in detail-type: the EventBridge docs say `Signin`, real
 * events and most public rules say `Sign In` (aws-facts.md §1). Listing both costs nothing.
 */
export const CONSOLE_SIGN_IN_DETAIL_TYPES = [
  'AWS Console Sign In via CloudTrail',
  'AWS Console Signin via CloudTrail',
] as const;

/** Detail-type of service events such as Identity Center's `CredentialVerification`. */
export const SERVICE_EVENT_DETAIL_TYPE = 'AWS Service Event via CloudTrail';

/** Prefix of every resource trailwatch deploys into a member account. */
export const TRAILWATCH_PREFIX = 'trailwatch-';

export interface ApiCallOptions {
  /** Extra `detail` keys (AND-ed with eventSource/eventName/errorCode). */
  readonly detail?: Readonly<Record<string, unknown>>;
  /**
   * `success` (default) drops failed calls — a denied `CreateUser` is not "user created";
   * `failure` keeps only failed calls; `any` keeps both.
   */
  readonly outcome?: 'success' | 'failure' | 'any';
  /** `detail.eventSource` when it is not `<service>.amazonaws.com` (CloudWatch: `monitoring`). */
  readonly eventSource?: string;
}

/**
 * The pattern of a successful (by default) write call `eventNames` to `service`
 * (`iam` → `source: aws.iam`, `eventSource: iam.amazonaws.com`).
 */
export function apiCallPattern(
  service: string,
  eventNames: readonly string[],
  options: ApiCallOptions = {},
): EventPattern {
  const outcome = options.outcome ?? 'success';
  const errorCode =
    outcome === 'success'
      ? { errorCode: [{ exists: false }] }
      : outcome === 'failure'
        ? { errorCode: [{ exists: true }] }
        : {};
  return {
    source: [`aws.${service}`],
    'detail-type': [API_CALL_DETAIL_TYPE],
    detail: {
      eventSource: [options.eventSource ?? `${service}.amazonaws.com`],
      eventName: [...eventNames],
      ...errorCode,
      ...options.detail,
    },
  };
}

/** The pattern of a `ConsoleLogin` with the given result and extra `detail` keys. */
export function consoleLoginPattern(
  result: 'Success' | 'Failure',
  detail: Readonly<Record<string, unknown>> = {},
): EventPattern {
  return {
    source: ['aws.signin'],
    'detail-type': [...CONSOLE_SIGN_IN_DETAIL_TYPES],
    detail: {
      eventSource: ['signin.amazonaws.com'],
      eventName: ['ConsoleLogin'],
      responseElements: { ConsoleLogin: [result] },
      ...detail,
    },
  };
}
