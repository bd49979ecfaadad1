import { TestAlert } from '@trailwatch/contract';

/**
 * The test event's shape: the contract's source, detail-type and detection id, which the alerter
 * and the central bus's trailwatch-test-alerts rule recognise.
 */
export const TEST_ALERT_SOURCE = TestAlert.SOURCE;
export const TEST_ALERT_DETAIL_TYPE = TestAlert.DETAIL_TYPE;
export const TEST_ALERT_DETECTION_ID = TestAlert.DETECTION_ID;
export const TEST_ALERT_SEVERITY = TestAlert.SEVERITY;

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
