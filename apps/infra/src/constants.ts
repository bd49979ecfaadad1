/** Physical names in the security account; the runbook and alarms refer to them. */
export const SecurityNames = {
  ALERT_RULE: 'trailwatch-alerts',
  /** Accepts `trailwatch test-alert` events (source trailwatch.test) from the security account only. */
  TEST_ALERT_RULE: 'trailwatch-test-alerts',
  EVENTS_QUEUE: 'trailwatch-events',
  EVENTS_DLQ: 'trailwatch-events-dlq',
  DELIVERY_DLQ: 'trailwatch-delivery-dlq',
  FUNCTION: 'trailwatch-alerter',
  ROLE: 'trailwatch-alerter',
  TABLE: 'trailwatch-state',
  ALARM_TOPIC: 'trailwatch-alarms',
} as const;

/** Physical names of the heartbeat watchdog (security account). */
export const WatchdogNames = {
  FUNCTION: 'trailwatch-watchdog',
  ROLE: 'trailwatch-watchdog',
  SCHEDULE: 'trailwatch-watchdog',
  SERVICE_NAME: 'trailwatch-watchdog',
} as const;

/** Powertools settings the alerter reads; the heartbeat alarm depends on both. */
export const Powertools = {
  SERVICE_NAME: 'trailwatch-alerter',
  METRICS_NAMESPACE: 'Trailwatch',
  HEARTBEAT_METRIC: 'Heartbeats',
} as const;

/**
 * The read-only Organizations calls the alerter makes: account names (`ListAccounts`,
 * `DescribeAccount`), the OU path (`ListParents`, `DescribeOrganizationalUnit`) and owner tags
 * (`ListTagsForResource`). Granted to the security account and nothing more; a test keeps this
 * list equal to the `…Command`s the alerter imports.
 */
export const ORGANIZATIONS_READ_ACTIONS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccounts',
  'organizations:ListParents',
  'organizations:ListTagsForResource',
] as const;

/** Identity Center sign-in events (recorded where the Identity Center instance lives). */
export const IDENTITY_CENTER_SIGN_IN_PATTERN = {
  source: ['aws.signin'],
  'detail-type': ['AWS Service Event via CloudTrail'],
  detail: { eventName: ['UserAuthentication', 'CredentialVerification'] },
} as const;
