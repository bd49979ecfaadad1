import { conditionBranches } from './condition-branches.js';
import type { RegistrySchemas } from './registry-schema.js';
import { referenceProblems } from './template-references.js';

/**
 * Checks one synthesized template the way CloudFormation's registry would before provisioning:
 * every resource's properties against its type's schema, its resource attributes, and every
 * reference between the template's parts.
 */

/** Resource types with no registry schema to check against, and why that is expected. */
const SKIPPED_TYPES: readonly [RegExp, string][] = [
  [
    /^(Custom::.+|AWS::CloudFormation::CustomResource)$/,
    'custom resource: its properties are whatever its provider Lambda accepts',
  ],
  [/^AWS::CDK::Metadata$/, "the CDK's version report: no registry schema, ignored by deployments"],
];

/** The keys CloudFormation allows on a resource, beside which any other key is an error. */
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
]);
const POLICIES: Record<string, readonly string[]> = {
  DeletionPolicy: ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'],
  UpdateReplacePolicy: ['Delete', 'Retain', 'Snapshot'],
};

export interface Finding {
  readonly template: string;
  readonly logicalId: string;
  readonly type: string;
  /** JSON pointer from the resource (or output/condition) named by `logicalId`. */
  readonly path: string;
  readonly message: string;
}

export interface TemplateReport {
  readonly findings: Finding[];
  /** `Type` of every resource whose properties were checked against a schema. */
  readonly validated: { logicalId: string; type: string }[];
  readonly skipped: { logicalId: string; type: string; reason: string }[];
}

type Resource = Record<string, unknown> & { Type?: unknown; Properties?: unknown };

export function validateTemplate(
  name: string,
  template: Record<string, unknown>,
  schemas: RegistrySchemas,
): TemplateReport {
  const report: TemplateReport = { findings: [], validated: [], skipped: [] };
  const resources = (template.Resources ?? {}) as Record<string, Resource>;
  const seen = new Set<string>();
  const add = (logicalId: string, path: string, message: string) => {
    const type = String(resources[logicalId]?.Type ?? '');
    const key = `${logicalId} ${path} ${message}`;
    if (!seen.has(key)) report.findings.push({ template: name, logicalId, type, path, message });
    seen.add(key);
  };

  for (const [logicalId, resource] of Object.entries(resources)) {
    const type = String(resource.Type);
    const skip = SKIPPED_TYPES.find(([pattern]) => pattern.test(type));
    if (skip) {
      report.skipped.push({ logicalId, type, reason: skip[1] });
      continue;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) add(logicalId, `/${key}`, 'is not a resource attribute');
    }
    for (const [key, allowed] of Object.entries(POLICIES)) {
      const value = resource[key];
      if (value !== undefined && !allowed.includes(value as string)) {
        add(logicalId, `/${key}`, `must be one of ${JSON.stringify(allowed)}`);
      }
    }
    const branches = conditionBranches(resource.Properties);
    // Each violation with the branches it occurs in, so one in every branch is reported once.
    const whens = new Map<string, { path: string; message: string; when: string[] }>();
    for (const branch of branches) {
      const violations = schemas.validate(type, branch.value);
      if (!violations) {
        add(logicalId, '/Type', `no CloudFormation registry schema for ${type}`);
        break;
      }
      for (const { path, message } of violations) {
        const entry = whens.get(`${path} ${message}`) ?? { path, message, when: [] };
        whens.set(`${path} ${message}`, { ...entry, when: [...entry.when, branch.when] });
      }
    }
    for (const { path, message, when } of whens.values()) {
      const always = when.length === branches.length;
      add(logicalId, path, always ? message : `${message} (when ${when.join(' or ')})`);
    }
    if (schemas.provider(type)) report.validated.push({ logicalId, type });
  }
  for (const problem of referenceProblems(template, (type) => schemas.attributes(type))) {
    add(problem.logicalId, problem.path, problem.message);
  }
  return report;
}
