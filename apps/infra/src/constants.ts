/** Physical names in the security account; the runbook and alarms refer to them. */
export const SecurityNames = {
  ALERT_RULE: 'trailwatch-alerts',
  EVENTS_QUEUE: 'trailwatch-events',
  EVENTS_DLQ: 'trailwatch-events-dlq',
  DELIVERY_DLQ: 'trailwatch-delivery-dlq',
  FUNCTION: 'trailwatch-alerter',
  ROLE: 'trailwatch-alerter',
  TABLE: 'trailwatch-state',
  ALARM_TOPIC: 'trailwatch-alarms',
} as const;

/** Powertools settings the alerter reads; the heartbeat alarm depends on both. */
export const Powertools = {
  SERVICE_NAME: 'trailwatch-alerter',
  METRICS_NAMESPACE: 'Trailwatch',
  HEARTBEAT_METRIC: 'Heartbeats',
} as const;

/**
 * Read-only Organizations calls the alerter makes to name accounts, OUs and owners (tags) and
 * to list accounts for coverage checks. Granted to the security account and nothing more.
 */
export const ORGANIZATIONS_READ_ACTIONS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganization',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListChildren',
  'organizations:ListParents',
  'organizations:ListRoots',
  'organizations:ListTagsForResource',
] as const;

/** Identity Center sign-in events (recorded where the Identity Center instance lives). */
export const IDENTITY_CENTER_SIGN_IN_PATTERN = {
  source: ['aws.signin'],
  'detail-type': ['AWS Service Event via CloudTrail'],
  detail: { eventName: ['UserAuthentication', 'CredentialVerification'] },
} as const;
