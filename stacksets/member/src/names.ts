import { HEARTBEAT_RULE_NAME } from '@trailwatch/detections';

/** Physical names in every member account and region; detections' tamper pattern watches them. */
export const MemberNames = {
  FORWARD_RULE: 'trailwatch-forward',
  /** us-east-1 only: IAM, Organizations and account events, which arrive nowhere else. */
  FORWARD_GLOBAL_RULE: 'trailwatch-forward-global',
  TAMPER_RULE: 'trailwatch-tamper',
  /** The alerter recognises heartbeats by this rule name in the event's `resources`. */
  HEARTBEAT_RULE: HEARTBEAT_RULE_NAME,
  /** Suffixed with the region at deploy time: IAM is global, the stack runs once per region. */
  FORWARD_ROLE_PREFIX: 'trailwatch-forward-',
} as const;

/** CloudFormation parameter names of the member template. */
export const MemberParameters = {
  CENTRAL_BUS_ARN: 'CentralBusArn',
} as const;

/** The hourly heartbeat schedule. */
export const HEARTBEAT_SCHEDULE = 'rate(1 hour)';
