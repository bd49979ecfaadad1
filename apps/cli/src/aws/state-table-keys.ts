/**
 * The layout of the alerter's state table, as the CLI reads it. It mirrors
 * apps/alerter/src/dedup.ts, heartbeat.ts and watchdog/watchdog-table.ts (the CLI must not import
 * the alerter); when packages/contract lands, these names come from there instead.
 */

/** Physical table name (SecurityNames.TABLE in apps/infra). */
export const STATE_TABLE_NAME = 'trailwatch-state';

/** Partition key attribute (string); the table has no sort key. */
export const PARTITION_KEY = 'pk';

/** Attribute names the CLI reads. */
export const StateAttribute = {
  STATUS: 'status',
  DELIVERED_AT: 'deliveredAt',
  ACCOUNT: 'account',
  REGION: 'region',
  LAST_SEEN: 'lastSeen',
  RECEIVED_AT: 'receivedAt',
  EXPIRES_AT: 'expiresAt',
} as const;

/** `status` of an `event#` item. */
export const EventStatus = { IN_PROGRESS: 'IN_PROGRESS', DELIVERED: 'DELIVERED' } as const;

export const HEARTBEAT_PREFIX = 'heartbeat#';

/** Key of the dedup item of a CloudTrail / EventBridge event id. */
export function eventKey(eventId: string): string {
  return `event#${eventId}`;
}

/** Key of the last-seen item of an account × region. */
export function heartbeatKey(account: string, region: string): string {
  return `${HEARTBEAT_PREFIX}${account}#${region}`;
}
