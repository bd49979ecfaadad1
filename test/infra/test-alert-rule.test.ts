import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesize } from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('Rule: trailwatch-test-alerts (central bus)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesize();
    template = synthesized.template(synthesized.stacks.security);
  });
  afterAll(() => synthesized.cleanup());

  it('accepts trailwatch test-alert events from the security account only, into the alerter queue', () => {
    const rules = Object.values(
      template.findResources('AWS::Events::Rule', {
        Properties: { Name: 'trailwatch-test-alerts' },
      }),
    ) as Resource[];
    expect(rules).toHaveLength(1);
    const rule = rules[0] as Resource;
    expect(rule.Properties.EventPattern).toEqual({
      source: ['trailwatch.test'],
      'detail-type': ['trailwatch test alert'],
      account: [synthesized.config.securityAccountId],
    });
    const [target] = rule.Properties.Targets as {
      Arn: unknown;
      DeadLetterConfig?: unknown;
      RetryPolicy?: unknown;
    }[];
    const queues = template.findResources('AWS::SQS::Queue', {
      Properties: { QueueName: 'trailwatch-events' },
    });
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [Object.keys(queues)[0], 'Arn'] });
    expect(target?.DeadLetterConfig).toBeDefined();
    expect(target?.RetryPolicy).toEqual({
      MaximumEventAgeInSeconds: 86400,
      MaximumRetryAttempts: 185,
    });
  });
});
