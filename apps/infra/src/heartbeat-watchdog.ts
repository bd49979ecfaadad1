import type { TrailwatchConfig } from '@trailwatch/config';
import { dailySummariesOf, watchdogEnvironmentFor } from '@trailwatch/config';
import { WatchdogMetric } from '@trailwatch/contract';
import { Duration } from 'aws-cdk-lib';
import { type Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  Powertools,
  WATCHDOG_ORGANIZATIONS_ACTIONS,
  WATCHDOG_TABLE_ACTIONS,
  WatchdogNames,
} from './constants.js';
import type { AlarmTopic } from './security/alarm-topic.js';
import { webhookSecret } from './security/webhook-secrets.js';
import { TrailwatchFunction } from './trailwatch-function.js';

/** Properties of {@link HeartbeatWatchdog}. */
export interface HeartbeatWatchdogProps {
  readonly config: TrailwatchConfig;
  /** The alerter's bundle directory; it also holds `watchdog.mjs`. */
  readonly bundleDir: string;
  /** The state table the alerter writes heartbeats to. */
  readonly table: ITable;
  /** The default webhook's secret; the watchdog posts there unless `watchdog.webhookSecretName` is set. */
  readonly webhookSecret: CfnSecret;
  /**
   * Every webhook secret the stack created. `watchdog.webhookSecretName` is looked up here by
   * name (two secrets with one name would fail the deploy); the construct creates it if absent.
   */
  readonly webhookSecrets: readonly CfnSecret[];
  /** Set when Organizations is read through a role in the management account. */
  readonly organizationsRoleArn?: string;
  /** The topic the watchdog's alarms are added to. */
  readonly alarmTopic: AlarmTopic;
}

/**
 * The hourly heartbeat watchdog: posts to Slack when one account × region stops sending
 * heartbeats or an account the deployment targets (under `targetOuIds`, or the management account)
 * never sent one, and again when it recovers. The fleet-wide `HeartbeatsMissing` alarm only notices when every heartbeat stops.
 *
 * @example
 * new HeartbeatWatchdog(this, 'Watchdog', {
 *   config, bundleDir, table, webhookSecret, webhookSecrets, alarmTopic,
 * });
 */
export class HeartbeatWatchdog extends Construct {
  readonly function: LambdaFunction;
  readonly schedule: Rule;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: HeartbeatWatchdogProps) {
    super(scope, id);
    const { config, table, organizationsRoleArn } = props;
    const webhookSecret = this.#webhookSecret(props);

    const watchdog = new TrailwatchFunction(this, 'Function', {
      functionName: WatchdogNames.FUNCTION,
      roleName: WatchdogNames.ROLE,
      description: 'trailwatch: reports member accounts and regions whose heartbeats stopped',
      roleDescription:
        'trailwatch watchdog: reads heartbeat state and Organizations, posts to Slack',
      bundleDir: props.bundleDir,
      handler: 'watchdog.handler',
      // Walking the target OUs is two paginated calls per OU (20 accounts a page), four OUs at a
      // time: a thousand accounts in a hundred OUs is a few hundred calls, some of them throttled.
      timeout: Duration.minutes(5),
      memorySize: 256,
      logRetention: config.alerter.logRetentionDays,
      // No reserved concurrency: a fresh account rejects it (Lambda keeps 100 executions
      // unreserved and new accounts have a lower quota). Overlapping runs are kept from announcing
      // twice by a lease in the state table instead (apps/alerter/src/watchdog/lease.ts).
      // Built by the contract's builder from fixed names, the value the round-trip test reads.
      environment: watchdogEnvironmentFor(config),
    });
    this.function = watchdog.function;
    const role = watchdog.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWebhookSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [...new Set([webhookSecret, ...this.#summarySecrets(props)])].map(
          (secret) => secret.ref,
        ),
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'HeartbeatState',
        actions: [...WATCHDOG_TABLE_ACTIONS],
        resources: [table.tableArn],
      }),
    );
    watchdog.grantOrganizationsRead(WATCHDOG_ORGANIZATIONS_ACTIONS, organizationsRoleArn);

    this.schedule = new Rule(this, 'Schedule', {
      ruleName: WatchdogNames.SCHEDULE,
      description: 'trailwatch: runs the heartbeat watchdog every hour',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaTarget(this.function, { retryAttempts: 2 })],
    });

    const hour = Duration.hours(1);
    const gauge = (metricName: string) =>
      new Metric({
        namespace: Powertools.METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: Powertools.WATCHDOG_SERVICE_NAME },
        period: hour,
        statistic: 'Maximum',
      });
    const { alarmTopic } = props;
    this.alarms = [
      alarmTopic.addAlarm(
        this,
        'WatchdogErrors',
        'The heartbeat watchdog failed (Organizations, the state table or Slack): silent accounts may go unreported.',
        this.function.metricErrors({ period: hour, statistic: 'Sum' }),
      ),
      alarmTopic.addAlarm(
        this,
        'SilentAccountRegions',
        'At least one member account × region stopped sending heartbeats: its trailwatch rules may be gone.',
        gauge(WatchdogMetric.SILENT_ACCOUNT_REGIONS),
      ),
      alarmTopic.addAlarm(
        this,
        'UncoveredAccounts',
        'An account the deployment targets never sent a heartbeat: trailwatch is not deployed there.',
        gauge(WatchdogMetric.UNCOVERED_ACCOUNTS),
      ),
    ];
  }

  /**
   * The secrets of the webhooks that get a daily summary: always the default's or a route's, which
   * the stack created, so each is found by name.
   */
  #summarySecrets(props: HeartbeatWatchdogProps): CfnSecret[] {
    const all = [props.webhookSecret, ...props.webhookSecrets];
    return dailySummariesOf(props.config).map((target) => {
      const secret = all.find((candidate) => candidate.name === target.webhookSecretName);
      if (secret === undefined) {
        throw new Error(
          `No webhook secret named ${target.webhookSecretName} for its daily summary`,
        );
      }
      return secret;
    });
  }

  /** The secret the watchdog posts with: the default, another Slack secret, or its own. */
  #webhookSecret(props: HeartbeatWatchdogProps): CfnSecret {
    const name = props.config.watchdog.webhookSecretName;
    if (name === undefined) return props.webhookSecret;
    const existing = [props.webhookSecret, ...props.webhookSecrets].find(
      (secret) => secret.name === name,
    );
    if (existing !== undefined) return existing;
    // Like the Slack secrets: no value in the template, kept when the stack goes.
    return webhookSecret(
      this,
      'WebhookSecret',
      name,
      'trailwatch watchdog: Slack incoming webhook URL. Set it with aws secretsmanager put-secret-value (see docs/deploy.md).',
    );
  }
}
