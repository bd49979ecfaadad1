import { randomUUID } from 'node:crypto';
import { partitionOf } from '@trailwatch/contract';
import { HEARTBEAT_DETAIL_TYPE, HEARTBEAT_RULE_NAME } from '@trailwatch/detections';

/**
 * The heartbeats the member stacks' hourly `trailwatch-heartbeat` rule sends, one per
 * account × region, as EventBridge scheduled events at `at`. The samples are CloudTrail activity
 * only: without these the watchdog would call every sample account uncovered, which says nothing
 * about the pipeline the run shows.
 */
export function heartbeatBodies(
  accountIds: readonly string[],
  regions: readonly string[],
  at: Date,
): string[] {
  const time = `${at.toISOString().slice(0, 19)}Z`;
  return accountIds.flatMap((account) =>
    regions.map((region) =>
      JSON.stringify({
        version: '0',
        id: randomUUID(),
        'detail-type': HEARTBEAT_DETAIL_TYPE,
        source: 'aws.events',
        account,
        time,
        region,
        resources: [
          `arn:${partitionOf(region)}:events:${region}:${account}:rule/${HEARTBEAT_RULE_NAME}`,
        ],
        detail: {},
      }),
    ),
  );
}
