import { ForwardingRule, forwardingPattern, tamperPattern } from '@trailwatch/detections';
import { Aws, CfnCondition, Duration, Fn, Validations } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HEARTBEAT_SCHEDULE, MemberNames } from './names.js';

/** Properties of {@link MemberForwarding}. */
export interface MemberForwardingProps {
  /** ARN of the central `trailwatch` bus in the security account; may be a parameter token. */
  readonly centralBusArn: string;
}

/**
 * The member side of trailwatch, on the default bus of one account and region:
 * `trailwatch-forward` (the catalogue's patterns), in us-east-1 also `trailwatch-forward-global`,
 * `trailwatch-tamper` and an hourly `trailwatch-heartbeat`, all sent to the central bus through one role that may only
 * `events:PutEvents` to that bus. Undeliverable events land in an encrypted dead-letter queue.
 *
 * IAM, Organizations and account events reach EventBridge only in us-east-1, so their rule
 * (`trailwatch-forward-global`) exists only there, by a CloudFormation condition: one template
 * serves every region of the StackSet. Two forwarding rules, because the union of every pattern
 * would not fit EventBridge's 2,048-character pattern quota.
 *
 * @example
 * new MemberForwarding(stack, 'Forwarding', { centralBusArn: param.valueAsString });
 */
export class MemberForwarding extends Construct {
  /** The role EventBridge assumes to put events on the central bus. */
  readonly role: Role;
  /** Receives events EventBridge could not deliver to the central bus. */
  readonly deadLetterQueue: Queue;
  readonly forwardRule: CfnRule;
  /** Only in us-east-1 (condition `IsGlobalEventsRegion`). */
  readonly forwardGlobalRule: CfnRule;
  readonly tamperRule: CfnRule;
  readonly heartbeatRule: CfnRule;

  constructor(scope: Construct, id: string, props: MemberForwardingProps) {
    super(scope, id);

    const inGlobalEventsRegion = new CfnCondition(this, 'IsGlobalEventsRegion', {
      expression: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
    });

    this.role = new Role(this, 'ForwardRole', {
      roleName: `${MemberNames.FORWARD_ROLE_PREFIX}${Aws.REGION}`,
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

    // No RetryPolicy: the default (24 h, 185 attempts) is already the maximum, and CDK documents
    // retry policies as unsupported on event bus targets, so setting one only adds deploy risk.
    const target = {
      id: 'central-bus',
      arn: props.centralBusArn,
      roleArn: this.role.roleArn,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
    };

    this.forwardRule = new CfnRule(this, 'ForwardRule', {
      name: MemberNames.FORWARD_RULE,
      description: 'trailwatch: forwards risky IAM and sign-in events to the central bus',
      state: 'ENABLED',
      eventPattern: forwardingPattern(ForwardingRule.EVERY_REGION),
      targets: [target],
    });
    this.forwardGlobalRule = new CfnRule(this, 'ForwardGlobalRule', {
      name: MemberNames.FORWARD_GLOBAL_RULE,
      description: 'trailwatch: forwards risky IAM, Organizations and account events (us-east-1)',
      state: 'ENABLED',
      eventPattern: forwardingPattern(ForwardingRule.US_EAST_1_ONLY),
      targets: [target],
    });
    this.forwardGlobalRule.cfnOptions.condition = inGlobalEventsRegion;
    this.tamperRule = new CfnRule(this, 'TamperRule', {
      name: MemberNames.TAMPER_RULE,
      description: "trailwatch: forwards changes to trailwatch's own rules, role, stack and trails",
      state: 'ENABLED',
      eventPattern: tamperPattern(),
      targets: [target],
    });
    this.heartbeatRule = new CfnRule(this, 'HeartbeatRule', {
      name: MemberNames.HEARTBEAT_RULE,
      description: 'trailwatch: hourly heartbeat proving this account and region still forward',
      state: 'ENABLED',
      scheduleExpression: HEARTBEAT_SCHEDULE,
      targets: [target],
    });

    this.deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowTrailwatchRules',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: {
          ArnEquals: {
            'aws:SourceArn': [
              this.forwardRule.attrArn,
              Fn.conditionIf(
                inGlobalEventsRegion.logicalId,
                this.forwardGlobalRule.attrArn,
                Aws.NO_VALUE,
              ),
              this.tamperRule.attrArn,
              this.heartbeatRule.attrArn,
            ],
          },
        },
      }),
    );
  }
}
