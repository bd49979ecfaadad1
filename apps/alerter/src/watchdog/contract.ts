import { leaseKey, StateKeyPrefix, StateTable, WatchdogVariable } from '@trailwatch/contract';

/** The watchdog's environment names: the contract's, which the stacks' builder also uses. */
export const WatchdogEnvironmentVariable = WatchdogVariable;

/**
 * The watchdog's items in the state table, named from the contract (partition key `pk`, TTL
 * attribute `expiresAt` in epoch seconds). Heartbeats are written by the alerter; the rest only
 * by the watchdog.
 */
export const WatchdogTableItem = {
  PARTITION_KEY: StateTable.PARTITION_KEY,
  /** `heartbeat#<account>#<region>`, written by the alerter's `HeartbeatStore`. */
  HEARTBEAT_PREFIX: StateKeyPrefix.HEARTBEAT,
  /** `watchdog#<account>#<region>`: a problem announced and not yet seen recover. */
  STATE_PREFIX: StateKeyPrefix.WATCHDOG,
  /** The one item that lets a single run at a time announce (see `lease.ts`). */
  LEASE_KEY: leaseKey('watchdog'),
  LEASE_HOLDER: StateTable.LEASE_HOLDER_ATTRIBUTE,
  /**
   * Lease attribute: epoch seconds after which another run may take it over. It is the table's
   * TTL attribute, so a lease left behind by a crashed run is eventually deleted as well.
   */
  LEASE_EXPIRES_AT: StateTable.TTL_ATTRIBUTE,
  LEASE_ACQUIRED_AT: StateTable.LEASE_ACQUIRED_AT_ATTRIBUTE,
} as const;
