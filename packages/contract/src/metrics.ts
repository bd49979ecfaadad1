/** The CloudWatch namespace of every trailwatch metric (Powertools `POWERTOOLS_METRICS_NAMESPACE`). */
export const METRICS_NAMESPACE = 'Trailwatch';

/**
 * Powertools `service` names; Powertools adds `service` as a dimension to every metric, so the
 * alarms must name the same service the functions run as.
 */
export const ServiceName = {
  ALERTER: 'trailwatch-alerter',
  WATCHDOG: 'trailwatch-watchdog',
} as const;

/** EMF counters the alerter emits. */
export const AlerterMetric = {
  /** Events delivered to Slack (individually or inside a digest). */
  ALERTS: 'Alerts',
  /** Digest messages delivered. */
  DIGESTS: 'Digests',
  /** Events skipped because the same eventID was already delivered. */
  DEDUP_HITS: 'DedupHits',
  /** Alerts sent with the bare account id because Organizations was slow, denied or down. */
  ENRICHMENT_FALLBACKS: 'EnrichmentFallbacks',
  /** Slack answers other than `ok`, with dimension `kind`. */
  SLACK_ERRORS: 'SlackErrors',
  /** Heartbeats recorded; the fleet-wide HeartbeatsMissing alarm watches it. */
  HEARTBEATS: 'Heartbeats',
  /** Records acknowledged without processing because their body is not a usable event. */
  MALFORMED: 'Malformed',
  /**
   * Events acknowledged after two posts that Slack took but never answered (timeouts after
   * sending): most likely in the channel, possibly twice, but unconfirmed. The security stack
   * alarms on it (`UnconfirmedDeliveries`).
   */
  UNCONFIRMED_DELIVERIES: 'UnconfirmedDeliveries',
  /** Alerts a mute skipped, with dimension `detection`. */
  MUTED: 'Muted',
  /** Stateful (threshold and sequence) detections that fired. */
  CORRELATIONS: 'Correlations',
  /**
   * Alerts handed back to SQS to wait for their storm window's digest, with dimension
   * `detection`. Each hold is one more SQS receive of the record.
   */
  STORM_HELD: 'StormHeld',
  /**
   * Batches whose daily-summary counts could not be written (the alerts themselves were posted
   * and acknowledged as usual; that day's summary undercounts them).
   */
  SUMMARY_COUNT_FAILURES: 'SummaryCountFailures',
} as const;
export type AlerterMetric = (typeof AlerterMetric)[keyof typeof AlerterMetric];

/** EMF gauges the watchdog writes on every run, zero included. */
export const WatchdogMetric = {
  /** Account × regions of covered accounts without a recent heartbeat. */
  SILENT_ACCOUNT_REGIONS: 'SilentAccountRegions',
  /** Accounts in scope past their grace period that never sent a heartbeat. */
  UNCOVERED_ACCOUNTS: 'UncoveredAccounts',
} as const;
export type WatchdogMetric = (typeof WatchdogMetric)[keyof typeof WatchdogMetric];
