import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlerterMetric, METRICS_NAMESPACE, ServiceName } from '@trailwatch/contract';
import {
  AlerterBundleMissingError,
  centralPattern,
  ORGANIZATIONS_READ_ACTIONS,
  parseConfig,
  SecurityStack,
} from '@trailwatch/infra';
import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exampleInput,
  listOf,
  type SynthesizedApp,
  statementsOf,
  synthesize,
} from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

function onlyResource(
  template: Template,
  type: string,
  properties?: Record<string, unknown>,
): [string, Resource] {
  const entries = Object.entries(
    template.findResources(type, properties ? { Properties: properties } : undefined),
  ) as [string, Resource][];
  expect(entries, `exactly one ${type} ${JSON.stringify(properties ?? {})}`).toHaveLength(1);
  return entries[0]!;
}

const ALERTER = { FunctionName: 'trailwatch-alerter' };
const WATCHDOG = { FunctionName: 'trailwatch-watchdog' };

function queueId(template: Template, name: string): string {
  const found = Object.entries(
    template.findResources('AWS::SQS::Queue', { Properties: { QueueName: name } }),
  );
  expect(found, `queue ${name}`).toHaveLength(1);
  return found[0]![0];
}

function alerterStatements(template: Template): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) =>
      JSON.stringify((policy as Resource).Properties.Roles).includes('AlerterFunctionRole'),
    )
    .flatMap((policy) => statementsOf((policy as Resource).Properties.PolicyDocument));
}

