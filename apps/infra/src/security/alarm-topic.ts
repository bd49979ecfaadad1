import { SecurityNames } from '@trailwatch/contract';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Subscribed by e-mail (confirm the subscription once). */
  readonly email?: string;
  /** An existing topic in the same region that also receives every alarm. */
  readonly topicArn?: string;
}

/** Options of {@link AlarmTopic.addAlarm}. */
export interface AddAlarmOptions {
  /** @default 1 */
  readonly threshold?: number;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparisonOperator?: ComparisonOperator;
  /** @default NOT_BREACHING */
  readonly treatMissingData?: TreatMissingData;
}

/** Five minutes: the period of most trailwatch alarms. */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * The encrypted topic every trailwatch alarm notifies, and the one way to add an alarm to it.
 * CloudWatch needs a key policy grant to publish to an encrypted topic (the AWS-managed aws/sns
 * key cannot give it), hence a customer managed key, limited to this account's trailwatch alarms.
 *
 * @example
 * const alarms = new AlarmTopic(this, 'Alarms', { email: 'secops@example.com' });
 * alarms.addAlarm('AlerterErrors', 'The alerter failed whole invocations.', fn.metricErrors());
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  readonly actions: readonly IAlarmAction[];
  readonly #alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const alarmArns = `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:trailwatch-*`;
    this.key = new Key(this, 'Key', {
      description: 'trailwatch: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // Confused-deputy guard: only this account's trailwatch alarms may use the key through CloudWatch.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowTrailwatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': alarmArns },
        },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      topicName: SecurityNames.ALARM_TOPIC,
      displayName: 'trailwatch alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    // enforceSSL replaces SNS's default topic policy, so CloudWatch's publish right is explicit.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowTrailwatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': alarmArns },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    const actions: IAlarmAction[] = [new SnsAction(this.topic)];
    if (props.topicArn) {
      actions.push(new SnsAction(Topic.fromTopicArn(this, 'ExternalTopic', props.topicArn)));
    }
    this.actions = actions;
  }

  /** Every alarm added so far. */
  get alarms(): readonly Alarm[] {
    return [...this.#alarms];
  }

  /**
   * Adds an alarm named `trailwatch-<kebab-case id>` (the key and topic policies admit only
   * that prefix) that notifies this topic.
   */
  addAlarm(
    scope: Construct,
    id: string,
    description: string,
    metric: IMetric,
    options: AddAlarmOptions = {},
  ): Alarm {
    const alarm = new Alarm(scope, id, {
      alarmName: `trailwatch-${id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
      alarmDescription: description,
      metric,
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator:
        options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    for (const action of this.actions) alarm.addAlarmAction(action);
    this.#alarms.push(alarm);
    return alarm;
  }
}
