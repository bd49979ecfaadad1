import { readMemberTemplate } from '@trailwatch/member-stack';
import { beforeAll, describe, expect, it } from 'vitest';
import { RegistrySchemas } from './support/registry-schema.js';
import { type Finding, validateTemplate } from './support/validate-template.js';
import { synthesize } from './synth-fixture.js';

/**
 * Proof without an AWS account: every resource of every template trailwatch deploys is checked
 * against the CloudFormation registry schema of its type, which is what CloudFormation checks a
 * registry resource's properties against before it calls the provider, plus the references
 * between the template's parts.
 */

const CONFIGURATIONS = {
  example: {},
  'read role, delegated admin, Identity Center elsewhere, existing alarm topic': {
    organizationsAccess: { mode: 'role' },
    stackSet: { callAs: 'DELEGATED_ADMIN', delegatedAdminAccountId: '333333333333' },
    identityCenter: { region: 'eu-central-1', accountId: '444444444444' },
    alarms: { topicArn: 'arn:aws:sns:eu-west-1:222222222222:oncall' },
  },
} as const;

/**
 * Defects the validator finds in today's templates, as `logicalId path message` (the same
 * member-template defect shows once, not once per management-member copy). Each entry would be
 * a deploy-time failure to fix in the stack, not here; the test fails when the list is stale.
 * None are known.
 */
const KNOWN_DEFECTS: readonly string[] = [];

type Template = Record<string, unknown>;
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> } & Template>;

const defectOf = (f: Finding) => `${f.logicalId} ${f.path} ${f.message}`;

let schemas: RegistrySchemas;
/** Every template, by a name that says which configuration and stack it comes from. */
const templates = new Map<string, Template>();
const stackCounts: number[] = [];

beforeAll(() => {
  schemas = new RegistrySchemas();
  templates.set('member.template.json', readMemberTemplate() as Template);
  for (const [configuration, overrides] of Object.entries(CONFIGURATIONS)) {
    const synthesized = synthesize(overrides);
    try {
      for (const stack of synthesized.all) {
        const template = synthesized.template(stack).toJSON() as Template;
        templates.set(`${configuration}/${stack.stackName}`, template);
        // A StackSet deploys the template in its TemplateBody: check that one as deployed too.
        for (const [id, resource] of Object.entries(template.Resources as Resources)) {
          const body = resource.Properties.TemplateBody;
          if (resource.Type === 'AWS::CloudFormation::StackSet' && typeof body === 'string') {
            templates.set(
              `${configuration}/${stack.stackName}/${id}.TemplateBody`,
              JSON.parse(body),
            );
          }
        }
      }
      stackCounts.push(synthesized.all.length);
    } finally {
      synthesized.cleanup();
    }
  }
});

/** The example configuration's security stack, where the alerter's resources live. */
function securityTemplate(): Template {
  const [, template] = [...templates].find(([name]) => name === 'example/trailwatch-security')!;
  return structuredClone(template);
}

function firstOfType(template: Template, type: string): [string, Resources[string]] {
  const found = Object.entries(template.Resources as Resources).find(([, r]) => r.Type === type);
  if (!found) throw new Error(`no ${type} in the template`);
  return found;
}