describe('Class: SecurityStack', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesize();
    template = synthesized.template(synthesized.stacks.security);
  });
  afterAll(() => synthesized.cleanup());

  it('deploys to the security account in the home region', () => {
    expect(synthesized.stacks.security.account).toBe(synthesized.config.securityAccountId);
    expect(synthesized.stacks.security.region).toBe(synthesized.config.homeRegion);
  });

  it('lets only trailwatch forwarding roles of the organization put events on the trailwatch bus', () => {
    const [busId] = onlyResource(template, 'AWS::Events::EventBus');
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'trailwatch' });
    const [, policy] = onlyResource(template, 'AWS::Events::EventBusPolicy');
    expect(policy.Properties.EventBusName).toEqual({ Ref: busId });
    expect(policy.Properties.Statement).toEqual({
      Sid: expect.any(String),
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
        ArnLike: {
          'aws:PrincipalArn': {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/trailwatch-forward-*'],
            ],
          },
        },
      },
    });
  });

  it("routes the catalogue's sources to the queue with a retry policy and a delivery dead-letter queue", () => {
    const events = queueId(template, 'trailwatch-events');
    const delivery = queueId(template, 'trailwatch-delivery-dlq');
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'trailwatch-alerts',
      EventBusName: { Ref: onlyResource(template, 'AWS::Events::EventBus')[0] },
      EventPattern: centralPattern(),
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [events, 'Arn'] },
          Id: Match.anyValue(),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [delivery, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        },
      ],
    });
  });

  it('accepts EventBridge messages on both rule queues only from the central and test-alert rules', () => {
    const [ruleId] = onlyResource(template, 'AWS::Events::Rule', { Name: 'trailwatch-alerts' });
    const [testRuleId] = onlyResource(template, 'AWS::Events::Rule', {
      Name: 'trailwatch-test-alerts',
    });
    const queuePolicies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const serviceStatements = queuePolicies
      .flatMap((policy) => statementsOf((policy as Resource).Properties.PolicyDocument))
      .filter((statement) => statement.Effect === 'Allow');
    // Per rule: one for the events queue, one for the delivery dead-letter queue.
    expect(serviceStatements).toHaveLength(4);
    const sources = serviceStatements.map((statement) => {
      expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
      return JSON.stringify(statement.Condition);
    });
    for (const id of [ruleId, testRuleId]) {
      const condition = JSON.stringify({
        ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [id, 'Arn'] } },
      });
      expect(sources.filter((source) => source === condition)).toHaveLength(2);
    }
  });

  it('encrypts every queue and denies requests without TLS', () => {
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(3);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy')) as Resource[];
    for (const [id, queue] of queues) {
      expect((queue as Resource).Properties.SqsManagedSseEnabled).toBe(true);
      const guarded = policies.some(
        (policy) =>
          JSON.stringify(policy.Properties.Queues).includes(id) &&
          statementsOf(policy.Properties.PolicyDocument).some(
            (statement) =>
              statement.Effect === 'Deny' &&
              JSON.stringify(statement.Condition) ===
                JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
          ),
      );
      expect(guarded, `${id} denies plain HTTP`).toBe(true);
    }
  });

  it('sets the visibility timeout to at least six times the function timeout and redrives to a DLQ', () => {
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function', ALERTER);
    const [, queue] = Object.entries(
      template.findResources('AWS::SQS::Queue', { Properties: { QueueName: 'trailwatch-events' } }),
    )[0] as [string, Resource];
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * (fn.Properties.Timeout as number),
    );
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [queueId(template, 'trailwatch-events-dlq'), 'Arn'] },
      maxReceiveCount: synthesized.config.alerter.maxReceiveCount,
    });
  });

  it('runs the alerter bundle on nodejs22.x arm64 with handler index.handler', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'trailwatch-alerter',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: synthesized.config.alerter.timeoutSeconds,
      MemorySize: synthesized.config.alerter.memoryMb,
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
    });
  });

  it('polls the queue with partial batch failures, the batching window and maximum concurrency', () => {
    const { alerter } = synthesized.config;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId(template, 'trailwatch-events'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: alerter.batchSize,
      MaximumBatchingWindowInSeconds: alerter.maxBatchingWindowSeconds,
      ScalingConfig: { MaximumConcurrency: alerter.maxConcurrency },
    });
    // Reserved concurrency throttles SQS polls into the DLQ; maximum concurrency is the pacing.
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function', ALERTER);
    expect(fn.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it('gives the alerter its environment contract, with secret ids but no secret values', () => {
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function', ALERTER);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables).toEqual({
      SLACK_WEBHOOK_SECRET_ID: 'trailwatch/slack/security-alerts',
      SLACK_ROUTES: JSON.stringify([
        { webhookSecretName: 'trailwatch/slack/security-critical', severities: ['critical'] },
        { webhookSecretName: 'trailwatch/slack/prod-alerts', ous: ['ou-ab12-prod1234'] },
      ]),
      // Fixed names, not tokens: the config schema measures this exact environment (4 KB).
      DEDUP_TABLE_NAME: 'trailwatch-state',
      QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/222222222222/trailwatch-events',
      SLACK_MIN_INTERVAL_MS: String(1000 * synthesized.config.alerter.maxConcurrency),
      POWERTOOLS_SERVICE_NAME: 'trailwatch-alerter',
      POWERTOOLS_METRICS_NAMESPACE: 'Trailwatch',
    });
  });

  it('creates one webhook secret per distinct name, without a value', () => {
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret')) as (
      | Resource
      | (Resource & { DeletionPolicy: string })
    )[];
    expect(secrets.map((secret) => secret.Properties.Name).sort()).toEqual([
      // The example's watchdog.webhookSecretName: only the watchdog reads it.
      'trailwatch/slack/ops',
      'trailwatch/slack/prod-alerts',
      'trailwatch/slack/security-alerts',
      'trailwatch/slack/security-critical',
    ]);
    for (const secret of secrets) {
      expect(secret.Properties).not.toHaveProperty('SecretString');
      expect(secret.Properties).not.toHaveProperty('GenerateSecretString');
      // Kept on delete and update, but not when the first create rolls back (names stay reserved).
      expect(secret).toHaveProperty('DeletionPolicy', 'RetainExceptOnCreate');
      expect(secret).toHaveProperty('UpdateReplacePolicy', 'Retain');
    }
  });

  it('keeps dedup and heartbeat state in an encrypted table with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('grants the alerter its secrets, its table, its queue and read-only Organizations', () => {
    const statements = alerterStatements(template);
    const bySid = new Map(statements.map((statement) => [statement.Sid, statement]));
    const secretIds = Object.entries(template.findResources('AWS::SecretsManager::Secret'))
      .filter(([, secret]) => (secret as Resource).Properties.Name !== 'trailwatch/slack/ops')
      .map(([id]) => id);
    expect(bySid.get('ReadWebhookSecrets')).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Resource: secretIds.map((id) => ({ Ref: id })),
    });
    expect(bySid.get('DedupAndHeartbeatState')).toMatchObject({
      Action: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:UpdateItem',
      ],
      Resource: { 'Fn::GetAtt': [onlyResource(template, 'AWS::DynamoDB::Table')[0], 'Arn'] },
    });
    expect(bySid.get('DeferRetryAfter')).toMatchObject({
      Action: 'sqs:ChangeMessageVisibility',
      Resource: { 'Fn::GetAtt': [queueId(template, 'trailwatch-events'), 'Arn'] },
    });
    const organizations = bySid.get('ReadOrganizations');
    expect(organizations?.Resource).toBe('*');
    for (const action of listOf(organizations?.Action)) {
      expect(action).toMatch(/^organizations:(Describe|List)[A-Za-z]+$/);
    }
    expect(listOf(organizations?.Action)).toEqual([...ORGANIZATIONS_READ_ACTIONS]);
    expect(statements.some((statement) => statement.Action === 'sts:AssumeRole')).toBe(false);
  });

  it('keeps the alerter logs in its own log group with the configured retention', () => {
    const [logGroupId] = onlyResource(template, 'AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/trailwatch-alerter',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/trailwatch-alerter',
      RetentionInDays: synthesized.config.alerter.logRetentionDays,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
  });

  it('sends alarms to a KMS-encrypted topic that CloudWatch may decrypt for and publish to', () => {
    const [keyId, key] = onlyResource(template, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(statementsOf(key.Properties.KeyPolicy)).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'trailwatch-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    const [, topicPolicy] = onlyResource(template, 'AWS::SNS::TopicPolicy');
    expect(statementsOf(topicPolicy.Properties.PolicyDocument)).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: expect.objectContaining({
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        }),
      }),
    );
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'secops@example.com',
    });
  });

  it('alarms on both DLQs, errors, throttles, failed deliveries, missing heartbeats, unconfirmed deliveries and failed summary counts', () => {
    const [topicId] = onlyResource(template, 'AWS::SNS::Topic');
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
    const watched = (namespace: string, metric: string) =>
      alarms.filter(
        (alarm) =>
          alarm.Properties.Namespace === namespace && alarm.Properties.MetricName === metric,
      );
    const dlqAlarms = watched('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(dlqAlarms.map((alarm) => JSON.stringify(alarm.Properties.Dimensions)).sort()).toEqual(
      [queueId(template, 'trailwatch-delivery-dlq'), queueId(template, 'trailwatch-events-dlq')]
        .map((id) =>
          JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]),
        )
        .sort(),
    );
    for (const alarm of dlqAlarms) {
      expect(alarm.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
    const functionId = (properties: Record<string, unknown>) =>
      onlyResource(template, 'AWS::Lambda::Function', properties)[0];
    expect(
      watched('AWS/Lambda', 'Errors')
        .map((alarm) => JSON.stringify(alarm.Properties.Dimensions))
        .sort(),
    ).toEqual(
      [functionId(ALERTER), functionId(WATCHDOG)]
        .map((id) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]))
        .sort(),
    );
    expect(watched('AWS/Lambda', 'Throttles')).toHaveLength(1);
    expect(watched('AWS/Events', 'FailedInvocations')[0]?.Properties.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'EventBusName', Value: 'trailwatch' },
        { Name: 'RuleName', Value: 'trailwatch-alerts' },
      ]),
    );
    expect(watched('Trailwatch', 'Heartbeats')).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          Statistic: 'Sum',
          Period: 7200,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
          Dimensions: [{ Name: 'service', Value: 'trailwatch-alerter' }],
        }),
      }),
    ]);
    // Counters that are zero while all is well: any count in five minutes alarms.
    for (const metric of [
      AlerterMetric.UNCONFIRMED_DELIVERIES,
      AlerterMetric.SUMMARY_COUNT_FAILURES,
    ]) {
      expect(watched(METRICS_NAMESPACE, metric)).toEqual([
        expect.objectContaining({
          Properties: expect.objectContaining({
            Statistic: 'Sum',
            Period: 300,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'notBreaching',
            Dimensions: [{ Name: 'service', Value: ServiceName.ALERTER }],
          }),
        }),
      ]);
    }
  });
});

