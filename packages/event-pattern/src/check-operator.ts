import { Operator } from './constants.js';
import { checkCidr } from './ip-address.js';
import { checkNumeric, isComparable } from './numeric.js';
import { indexPath, isObject, typeName } from './path.js';
import { checkWildcard } from './wildcard.js';

/** Receives one problem at a time. */
export type Report = (path: string, problem: string) => void;

const OPERATOR_NAMES: ReadonlySet<string> = new Set(Object.values(Operator));
const ANYTHING_BUT_MODIFIERS: ReadonlySet<string> = new Set([
  Operator.PREFIX,
  Operator.SUFFIX,
  Operator.EQUALS_IGNORE_CASE,
  Operator.WILDCARD,
]);
const OPERATOR_LIST = [...OPERATOR_NAMES].join(', ');

/** Whether `name` is one of EventBridge's match operators. */
export function isOperatorName(name: string): boolean {
  return OPERATOR_NAMES.has(name);
}

/** Reports every problem with an operator object such as `{"prefix": "us-"}` found at `path`. */
export function checkOperatorObject(object: Record<string, unknown>, path: string, report: Report) {
  const names = Object.keys(object);
  if (names.length === 0) {
    report(path, `operator object is empty; give exactly one operator (${OPERATOR_LIST})`);
    return;
  }
  if (names.length > 1) {
    report(
      path,
      `operator object must have exactly one key, got ${names.length} (${names.join(', ')}); use one object per operator`,
    );
  }
  for (const name of names) {
    const operandPath = `${path}.${name}`;
    if (!OPERATOR_NAMES.has(name)) {
      report(operandPath, `unknown operator "${name}"; EventBridge supports ${OPERATOR_LIST}`);
      continue;
    }
    checkOperand(name, object[name], operandPath, report);
  }
}

function checkOperand(name: string, operand: unknown, path: string, report: Report): void {
  switch (name) {
    case Operator.PREFIX:
    case Operator.SUFFIX:
      checkAffix(name, operand, path, report);
      return;
    case Operator.EQUALS_IGNORE_CASE:
      requireString(operand, path, report);
      return;
    case Operator.WILDCARD:
      if (requireString(operand, path, report)) reportIf(checkWildcard(operand), path, report);
      return;
    case Operator.ANYTHING_BUT:
      checkAnythingBut(operand, path, report);
      return;
    case Operator.NUMERIC:
      checkNumeric(operand, path, report);
      return;
    case Operator.CIDR:
      if (requireString(operand, path, report)) reportIf(checkCidr(operand), path, report);
      return;
    default:
      if (typeof operand !== 'boolean') {
        report(path, `must be true or false, got ${typeName(operand)}`);
      }
  }
}

function reportIf(problem: string | undefined, path: string, report: Report): void {
  if (problem !== undefined) report(path, problem);
}

function requireString(operand: unknown, path: string, report: Report): operand is string {
  if (typeof operand === 'string') return true;
  report(path, `must be a string, got ${typeName(operand)}`);
  return false;
}

function checkAffix(name: string, operand: unknown, path: string, report: Report): void {
  if (!isObject(operand)) {
    if (typeof operand !== 'string') {
      report(path, `must be a string or {"equals-ignore-case": string}, got ${typeName(operand)}`);
    }
    return;
  }
  const keys = Object.keys(operand);
  if (keys.length !== 1 || keys[0] !== Operator.EQUALS_IGNORE_CASE) {
    report(
      path,
      `${name} takes a string or exactly {"equals-ignore-case": string}, got keys (${keys.join(', ')})`,
    );
    return;
  }
  requireString(
    operand[Operator.EQUALS_IGNORE_CASE],
    `${path}.${Operator.EQUALS_IGNORE_CASE}`,
    report,
  );
}

function checkAnythingButNumber(value: number, path: string, report: Report): void {
  if (!Number.isFinite(value) || !isComparable(value)) {
    report(path, `numbers in anything-but must be between -5e9 and 5e9 inclusive, got ${value}`);
  }
}

function checkAnythingBut(operand: unknown, path: string, report: Report): void {
  if (typeof operand === 'string') return;
  if (typeof operand === 'number') {
    checkAnythingButNumber(operand, path, report);
    return;
  }
  if (Array.isArray(operand)) {
    checkAnythingButList(operand, path, report);
    return;
  }
  if (isObject(operand)) {
    checkAnythingButModifier(operand, path, report);
    return;
  }
  report(
    path,
    `must be a string, a number, a non-empty array of strings or of numbers, or an object with prefix, suffix, equals-ignore-case or wildcard; got ${typeName(operand)}`,
  );
}

function checkAnythingButList(list: readonly unknown[], path: string, report: Report): void {
  if (list.length === 0) {
    report(path, 'must not be an empty array');
    return;
  }
  const kind = typeof list[0];
  if (kind !== 'string' && kind !== 'number') {
    report(indexPath(path, 0), `must be a string or a number, got ${typeName(list[0])}`);
    return;
  }
  list.forEach((value, index) => {
    const at = indexPath(path, index);
    if (typeof value !== kind) {
      report(
        at,
        `must be a ${kind} like the first element; anything-but lists cannot mix types (got ${typeName(value)})`,
      );
    } else if (typeof value === 'number') {
      checkAnythingButNumber(value, at, report);
    }
  });
}

function checkAnythingButModifier(modifier: Record<string, unknown>, path: string, report: Report) {
  const keys = Object.keys(modifier);
  if (keys.length !== 1) {
    report(
      path,
      `must have exactly one of prefix, suffix, equals-ignore-case, wildcard; got ${keys.length} keys`,
    );
    return;
  }
  const name = keys[0] as string;
  const at = `${path}.${name}`;
  if (!ANYTHING_BUT_MODIFIERS.has(name)) {
    report(
      at,
      `anything-but cannot wrap "${name}"; use prefix, suffix, equals-ignore-case or wildcard`,
    );
    return;
  }
  const operand = modifier[name];
  const values = Array.isArray(operand) ? operand : [operand];
  values.forEach((value, index) => {
    const valuePath = Array.isArray(operand) ? indexPath(at, index) : at;
    if (typeof value !== 'string') {
      report(
        valuePath,
        `must be a string${Array.isArray(operand) ? '' : ' or an array of strings'}, got ${typeName(value)}`,
      );
    } else if ((name === Operator.PREFIX || name === Operator.SUFFIX) && value === '') {
      report(valuePath, `an empty ${name} cannot be negated; it would exclude every string`);
    } else if (name === Operator.WILDCARD) {
      reportIf(checkWildcard(value), valuePath, report);
    }
  });
}
