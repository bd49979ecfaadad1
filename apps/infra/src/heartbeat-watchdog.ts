import type { TrailwatchConfig } from '@trailwatch/config';
import { CfnDeletionPolicy, Duration, Validations } from 'aws-cdk-lib';
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
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  Powertools,
  WATCHDOG_ORGANIZATIONS_ACTIONS,
  WATCHDOG_TABLE_ACTIONS,
  WatchdogNames,
} from './constants.js';
import { TrailwatchFunction } from './trailwatch-function.js';

/**
 * The environment variables the watchdog reads (`apps/alerter/src/watchdog/contract.ts` has the
 * same names; infra may not import runtime code, so `test/infra/watchdog-environment.test.ts`
 * loads the synthesized environment with the watchdog's own `loadWatchdogConfig`).
 */
export const WatchdogEnvironmentVariable = {
  TABLE_NAME: 'DEDUP_TABLE_NAME',
  MEMBER_REGIONS: 'MEMBER_REGIONS',
  TARGET_OU_IDS: 'TARGET_OU_IDS',
  MANAGEMENT_ACCOUNT_ID: 'MANAGEMENT_ACCOUNT_ID',
  WEBHOOK_SECRET_ID: 'SLACK_WEBHOOK_SECRET_ID',
  OWN_WEBHOOK_SECRET_ID: 'WATCHDOG_SLACK_WEBHOOK_SECRET_ID',
  EXCLUDED_ACCOUNTS: 'WATCHDOG_EXCLUDED_ACCOUNTS',
  SILENCE_MINUTES: 'WATCHDOG_SILENCE_MINUTES',
  GRACE_MINUTES: 'WATCHDOG_GRACE_MINUTES',
  ORGANIZATIONS_ROLE_ARN: 'ORGANIZATIONS_ROLE_ARN',
  POWERTOOLS_SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  POWERTOOLS_METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** Resource identifiers the watchdog's environment points at. */
export interface WatchdogResources {
  readonly tableName: string;
  /** Set when Organizations is read through a role in the management account. */
  readonly organizationsRoleArn?: string;
}

/**
 * The watchdog's environment: the deployment's scope (member regions, target OUs, management
 * account) and the `watchdog` settings of the configuration. Secrets are passed by id only.
 */
export function watchdogEnvironment(
  config: TrailwatchConfig,
  resources: WatchdogResources,
): Record<string, string> {
  const Env = WatchdogEnvironmentVariable;
  const { watchdog } = config;
  return {
    [Env.TABLE_NAME]: resources.tableName,
    [Env.MEMBER_REGIONS]: JSON.stringify(config.memberRegions),
    [Env.TARGET_OU_IDS]: JSON.stringify(config.targetOuIds),
    [Env.MANAGEMENT_ACCOUNT_ID]: config.managementAccountId,
    [Env.WEBHOOK_SECRET_ID]: config.slack.webhookSecretName,
    ...(watchdog.webhookSecretName
      ? { [Env.OWN_WEBHOOK_SECRET_ID]: watchdog.webhookSecretName }
      : {}),
    [Env.EXCLUDED_ACCOUNTS]: JSON.stringify(watchdog.excludedAccounts),
    [Env.SILENCE_MINUTES]: String(watchdog.silenceMinutes),
    [Env.GRACE_MINUTES]: String(watchdog.graceMinutes),
    [Env.POWERTOOLS_SERVICE_NAME]: WatchdogNames.SERVICE_NAME,
    [Env.POWERTOOLS_METRICS_NAMESPACE]: Powertools.METRICS_NAMESPACE,
    ...(resources.organizationsRoleArn
      ? { [Env.ORGANIZATIONS_ROLE_ARN]: resources.organizationsRoleArn }
      : {}),
  };
}

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
  /** Where the watchdog's alarms go. */
  readonly alarmActions: readonly IAlarmAction[];
}

/**
 * The hourly heartbeat watchdog: posts to Slack when one account × region stops sending
 * heartbeats or an account the deployment targets (under `targetOuIds`, or the management account)
 * never sent one, and again when it recovers. The fleet-wide `HeartbeatsMissing` alarm only notices when every heartbeat stops.
 *
 * @example
 * new HeartbeatWatchdog(this, 'Watchdog', {
 *   config, bundleDir, table, webhookSecret, webhookSecrets, alarmActions,
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
      environment: watchdogEnvironment(config, {
        tableName: table.tableName,
        ...(organizationsRoleArn ? { organizationsRoleArn } : {}),
      }),
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
        dimensionsMap: { service: WatchdogNames.SERVICE_NAME },
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
        'An account the deployment targets never sent a heartbeat: trailwatch is not deployed there.',
        gauge('UncoveredAccounts'),
      ),
    ];
  }

  /** The secret the watchdog posts with: the default, another Slack secret, or its own. */
  #webhookSecret(props: HeartbeatWatchdogProps): CfnSecret {
    const name = props.config.watchdog.webhookSecretName;
    if (name === undefined) return props.webhookSecret;
    const existing = [props.webhookSecret, ...props.webhookSecrets].find(
      (secret) => secret.name === name,
    );
    if (existing !== undefined) return existing;
    // Like the Slack secrets: no value in the template, kept when the stack goes (see security-stack.ts).
    const secret = new CfnSecret(this, 'WebhookSecret', {
      name,
      description:
        'trailwatch watchdog: Slack incoming webhook URL. Set it with aws secretsmanager put-secret-value (see docs/deploy.md).',
    });
    secret.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    secret.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A Slack webhook URL cannot be rotated by a Lambda; it is replaced by hand when Slack reissues it.',
    });
    return secret;
  }
}
