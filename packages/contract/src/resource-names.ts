/**
 * Physical names of the security account's resources. The stacks create them under these names,
 * and the CLI, the runbooks and the alarms find them by the same names.
 */
export const SecurityNames = {
  BUS: 'trailwatch',
  ALERT_RULE: 'trailwatch-alerts',
  /** Accepts `trailwatch test-alert` events (source trailwatch.test) from the security account only. */
  TEST_ALERT_RULE: 'trailwatch-test-alerts',
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
} as const;

/**
 * Prefix of the member forwarding role, `trailwatch-forward-<region>`. The central bus policy
 * admits only roles with this prefix, so the name is part of the bus's security boundary.
 */
export const FORWARDING_ROLE_PREFIX = 'trailwatch-forward-';

/** The AWS partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The SQS URL of a queue; queue URLs are known before deploy because the names are fixed. */
export function queueUrl(region: string, accountId: string, name: string): string {
  const domain = partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${accountId}/${name}`;
}

/**
 * `trailwatch test-alert` puts an event with this source and detail-type on the central bus; the
 * alerter posts it as the (non-catalogue) detection `DETECTION_ID`. Custom events cannot use an
 * `aws.` source, so it can never pass for a real detection.
 */
export const TestAlert = {
  SOURCE: 'trailwatch.test',
  DETAIL_TYPE: 'trailwatch test alert',
  DETECTION_ID: 'trailwatch-test-alert',
  SEVERITY: 'info',
} as const;