describe('Class: SecurityStack (Organizations through a role)', () => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize({
      organizationsAccess: { mode: 'role', roleName: 'trailwatch-org-read' },
      alarms: { topicArn: 'arn:aws:sns:eu-west-1:222222222222:oncall' },
      slack: {
        webhookSecretName: 'trailwatch/slack/security-alerts',
        consoleSignInUrl: 'https://d-1234567890.awsapps.com/start',
        consoleRoleName: 'SecurityAudit',
      },
    });
  });
  afterAll(() => synthesized.cleanup());

  it('assumes the management account role instead of reading Organizations itself, and links the console', () => {
    const template = synthesized.template(synthesized.stacks.security);
    const statements = alerterStatements(template);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::111111111111:role/trailwatch-org-read',
      }),
    );
    expect(JSON.stringify(statements)).not.toContain('organizations:');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CONSOLE_SIGNIN_URL: 'https://d-1234567890.awsapps.com/start',
          CONSOLE_ROLE_NAME: 'SecurityAudit',
          ORGANIZATIONS_ROLE_ARN: 'arn:aws:iam::111111111111:role/trailwatch-org-read',
        }),
      },
    });
  });

  it('also alarms to an existing topic when one is configured', () => {
    const template = synthesized.template(synthesized.stacks.security);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toContain('arn:aws:sns:eu-west-1:222222222222:oncall');
    }
  });
});

