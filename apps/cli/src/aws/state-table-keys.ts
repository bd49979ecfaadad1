import {
  ClaimStatus,
  eventKey,
  heartbeatKey,
  SecurityNames,
  StateKeyPrefix,
  StateTable,
} from '@trailwatch/contract';

/** The state table's layout as the CLI reads it: the contract's, shared with the alerter. */

/** Physical table name. */
export const STATE_TABLE_NAME = SecurityNames.TABLE;

/** Partition key attribute (string); the table has no sort key. */
export const PARTITION_KEY = StateTable.PARTITION_KEY;

/** Attribute names the CLI reads. */
export const StateAttribute = {
  STATUS: StateTable.STATUS_ATTRIBUTE,
  DELIVERED_AT: 'deliveredAt',
  ACCOUNT: StateTable.ACCOUNT_ATTRIBUTE,
  REGION: StateTable.REGION_ATTRIBUTE,
  LAST_SEEN: StateTable.LAST_SEEN_ATTRIBUTE,
  RECEIVED_AT: StateTable.RECEIVED_AT_ATTRIBUTE,
  EXPIRES_AT: StateTable.TTL_ATTRIBUTE,
} as const;

/** `status` of an `event#` item. */
export const EventStatus = ClaimStatus;

export const HEARTBEAT_PREFIX = StateKeyPrefix.HEARTBEAT;

export { eventKey, heartbeatKey };