describe('CloudFormation registry schemas', () => {
  it('covers every stack of both configurations, the member template and StackSet bodies', () => {
    expect(stackCounts).toHaveLength(2);
    const bodies = [...templates.keys()].filter((name) => name.endsWith('.TemplateBody'));
    expect(bodies).toHaveLength(2);
    expect(templates.size).toBe(1 + stackCounts[0]! + stackCounts[1]! + bodies.length);
  });

  it('finds no defect beyond KNOWN_DEFECTS in any resource of any template', () => {
    const defects = new Map<string, string[]>();
    let resources = 0;
    let checked = 0;
    for (const [name, template] of templates) {
      const report = validateTemplate(name, template, schemas);
      for (const finding of report.findings) {
        defects.set(defectOf(finding), [...(defects.get(defectOf(finding)) ?? []), name]);
      }
      resources += Object.keys(template.Resources as Resources).length;
      checked += report.validated.length + report.skipped.length;
    }
    // No resource may slip through: each was either validated or skipped with a reason.
    expect(checked).toBe(resources);
    const where = JSON.stringify(Object.fromEntries(defects), null, 2);
    expect([...defects.keys()].sort(), `defects and their templates: ${where}`).toEqual(
      [...KNOWN_DEFECTS].sort(),
    );
  });

  it('rejects an unknown property on every resource it validated, so none passes vacuously', () => {
    const missed: string[] = [];
    for (const [name, template] of templates) {
      const corrupted = structuredClone(template);
      for (const resource of Object.values(corrupted.Resources as Resources)) {
        resource.Properties = { ...resource.Properties, NotAProperty: true };
      }
      const report = validateTemplate(name, corrupted, schemas);
      for (const { logicalId } of report.validated) {
        const path = '/Properties/NotAProperty';
        const found = report.findings.some((f) => f.logicalId === logicalId && f.path === path);
        if (!found) missed.push(`${name}: ${logicalId}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('reports each kind of corruption with the logical id and property path', () => {
    const template = securityTemplate();
    const [fnId, fn] = firstOfType(template, 'AWS::Lambda::Function');
    const [logId, log] = firstOfType(template, 'AWS::Logs::LogGroup');
    const [queueId] = firstOfType(template, 'AWS::SQS::Queue');
    fn.Properties.Handlr = 'index.handler'; // unknown (additionalProperties: false)
    delete fn.Properties.Role; // required
    fn.Properties.Timeout = 'two minutes'; // type: integer
    fn.Properties.Architectures = ['arm64', 'x86_64']; // maxItems: 1
    fn.Properties.Environment = { Variables: { X: 'x' } }; // a nested definition's key pattern
    fn.Properties.Description = { 'Fn::Split': [',', 'a,b'] }; // a list where a string goes
    fn.DependsOn = ['Nowhere']; // DependsOn target
    fn.Properties.FunctionName = { 'Fn::GetAtt': [queueId, 'Depth'] }; // GetAtt attribute
    fn.Properties.Handler = { Ref: 'HandlerParameter' }; // Ref target
    // Sub variable (a CloudFormation placeholder, not a JavaScript one)
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax
    fn.Properties.KmsKeyArn = { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${KeyRegion}' };
    log.Properties.RetentionInDays = 8; // enum
    log.Properties.LogGroupName = '/aws/lambda/trail watch'; // pattern
    log.Properties.KmsKeyId = `arn:aws:kms:eu-west-1:222222222222:key/${'a'.repeat(220)}`; // maxLength
    log.DeletionPolicy = 'Keep'; // resource attribute enum

    const findings = validateTemplate('corrupted', template, schemas).findings.map(
      ({ logicalId, path, message }) => ({ logicalId, path, message }),
    );
    const expected: [string, string, RegExp][] = [
      [fnId, '/Properties/Handlr', /must NOT have additional properties/],
      [fnId, '/Properties/Role', /must have required property 'Role'/],
      [fnId, '/Properties/Timeout', /must be integer/],
      [fnId, '/Properties/Architectures', /must NOT have more than 1 items/],
      [fnId, '/Properties/Environment/Variables/X', /must NOT have additional properties/],
      [fnId, '/Properties/Description', /must be string/],
      [fnId, '/DependsOn', /undefined resource "Nowhere"/],
      [fnId, '/Properties/FunctionName', /"Depth" is not an attribute of AWS::SQS::Queue/],
      [fnId, '/Properties/Handler', /Ref to undefined "HandlerParameter"/],
      [fnId, '/Properties/KmsKeyArn/Fn::Sub', /Ref to undefined "KeyRegion"/],
      [logId, '/Properties/RetentionInDays', /must be equal to one of the allowed values/],
      [logId, '/Properties/LogGroupName', /must match pattern/],
      [logId, '/Properties/KmsKeyId', /must NOT have more than 256 characters/],
      [logId, '/DeletionPolicy', /must be one of/],
    ];
    for (const [logicalId, path, message] of expected) {
      expect(findings).toContainEqual({ logicalId, path, message: expect.stringMatching(message) });
    }
    expect(findings).toHaveLength(expected.length);
  });

  it('accepts intrinsics of a fitting kind and checks each Fn::If branch on its own', () => {
    const template = securityTemplate();
    template.Conditions = { InProd: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] } };
    const [fnId, fn] = firstOfType(template, 'AWS::Lambda::Function');
    const [logId, log] = firstOfType(template, 'AWS::Logs::LogGroup');
    // Values only known at deploy time: the pattern and enum cannot apply, so these pass.
    log.Properties.LogGroupName = { 'Fn::Join': ['/', ['', 'aws', { Ref: 'AWS::StackName' }]] };
    log.Properties.RetentionInDays = { Ref: 'AWS::NoValue' };
    fn.Properties.Architectures = { 'Fn::Split': [',', 'arm64'] };
    // One branch drops a required property: only that branch is reported.
    fn.Properties.Code = { 'Fn::If': ['InProd', fn.Properties.Code, { Ref: 'AWS::NoValue' }] };

    const findings = validateTemplate('intrinsics', template, schemas).findings;
    expect(findings.map(({ logicalId, path, message }) => ({ logicalId, path, message }))).toEqual([
      {
        logicalId: fnId,
        path: '/Properties/Code',
        message: "must have required property 'Code' (when InProd=false)",
      },
    ]);
    expect(findings.some((finding) => finding.logicalId === logId)).toBe(false);
  });

  it('skips custom resources and CDK metadata, saying why', () => {
    const template = securityTemplate();
    const resources = template.Resources as Resources;
    resources.Lookup = { Type: 'Custom::Lookup', Properties: { ServiceToken: 'arn', Any: 1 } };
    resources.CDKMetadata = { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:…' } };
    const report = validateTemplate('skips', template, schemas);
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([
      { logicalId: 'Lookup', type: 'Custom::Lookup', reason: expect.stringMatching(/custom/) },
      { logicalId: 'CDKMetadata', type: 'AWS::CDK::Metadata', reason: expect.any(String) },
    ]);
  });
});
