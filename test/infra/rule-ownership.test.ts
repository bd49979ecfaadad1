import { parseEvent } from '@trailwatch/cloudtrail';
import { catalogue, createClassifier, Scope } from '@trailwatch/detections';
import { compilePattern } from '@trailwatch/event-pattern';
import { loadRecord, recordNames } from '@trailwatch/fixtures';
import { readMemberTemplate } from '@trailwatch/member-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesize } from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource>; Conditions?: Record<string, unknown> };

/** A deployed rule: its name and compiled pattern, as it stands in one account × region. */
interface DeployedRule {
  readonly name: string;
  matches(envelope: unknown): boolean;
}

/**
 * Resolves the intrinsics the member template uses in event patterns (`Fn::If` on a condition of
 * `Fn::Equals` with `Ref: AWS::Region`) as CloudFormation would in `region`.
 */
function resolve(value: unknown, template: Template, region: string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, template, region));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Fn::If' in object) {
    const [condition, whenTrue, whenFalse] = object['Fn::If'] as [string, unknown, unknown];
    const holds = evaluate(template.Conditions?.[condition], region);
    return resolve(holds ? whenTrue : whenFalse, template, region);
  }
  if ('Ref' in object && object.Ref === 'AWS::Region') return region;
  return Object.fromEntries(
    Object.entries(object).map(([key, child]) => [key, resolve(child, template, region)]),
  );
}

function evaluate(condition: unknown, region: string): boolean {
  const equals = (condition as { 'Fn::Equals'?: unknown[] } | undefined)?.['Fn::Equals'];
  if (!equals) throw new Error(`unsupported condition ${JSON.stringify(condition)}`);
  const [a, b] = equals.map((side) =>
    (side as { Ref?: string } | null)?.Ref === 'AWS::Region' ? region : side,
  );
  return a === b;
}

/** Every event-pattern rule of a template, as deployed in `region`. */
function rulesOf(template: Template, region: string): DeployedRule[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Events::Rule' && resource.Properties.EventPattern)
    .map((resource) => {
      const compiled = compilePattern(
        resolve(resource.Properties.EventPattern, template, region) as Record<string, unknown>,
      );
      return {
        name: String(resource.Properties.Name),
        matches: (envelope: unknown) => compiled.matches(envelope),
      };
    });
}

/** Every fixture record (raw records get the envelope EventBridge would build). */
const fixtures = recordNames().map((name) => {
  const parsed = parseEvent(loadRecord(name));
  if (!parsed.ok) throw new Error(`fixture ${name} does not parse: ${parsed.error}`);
  return { name, event: parsed.event };
});

/** Fixtures matched by more than one of `rules`, with the rules that match them. */
function doublyForwarded(rules: readonly DeployedRule[]): string[] {
  return fixtures.flatMap(({ name, event }) => {
    const owners = rules.filter((rule) => rule.matches(event.envelope)).map((rule) => rule.name);
    return owners.length > 1 ? [`${name}: ${owners.join(' + ')}`] : [];
  });
}

describe('Contract: one member-side rule owns each event', () => {
  let synthesized: SynthesizedApp;
  /** Identity Center in a member account and region that also runs the StackSet instance. */
  let delegated: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize({
      identityCenter: { region: 'us-east-1', accountId: '111111111111' },
    });
    delegated = synthesize({
      identityCenter: { region: 'eu-central-1', accountId: '444444444444' },
    });
  });
  afterAll(() => {
    synthesized.cleanup();
    delegated.cleanup();
  });

  /** Every account × region context trailwatch deploys rules into, with those rules. */
  function contexts(): { where: string; rules: DeployedRule[] }[] {
    const member = readMemberTemplate() as unknown as Template;
    const { managementMembers, identityCenter } = synthesized.stacks;
    const identityCenterRules = (app: SynthesizedApp) =>
      rulesOf(
        app.template(app.stacks.identityCenter!).toJSON() as Template,
        app.stacks.identityCenter!.region,
      );
    return [
      { where: 'member account, us-east-1', rules: rulesOf(member, 'us-east-1') },
      { where: 'member account, eu-west-1', rules: rulesOf(member, 'eu-west-1') },
      ...managementMembers.map((stack) => ({
        where: `management account, ${stack.region}`,
        rules: [
          ...rulesOf(synthesized.template(stack).toJSON() as Template, stack.region),
          ...(stack.region === identityCenter!.region ? identityCenterRules(synthesized) : []),
        ],
      })),
      {
        where: 'Identity Center delegated to a member account, eu-central-1',
        rules: [...rulesOf(member, 'eu-central-1'), ...identityCenterRules(delegated)],
      },
    ];
  }

  it('forwards no fixture through two rules of the same account and region', () => {
    const all = contexts();
    expect(all.length).toBeGreaterThan(4);
    for (const { where, rules } of all) {
      expect(rules.length, where).toBeGreaterThanOrEqual(2);
      expect(doublyForwarded(rules), where).toEqual([]);
    }
  });

  it('lets the central rule accept every fixture a member-side rule forwards', () => {
    // The security account's rule on the trailwatch bus: whatever crosses must also get in
    // (forwarding DLQ alarms are aws.cloudwatch, Identity Center sign-ins aws.signin).
    const security = synthesized.template(synthesized.stacks.security).toJSON() as Template;
    const central = rulesOf(security, synthesized.stacks.security.region).filter(
      (rule) => rule.name === 'trailwatch-alerts',
    );
    expect(central).toHaveLength(1);
    const forwarded = fixtures.filter(({ event }) =>
      contexts().some(({ rules }) => rules.some((rule) => rule.matches(event.envelope))),
    );
    expect(forwarded.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'det-trailwatch-forwarding-dlq-alarm-pos-member-queue',
        'det-identity-center-sign-in-failed-pos-wrong-password',
      ]),
    );
    const refused = forwarded.filter(({ event }) => !central[0]!.matches(event.envelope));
    expect(refused.map(({ name }) => name)).toEqual([]);
  });

  it('still forwards every fixture a detection alerts on where its events arrive', () => {
    // The other half of "exactly once": ownership must not drop what the catalogue needs.
    const classifier = createClassifier();
    const management = contexts().find((c) => c.where === 'management account, us-east-1')!;
    // GuardDuty findings reach the central bus from the GuardDuty administrator account, not
    // through the member rules (Scope.GUARDDUTY_ADMINISTRATOR).
    const alerting = fixtures.filter(({ event }) =>
      classifier
        .classify(event)
        .some((match) => match.detection.scope !== Scope.GUARDDUTY_ADMINISTRATOR),
    );
    expect(alerting.length).toBeGreaterThan(60);
    const missed = alerting
      .filter(({ event }) => !management.rules.some((rule) => rule.matches(event.envelope)))
      .map(({ name }) => name);
    expect(missed).toEqual([]);
    expect(catalogue.length).toBeGreaterThan(30);
  });
});
