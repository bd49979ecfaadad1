/**
 * Types for the defensive CloudTrail view. A raw record is untrusted JSON: every field may be
 * missing, null or of an unexpected type (aws-facts.md §3), so the raw types are deliberately loose
 * and the parsed view ({@link CloudTrailEvent}) is what the rest of trailwatch reads.
 */

/** A CloudTrail record as it appears in S3 log files, `lookup-events` output or `detail`. */
export type CloudTrailRecord = Record<string, unknown>;

/** The standard EventBridge envelope around a CloudTrail record. */
export interface EventBridgeEnvelope {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly unknown[];
  readonly detail: CloudTrailRecord;
}

export const ActorKind = {
  ROOT: 'root',
  IAM_USER: 'iam-user',
  ASSUMED_ROLE: 'assumed-role',
  FEDERATED: 'federated',
  SSO: 'sso',
  AWS_SERVICE: 'aws-service',
  UNKNOWN: 'unknown',
} as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

export interface SessionIssuer {
  readonly type?: string;
  /** Role (or user) name that issued the session, e.g. `AWSReservedSSO_Admin_0123abcd`. */
  readonly name?: string;
  readonly arn?: string;
  readonly accountId?: string;
}

export interface Actor {
  readonly kind: ActorKind;
  /**
   * Best human name: IAM user name; `root`; for assumed roles the role name; for SSO the user
   * (session name, usually an e-mail); for services the service principal. Never empty: falls back
   * to the ARN tail, then the principal id, then `unknown`.
   */
  readonly name: string;
  readonly arn?: string;
  readonly principalId?: string;
  /** The account the actor belongs to (may differ from the account the event happened in). */
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly sessionIssuer?: SessionIssuer;
  /** Last segment of an assumed-role ARN (`…/role/<session>`). */
  readonly sessionName?: string;
  /** `userIdentity.invokedBy` (an AWS service acting for the principal), when present. */
  readonly invokedBy?: string;
  /** `sessionContext.attributes.mfaAuthenticated === "true"` for sessions; undefined when absent. */
  readonly mfaAuthenticated?: boolean;
  /** `userIdentity.type` as recorded (`Root`, `IAMUser`, `AssumedRole`, `Unknown`, …). */
  readonly identityType?: string;
  /**
   * True when CloudTrail replaced the user name with `HIDDEN_DUE_TO_SECURITY_REASONS` (a sign-in
   * to a user name that does not exist). `name` keeps the raw value; `describeActor` shows
   * `(hidden user name)`.
   */
  readonly nameHidden?: boolean;
  /**
   * For `federated` role sessions: `additionalEventData.SamlProviderArn`, else
   * `webIdFederationData.federatedProvider` (or `web-identity` when only that block says so).
   */
  readonly federationProvider?: string;
}

export const UserAgentClass = {
  CONSOLE: 'console',
  CLI: 'cli',
  SDK: 'sdk',
  TERRAFORM: 'terraform',
  CLOUDFORMATION: 'cloudformation',
  AWS_SERVICE: 'aws-service',
  OTHER: 'other',
  UNKNOWN: 'unknown',
} as const;
export type UserAgentClass = (typeof UserAgentClass)[keyof typeof UserAgentClass];

export interface Outcome {
  readonly success: boolean;
  /** `errorCode`, when present (failed API calls). */
  readonly errorCode?: string;
  /** `errorMessage` (console sign-in failures have only this, no `errorCode`). */
  readonly errorMessage?: string;
}

/** `yes`/`no` from `MFAUsed` (any case) or `mfaAuthenticated`; `unknown` when neither says. */
export type Mfa = 'yes' | 'no' | 'unknown';

/** What a GuardDuty finding says, for events that are findings rather than CloudTrail records. */
export interface GuardDutyFinding {
  readonly id: string;
  /** e.g. `UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS`. */
  readonly type: string;
  /** 1.0–10.0: low below 4, medium below 7, high below 9, critical from 9. */
  readonly severity: number;
  readonly title?: string;
  readonly description?: string;
  /** The resource in a few words: `instance i-…`, `access key ASIA… (alice)`, `S3 bucket …`. */
  readonly resource?: string;
  /** How many times GuardDuty has seen the activity. */
  readonly count?: number;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
}

/** The typed, defensive view of one CloudTrail event. Building it never throws. */
export interface CloudTrailEvent {
  /** `eventID`; falls back to the envelope id, then to a stable hash of the record. */
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventType?: string;
  /** ISO-8601 `eventTime` (or envelope `time`); empty string when neither is present. */
  readonly time: string;
  /**
   * The account the event happened in: `recipientAccountId`, else the envelope `account`; the
   * actor's `userIdentity.accountId` only when neither exists (old records), else `''`.
   */
  readonly account: string;
  readonly region: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly userAgentClass: UserAgentClass;
  readonly actor: Actor;
  /** The IAM user acted upon (`requestParameters.userName`, `responseElements.…userName`). */
  readonly targetUser?: string;
  readonly outcome: Outcome;
  readonly mfa: Mfa;
  /** `readOnly` as recorded; undefined when the record does not say. */
  readonly readOnly?: boolean;
  /** The original CloudTrail record (untrusted). */
  readonly record: CloudTrailRecord;
  /** The EventBridge envelope the record came in, or one synthesized from the record. */
  readonly envelope: EventBridgeEnvelope;
  /**
   * Set when the event is a GuardDuty finding (`source: aws.guardduty`): `record` is then the
   * finding, `eventName` its type and `actor` the principal whose key it involves (else GuardDuty).
   */
  readonly finding?: GuardDutyFinding;
}
