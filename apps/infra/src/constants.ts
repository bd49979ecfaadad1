import { AlerterMetric, METRICS_NAMESPACE, ServiceName } from '@trailwatch/contract';

export { SecurityNames, WatchdogNames } from '@trailwatch/contract';

/** Powertools settings the functions run with; the alarms depend on them (from the contract). */
export const Powertools = {
  SERVICE_NAME: ServiceName.ALERTER,
  WATCHDOG_SERVICE_NAME: ServiceName.WATCHDOG,
  METRICS_NAMESPACE,
  HEARTBEAT_METRIC: AlerterMetric.HEARTBEATS,
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
 * state), `PutItem` (announced problems; the lease, conditionally; daily-summary markers),
 * `DeleteItem` (recoveries; releasing the lease, conditionally) and `BatchGetItem` (a daily
 * summary's hour counts and marker). A test keeps this list equal to the watchdog's source.
 */
export const WATCHDOG_TABLE_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchGetItem',
] as const;
