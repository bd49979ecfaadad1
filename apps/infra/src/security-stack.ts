import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  organizationsRoleArn,
  type TrailwatchConfig,
  webhookSecretNames,
} from '@trailwatch/config';
import { AlerterMetric, METRICS_NAMESPACE, SecurityNames, ServiceName } from '@trailwatch/contract';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { AlerterBundleMissingError } from './errors.js';
import { HeartbeatWatchdog } from './heartbeat-watchdog.js';
import { ALARM_PERIOD, AlarmTopic } from './security/alarm-topic.js';
import { AlertQueue } from './security/alert-queue.js';
import { Alerter } from './security/alerter.js';
import { CentralBus } from './security/central-bus.js';
import { StateTable } from './security/state-table.js';
import { WebhookSecrets } from './security/webhook-secrets.js';

/** Properties of {@link SecurityStack}. */
export interface SecurityStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
  /** Directory holding the alerter bundle: `index.mjs` and `watchdog.mjs`, each exporting `handler`. */
  readonly alerterBundleDir: string;
}

/**
 * The security account's half of trailwatch, in the home region. It only composes: the central
 * bus, the alert queue, the state table, the webhook secrets, the alarm topic, the alerter and
 * the watchdog are each their own construct (`src/security/`), and the alarms that say when any
 * of it is broken are added here through the topic's one `addAlarm`.
 *
 * @example
 * new SecurityStack(app, 'TrailwatchSecurity', { config, alerterBundleDir: 'apps/alerter/dist' });
 */
export class SecurityStack extends Stack {
  readonly centralBus: CentralBus;
  readonly alertQueue: AlertQueue;
  readonly stateTable: StateTable;
  readonly webhookSecrets: WebhookSecrets;
  readonly alarmTopic: AlarmTopic;
  readonly alerter: Alerter;
  readonly watchdog: HeartbeatWatchdog;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    const { config, alerterBundleDir, ...stackProps } = props;
    super(scope, id, {
      description:
        'trailwatch security account: central bus, queue, alerter Lambda, state table, webhook secrets and alarms',
      // A security tool's pipeline is not deleted by a stray `cdk destroy`.
      terminationProtection: true,
      ...stackProps,
      env: { account: config.securityAccountId, region: config.homeRegion },
    });
    for (const entry of ['index.mjs', 'watchdog.mjs']) {
      if (!existsSync(join(alerterBundleDir, entry))) {
        throw new AlerterBundleMissingError(alerterBundleDir, entry);
      }
    }
    const roleArn = organizationsRoleArn(config);

    this.alertQueue = new AlertQueue(this, 'AlertQueue', {
      functionTimeout: Duration.seconds(config.alerter.timeoutSeconds),
      maxReceiveCount: config.alerter.maxReceiveCount,
    });
    this.centralBus = new CentralBus(this, 'CentralBus', {
      organizationId: config.organizationId,
      queue: this.alertQueue.queue,
      deadLetterQueue: this.alertQueue.deliveryDeadLetterQueue,
      securityAccountId: config.securityAccountId,
    });
    this.stateTable = new StateTable(this, 'StateTable');
    this.webhookSecrets = new WebhookSecrets(this, 'WebhookSecrets', {
      names: webhookSecretNames(config),
    });
    this.alerter = new Alerter(this, 'Alerter', {
      config,
      bundleDir: alerterBundleDir,
      queue: this.alertQueue.queue,
      table: this.stateTable.table,
      secrets: this.webhookSecrets.secrets,
      ...(roleArn ? { organizationsRoleArn: roleArn } : {}),
    });
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
      ...(config.alarms.email ? { email: config.alarms.email } : {}),
      ...(config.alarms.topicArn ? { topicArn: config.alarms.topicArn } : {}),
    });
    this.addAlarms();

    this.watchdog = new HeartbeatWatchdog(this, 'Watchdog', {
      config,
      bundleDir: alerterBundleDir,
      table: this.stateTable.table,
      webhookSecret: this.webhookSecrets.secretNamed(config.slack.webhookSecretName),
      webhookSecrets: this.webhookSecrets.secrets,
      alarmTopic: this.alarmTopic,
      ...(roleArn ? { organizationsRoleArn: roleArn } : {}),
    });
  }

  private addAlarms(): void {
    const { queue, deadLetterQueue, deliveryDeadLetterQueue } = this.alertQueue;
    const fn = this.alerter.function;
    const depth = { period: ALARM_PERIOD, statistic: 'Maximum' } as const;
    const sum = { period: ALARM_PERIOD, statistic: 'Sum' } as const;
    const add = this.alarmTopic.addAlarm.bind(this.alarmTopic, this);
    add(
      'DeliveryDlqDepth',
      `Events the central rule could not deliver to the queue are in ${SecurityNames.DELIVERY_DLQ}.`,
      deliveryDeadLetterQueue.metricApproximateNumberOfMessagesVisible(depth),
    );
    add(
      'EventsDlqDepth',
      `The alerter gave up on events (permanent Slack error or repeated failures): see ${SecurityNames.EVENTS_DLQ} and run trailwatch redrive.`,
      deadLetterQueue.metricApproximateNumberOfMessagesVisible(depth),
    );
    add(
      'EventsQueueAge',
      `Alerts are waiting more than 15 minutes in ${SecurityNames.EVENTS_QUEUE}: the alerter is failing or Slack is throttling.`,
      queue.metricApproximateAgeOfOldestMessage(depth),
      { threshold: 900 },
    );
    add('AlerterErrors', 'The alerter Lambda failed whole invocations.', fn.metricErrors(sum));
    add(
      'AlerterThrottles',
      'The alerter Lambda was throttled: check account concurrency.',
      fn.metricThrottles(sum),
    );
    add(
      'RuleFailedInvocations',
      'The central rule failed to deliver events to the queue.',
      new Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { EventBusName: SecurityNames.BUS, RuleName: SecurityNames.ALERT_RULE },
        ...sum,
      }),
    );
    add(
      'HeartbeatsMissing',
      'No member heartbeat reached the alerter for 2 hours: forwarding, the bus or the alerter is broken.',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: AlerterMetric.HEARTBEATS,
        // Powertools Metrics adds the service dimension to every metric by default.
        dimensionsMap: { service: ServiceName.ALERTER },
        period: Duration.hours(2),
        statistic: 'Sum',
      }),
      {
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.BREACHING,
      },
    );
    const alerterCount = (metricName: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: ServiceName.ALERTER },
        ...sum,
      });
    add(
      'UnconfirmedDeliveries',
      'An alert was posted twice and Slack answered neither post: it is most likely in the channel, possibly twice, but unconfirmed. Check the channel and the alerter log.',
      alerterCount(AlerterMetric.UNCONFIRMED_DELIVERIES),
    );
    add(
      'SummaryCountFailures',
      "The alerter could not write daily-summary counts: the alerts went out, but the next daily summary undercounts them. Check the state table's throttling.",
      alerterCount(AlerterMetric.SUMMARY_COUNT_FAILURES),
    );
  }
}
