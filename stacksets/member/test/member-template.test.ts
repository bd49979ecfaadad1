import { readFileSync } from 'node:fs';
import { parseEvent } from '@trailwatch/cloudtrail';
import {
  createClassifier,
  FORWARDING_DLQ_ALARM_PREFIX,
  forwardingPattern,
  tamperPattern,
} from '@trailwatch/detections';
import { compilePattern } from '@trailwatch/event-pattern';
import { loadRecord } from '@trailwatch/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  HEARTBEAT_SCHEDULE,
  INLINE_TEMPLATE_LIMIT_BYTES,
  MEMBER_TEMPLATE_FILE,
  MemberNames,
  renderMemberTemplate,
  synthesizeMemberTemplate,
} from '../src/index.js';

type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string };

function resourcesOf(template: CfnTemplate, type: string): [string, Resource][] {
  return Object.entries(template.Resources as Record<string, Resource>).filter(
    ([, resource]) => resource.Type === type,
  );
}

function onlyResource(template: CfnTemplate, type: string): [string, Resource] {
  const found = resourcesOf(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

function ruleNamed(template: CfnTemplate, name: string): Resource {
  const found = resourcesOf(template, 'AWS::Events::Rule').find(
    ([, rule]) => rule.Properties.Name === name,
  );
  if (!found) throw new Error(`no rule ${name}`);
  return found[1];
}

describe('Function: synthesizeMemberTemplate', () => {
  let template: CfnTemplate;
  let committed: string;
  beforeAll(() => {
    template = synthesizeMemberTemplate();
    committed = readFileSync(MEMBER_TEMPLATE_FILE, 'utf8');
  });

  it('matches the committed stacksets/member/member.template.json (run `pnpm synth` to refresh)', () => {
    const fresh = renderMemberTemplate(template);
    expect(
      committed === fresh,
      'member.template.json is stale: run `pnpm synth` and commit it',
    ).toBe(true);
  });

  it('stays under the 51,200-byte inline template limit, both as committed and as deployed', () => {
    expect(Buffer.byteLength(committed)).toBeLessThan(INLINE_TEMPLATE_LIMIT_BYTES);
    expect(Buffer.byteLength(JSON.stringify(template))).toBeLessThan(INLINE_TEMPLATE_LIMIT_BYTES);
  });

  it('has no imports, assets, bootstrap checks or CDK metadata', () => {
    const text = JSON.stringify(template);
    expect(text).not.toContain('Fn::ImportValue');
    expect(text).not.toContain('cdk-hnb659fds');
    expect(text).not.toContain('BootstrapVersion');
    expect(text).not.toContain('AWS::CDK::Metadata');
    expect(text).not.toContain('aws:asset');
    expect(text).not.toContain('AWS::Serverless');
    expect(template).not.toHaveProperty('Rules');
    expect(template).not.toHaveProperty('Transform');
  });

  it('describes every parameter', () => {
    const parameters = Object.entries(
      (template.Parameters ?? {}) as Record<string, { Description?: string }>,
    );
    expect(parameters.map(([name]) => name)).toEqual(['CentralBusArn']);
    for (const [, parameter] of parameters) {
      expect(parameter.Description?.length ?? 0).toBeGreaterThan(20);
    }
  });

  it('forwards the every-region pattern everywhere and the global one only in us-east-1', () => {
    const everywhere = ruleNamed(template, MemberNames.FORWARD_RULE);
    expect(everywhere.Condition).toBeUndefined();
    expect(everywhere.Properties.EventPattern).toEqual(forwardingPattern('every-region'));

    const global = ruleNamed(template, MemberNames.FORWARD_GLOBAL_RULE);
    expect(global.Properties.EventPattern).toEqual(forwardingPattern('us-east-1-only'));
    expect((template.Conditions as Record<string, unknown>)[global.Condition!]).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
  });

  it('keeps every rule pattern within the 2,048-character quota', () => {
    for (const name of [MemberNames.FORWARD_RULE, MemberNames.FORWARD_GLOBAL_RULE]) {
      const pattern = ruleNamed(template, name).Properties.EventPattern;
      expect(JSON.stringify(pattern).length, name).toBeLessThanOrEqual(2048);
    }
  });

  it('watches for tampering with the catalogue tamper pattern and beats hourly', () => {
    expect(ruleNamed(template, MemberNames.TAMPER_RULE).Properties.EventPattern).toEqual(
      tamperPattern(),
    );
    const heartbeat = ruleNamed(template, MemberNames.HEARTBEAT_RULE);
    expect(heartbeat.Properties.ScheduleExpression).toBe(HEARTBEAT_SCHEDULE);
    expect(HEARTBEAT_SCHEDULE).toBe('rate(1 hour)');
  });

  it('sends every rule to the central bus through the forwarding role, with a dead-letter queue', () => {
    const [roleId] = onlyResource(template, 'AWS::IAM::Role');
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue');
    for (const name of Object.values(MemberNames).filter((n) => !n.endsWith('-'))) {
      expect(ruleNamed(template, name).Properties.Targets).toEqual([
        {
          Id: 'central-bus',
          Arn: { Ref: 'CentralBusArn' },
          RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        },
      ]);
    }
  });

  it('names the forwarding role per region, because IAM is global and the StackSet is not', () => {
    const [, role] = onlyResource(template, 'AWS::IAM::Role');
    expect(role.Properties.RoleName).toEqual({
      'Fn::Join': ['', ['trailwatch-forward-', { Ref: 'AWS::Region' }]],
    });
    const trust = role.Properties.AssumeRolePolicyDocument as { Statement: unknown[] };
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
  });

  it('lets the forwarding role put events on the central bus and nothing else', () => {
    const policies = resourcesOf(template, 'AWS::IAM::Policy');
    expect(policies).toHaveLength(1);
    const document = policies[0]![1].Properties.PolicyDocument as { Statement: unknown[] };
    expect(document.Statement).toEqual([
      { Action: 'events:PutEvents', Effect: 'Allow', Resource: { Ref: 'CentralBusArn' } },
    ]);
  });

  it('alarms as soon as one event waits in the dead-letter queue, without any action', () => {
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue');
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      AlarmName: FORWARDING_DLQ_ALARM_PREFIX,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    // The state change is the signal (an aws.cloudwatch event on this bus), not an action.
    expect(alarm.Properties).not.toHaveProperty('AlarmActions');
    expect(alarm.Properties).not.toHaveProperty('ActionsEnabled');
  });

  it("forwards the alarm's ALARM state change through exactly one rule, in every region, to a Slack alert", () => {
    const forward = compilePattern(
      ruleNamed(template, MemberNames.FORWARD_RULE).Properties.EventPattern as never,
    );
    const global = compilePattern(
      ruleNamed(template, MemberNames.FORWARD_GLOBAL_RULE).Properties.EventPattern as never,
    );
    const tamper = compilePattern(
      ruleNamed(template, MemberNames.TAMPER_RULE).Properties.EventPattern as never,
    );
    const classifier = createClassifier();
    for (const name of [
      'det-trailwatch-forwarding-dlq-alarm-pos-member-queue',
      'det-trailwatch-forwarding-dlq-alarm-neg-recovered-ok',
    ]) {
      const parsed = parseEvent(loadRecord(name));
      if (!parsed.ok) throw new Error(parsed.error);
      const alarm = name.includes('-pos-');
      expect(forward.matches(parsed.event.envelope), name).toBe(alarm);
      expect(global.matches(parsed.event.envelope), name).toBe(false);
      expect(tamper.matches(parsed.event.envelope), name).toBe(false);
      expect(
        classifier.classify(parsed.event).map((m) => m.detection.id),
        name,
      ).toEqual(alarm ? ['trailwatch-forwarding-dlq-alarm'] : []);
    }
  });

  it('encrypts the dead-letter queue and only accepts messages from its rules', () => {
    const [queueId, queue] = onlyResource(template, 'AWS::SQS::Queue');
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const [, queuePolicy] = onlyResource(template, 'AWS::SQS::QueuePolicy');
    const statements = (queuePolicy.Properties.PolicyDocument as { Statement: unknown[] })
      .Statement;
    // A rule that exists only under a condition is referenced only under the same condition.
    const sourceArns = resourcesOf(template, 'AWS::Events::Rule').map(([id, rule]) => {
      const arn = { 'Fn::GetAtt': [id, 'Arn'] };
      return rule.Condition ? { 'Fn::If': [rule.Condition, arn, { Ref: 'AWS::NoValue' }] } : arn;
    });
    expect(sourceArns).toHaveLength(4);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': expect.arrayContaining(sourceArns) } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });
});
