import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentEnvironments } from '@trailwatch/config';
import {
  AlarmTopic,
  Alerter,
  AlertQueue,
  CentralBus,
  parseConfig,
  StateTable,
  WebhookSecrets,
} from '@trailwatch/infra';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleInput, type SynthesizedApp, statementsOf, synthesize } from './synth-fixture.js';

function stack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: '222222222222', region: 'eu-west-1' } });
}

describe('Construct: CentralBus', () => {
  const scope = stack();
  const queues = new AlertQueue(scope, 'Q', {
    functionTimeout: Duration.seconds(60),
    maxReceiveCount: 5,
  });
  new CentralBus(scope, 'Bus', {
    organizationId: 'o-a1b2c3d4e5',
    queue: queues.queue,
    deadLetterQueue: queues.deliveryDeadLetterQueue,
    securityAccountId: '222222222222',
  });
  const template = Template.fromStack(scope);

  it('admits only forwarding roles of the organization, with both conditions in one statement', () => {
    const [policy] = Object.values(template.findResources('AWS::Events::EventBusPolicy')) as {
      Properties: { Statement: { Condition: Record<string, Record<string, unknown>> } };
    }[];
    expect(Object.keys(policy!.Properties.Statement.Condition).sort()).toEqual([
      'ArnLike',
      'StringEquals',
    ]);
    expect(JSON.stringify(policy!.Properties.Statement.Condition.ArnLike)).toContain(
      ':iam::*:role/trailwatch-forward-*',
    );
  });

  it('never accepts every aws.* source', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('"prefix":"aws."');
  });
});

describe('Construct: AlertQueue', () => {
  const scope = stack();
  new AlertQueue(scope, 'Q', { functionTimeout: Duration.seconds(45), maxReceiveCount: 7 });
  const template = Template.fromStack(scope);

  it('hides a batch for six times the function timeout and redrives after maxReceiveCount', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'trailwatch-events',
      VisibilityTimeout: 270,
      RedrivePolicy: { maxReceiveCount: 7, deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('creates both dead-letter queues with 14 days of retention', () => {
    for (const name of ['trailwatch-events-dlq', 'trailwatch-delivery-dlq']) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: name,
        MessageRetentionPeriod: 14 * 86_400,
      });
    }
  });
});

describe('Construct: StateTable', () => {
  const scope = stack();
  new StateTable(scope, 'State');
  const template = Template.fromStack(scope);

  it('uses the contract key and TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'trailwatch-state',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('is retained on delete and update but not after a failed first create', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('Construct: WebhookSecrets', () => {
  const scope = stack();
  const secrets = new WebhookSecrets(scope, 'Secrets', { names: ['a/one', 'a/two'] });
  const template = Template.fromStack(scope);

  it('creates each secret empty and retained except on create', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.allResources('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.not(Match.objectLike({ SecretString: Match.anyValue() })),
    });
  });

  it('finds a secret by name and refuses an unknown one', () => {
    expect(secrets.secretNamed('a/two').name).toBe('a/two');
    expect(() => secrets.secretNamed('a/three')).toThrow(/no webhook secret named a\/three/);
  });
});

describe('Construct: AlarmTopic', () => {
  const scope = stack();
  const topic = new AlarmTopic(scope, 'Alarms', {
    email: 'secops@example.com',
    topicArn: 'arn:aws:sns:eu-west-1:222222222222:oncall',
  });
  topic.addAlarm(
    scope,
    'SomethingBroke',
    'it broke',
    new Metric({ namespace: 'N', metricName: 'M' }),
  );
  const template = Template.fromStack(scope);

  it("lets CloudWatch use the key only for this account's trailwatch alarms", () => {
    const [key] = Object.values(template.findResources('AWS::KMS::Key')) as {
      Properties: { KeyPolicy: unknown };
      DeletionPolicy: string;
    }[];
    const cloudwatch = statementsOf(key!.Properties.KeyPolicy).find((statement) =>
      JSON.stringify(statement.Principal).includes('cloudwatch.amazonaws.com'),
    );
    const condition = cloudwatch?.Condition as Record<string, Record<string, unknown>>;
    expect(Object.keys(condition.StringEquals ?? {})).toEqual(['aws:SourceAccount']);
    expect(Object.keys(condition.ArnLike ?? {})).toEqual(['aws:SourceArn']);
    expect(JSON.stringify(cloudwatch?.Condition)).toContain(':alarm:trailwatch-*');
    expect(key!.DeletionPolicy).toBe('RetainExceptOnCreate');
  });

  it('names alarms trailwatch-<kebab-case> and notifies both topics', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'trailwatch-something-broke',
      AlarmActions: Match.arrayWith(['arn:aws:sns:eu-west-1:222222222222:oncall']),
    });
    expect(topic.alarms).toHaveLength(1);
  });
});

describe('Construct: Alerter', () => {
  let bundleDir: string;
  let template: Template;
  beforeAll(() => {
    bundleDir = mkdtempSync(join(tmpdir(), 'trailwatch-bundle-'));
    writeFileSync(join(bundleDir, 'index.mjs'), 'export const handler = async () => ({});\n');
    const scope = stack();
    const config = parseConfig(exampleInput());
    const queues = new AlertQueue(scope, 'Q', {
      functionTimeout: Duration.seconds(config.alerter.timeoutSeconds),
      maxReceiveCount: 5,
    });
    const { table } = new StateTable(scope, 'State');
    const { secrets } = new WebhookSecrets(scope, 'S', { names: ['a/one'] });
    new Alerter(scope, 'Alerter', { config, bundleDir, queue: queues.queue, table, secrets });
    template = Template.fromStack(scope);
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('polls with partial batch failures and maximum (not reserved) concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: Match.absent(),
    });
  });

  it('keeps its log group on delete but not after a failed first create', () => {
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'RetainExceptOnCreate' });
  });
});

describe('Every deployed template', () => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize({
      identityCenter: { region: 'eu-central-1', accountId: '333333333333' },
    });
  });
  afterAll(() => synthesized.cleanup());

  it('retains nothing with plain Retain: a failed first create must leave no named leftovers', () => {
    const offenders = synthesized.all.flatMap((stack) =>
      Object.entries(
        synthesized.template(stack).toJSON().Resources as Record<
          string,
          { DeletionPolicy?: string }
        >,
      )
        .filter(([, resource]) => resource.DeletionPolicy === 'Retain')
        .map(([id]) => `${stack.stackName}/${id}`),
    );
    expect(offenders).toEqual([]);
  });

  it('protects the security stack against termination', () => {
    expect(synthesized.stacks.security.terminationProtection).toBe(true);
  });

  it('goes exactly to the account × regions the bootstrap plan lists', () => {
    const planned = deploymentEnvironments(synthesized.config)
      .map(({ account, region }) => `${account}/${region}`)
      .sort();
    const actual = [
      ...new Set(synthesized.all.map((stack) => `${stack.account}/${stack.region}`)),
    ].sort();
    expect(actual).toEqual(planned);
  });
});
