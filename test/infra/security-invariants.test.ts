import { MemberNames, readMemberTemplate } from '@trailwatch/member-stack';
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOf, type SynthesizedApp, statementsOf, synthesize } from './synth-fixture.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** The `stackName` wildcards of the committed member template's tamper rule. */
function tamperStackNameWildcards(): string[] {
  const resources = readMemberTemplate().Resources as Record<string, Resource>;
  const rule = Object.values(resources).find(
    (resource) => resource.Properties?.Name === MemberNames.TAMPER_RULE,
  );
  const wildcards: string[] = [];
  const walk = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) {
        const wildcard = (item as { wildcard?: unknown } | null)?.wildcard;
        if (key === 'stackName' && typeof wildcard === 'string') wildcards.push(wildcard);
        else walk(item);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [child, nested] of Object.entries(value)) walk(nested, child);
    }
  };
  walk(rule?.Properties?.EventPattern);
  return wildcards;
}

/** EventBridge `wildcard` semantics: `*` is any run of characters, everything else is literal. */
function matchesWildcard(value: string, wildcard: string): boolean {
  const body = wildcard
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`).test(value);
}

/** Every policy document in a template, labelled with where it sits. */
function policyDocuments(template: Template): { where: string; type: string; document: unknown }[] {
  const found: { where: string; type: string; document: unknown }[] = [];
  const resources = template.toJSON().Resources as Record<string, Resource>;
  for (const [id, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    const add = (document: unknown, field: string) =>
      found.push({ where: `${id}.${field}`, type: resource.Type, document });
    if (properties.PolicyDocument) add(properties.PolicyDocument, 'PolicyDocument');
    if (properties.AssumeRolePolicyDocument) add(properties.AssumeRolePolicyDocument, 'Trust');
    if (properties.KeyPolicy) add(properties.KeyPolicy, 'KeyPolicy');
    if (properties.Content) add(properties.Content, 'Content');
    if (resource.Type === 'AWS::Events::EventBusPolicy') add(properties, 'Statement');
    for (const inline of listOf(properties.Policies) as { PolicyDocument?: unknown }[]) {
      add(inline.PolicyDocument, 'Policies');
    }
  }
  return found;
}

const CONFIGURATIONS = {
  'delegation policy, SELF': {},
  'read role, delegated admin, existing alarm topic': {
    organizationsAccess: { mode: 'role' },
    stackSet: { callAs: 'DELEGATED_ADMIN', delegatedAdminAccountId: '333333333333' },
    alarms: { topicArn: 'arn:aws:sns:eu-west-1:222222222222:oncall' },
  },
} as const;

describe.each(Object.entries(CONFIGURATIONS))('every trailwatch stack (%s)', (_, overrides) => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize(overrides);
  });
  afterAll(() => synthesized.cleanup());

  it('has zero unacknowledged cdk-nag AwsSolutions findings', () => {
    const findings = synthesized.all.flatMap((stack) =>
      new AwsSolutionsChecks(synthesized.app)
        .validateScope(stack)
        .violations.map((violation) => `${stack.stackName}: ${violation.ruleName}`),
    );
    expect(findings).toEqual([]);
  });

  it('records a reason next to every acknowledged cdk-nag rule', () => {
    const acknowledgements = synthesized.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
      );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [rule, reason] of acknowledgements) {
      // cdk-nag 3 ids carry no pack prefix; aws-cdk-lib records them as annotation acknowledgements.
      expect(rule).toMatch(/^Annotation::AwsSolutions-[A-Z0-9]+/);
      expect(reason.length, `${rule} needs a real reason`).toBeGreaterThan(40);
    }
  });

  it('never allows a wildcard action on a wildcard resource', () => {
    const offending: string[] = [];
    for (const stack of synthesized.all) {
      for (const { where, type, document } of policyDocuments(synthesized.template(stack))) {
        // In a key policy, Resource "*" means "this key"; the account-root admin statement there is
        // how CloudFormation keeps the key manageable, and it names a principal, not everyone.
        if (type === 'AWS::KMS::Key') continue;
        for (const statement of statementsOf(document)) {
          if (statement.Effect !== 'Allow') continue;
          const wildcardAction = listOf(statement.Action).some(
            (action) => action === '*' || (typeof action === 'string' && action.endsWith(':*')),
          );
          const wildcardResource = listOf(statement.Resource).includes('*');
          if (wildcardAction && wildcardResource) offending.push(`${stack.stackName} ${where}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('never grants anyone outside the account or organization through a "*" principal', () => {
    const open: string[] = [];
    for (const stack of synthesized.all) {
      for (const { where, document } of policyDocuments(synthesized.template(stack))) {
        for (const statement of statementsOf(document)) {
          const principal = JSON.stringify(statement.Principal ?? null);
          if (
            statement.Effect === 'Allow' &&
            (principal === '"*"' || principal === '{"AWS":"*"}')
          ) {
            const orgBound = JSON.stringify(statement.Condition ?? {}).includes(
              'aws:PrincipalOrgID',
            );
            if (!orgBound) open.push(`${stack.stackName} ${where}`);
          }
        }
      }
    }
    expect(open).toEqual([]);
  });

  it("names every stack so that deleting it matches the tamper rule's stack-name wildcard", () => {
    // Deleting a stack takes its rules and roles down as CloudFormation, which the rule and role
    // tamper detections ignore; the DeleteStack call itself is the only trace.
    const wildcards = tamperStackNameWildcards();
    expect(wildcards.length).toBeGreaterThan(0);
    const unwatched = synthesized.all
      .map((stack) => stack.stackName)
      .filter((name) => !wildcards.some((wildcard) => matchesWildcard(name, wildcard)));
    expect(unwatched).toEqual([]);
  });

  it('carries no secret value in any template', () => {
    for (const stack of synthesized.all) {
      const text = JSON.stringify(synthesized.template(stack).toJSON());
      expect(text).not.toContain('SecretString');
      expect(text).not.toContain('hooks.slack.com');
    }
  });

  it('encrypts every queue, topic and table', () => {
    for (const stack of synthesized.all) {
      const resources = synthesized.template(stack).toJSON().Resources as Record<string, Resource>;
      for (const [id, resource] of Object.entries(resources)) {
        const properties = resource.Properties ?? {};
        if (resource.Type === 'AWS::SQS::Queue') {
          expect(properties.SqsManagedSseEnabled ?? properties.KmsMasterKeyId, id).toBeTruthy();
        }
        if (resource.Type === 'AWS::SNS::Topic') {
          expect(properties.KmsMasterKeyId, id).toBeTruthy();
        }
        if (resource.Type === 'AWS::DynamoDB::Table') {
          expect(properties.SSESpecification, id).toEqual({ SSEEnabled: true });
        }
      }
    }
  });
});

describe('Class: AwsSolutionsChecks', () => {
  it('reports findings on an unguarded queue, so a clean report above means something', () => {
    const app = new App();
    const stack = new Stack(app, 'Unguarded');
    new Queue(stack, 'Queue');
    const rules = new AwsSolutionsChecks(app)
      .validateScope(stack)
      .violations.map((violation) => violation.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
