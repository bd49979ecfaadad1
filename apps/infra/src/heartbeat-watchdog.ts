import type { TrailwatchConfig } from '@trailwatch/config';
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Powertools, SecurityNames, WatchdogNames } from './constants.js';
import { TrailwatchFunction } from './trailwatch-function.js';

/** Properties of {@link HeartbeatWatchdog}. */
export interface HeartbeatWatchdogProps {
  readonly config: TrailwatchConfig;
  /** The alerter's bundle directory; it also holds `watchdog.mjs`. */
  readonly bundleDir: string;
  /** The state table the alerter writes heartbeats to. */
  readonly table: ITable;
  /** The default webhook's secret; the watchdog posts there. */
  readonly webhookSecret: CfnSecret;
  /** Set when Organizations is read through a role in the management account. */
  readonly organizationsRoleArn?: string;
  /** Where the watchdog's alarms go. */
  readonly alarmActions: readonly IAlarmAction[];
}

/**
 * The hourly heartbeat watchdog: posts to Slack when one account × region stops sending
 * heartbeats or an account that joined the organization never sent one, and again when it
 * recovers. The fleet-wide `HeartbeatsMissing` alarm only notices when every heartbeat stops.
 *
 * @example
 * new HeartbeatWatchdog(this, 'Watchdog', { config, bundleDir, table, webhookSecret, alarmActions });
 */
export class HeartbeatWatchdog extends Construct {
  readonly function: LambdaFunction;
  readonly schedule: Rule;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: HeartbeatWatchdogProps) {
    super(scope, id);
    const { config, table, webhookSecret, organizationsRoleArn } = props;

    const watchdog = new TrailwatchFunction(this, 'Function', {
      functionName: WatchdogNames.FUNCTION,
      roleName: WatchdogNames.ROLE,
      description: 'trailwatch: reports member accounts and regions whose heartbeats stopped',
      roleDescription:
        'trailwatch watchdog: reads heartbeat state and Organizations, posts to Slack',
      bundleDir: props.bundleDir,
      handler: 'watchdog.handler',
      // Listing a thousand accounts is fifty Organizations pages.
      timeout: Duration.seconds(120),
      memorySize: 256,
      logRetention: config.alerter.logRetentionDays,
      // Two overlapping runs would announce the same change twice.
      reservedConcurrentExecutions: 1,
      environment: {
        // The fixed name, not a token, so the contract round-trip test reads the deployed value.
        DEDUP_TABLE_NAME: SecurityNames.TABLE,
        MEMBER_REGIONS: JSON.stringify(config.memberRegions),
        SLACK_WEBHOOK_SECRET_ID: config.slack.webhookSecretName,
        POWERTOOLS_SERVICE_NAME: Powertools.WATCHDOG_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: Powertools.METRICS_NAMESPACE,
        ...(organizationsRoleArn ? { ORGANIZATIONS_ROLE_ARN: organizationsRoleArn } : {}),
      },
    });
    this.function = watchdog.function;
    const role = watchdog.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWebhookSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [webhookSecret.ref],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'HeartbeatState',
        actions: ['dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
      }),
    );
    watchdog.grantOrganizationsRead(['organizations:ListAccounts'], organizationsRoleArn);

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
    const alarm = (alarmId: string, alarmName: string, description: string, metric: Metric) => {
      const created = new Alarm(this, alarmId, {
        alarmName,
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      for (const action of props.alarmActions) created.addAlarmAction(action);
      return created;
    };
    this.alarms = [
      alarm(
        'Errors',
        'trailwatch-watchdog-errors',
        'The heartbeat watchdog failed (Organizations, the state table or Slack): silent accounts may go unreported.',
        this.function.metricErrors({ period: hour, statistic: 'Sum' }),
      ),
      alarm(
        'SilentAccountRegions',
        'trailwatch-silent-account-regions',
        'At least one member account × region stopped sending heartbeats: its trailwatch rules may be gone.',
        gauge('SilentAccountRegions'),
      ),
      alarm(
        'UncoveredAccounts',
        'trailwatch-uncovered-accounts',
        'An account in the organization never sent a heartbeat: trailwatch is not deployed there.',
        gauge('UncoveredAccounts'),
      ),
    ];
  }
}
