import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import { recordString, safeDescribe } from './event-fields.js';

/**
 * Name prefix of the CloudWatch alarm on every member-side forwarding dead-letter queue
 * (`trailwatch-forwarding-dlq`, `trailwatch-forwarding-dlq-identity-center`). The security
 * account's own `trailwatch-*` alarms do not share it, so they never reach Slack through here.
 */
export const FORWARDING_DLQ_ALARM_PREFIX = 'trailwatch-forwarding-dlq';

/** Detail-type of the events CloudWatch sends to EventBridge when an alarm changes state. */
export const ALARM_STATE_CHANGE_DETAIL_TYPE = 'CloudWatch Alarm State Change';

/**
 * How many events wait, from the datapoint that crossed the threshold (`state.reasonData` is a
 * JSON string with `recentDatapoints`); `events` when it cannot be read.
 */
function waitingOf(event: CloudTrailEvent): string {
  try {
    const data = JSON.parse(recordString(event, 'state', 'reasonData') ?? '') as {
      recentDatapoints?: unknown;
    };
    const points = Array.isArray(data.recentDatapoints) ? data.recentDatapoints : [];
    const count = points.find((p): p is number => typeof p === 'number' && Number.isFinite(p));
    if (count !== undefined && count >= 1) {
      return `${Math.round(count)} event${Math.round(count) === 1 ? '' : 's'}`;
    }
  } catch {
    // reasonData is CloudWatch's; an unreadable one only costs the count
  }
  return 'events';
}

/** trailwatch's own delivery health, reported in Slack like any detection. */
export const trailwatchHealthDetections: readonly Detection[] = [
  {
    id: 'trailwatch-forwarding-dlq-alarm',
    title: 'trailwatch events stuck in a member dead-letter queue',
    severity: Severity.HIGH,
    rationale:
      'EventBridge could not deliver events from this account and region to the central bus (a denied or deleted role, a changed bus policy, an SCP) and parked them in the forwarding dead-letter queue. Those alerts are missing until someone fixes the cause and redrives the queue; heartbeats only catch total silence, this catches partial loss.',
    references: { mitre: ['T1562.001'] },
    pattern: {
      source: ['aws.cloudwatch'],
      'detail-type': [ALARM_STATE_CHANGE_DETAIL_TYPE],
      detail: {
        alarmName: [{ prefix: FORWARDING_DLQ_ALARM_PREFIX }],
        // OK and INSUFFICIENT_DATA (recovery, creation) are not news.
        state: { value: ['ALARM'] },
      },
    },
    // Every member region has its own rules, queue and alarm.
    scope: Scope.EVERY_REGION,
    describe: safeDescribe(
      (e) =>
        `${waitingOf(e)} could not be forwarded to the central bus and wait in the dead-letter queue (alarm ${recordString(e, 'alarmName') ?? FORWARDING_DLQ_ALARM_PREFIX})`,
    ),
  },
];
