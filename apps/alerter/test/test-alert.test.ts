import { createClassifier } from '@trailwatch/detections';
import { renderAlert } from '@trailwatch/slack';
import { describe, expect, it } from 'vitest';
import { sortRecords } from '../src/sort-records.js';
import { TEST_ALERT_DETECTION } from '../src/test-alert.js';
import { sqsRecord } from './helpers/alerts.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';

/** What `trailwatch test-alert` puts on the bus, as EventBridge delivers it to the queue. */
function testEvent(overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'eb-1',
    'detail-type': 'trailwatch test alert',
    source: 'trailwatch.test',
    account: '222222222222',
    time: '2026-12-02T10:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      eventSource: 'trailwatch.test',
      eventName: 'TrailwatchTestAlert',
      eventType: 'AwsApiCall',
      eventID: 'trailwatch-test-1',
      eventTime: '2026-12-02T10:00:00Z',
      awsRegion: 'ap-south-1',
      recipientAccountId: '333344445555',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/admin/me' },
    },
    ...overrides,
  };
}

describe('Function: sortRecords (test alerts)', () => {
  it('turns a trailwatch test-alert event into one info alert about the account and region it names', () => {
    const sorted = sortRecords([sqsRecord(testEvent())], createClassifier(), recordingTelemetry());
    expect(sorted.matched).toHaveLength(1);
    const match = sorted.matched[0]?.match;
    expect(match?.detection).toBe(TEST_ALERT_DETECTION);
    expect(match?.event).toMatchObject({
      eventId: 'trailwatch-test-1',
      account: '333344445555',
      region: 'ap-south-1',
    });
    expect(match?.summary).toMatch(/^Test alert for account 333344445555 in ap-south-1/);
    const message = renderAlert({
      match: match as NonNullable<typeof match>,
      account: { id: '333344445555' },
    });
    expect(JSON.stringify(message)).toContain('TEST — trailwatch test alert');
  });

  it('ignores the trailwatch.test source with any other detail-type (nothing matches it)', () => {
    const sorted = sortRecords(
      [sqsRecord(testEvent({ 'detail-type': 'AWS API Call via CloudTrail' }))],
      createClassifier(),
      recordingTelemetry(),
    );
    expect(sorted.matched).toEqual([]);
  });
});
