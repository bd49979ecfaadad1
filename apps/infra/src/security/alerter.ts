import { alerterEnvironmentFor, type TrailwatchConfig } from '@trailwatch/config';
import { SecurityNames } from '@trailwatch/contract';
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ORGANIZATIONS_READ_ACTIONS } from '../constants.js';
import { TrailwatchFunction } from '../trailwatch-function.js';

/** Properties of {@link Alerter}. */
export interface AlerterProps {
  readonly config: TrailwatchConfig;
  /** Directory of the alerter bundle (`index.mjs`). */
  readonly bundleDir: string;
  readonly queue: IQueue;
  readonly table: ITable;
  readonly secrets: readonly CfnSecret[];
  /** Set when Organizations is read through a role in the management account. */
  readonly organizationsRoleArn?: string;
}

/**
 * The alerter Lambda, fed by the queue. Its environment is `alerterEnvironmentFor(config)`,
 * the very value the config schema measured against Lambda's 4 KB limit, built by the
 * contract's builder that the function's own parser reads back.
 *
 * @example
 * new Alerter(this, 'Alerter', { config, bundleDir, queue, table, secrets });
 */
export class Alerter extends Construct {
  readonly function: LambdaFunction;
  readonly trailwatchFunction: TrailwatchFunction;

  constructor(scope: Construct, id: string, props: AlerterProps) {
    super(scope, id);
    const { config } = props;
    const tuning = config.alerter;
    this.trailwatchFunction = new TrailwatchFunction(this, 'Function', {
      functionName: SecurityNames.FUNCTION,
      roleName: SecurityNames.ROLE,
      description: 'trailwatch: classifies forwarded events and posts alerts to Slack',
      roleDescription:
        'trailwatch alerter: reads webhook secrets, writes state, reads Organizations',
      bundleDir: props.bundleDir,
      handler: 'index.handler',
      timeout: Duration.seconds(tuning.timeoutSeconds),
      memorySize: tuning.memoryMb,
      logRetention: tuning.logRetentionDays,
      environment: alerterEnvironmentFor(config),
    });
    this.function = this.trailwatchFunction.function;
    const role = this.trailwatchFunction.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWebhookSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: props.secrets.map((secret) => secret.ref),
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'DedupAndHeartbeatState',
        // Exactly the item calls the alerter makes (a test derives them from its source): claims,
        // heartbeats, pacing slots, correlation windows and firings, mutes.
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:DeleteItem',
          'dynamodb:UpdateItem',
        ],
        resources: [props.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'DeferRetryAfter',
        actions: ['sqs:ChangeMessageVisibility'],
        resources: [props.queue.queueArn],
      }),
    );
    this.trailwatchFunction.grantOrganizationsRead(
      ORGANIZATIONS_READ_ACTIONS,
      props.organizationsRoleArn,
    );
    // Maximum concurrency, not reserved concurrency: with reserved concurrency SQS keeps polling,
    // gets throttled, and throttled receives count towards maxReceiveCount and end in the DLQ.
    this.function.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: tuning.batchSize,
        maxBatchingWindow: Duration.seconds(tuning.maxBatchingWindowSeconds),
        maxConcurrency: tuning.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }
}
