import {
  FORWARDING_DLQ_ALARM_PREFIX,
  ForwardingRule as ForwardingScope,
  forwardingPattern,
  tamperPattern,
} from '@trailwatch/detections';
import { Aws, CfnCondition, Duration, Fn, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HEARTBEAT_SCHEDULE, MemberNames } from './names.js';

/** One rule on the default bus that forwards to the central bus. */
export interface ForwardingRule {
  /** Construct id; the logical id of the `AWS::Events::Rule` derives from it. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** An event pattern (may be a CloudFormation intrinsic such as `Fn::If`), or … */
  readonly eventPattern?: unknown;
  /** … a schedule. */
  readonly scheduleExpression?: string;
  /** A CloudFormation condition: the rule exists only where it holds. */
  readonly condition?: CfnCondition;
}

/** Properties of {@link MemberForwarding}. */
export interface MemberForwardingProps {
  /** ARN of the central `trailwatch` bus in the security account; may be a parameter token. */
  readonly centralBusArn: string;
  /**
   * The rules to create. Default: the StackSet member rules, `trailwatch-forward` (the
   * catalogue's patterns), in us-east-1 also `trailwatch-forward-global`, `trailwatch-tamper`
   * and an hourly `trailwatch-heartbeat`.
   */
  readonly rules?: readonly ForwardingRule[];
  /**
   * Prefix of the forwarding role's name, suffixed with the region (IAM is global, the stack runs
   * once per region).
   * @default 'trailwatch-forward-'
   */
  readonly roleNamePrefix?: string;
  /**
   * Name of the alarm on the dead-letter queue; must start with `trailwatch-forwarding-dlq`, the
   * prefix the `trailwatch-forwarding-dlq-alarm` detection matches.
   * @default 'trailwatch-forwarding-dlq'
   */
  readonly alarmName?: string;
}

/**
 * Forwarding from one account and region's default bus to the central bus: rules that all send
 * through one role that may only `events:PutEvents` to that bus, an encrypted dead-letter queue
 * for what EventBridge could not deliver, and an alarm on that queue. The alarm has no action:
 * its state change is an `aws.cloudwatch` event on the same default bus, which the member
 * `trailwatch-forward` rule carries to the central bus, where the catalogue's
 * `trailwatch-forwarding-dlq-alarm` detection posts it to Slack. Heartbeats only catch total
 * silence; the alarm catches partial loss.
 *
 * By default it builds the StackSet member rules. IAM, Organizations and account events reach
 * EventBridge only in us-east-1, so their rule (`trailwatch-forward-global`) exists only there,
 * by a CloudFormation condition: one template serves every region of the StackSet. Two
 * forwarding rules, because the union of every pattern would not fit EventBridge's
 * 2,048-character pattern quota. The Identity Center stack passes its own rule instead.
 *
 * @example
 * new MemberForwarding(stack, 'Forwarding', { centralBusArn: param.valueAsString });
 */
export class MemberForwarding extends Construct {
  /** The role EventBridge assumes to put events on the central bus. */
  readonly role: Role;
  /** Receives events EventBridge could not deliver to the central bus. */
  readonly deadLetterQueue: Queue;
  /** In ALARM while the dead-letter queue holds a message. */
  readonly deadLetterAlarm: Alarm;
  /** The rules, by construct id. */
  readonly rules: Readonly<Record<string, CfnRule>>;

  constructor(scope: Construct, id: string, props: MemberForwardingProps) {
    super(scope, id);
    const alarmName = props.alarmName ?? FORWARDING_DLQ_ALARM_PREFIX;
    if (!alarmName.startsWith(FORWARDING_DLQ_ALARM_PREFIX)) {
      throw new Error(
        `alarmName must start with "${FORWARDING_DLQ_ALARM_PREFIX}" so that its state change reaches Slack; got "${alarmName}"`,
      );
    }

    this.role = new Role(this, 'ForwardRole', {
      roleName: `${props.roleNamePrefix ?? MemberNames.FORWARD_ROLE_PREFIX}${Aws.REGION}`,
      description: 'trailwatch: lets EventBridge forward events to the central trailwatch bus',
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['events:PutEvents'], resources: [props.centralBusArn] }),
    );

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the EventBridge targets; a DLQ of a DLQ would only move the problem.',
    });

    // One message is one lost alert. Maximum over 5 minutes: SQS publishes queue metrics every
    // minute, and a message redriven or purged between samples still counts.
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmName,
      alarmDescription:
        'trailwatch: events EventBridge could not forward to the central bus are waiting in the dead-letter queue. Fix the cause (role, bus policy, SCP), then redrive the queue to the central bus.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops publishing for an idle, empty queue: that is "no lost events", not an alarm.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      // No action: the state change itself is the event that reaches Slack (class comment).
    });

    // No RetryPolicy: the default (24 h, 185 attempts) is already the maximum, and CDK documents
    // retry policies as unsupported on event bus targets, so setting one only adds deploy risk.
    const target = {
      id: 'central-bus',
      arn: props.centralBusArn,
      roleArn: this.role.roleArn,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
    };

    const rules: Record<string, CfnRule> = {};
    const ruleSpecs = props.rules ?? this.memberRules();
    for (const rule of ruleSpecs) {
      const cfnRule = new CfnRule(this, rule.id, {
        name: rule.name,
        description: rule.description,
        state: 'ENABLED',
        ...(rule.eventPattern !== undefined ? { eventPattern: rule.eventPattern } : {}),
        ...(rule.scheduleExpression !== undefined
          ? { scheduleExpression: rule.scheduleExpression }
          : {}),
        targets: [target],
      });
      if (rule.condition) cfnRule.cfnOptions.condition = rule.condition;
      rules[rule.id] = cfnRule;
    }
    this.rules = rules;

    this.deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowTrailwatchRules',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: {
          ArnEquals: {
            'aws:SourceArn': ruleSpecs.map(({ id, condition }) =>
              condition
                ? Fn.conditionIf(condition.logicalId, rules[id]!.attrArn, Aws.NO_VALUE)
                : rules[id]!.attrArn,
            ),
          },
        },
      }),
    );
  }

  /** The StackSet member rules (construct ids kept stable: the rules have fixed names). */
  private memberRules(): ForwardingRule[] {
    const inGlobalEventsRegion = new CfnCondition(this, 'IsGlobalEventsRegion', {
      expression: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
    });
    return [
      {
        id: 'ForwardRule',
        name: MemberNames.FORWARD_RULE,
        description:
          'trailwatch: forwards risky IAM and sign-in events and its own DLQ alarm to the central bus',
        eventPattern: forwardingPattern(ForwardingScope.EVERY_REGION),
      },
      {
        id: 'ForwardGlobalRule',
        name: MemberNames.FORWARD_GLOBAL_RULE,
        description: 'trailwatch: forwards risky IAM, Organizations and account events (us-east-1)',
        eventPattern: forwardingPattern(ForwardingScope.US_EAST_1_ONLY),
        condition: inGlobalEventsRegion,
      },
      {
        id: 'TamperRule',
        name: MemberNames.TAMPER_RULE,
        description:
          "trailwatch: forwards changes to trailwatch's own rules, role, stack and trails",
        eventPattern: tamperPattern(),
      },
      {
        id: 'HeartbeatRule',
        name: MemberNames.HEARTBEAT_RULE,
        description: 'trailwatch: hourly heartbeat proving this account and region still forward',
        scheduleExpression: HEARTBEAT_SCHEDULE,
      },
    ];
  }
}
