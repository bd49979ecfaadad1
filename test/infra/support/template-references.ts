import { intrinsicName } from './intrinsics.js';

/**
 * What a schema cannot see: references between the parts of one template. CloudFormation
 * rejects a template whose `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `DependsOn`, condition or
 * mapping names something the template does not define, or a `GetAtt` attribute the type lacks.
 */

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Types whose attributes are whatever their provider returns, so no list can check them. */
const OPEN_ATTRIBUTES =
  /^(Custom::.+|AWS::CloudFormation::CustomResource|AWS::CloudFormation::Stack)$/;

/** A reference problem, located like a schema violation: logical id plus JSON pointer. */
export interface ReferenceProblem {
  readonly logicalId: string;
  readonly path: string;
  readonly message: string;
}

interface Template {
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Resources?: Record<string, { Type?: string; DependsOn?: unknown; Condition?: unknown }>;
  Outputs?: Record<string, unknown>;
}

/** Every reference problem in `template`; `attributesOf(type)` lists the GetAtt names of a type. */
export function referenceProblems(
  template: Template,
  attributesOf: (type: string) => ReadonlySet<string>,
): ReferenceProblem[] {
  const resources = template.Resources ?? {};
  const problems: ReferenceProblem[] = [];
  let owner = '';
  const report = (path: string, message: string) =>
    problems.push({ logicalId: owner, path, message });

  const checkRef = (target: unknown, path: string) => {
    if (typeof target !== 'string') return;
    if (target in resources || target in (template.Parameters ?? {})) return;
    if (!PSEUDO_PARAMETERS.has(target)) report(path, `Ref to undefined "${target}"`);
  };
  const checkGetAtt = (id: string, attribute: unknown, path: string) => {
    const type = resources[id]?.Type;
    if (type === undefined) return report(path, `GetAtt of undefined resource "${id}"`);
    if (typeof attribute !== 'string' || OPEN_ATTRIBUTES.test(type)) return;
    if (!attributesOf(type).has(attribute)) {
      report(path, `GetAtt attribute "${attribute}" is not an attribute of ${type}`);
    }
  };
  const checkCondition = (name: unknown, path: string) => {
    if (typeof name === 'string' && !(name in (template.Conditions ?? {}))) {
      report(path, `condition "${name}" is not defined`);
    }
  };
  const checkSub = (args: unknown, path: string) => {
    const [text, variables] = Array.isArray(args) ? args : [args, {}];
    if (typeof text !== 'string') return;
    for (const [, name] of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) {
      if (name! in ((variables as Record<string, unknown>) ?? {})) continue;
      const [id, ...attribute] = name!.split('.');
      if (attribute.length) checkGetAtt(id!, attribute.join('.'), path);
      else checkRef(name, path);
    }
  };

  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${path}/${i}`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const args = Object.values(value)[0];
    const at = `${path}/${intrinsicName(value)}`;
    switch (intrinsicName(value)) {
      case 'Ref':
        checkRef(args, path);
        break;
      case 'Fn::GetAtt': {
        const [id, attribute] =
          typeof args === 'string' ? args.split(/\.(.*)/) : (args as unknown[]);
        if (typeof id === 'string') checkGetAtt(id, attribute, path);
        break;
      }
      case 'Fn::Sub':
        checkSub(args, at);
        break;
      case 'Fn::If':
        checkCondition((args as unknown[])[0], at);
        break;
      case 'Fn::FindInMap': {
        const map = (args as unknown[])[0];
        if (typeof map === 'string' && !(map in (template.Mappings ?? {}))) {
          report(at, `mapping "${map}" is not defined`);
        }
        break;
      }
    }
    for (const [key, nested] of Object.entries(value)) walk(nested, `${path}/${key}`);
  };

  for (const [id, resource] of Object.entries(resources)) {
    owner = id;
    const dependsOn = resource.DependsOn;
    for (const target of typeof dependsOn === 'string' ? [dependsOn] : ((dependsOn ?? []) as [])) {
      if (!(target in resources)) report('/DependsOn', `DependsOn undefined resource "${target}"`);
    }
    if (resource.Condition !== undefined) checkCondition(resource.Condition, '/Condition');
    walk((resource as { Properties?: unknown }).Properties, '/Properties');
  }
  for (const [name, condition] of Object.entries(template.Conditions ?? {})) {
    owner = `Conditions.${name}`;
    walk(condition, '');
    // `{ "Condition": "Other" }` nests one condition in another.
    JSON.stringify(condition, (key, nested) => {
      if (key === 'Condition') checkCondition(nested, '');
      return nested;
    });
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    owner = `Outputs.${name}`;
    checkCondition((output as { Condition?: unknown }).Condition, '/Condition');
    walk((output as { Value?: unknown }).Value, '/Value');
  }
  return problems;
}
