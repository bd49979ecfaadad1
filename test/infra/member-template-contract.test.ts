import { readFileSync } from 'node:fs';
import { isHeartbeat } from '@trailwatch/detections';
import { MEMBER_TEMPLATE_FILE } from '@trailwatch/member-stack';
import { describe, expect, it } from 'vitest';
import { statementsOf } from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

// The committed file is what the StackSet deploys, so its contract is checked on the file itself.
const text = readFileSync(MEMBER_TEMPLATE_FILE, 'utf8');
const template = JSON.parse(text) as {
  Parameters?: Record<string, { Description?: string }>;
  Resources: Record<string, Resource>;
};

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child);
      walk(child, visit);
    }
  }
}

describe('Contract: stacksets/member/member.template.json', () => {
  it('deploys into never-bootstrapped accounts: no imports, assets, bootstrap rule or CDK metadata', () => {
    const keys = new Set<string>();
    walk(template, (key) => keys.add(key));
    expect(keys.has('Fn::ImportValue')).toBe(false);
    expect(template).not.toHaveProperty('Rules');
    expect(template).not.toHaveProperty('Transform');
    expect(text).not.toMatch(/cdk-hnb659fds|BootstrapVersion|AWS::CDK::Metadata|aws:asset/);
    expect(
      Object.values(template.Resources)
        .map((resource) => resource.Type)
        .sort(),
    ).toEqual([
      'AWS::CloudWatch::Alarm',
      'AWS::Events::Rule',
      'AWS::Events::Rule',
      'AWS::Events::Rule',
      'AWS::Events::Rule',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::SQS::Queue',
      'AWS::SQS::QueuePolicy',
    ]);
  });

  it('describes every parameter', () => {
    const parameters = Object.entries(template.Parameters ?? {});
    expect(parameters.length).toBeGreaterThan(0);
    for (const [name, parameter] of parameters) {
      expect(parameter.Description, name).toMatch(/\S{3,}/);
    }
  });

  it('fits the 51,200-byte inline TemplateBody limit', () => {
    expect(Buffer.byteLength(JSON.stringify(template))).toBeLessThan(51_200);
    expect(Buffer.byteLength(text)).toBeLessThan(51_200);
  });

  it('lets the forwarding role do nothing but put events on the central bus parameter', () => {
    const allows = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => statementsOf(policy.Properties.PolicyDocument));
    expect(allows).toEqual([
      { Action: 'events:PutEvents', Effect: 'Allow', Resource: { Ref: 'CentralBusArn' } },
    ]);
  });

  it('schedules a heartbeat the alerter recognises once forwarded to the central bus', () => {
    const scheduled = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Events::Rule' && resource.Properties.ScheduleExpression,
    );
    expect(scheduled).toHaveLength(1);
    const rule = scheduled[0]!.Properties;
    expect(rule.ScheduleExpression).toBe('rate(1 hour)');
    expect(rule.EventBusName ?? 'default').toBe('default');
    // A scheduled rule on the default bus emits this envelope; a bus target forwards it unchanged.
    const forwarded = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '333333333333',
      time: '2026-11-27T22:00:00Z',
      region: 'ap-southeast-2',
      resources: [`arn:aws:events:ap-southeast-2:333333333333:rule/${String(rule.Name)}`],
      detail: {},
    };
    expect(isHeartbeat(forwarded)).toBe(true);
  });
});
