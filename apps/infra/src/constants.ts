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
