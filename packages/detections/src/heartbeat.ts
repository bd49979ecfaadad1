/** detail-type of the scheduled events the member's `trailwatch-heartbeat` rule emits. */
export const HEARTBEAT_DETAIL_TYPE = 'Scheduled Event' as const;

/**
 * The heartbeat rule's name; rule ARNs end in `rule/<name>` (default bus), so a rule merely
 * named like it (`trailwatch-heartbeat-test`) is not a heartbeat.
 */
export const HEARTBEAT_RULE_NAME = 'trailwatch-heartbeat';

const RULE_MARKER = `rule/${HEARTBEAT_RULE_NAME}`;

/**
 * Whether an EventBridge envelope is a trailwatch heartbeat: a scheduled event
 * (`source: aws.events`, detail-type `Scheduled Event`) whose resources name the
 * `trailwatch-heartbeat` rule. Never throws.
 */
export function isHeartbeat(envelope: unknown): boolean {
  if (envelope === null || typeof envelope !== 'object') return false;
  const e = envelope as Record<string, unknown>;
  if (e.source !== 'aws.events' || e['detail-type'] !== HEARTBEAT_DETAIL_TYPE) return false;
  const resources = e.resources;
  return (
    Array.isArray(resources) &&
    resources.some((arn) => typeof arn === 'string' && arn.endsWith(RULE_MARKER))
  );
}
