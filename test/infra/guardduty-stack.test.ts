import { FORWARDING_ROLE_PREFIX } from '@trailwatch/contract';
import { guardDutyFindingPattern } from '@trailwatch/detections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesize } from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('GuardDuty findings forwarding', () => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize({
      guardDuty: {
        adminAccountId: '333333333333',
        minSeverity: 4,
        regions: ['us-east-1', 'eu-west-1'],
      },
      identityCenter: { region: 'eu-central-1', accountId: '111111111111' },
    });
  });
  afterAll(() => synthesized.cleanup());

  it('deploys one stack per forwarded region in the GuardDuty administrator account', () => {
    expect(synthesized.stacks.guardDuty.map((s) => `${s.account}/${s.region}`)).toEqual([
      '333333333333/us-east-1',
      '333333333333/eu-west-1',
    ]);
    expect(synthesized.stacks.guardDuty.every((s) => s.terminationProtection)).toBe(true);
  });

  it('forwards findings of the configured severity or more to the central bus', () => {
    const template = synthesized.template(synthesized.stacks.guardDuty[0]!);
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.EventPattern).toEqual(guardDutyFindingPattern(4));
    expect(JSON.stringify(rules[0]!.Properties.Targets)).toContain(
      'arn:aws:events:eu-west-1:222222222222:event-bus/trailwatch',
    );
  });

  it('names every forwarding role so the central bus policy admits it, in every template', () => {
    const roles = synthesized.all.flatMap((stack) =>
      (Object.values(synthesized.template(stack).findResources('AWS::IAM::Role')) as Resource[])
        .map((role) => role.Properties.RoleName)
        .filter(
          (name) =>
            JSON.stringify(name ?? '').includes('forward') ||
            JSON.stringify(name ?? '').includes('identity-center') ||
            JSON.stringify(name ?? '').includes('guardduty'),
        ),
    );
    expect(roles.length).toBeGreaterThanOrEqual(3);
    for (const name of roles) {
      const text = typeof name === 'string' ? name : JSON.stringify(name);
      expect(text).toContain(FORWARDING_ROLE_PREFIX);
    }
  });
});