describe('Class: SecurityStack (bundle missing)', () => {
  it('fails with the missing path and the command that builds the bundle', () => {
    const empty = mkdtempSync(join(tmpdir(), 'trailwatch-nobundle-'));
    try {
      const config = parseConfig(exampleInput());
      const build = () =>
        new SecurityStack(new App(), 'TrailwatchSecurity', { config, alerterBundleDir: empty });
      expect(build).toThrow(AlerterBundleMissingError);
      expect(build).toThrow(`expected ${empty}/index.mjs exporting \`handler\``);
      expect(build).toThrow(/Run `pnpm build`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('Construct: HeartbeatWatchdog', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesize();
    template = synthesized.template(synthesized.stacks.security);
  });
  afterAll(() => synthesized.cleanup());

  it('runs the watchdog entry of the alerter bundle hourly', () => {
    const [fnId, fn] = onlyResource(template, 'AWS::Lambda::Function', WATCHDOG);
    expect(fn.Properties).toMatchObject({
      Handler: 'watchdog.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
    });
    const [, rule] = onlyResource(template, 'AWS::Events::Rule', { Name: 'trailwatch-watchdog' });
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } }),
    ]);
  });

  it('reserves no concurrency for any function: a fresh account rejects the reservation', () => {
    // Lambda keeps 100 executions unreserved and new accounts start with a lower quota, so
    // ReservedConcurrentExecutions fails the first deploy; the watchdog uses a lease instead.
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const fn of functions)
      expect(fn.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
    const [, watchdog] = onlyResource(template, 'AWS::Lambda::Function', WATCHDOG);
    // The lease is held past the function's deadline; a timeout in the template keeps it finite.
    expect(watchdog.Properties.Timeout).toBe(300);
  });

  it('gives the watchdog its scope and settings from the configuration, never a secret value', () => {
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function', WATCHDOG);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    const { config } = synthesized;
    expect(variables).toEqual({
      DEDUP_TABLE_NAME: 'trailwatch-state',
      MEMBER_REGIONS: JSON.stringify(config.memberRegions),
      TARGET_OU_IDS: JSON.stringify(config.targetOuIds),
      MANAGEMENT_ACCOUNT_ID: config.managementAccountId,
      SLACK_WEBHOOK_SECRET_ID: config.slack.webhookSecretName,
      WATCHDOG_SLACK_WEBHOOK_SECRET_ID: 'trailwatch/slack/ops',
      WATCHDOG_EXCLUDED_ACCOUNTS: '[]',
      WATCHDOG_SILENCE_MINUTES: '150',
      WATCHDOG_GRACE_MINUTES: '180',
      POWERTOOLS_SERVICE_NAME: 'trailwatch-watchdog',
      POWERTOOLS_METRICS_NAMESPACE: 'Trailwatch',
    });
    expect(JSON.stringify(variables)).not.toMatch(/hooks\.slack\.com|https:/);
  });

  it('lets the watchdog scan and update the state table and read only its own webhook secret', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        JSON.stringify((policy as Resource).Properties.Roles).includes('WatchdogFunctionRole'),
      )
      .flatMap((policy) => statementsOf((policy as Resource).Properties.PolicyDocument));
    const [tableId] = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: [
          'dynamodb:Scan',
          'dynamodb:PutItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchGetItem',
        ],
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      }),
    );
    const secretStatement = statements.find((statement) =>
      listOf(statement.Action).includes('secretsmanager:GetSecretValue'),
    );
    const [ownSecretId] = onlyResource(template, 'AWS::SecretsManager::Secret', {
      Name: 'trailwatch/slack/ops',
    });
    expect(listOf(secretStatement?.Resource)).toEqual([{ Ref: ownSecretId }]);
    expect(statements.flatMap((statement) => listOf(statement.Action))).not.toContain('*');
  });

  it('alarms when an account or region goes silent or an account is uncovered', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    for (const metricName of ['SilentAccountRegions', 'UncoveredAccounts']) {
      expect(
        alarms.filter((alarm) => alarm.Properties.MetricName === metricName),
        metricName,
      ).toEqual([
        expect.objectContaining({
          Properties: expect.objectContaining({
            Namespace: 'Trailwatch',
            Dimensions: [{ Name: 'service', Value: 'trailwatch-watchdog' }],
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          }),
        }),
      ]);
    }
  });
});

