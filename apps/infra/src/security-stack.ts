import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CENTRAL_BUS_NAME, type TrailwatchConfig, webhookSecretNames } from '@trailwatch/config';
import {
  Aws,
  CfnDeletionPolicy,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Match, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { AnyPrincipal, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { alerterEnvironment } from './alerter-environment.js';
import { centralSources } from './central-pattern.js';
import { ORGANIZATIONS_READ_ACTIONS, Powertools, SecurityNames } from './constants.js';
import { AlerterBundleMissingError } from './errors.js';
import { HeartbeatWatchdog } from './heartbeat-watchdog.js';
import { TrailwatchFunction } from './trailwatch-function.js';

/** Properties of {@link SecurityStack}. */
export interface SecurityStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
  /** Directory holding the alerter bundle: `index.mjs` exporting `handler`. */
  readonly alerterBundleDir: string;
}

/**
 * The security account's half of trailwatch, in the home region: the organization-wide bus,
 * the durable queue, the alerter, its state table, the webhook secrets and the alarms that say
 * when any of it is broken.
 *
 * @example
 * new SecurityStack(app, 'TrailwatchSecurity', { config, alerterBundleDir: 'apps/alerter/dist' });
 */
export class SecurityStack extends Stack {
  readonly bus: EventBus;
  readonly alertRule: Rule;
  readonly eventsQueue: Queue;
  readonly eventsDeadLetterQueue: Queue;
  readonly deliveryDeadLetterQueue: Queue;
  readonly testAlertRule: Rule;
  readonly alerter: LambdaFunction;
  readonly table: Table;
  readonly secrets: readonly CfnSecret[];
  readonly alarmTopic: Topic;
  readonly alarms: readonly Alarm[];
  readonly watchdog: HeartbeatWatchdog;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    const { config, alerterBundleDir, ...stackProps } = props;
    super(scope, id, {
      description:
        'trailwatch security account: central bus, queue, alerter Lambda, state table, webhook secrets and alarms',
      ...stackProps,
      env: { account: config.securityAccountId, region: config.homeRegion },
    });
    for (const entry of ['index.mjs', 'watchdog.mjs']) {
      if (!existsSync(join(alerterBundleDir, entry))) {
        throw new AlerterBundleMissingError(alerterBundleDir, entry);
      }
    }
    const tuning = config.alerter;

    // Bus: any principal of the organization may put events, nobody else.
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: CENTRAL_BUS_NAME,
      description: 'trailwatch: events forwarded from every account and region of the organization',
    });
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowPutEventsFromOrganization',
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': config.organizationId } },
      }),
    );

    // Queues: the rule's delivery failures and the alerter's processing failures each get a DLQ.
    const queueDefaults = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    } as const;
    this.deliveryDeadLetterQueue = new Queue(this, 'DeliveryDeadLetterQueue', {
      ...queueDefaults,
      queueName: SecurityNames.DELIVERY_DLQ,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deliveryDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the central rule target; its depth is alarmed instead of redriven.',
    });
    this.eventsDeadLetterQueue = new Queue(this, 'EventsDeadLetterQueue', {
      ...queueDefaults,
      queueName: SecurityNames.EVENTS_DLQ,
      retentionPeriod: Duration.days(14),
    });
    this.eventsQueue = new Queue(this, 'EventsQueue', {
      ...queueDefaults,
      queueName: SecurityNames.EVENTS_QUEUE,
      // AWS: at least six times the function timeout, so a batch is not redelivered mid-run.
      visibilityTimeout: Duration.seconds(6 * tuning.timeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: {
        queue: this.eventsDeadLetterQueue,
        maxReceiveCount: tuning.maxReceiveCount,
      },
    });

    const sources = centralSources();
    this.alertRule = new Rule(this, 'AlertRule', {
      ruleName: SecurityNames.ALERT_RULE,
      description: 'trailwatch: every forwarded AWS event to the alerter queue',
      eventBus: this.bus,
      eventPattern: { source: sources ?? Match.prefix('aws.') },
    });
    this.alertRule.addTarget(
      new SqsQueue(this.eventsQueue, {
        deadLetterQueue: this.deliveryDeadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );
    // `trailwatch test-alert` events: a custom source, which the alert rule (aws.* only) drops.
    // Only principals of the security account itself can put them, so a member account cannot.
    this.testAlertRule = new Rule(this, 'TestAlertRule', {
      ruleName: SecurityNames.TEST_ALERT_RULE,
      description: 'trailwatch: test alerts from trailwatch test-alert (security account only)',
      eventBus: this.bus,
      eventPattern: {
        source: ['trailwatch.test'],
        detailType: ['trailwatch test alert'],
        account: [config.securityAccountId],
      },
    });
    this.testAlertRule.addTarget(
      new SqsQueue(this.eventsQueue, {
        deadLetterQueue: this.deliveryDeadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );

    this.table = new Table(this, 'StateTable', {
      tableName: SecurityNames.TABLE,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CfnSecret, not the Secret construct: that one adds GenerateSecretString when no value is
    // given. Without either property CloudFormation creates the secret empty; the operator sets
    // the webhook URL with put-secret-value, so it never enters a template.
    this.secrets = webhookSecretNames(config).map((name) => {
      const secret = new CfnSecret(this, `WebhookSecret${name.replace(/[^A-Za-z0-9]/g, '')}`, {
        name,
        description:
          'trailwatch: Slack incoming webhook URL. Set it with aws secretsmanager put-secret-value (see docs/deploy.md).',
      });
      secret.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      secret.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'A Slack webhook URL cannot be rotated by a Lambda; it is replaced by hand when Slack reissues it.',
      });
      return secret;
    });

    let organizationsRoleArn: string | undefined;
    if (config.organizationsAccess.mode === 'role') {
      organizationsRoleArn = `arn:${Aws.PARTITION}:iam::${config.managementAccountId}:role/${config.organizationsAccess.roleName}`;
    }
    const alerter = new TrailwatchFunction(this, 'Alerter', {
      functionName: SecurityNames.FUNCTION,
      roleName: SecurityNames.ROLE,
      description: 'trailwatch: classifies forwarded events and posts alerts to Slack',
      roleDescription:
        'trailwatch alerter: reads webhook secrets, writes state, reads Organizations',
      bundleDir: alerterBundleDir,
      handler: 'index.handler',
      timeout: Duration.seconds(tuning.timeoutSeconds),
      memorySize: tuning.memoryMb,
      logRetention: tuning.logRetentionDays,
      environment: alerterEnvironment(config, {
        tableName: this.table.tableName,
        queueUrl: this.eventsQueue.queueUrl,
        ...(organizationsRoleArn ? { organizationsRoleArn } : {}),
      }),
    });
    this.alerter = alerter.function;
    const role = alerter.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWebhookSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: this.secrets.map((secret) => secret.ref),
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'DedupAndHeartbeatState',
        // Exactly the item calls the alerter makes: claim/mark/release and heartbeat writes.
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'DeferRetryAfter',
        actions: ['sqs:ChangeMessageVisibility'],
        resources: [this.eventsQueue.queueArn],
      }),
    );
    alerter.grantOrganizationsRead(ORGANIZATIONS_READ_ACTIONS, organizationsRoleArn);

    // Maximum concurrency, not reserved concurrency: with reserved concurrency SQS keeps polling,
    // gets throttled, and throttled receives count towards maxReceiveCount and end in the DLQ.
    this.alerter.addEventSource(
      new SqsEventSource(this.eventsQueue, {
        batchSize: tuning.batchSize,
        maxBatchingWindow: Duration.seconds(tuning.maxBatchingWindowSeconds),
        maxConcurrency: tuning.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    // Alarms go to an encrypted topic; CloudWatch needs a key policy grant to publish to it (the
    // AWS-managed aws/sns key cannot grant that, hence a customer managed key).
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: 'trailwatch: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    alarmKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: SecurityNames.ALARM_TOPIC,
      displayName: 'trailwatch alarms',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    // enforceSSL replaces SNS's default topic policy, so CloudWatch's publish right is explicit.
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowTrailwatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:trailwatch-*`,
          },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    if (config.alarms.email) {
      this.alarmTopic.addSubscription(new EmailSubscription(config.alarms.email));
    }
    const actions: IAlarmAction[] = [new SnsAction(this.alarmTopic)];
    if (config.alarms.topicArn) {
      actions.push(
        new SnsAction(Topic.fromTopicArn(this, 'ExternalAlarmTopic', config.alarms.topicArn)),
      );
    }

    const fiveMinutes = Duration.minutes(5);
    const alarm = (
      alarmId: string,
      description: string,
      metric: Metric,
      options: {
        threshold?: number;
        comparisonOperator?: ComparisonOperator;
        treatMissingData?: TreatMissingData;
      } = {},
    ): Alarm => {
      const created = new Alarm(this, alarmId, {
        alarmName: `trailwatch-${alarmId.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
        alarmDescription: description,
        metric,
        threshold: options.threshold ?? 1,
        evaluationPeriods: 1,
        comparisonOperator:
          options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
      });
      for (const action of actions) created.addAlarmAction(action);
      return created;
    };

    this.alarms = [
      alarm(
        'DeliveryDlqDepth',
        'Events the central rule could not deliver to the queue are in trailwatch-delivery-dlq.',
        this.deliveryDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: 'Maximum',
        }),
      ),
      alarm(
        'EventsDlqDepth',
        'The alerter gave up on events (permanent Slack error or repeated failures): see trailwatch-events-dlq.',
        this.eventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: 'Maximum',
        }),
      ),
      alarm(
        'EventsQueueAge',
        'Alerts are waiting more than 15 minutes in trailwatch-events: the alerter is failing or Slack is throttling.',
        this.eventsQueue.metricApproximateAgeOfOldestMessage({
          period: fiveMinutes,
          statistic: 'Maximum',
        }),
        { threshold: 900 },
      ),
      alarm(
        'AlerterErrors',
        'The alerter Lambda failed whole invocations.',
        this.alerter.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      ),
      alarm(
        'AlerterThrottles',
        'The alerter Lambda was throttled: check account concurrency.',
        this.alerter.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
      ),
      alarm(
        'RuleFailedInvocations',
        'The central rule failed to deliver events to the queue.',
        new Metric({
          namespace: 'AWS/Events',
          metricName: 'FailedInvocations',
          dimensionsMap: { EventBusName: CENTRAL_BUS_NAME, RuleName: SecurityNames.ALERT_RULE },
          period: fiveMinutes,
          statistic: 'Sum',
        }),
      ),
      alarm(
        'HeartbeatsMissing',
        'No member heartbeat reached the alerter for 2 hours: forwarding, the bus or the alerter is broken.',
        new Metric({
          namespace: Powertools.METRICS_NAMESPACE,
          metricName: Powertools.HEARTBEAT_METRIC,
          // Powertools Metrics adds the service dimension to every metric by default.
          dimensionsMap: { service: Powertools.SERVICE_NAME },
          period: Duration.hours(2),
          statistic: 'Sum',
        }),
        {
          comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.BREACHING,
        },
      ),
    ];

    const defaultSecret =
      this.secrets[webhookSecretNames(config).indexOf(config.slack.webhookSecretName)];
    if (defaultSecret === undefined) throw new Error('the default webhook secret was not created');
    this.watchdog = new HeartbeatWatchdog(this, 'Watchdog', {
      config,
      bundleDir: alerterBundleDir,
      table: this.table,
      webhookSecret: defaultSecret,
      alarmActions: actions,
      ...(organizationsRoleArn ? { organizationsRoleArn } : {}),
    });
  }
}
