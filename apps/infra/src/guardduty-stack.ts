import { centralBusArn, type TrailwatchConfig } from '@trailwatch/config';
import { FORWARDING_ROLE_PREFIX } from '@trailwatch/contract';
import { guardDutyFindingPattern } from '@trailwatch/detections';
import { MemberForwarding } from '@trailwatch/member-stack';
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnRule } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/** Physical names of the GuardDuty forwarding stacks. */
export const GuardDutyNames = {
  RULE: 'trailwatch-guardduty-findings',
  /** Under the forwarding-role prefix, which is what the central bus policy admits. */
  ROLE_PREFIX: `${FORWARDING_ROLE_PREFIX}guardduty-`,
  /** Starts with the prefix the `trailwatch-forwarding-dlq-alarm` detection matches. */
  DLQ_ALARM: 'trailwatch-forwarding-dlq-guardduty',
} as const;

/** Properties of {@link GuardDutyForwardingStack}. */
export interface GuardDutyForwardingStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
  readonly region: string;
}

/**
 * Forwards GuardDuty findings at least `guardDuty.minSeverity` severe from the GuardDuty
 * administrator account, which receives every member's findings in each region, to the central
 * bus: the machine-learning and threat-intelligence findings no CloudTrail rule can express. The
 * member forwarding construct with one rule, so it gets the same role limits, DLQ and DLQ alarm.
 */
export class GuardDutyForwardingStack extends Stack {
  readonly forwarding: MemberForwarding;
  readonly rule: CfnRule;

  constructor(scope: Construct, id: string, props: GuardDutyForwardingStackProps) {
    const { config, region, ...stackProps } = props;
    const guardDuty = config.guardDuty;
    if (!guardDuty)
      throw new Error('GuardDutyForwardingStack needs guardDuty in the configuration');
    super(scope, id, {
      description: 'trailwatch: forwards GuardDuty findings to the central bus',
      terminationProtection: true,
      ...stackProps,
      env: { account: guardDuty.adminAccountId, region },
    });
    this.forwarding = new MemberForwarding(this, 'Default', {
      centralBusArn: centralBusArn(config),
      roleNamePrefix: GuardDutyNames.ROLE_PREFIX,
      alarmName: GuardDutyNames.DLQ_ALARM,
      rules: [
        {
          id: 'FindingsRule',
          name: GuardDutyNames.RULE,
          description: `trailwatch: GuardDuty findings of severity ${guardDuty.minSeverity} or more to the central bus`,
          eventPattern: guardDutyFindingPattern(guardDuty.minSeverity),
        },
      ],
    });
    this.rule = this.forwarding.rules.FindingsRule!;
  }
}
