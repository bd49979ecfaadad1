import { intrinsicName, isNoValue } from './intrinsics.js';

/**
 * `Fn::If` picks one of two values when the stack is deployed, so each branch must be valid on
 * its own. Rather than accept an `Fn::If` unchecked, the validator checks the resource once per
 * true/false assignment of the conditions it uses, with `AWS::NoValue` removed as CloudFormation
 * removes it. Conditions are treated as independent, which can only add branches, never hide one.
 */

/** More conditions than this in one resource would make 2^n variants: fail loudly instead. */
const MAX_CONDITIONS = 8;

const REMOVED = Symbol('AWS::NoValue');

/** One variant of a value: `when` names the assignment ('' when no `Fn::If` is involved). */
export interface Branch {
  readonly when: string;
  readonly value: unknown;
}

function conditionsOf(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) conditionsOf(item, found);
  } else if (value !== null && typeof value === 'object') {
    const args = (value as Record<string, unknown>)['Fn::If'];
    if (intrinsicName(value) === 'Fn::If' && Array.isArray(args) && typeof args[0] === 'string') {
      found.add(args[0]);
    }
    for (const nested of Object.values(value)) conditionsOf(nested, found);
  }
  return found;
}

function resolve(value: unknown, assignment: ReadonlyMap<string, boolean>): unknown {
  if (isNoValue(value)) return REMOVED;
  if (Array.isArray(value)) {
    return value.map((item) => resolve(item, assignment)).filter((item) => item !== REMOVED);
  }
  if (value === null || typeof value !== 'object') return value;
  const args = (value as Record<string, unknown>)['Fn::If'];
  if (intrinsicName(value) === 'Fn::If' && Array.isArray(args) && args.length === 3) {
    const chosen = assignment.get(args[0] as string) ? args[1] : args[2];
    return resolve(chosen, assignment);
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, nested] of Object.entries(value)) {
    const result = resolve(nested, assignment);
    if (result !== REMOVED) resolved[key] = result;
  }
  return resolved;
}

/** Every variant of `value`, one per true/false assignment of the conditions its `Fn::If`s use. */
export function conditionBranches(value: unknown): Branch[] {
  const conditions = [...conditionsOf(value, new Set())].sort();
  if (conditions.length > MAX_CONDITIONS) {
    throw new Error(`${conditions.length} conditions in one resource: too many branches to check`);
  }
  const branches: Branch[] = [];
  for (let bits = 0; bits < 2 ** conditions.length; bits++) {
    const assignment = new Map(conditions.map((name, i) => [name, (bits & (1 << i)) !== 0]));
    const when = conditions.map((name) => `${name}=${assignment.get(name)}`).join(', ');
    const resolved = resolve(value, assignment);
    branches.push({ when, value: resolved === REMOVED ? undefined : resolved });
  }
  return branches;
}
