/**
 * The names the watchdog shares with the world outside its bundle: the environment the CDK
 * construct (`apps/infra/src/heartbeat-watchdog.ts`) sets, and the table items other writers
 * (`HeartbeatStore`) and operators see. The infra side cannot import runtime code, so it repeats
 * the environment names; `test/infra/watchdog-environment.test.ts` feeds the synthesized
 * environment to `loadWatchdogConfig` to keep the two in step.
 */
export const WatchdogEnvironmentVariable = {
  /** The alerter's state table (the same one the alerter writes heartbeats to). */
  TABLE_NAME: 'DEDUP_TABLE_NAME',
  /** JSON array of the regions every targeted account sends heartbeats from. */
  MEMBER_REGIONS: 'MEMBER_REGIONS',
  /** JSON array of the OU / root ids the deployment targets (`targetOuIds`). */
  TARGET_OU_IDS: 'TARGET_OU_IDS',
  /** The management account: it gets the member stacks directly, not through the StackSet. */
  MANAGEMENT_ACCOUNT_ID: 'MANAGEMENT_ACCOUNT_ID',
  /** The default webhook's secret id. */
  WEBHOOK_SECRET_ID: 'SLACK_WEBHOOK_SECRET_ID',
  /** The watchdog's own webhook secret id (`watchdog.webhookSecretName`), when set. */
  OWN_WEBHOOK_SECRET_ID: 'WATCHDOG_SLACK_WEBHOOK_SECRET_ID',
  /** JSON array of account ids never expected to send heartbeats. */
  EXCLUDED_ACCOUNTS: 'WATCHDOG_EXCLUDED_ACCOUNTS',
  SILENCE_MINUTES: 'WATCHDOG_SILENCE_MINUTES',
  GRACE_MINUTES: 'WATCHDOG_GRACE_MINUTES',
  ORGANIZATIONS_ROLE_ARN: 'ORGANIZATIONS_ROLE_ARN',
  SLACK_TIMEOUT_MS: 'SLACK_TIMEOUT_MS',
} as const;

/**
 * The watchdog's items in the state table (partition key `pk`, TTL attribute `expiresAt` in epoch
 * seconds). Heartbeats are written by the alerter; the rest only by the watchdog.
 */
export const WatchdogTableItem = {
  PARTITION_KEY: 'pk',
  /** `heartbeat#<account>#<region>`, written by the alerter's `HeartbeatStore`. */
  HEARTBEAT_PREFIX: 'heartbeat#',
  /** `watchdog#<account>#<region>`: a problem announced and not yet seen recover. */
  STATE_PREFIX: 'watchdog#',
  /** The one item that lets a single run at a time announce (see `lease.ts`). */
  LEASE_KEY: 'lease#watchdog',
  /** Lease attribute: the invocation (Lambda request id) that holds it. */
  LEASE_HOLDER: 'holder',
  /**
   * Lease attribute: epoch seconds after which another run may take it over. It is the table's
   * TTL attribute, so a lease left behind by a crashed run is eventually deleted as well.
   */
  LEASE_EXPIRES_AT: 'expiresAt',
  /** Lease attribute: ISO time it was taken, for whoever inspects the table. */
  LEASE_ACQUIRED_AT: 'acquiredAt',
} as const;
