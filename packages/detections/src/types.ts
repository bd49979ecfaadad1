import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import type { EventPattern } from '@trailwatch/event-pattern';

export const Severity = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFO: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** Where a detection's events can arrive (aws-facts.md §2). */
export const Scope = {
  /** IAM, Organizations, STS-global and root sign-in events: us-east-1 only. */
  US_EAST_1: 'us-east-1',
  /** IAM-user and federated console sign-ins, trail changes: any region. */
  EVERY_REGION: 'every-region',
  /**
   * IAM Identity Center sign-ins (`CredentialVerification`, `UserAuthentication`): recorded only
   * in the Identity Center instance's account and region, and forwarded from there by the
   * Identity Center stack rather than by every member region.
   */
  IDENTITY_CENTER: 'identity-center',
  /**
   * GuardDuty findings: forwarded once, by a rule in the GuardDuty administrator account (which
   * receives every member's findings), never by the member forwarding rules.
   */
  GUARDDUTY_ADMINISTRATOR: 'guardduty-administrator',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

export interface References {
  /** CIS AWS Foundations Benchmark controls, e.g. `CIS 4.4` / `CloudWatch.4`. */
  readonly cis?: readonly string[];
  /** GuardDuty finding types that overlap. */
  readonly guardDuty?: readonly string[];
  /** MITRE ATT&CK technique ids, e.g. `T1136.003`. */
  readonly mitre?: readonly string[];
}

/**
 * What a deployment knows that an event does not say (from the configuration): lets a refine tell
 * the trail's own bucket or key from any other. Every field is optional; without it detections
 * fall back to what the event shows (a bucket named `*cloudtrail*`, only the event's own account
 * inside the organization).
 */
export interface DetectionContext {
  /** Buckets the organization trail writes to. */
  readonly trailBucketNames?: readonly string[];
  /** KMS keys (ids or ARNs) that encrypt the trail. */
  readonly trailKmsKeys?: readonly string[];
  /** Accounts of the organization: trusting one of them is not "outside the organization". */
  readonly organizationAccountIds?: readonly string[];
}

export interface Detection {
  /** Stable id, kebab-case; used in routes, mutes, metrics and dedup. Never renamed. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly references: References;
  /** The EventBridge pattern, evaluated against the EventBridge envelope. Deployed as-is. */
  readonly pattern: EventPattern;
  readonly scope: Scope;
  /**
   * What a pattern can't express (actor ≠ target user; an inline policy that grants `*:*`).
   * Runs only after the pattern matched. Must not throw.
   */
  readonly refine?: (event: CloudTrailEvent, context: DetectionContext) => boolean;
  /**
   * A catch-all (root activity of any kind, CIS 4.4 policy changes): reported only when no
   * specific detection matched the same event.
   */
  readonly fallback?: boolean;
  /** One line for humans, e.g. `alice created IAM user bob`. Must not throw. */
  readonly describe: (event: CloudTrailEvent, context: DetectionContext) => string;
  /**
   * A change to trailwatch's own pipeline or to the trail feeding it: forwarded by the member's
   * `trailwatch-tamper` rule (and not by `trailwatch-forward`), so switching off the forwarding
   * rule is still reported. Must pin `source` and `detail.eventName`: the tamper rule owns every
   * event with those keys.
   */
  readonly tamper?: boolean;
  /**
   * Its refine or summary reads `context.organizationAccountIds`. A caller that learns the
   * organization's accounts only when such a detection matched (the alerter asks Organizations
   * then, not for every event) classifies the event again with them.
   */
  readonly usesOrganizationAccounts?: boolean;
}

export interface Match {
  readonly detection: Detection;
  readonly event: CloudTrailEvent;
  /** `detection.describe(event, context)`. */
  readonly summary: string;
}
