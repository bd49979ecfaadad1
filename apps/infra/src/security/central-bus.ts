import { FORWARDING_ROLE_PREFIX, SecurityNames, TestAlert } from '@trailwatch/contract';
import { Aws, Duration } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { centralPattern } from '../central-pattern.js';

/** Properties of {@link CentralBus}. */
export interface CentralBusProps {
  readonly organizationId: string;
  /** Where the central rule sends what it accepts. */
  readonly queue: IQueue;
  /** The rule target's own dead-letter queue (events it could not put on `queue`). */
  readonly deadLetterQueue: IQueue;
  /** The security account: the only one whose principals may send test alerts. */
  readonly securityAccountId: string;
}

/**
 * The organization-wide bus and its one rule. Only trailwatch's forwarding roles, in accounts of
 * the organization, may put events on it; the rule accepts only the sources the catalogue uses.
 *
 * @example
 * new CentralBus(this, 'CentralBus', { organizationId: 'o-a1b2c3d4e5', queue, deadLetterQueue });
 */
export class CentralBus extends Construct {
  readonly bus: EventBus;
  readonly rule: Rule;
  readonly testAlertRule: Rule;

  constructor(scope: Construct, id: string, props: CentralBusProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: SecurityNames.BUS,
      description: 'trailwatch: events forwarded from every account and region of the organization',
    });
    // Both conditions: the org id keeps outside accounts out, the role name keeps every other
    // principal of the organization (a developer, a compromised workload) from forging input.
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowPutEventsFromForwardingRoles',
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          ArnLike: {
            'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::*:role/${FORWARDING_ROLE_PREFIX}*`,
          },
        },
      }),
    );
    this.rule = new Rule(this, 'AlertRule', {
      ruleName: SecurityNames.ALERT_RULE,
      description: 'trailwatch: the sources the detection catalogue uses, to the alerter queue',
      eventBus: this.bus,
      eventPattern: centralPattern() as never,
    });
    const target = () =>
      new SqsQueue(props.queue, {
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      });
    this.rule.addTarget(target());
    // `trailwatch test-alert` events: a custom source, which the alert rule (aws.* only) drops.
    // Only principals of the security account itself can put them (the bus policy admits no
    // other account's custom events), so a member account cannot.
    this.testAlertRule = new Rule(this, 'TestAlertRule', {
      ruleName: SecurityNames.TEST_ALERT_RULE,
      description: 'trailwatch: test alerts from trailwatch test-alert (security account only)',
      eventBus: this.bus,
      eventPattern: {
        source: [TestAlert.SOURCE],
        detailType: [TestAlert.DETAIL_TYPE],
        account: [props.securityAccountId],
      },
    });
    this.testAlertRule.addTarget(target());
  }
}