describe('Construct: HeartbeatWatchdog webhook secret', () => {
  function watchdogSecretRefs(synthesized: SynthesizedApp): unknown[] {
    const template = synthesized.template(synthesized.stacks.security);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        JSON.stringify((policy as Resource).Properties.Roles).includes('WatchdogFunctionRole'),
      )
      .flatMap((policy) => statementsOf((policy as Resource).Properties.PolicyDocument))
      .filter((statement) => listOf(statement.Action).includes('secretsmanager:GetSecretValue'))
      .flatMap((statement) => listOf(statement.Resource));
  }

  function secretNamed(synthesized: SynthesizedApp, name: string): string[] {
    return Object.keys(
      synthesized
        .template(synthesized.stacks.security)
        .findResources('AWS::SecretsManager::Secret', { Properties: { Name: name } }),
    );
  }

  it('posts with the default webhook when the watchdog has none of its own', () => {
    const input = exampleInput();
    const { webhookSecretName: _, ...watchdog } = input.watchdog as Record<string, unknown>;
    const synthesized = synthesize({ watchdog });
    try {
      const ids = secretNamed(synthesized, synthesized.config.slack.webhookSecretName);
      expect(watchdogSecretRefs(synthesized)).toEqual([{ Ref: ids[0] }]);
      expect(secretNamed(synthesized, 'trailwatch/slack/ops')).toEqual([]);
    } finally {
      synthesized.cleanup();
    }
  });

  it('reuses a route secret of the same name instead of creating a second one', () => {
    const synthesized = synthesize({
      watchdog: { webhookSecretName: 'trailwatch/slack/security-critical' },
    });
    try {
      const ids = secretNamed(synthesized, 'trailwatch/slack/security-critical');
      expect(ids).toHaveLength(1);
      expect(watchdogSecretRefs(synthesized)).toEqual([{ Ref: ids[0] }]);
    } finally {
      synthesized.cleanup();
    }
  });

  it('may also read the secrets of the webhooks that get a daily summary, and no other', () => {
    const input = exampleInput();
    const slack = input.slack as { routes: Record<string, unknown>[] };
    const synthesized = synthesize({
      slack: {
        ...slack,
        dailySummary: { hour: 8, timeZone: 'Europe/Berlin' },
        routes: [
          { ...slack.routes[0], dailySummary: { hour: 9, timeZone: 'America/New_York' } },
          ...slack.routes.slice(1),
        ],
      },
    });
    try {
      const refs = (name: string) => secretNamed(synthesized, name).map((id) => ({ Ref: id }));
      expect(watchdogSecretRefs(synthesized)).toEqual([
        ...refs('trailwatch/slack/ops'),
        ...refs(synthesized.config.slack.webhookSecretName),
        ...refs('trailwatch/slack/security-critical'),
      ]);
      expect(JSON.stringify(watchdogSecretRefs(synthesized))).not.toContain(
        JSON.stringify(refs('trailwatch/slack/prod-alerts')[0]),
      );
    } finally {
      synthesized.cleanup();
    }
  });

  it('creates its own secret empty and retained, like the Slack secrets', () => {
    const synthesized = synthesize();
    try {
      const template = synthesized.template(synthesized.stacks.security);
      const [, secret] = onlyResource(template, 'AWS::SecretsManager::Secret', {
        Name: 'trailwatch/slack/ops',
      });
      expect(secret.Properties).not.toHaveProperty('SecretString');
      expect(secret.Properties).not.toHaveProperty('GenerateSecretString');
      const [resource] = Object.values(
        template.findResources('AWS::SecretsManager::Secret', {
          Properties: { Name: 'trailwatch/slack/ops' },
        }),
      ) as { DeletionPolicy?: string; UpdateReplacePolicy?: string }[];
      expect([resource?.DeletionPolicy, resource?.UpdateReplacePolicy]).toEqual([
        'RetainExceptOnCreate',
        'Retain',
      ]);
      // The alerter never posts there.
      const alerterSecrets = alerterStatements(template)
        .filter((statement) => listOf(statement.Action).includes('secretsmanager:GetSecretValue'))
        .flatMap((statement) => listOf(statement.Resource));
      expect(JSON.stringify(alerterSecrets)).not.toContain(
        JSON.stringify(watchdogSecretRefs(synthesized)[0]),
      );
    } finally {
      synthesized.cleanup();
    }
  });
});
