import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { TestAlert } from '@trailwatch/contract';
import type { Detection, Match } from '@trailwatch/detections';

/**
 * `trailwatch test-alert` puts an event with this source and detail-type on the central bus.
 * Custom events cannot use an `aws.` source, so it can never pass for a real detection; the
 * central bus's `trailwatch-test-alerts` rule accepts it only from the security account.
 */
export const TEST_ALERT_SOURCE = TestAlert.SOURCE;
export const TEST_ALERT_DETAIL_TYPE = TestAlert.DETAIL_TYPE;

/**
 * The detection a test event is posted as. It is not in the catalogue: member rules never
 * forward it and replay never reports it; only the alerter knows it, to prove the path from the
 * central bus to Slack (rule → queue → alerter → route → webhook) and the dedup record.
 */
export const TEST_ALERT_DETECTION: Detection = {
  id: TestAlert.DETECTION_ID,
  title: 'TEST — trailwatch test alert (no action needed)',
  severity: 'info',
  rationale: 'Sent by `trailwatch test-alert` to check that alerts reach this channel.',
  references: {},
  pattern: { source: [TEST_ALERT_SOURCE], 'detail-type': [TEST_ALERT_DETAIL_TYPE] },
  scope: 'every-region',
  describe: (event) =>
    `Test alert for account ${event.account} in ${event.region}, sent with trailwatch test-alert at ${event.time}. Nothing happened; no action needed.`,
};

/** The test detection's match for an event from `trailwatch test-alert`, else undefined. */
export function testAlertMatch(event: CloudTrailEvent): Match | undefined {
  const { envelope } = event;
  if (envelope.source !== TEST_ALERT_SOURCE || envelope['detail-type'] !== TEST_ALERT_DETAIL_TYPE) {
    return undefined;
  }
  return {
    detection: TEST_ALERT_DETECTION,
    event,
    summary: TEST_ALERT_DETECTION.describe(event, {}),
  };
}
