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
 * The read-only Organizations calls the alerter Lambda makes: account names (`ListAccounts`,
 * `DescribeAccount`), the OU path (`ListParents`, `DescribeOrganizationalUnit`) and owner tags
 * (`ListTagsForResource`). Its role gets these and nothing more; a test keeps this list equal to
 * the calls the alerter's source (outside `src/watchdog/`) makes.
 */
export const ORGANIZATIONS_READ_ACTIONS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccounts',
  'organizations:ListParents',
  'organizations:ListTagsForResource',
] as const;

/**
 * The read-only Organizations calls the heartbeat watchdog makes: the accounts under the target
 * OUs, recursively (`ListOrganizationalUnitsForParent`, `ListAccountsForParent`), and the
 * management account when it is not under one (`DescribeAccount`). A test keeps this list equal
 * to the calls in `apps/alerter/src/watchdog/`.
 */
export const WATCHDOG_ORGANIZATIONS_ACTIONS = [
  'organizations:DescribeAccount',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
] as const;

/**
 * What the management account grants the security account (delegation policy or read role):
 * exactly the calls of its two functions together.
 */
export const SECURITY_ACCOUNT_ORGANIZATIONS_ACTIONS: readonly string[] = [
  ...new Set([...ORGANIZATIONS_READ_ACTIONS, ...WATCHDOG_ORGANIZATIONS_ACTIONS]),
].sort();

/**
 * The DynamoDB calls the heartbeat watchdog makes on the state table: `Scan` (heartbeats and its
 * state), `PutItem` (announced problems; the lease, conditionally) and `DeleteItem` (recoveries;
 * releasing the lease, conditionally). A test keeps this list equal to the watchdog's source.
 */
export const WATCHDOG_TABLE_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
] as const;

/** Identity Center sign-in events (recorded where the Identity Center instance lives). */
export const IDENTITY_CENTER_SIGN_IN_PATTERN = {
  source: ['aws.signin'],
  'detail-type': ['AWS Service Event via CloudTrail'],
  detail: { eventName: ['UserAuthentication', 'CredentialVerification'] },
} as const;
