/**
 * The state table's layout. One partition key, no sort key; every item kind has its own key
 * prefix, and DynamoDB TTL removes items after `expiresAt` (epoch seconds).
 */
export const StateTable = {
  PARTITION_KEY: 'pk',
  TTL_ATTRIBUTE: 'expiresAt',
  /** Dedup claims: `IN_PROGRESS` or `DELIVERED`. */
  STATUS_ATTRIBUTE: 'status',
  /** The claimant's random token, so a writer recognises its own claim. */
  TOKEN_ATTRIBUTE: 'token',
  /** Account id and region of heartbeat and watchdog items. */
  ACCOUNT_ATTRIBUTE: 'account',
  REGION_ATTRIBUTE: 'region',
  /** ISO time of the last heartbeat of an account × region (the heartbeat's own time). */
  LAST_SEEN_ATTRIBUTE: 'lastSeen',
  /** ISO time the alerter recorded the heartbeat (its own clock). */
  RECEIVED_AT_ATTRIBUTE: 'receivedAt',
  /** Lease attribute: the invocation (Lambda request id) that holds it. */
  LEASE_HOLDER_ATTRIBUTE: 'holder',
  /** Lease attribute: ISO time it was taken, for whoever inspects the table. */
  LEASE_ACQUIRED_AT_ATTRIBUTE: 'acquiredAt',
  /** Storm window: epoch ms starts of the storm's recent windows (absent while no storm is on). */
  STORM_WINDOWS_ATTRIBUTE: 'windows',
  /** Storm window: epoch ms the current counting window began, and the alerts counted in it. */
  STORM_WINDOW_START_ATTRIBUTE: 'windowStart',
  STORM_COUNT_ATTRIBUTE: 'alertCount',
  /** Storm window: epoch ms of the newest alert counted (the storm ends a window after it). */
  STORM_LAST_ALERT_ATTRIBUTE: 'lastAlertAt',
  /** Storm window: optimistic-lock version, bumped by every write. */
  STORM_VERSION_ATTRIBUTE: 'version',
  /** Daily-summary hour item: alerts Slack accepted in the hour, all detections together. */
  SUMMARY_TOTAL_ATTRIBUTE: 'total',
  /** Daily-summary marker: ISO time the watchdog posted that local day's summary. */
  SUMMARY_POSTED_AT_ATTRIBUTE: 'postedAt',
} as const;

/**
 * Name prefixes of the counters on a daily-summary hour item (`summary#…`): one numeric attribute
 * per prefix × value, e.g. `d#root-sign-in` = 3. Top-level attributes, because DynamoDB's `ADD`
 * creates only those; the prefixes keep them apart from `pk`, `expiresAt` and `total`.
 */
export const SummaryCounter = {
  /** Alerts Slack accepted, by detection id. */
  DETECTION: 'd#',
  /** Alerts Slack accepted, by 12-digit account id. */
  ACCOUNT: 'a#',
  /** Alerts Slack accepted, by actor text (clipped by the alerter). */
  ACTOR: 'u#',
  /** Alerts a mute skipped, by detection id. */
  MUTED: 'm#',
  /** Stateful (threshold and sequence) alerts Slack accepted, by detection id. */
  STATEFUL: 's#',
} as const;
export type SummaryCounter = (typeof SummaryCounter)[keyof typeof SummaryCounter];

/** Values of {@link StateTable.STATUS_ATTRIBUTE} on dedup claims. */
export const ClaimStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  DELIVERED: 'DELIVERED',
  /** A post timed out (or lost its connection) after it was sent: Slack may show it already. */
  MAYBE_DELIVERED: 'MAYBE_DELIVERED',
} as const;
export type ClaimStatus = (typeof ClaimStatus)[keyof typeof ClaimStatus];

/** Key prefixes, one per item kind. */
export const StateKeyPrefix = {
  EVENT: 'event#',
  HEARTBEAT: 'heartbeat#',
  WATCHDOG: 'watchdog#',
  LEASE: 'lease#',
  /** State of one stateful detection × key (`correlation#<detection>#<key>`). */
  CORRELATION: 'correlation#',
  /** A mute set by `trailwatch mute` (`mute#<id>`). */
  MUTE: 'mute#',
  /** Storm window of one detection × route (`storm#<detection>#<route hash>`). */
  STORM: 'storm#',
  /** Daily-summary counts of one route × UTC hour (`summary#<route hash>#<YYYY-MM-DDTHH>`). */
  SUMMARY: 'summary#',
  /** A posted daily summary of one route × local day (`summary-posted#<route hash>#<YYYY-MM-DD>`). */
  SUMMARY_POSTED: 'summary-posted#',
} as const;

/** Dedup claim of one CloudTrail event. */
export function eventKey(eventId: string): string {
  return `${StateKeyPrefix.EVENT}${eventId}`;
}

/** Last heartbeat of one account × region. */
export function heartbeatKey(accountId: string, region: string): string {
  return `${StateKeyPrefix.HEARTBEAT}${accountId}#${region}`;
}

/** A problem the watchdog announced for one account × region. */
export function watchdogKey(accountId: string, region: string): string {
  return `${StateKeyPrefix.WATCHDOG}${accountId}#${region}`;
}

/** A named lease (a conditional write with expiry) that keeps overlapping runs apart. */
export function leaseKey(name: string): string {
  return `${StateKeyPrefix.LEASE}${name}`;
}

/** The window of one stateful detection × key. */
export function correlationKey(detectionId: string, key: string): string {
  return `${StateKeyPrefix.CORRELATION}${detectionId}#${key}`;
}

/** The storm window of one detection × route; the route (a secret id) is hashed by the caller. */
export function stormKey(detectionId: string, routeHash: string): string {
  return `${StateKeyPrefix.STORM}${detectionId}#${routeHash}`;
}

/** The counts of one route × UTC hour; `utcHour` is `YYYY-MM-DDTHH` (see {@link utcHourOf}). */
export function summaryKey(routeHash: string, utcHour: string): string {
  return `${StateKeyPrefix.SUMMARY}${routeHash}#${utcHour}`;
}

/** The marker that one route's summary of local date `localDate` (`YYYY-MM-DD`) was posted. */
export function summaryPostedKey(routeHash: string, localDate: string): string {
  return `${StateKeyPrefix.SUMMARY_POSTED}${routeHash}#${localDate}`;
}

/** The UTC hour an epoch-ms time falls in, as the summary keys spell it: `2026-11-27T09`. */
export function utcHourOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 13);
}

/** Account and region of a `heartbeat#` or `watchdog#` key, or undefined for any other key. */
export function parseAccountRegionKey(
  key: string,
): { kind: 'heartbeat' | 'watchdog'; accountId: string; region: string } | undefined {
  const match = /^(heartbeat|watchdog)#(\d{12})#([a-z0-9-]+)$/.exec(key);
  if (match === null) return undefined;
  return {
    kind: match[1] as 'heartbeat' | 'watchdog',
    accountId: match[2] as string,
    region: match[3] as string,
  };
}
