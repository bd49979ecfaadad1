/**
 * The test event's shape. It mirrors apps/alerter/src/test-alert.ts (source, detail-type and
 * detection id), which the alerter and the central bus's trailwatch-test-alerts rule recognise;
 * the CLI cannot import the alerter, so the names are repeated here until packages/contract
 * holds them.
 */
export const TEST_ALERT_SOURCE = 'trailwatch.test';
export const TEST_ALERT_DETAIL_TYPE = 'trailwatch test alert';
export const TEST_ALERT_DETECTION_ID = 'trailwatch-test-alert';
export const TEST_ALERT_SEVERITY = 'info';

/** A CloudTrail-shaped detail, so the alerter renders and routes it like any alert. */
export function testAlertDetail(input: {
  eventId: string;
  account: string;
  region: string;
  time: string;
  sentBy: string;
}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventSource: TEST_ALERT_SOURCE,
    eventName: 'TrailwatchTestAlert',
    eventType: 'AwsApiCall',
    eventID: input.eventId,
    eventTime: input.time,
    awsRegion: input.region,
    recipientAccountId: input.account,
    readOnly: false,
    userIdentity: {
      type: 'AssumedRole',
      arn: input.sentBy,
      accountId: input.sentBy.split(':')[4] ?? '',
    },
    userAgent: 'trailwatch-cli test-alert',
    requestParameters: null,
    responseElements: null,
  };
}
