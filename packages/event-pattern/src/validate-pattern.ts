import { checkOperatorObject, isOperatorName, type Report } from './check-operator.js';
import { MAX_PATTERN_DEPTH, OR_KEY, RESERVED_IN_OR } from './constants.js';
import { expandPatternKeys } from './dotted-keys.js';
import { childPath, indexPath, isObject, jsonText, typeName } from './path.js';
import type { PatternProblem, ValidateOptions } from './types.js';
import { checkWildcardComplexity } from './wildcard-complexity.js';

/**
 * Checks a pattern the way EventBridge's PutRule does and lists every problem found, each with the
 * JSON path it sits at. Never throws, whatever it is given.
 *
 * @param pattern - the parsed pattern (not its JSON text)
 * @param options - optional extra checks, such as the pattern length quota
 * @returns the problems in pattern order; empty when EventBridge would accept the pattern
 *
 * @example
 * ```ts
 * validatePattern({ detail: { eventName: ['CreateUser', { prefix: 5 }] } });
 * // [{ path: 'detail.eventName[1].prefix', problem: 'must be a string or {"equals-ignore-case": string}, got number' }]
 * ```
 */
export function validatePattern(pattern: unknown, options?: ValidateOptions): PatternProblem[] {
  const problems: PatternProblem[] = [];
  const report: Report = (path, problem) => {
    problems.push({ path, problem });
  };
  try {
    if (!isObject(pattern)) {
      report('', `pattern must be a JSON object, got ${typeName(pattern)}`);
      return problems;
    }
    checkObject(pattern, '', false, 0, report);
    if (problems.length === 0) {
      const { pattern: expanded, collisions } = expandPatternKeys(pattern);
      for (const collision of collisions) report(collision.path, collision.problem);
      if (collisions.length === 0) checkWildcardComplexity(expanded, report);
    }
    if (options?.maxLength !== undefined) checkLength(pattern, options.maxLength, report);
  } catch (error) {
    // Only hostile inputs (throwing getters, proxies) get here; they are not JSON patterns.
    report(
      '',
      `pattern could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return problems;
}

function checkLength(pattern: object, maxLength: number, report: Report): void {
  // A pattern with no JSON text has already been reported for its non-JSON values.
  const length = jsonText(pattern).length;
  if (length > maxLength) {
    report('', `pattern is ${length} characters long; the limit is ${maxLength}`);
  }
}

function checkObject(
  object: Record<string, unknown>,
  path: string,
  insideOr: boolean,
  depth: number,
  report: Report,
): void {
  if (depth > MAX_PATTERN_DEPTH) {
    report(path, `is nested more than ${MAX_PATTERN_DEPTH} levels deep`);
    return;
  }
  const keys = Object.keys(object);
  if (keys.length === 0) {
    report(path, 'must not be an empty object; name at least one field to match');
    return;
  }
  for (const key of keys) {
    const value = object[key];
    const at = childPath(path, key);
    if (key === OR_KEY) {
      checkOr(value, at, depth, report);
    } else if (insideOr && RESERVED_IN_OR.has(key)) {
      report(
        at,
        `"${key}" is reserved and cannot name a field inside $or; operators belong inside a field's value array`,
      );
    } else if (Array.isArray(value)) {
      checkValues(value, at, report);
    } else if (isObject(value)) {
      checkObject(value, at, insideOr, depth + 1, report);
    } else {
      report(at, fieldValueProblem(key, value, path));
    }
  }
}

function fieldValueProblem(key: string, value: unknown, parentPath: string): string {
  const base = `must be an object or a non-empty array of match values, got ${typeName(value)}`;
  if (!isOperatorName(key)) return base;
  const field = parentPath === '' ? 'field' : parentPath.slice(parentPath.lastIndexOf('.') + 1);
  return `${base}; "${key}" is an operator and only works on a leaf, inside its value array, e.g. "${field}": [{ "${key}": ${jsonText(value)} }]`;
}

function checkOr(value: unknown, path: string, depth: number, report: Report): void {
  if (!Array.isArray(value)) {
    report(path, `must be an array of at least two pattern objects, got ${typeName(value)}`);
    return;
  }
  if (value.length < 2) {
    report(path, `must list at least two alternatives, got ${value.length}`);
  }
  value.forEach((alternative, index) => {
    const at = indexPath(path, index);
    if (isObject(alternative)) {
      checkObject(alternative, at, true, depth + 1, report);
    } else {
      report(at, `must be a pattern object, got ${typeName(alternative)}`);
    }
  });
}

function checkValues(values: readonly unknown[], path: string, report: Report): void {
  if (values.length === 0) {
    report(path, 'must be a non-empty array of match values');
    return;
  }
  values.forEach((value, index) => {
    const at = indexPath(path, index);
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(value)) report(at, `must be a finite number, got ${value}`);
        return;
      case 'object':
        if (value === null) return;
        if (Array.isArray(value)) {
          report(
            at,
            'must be a string, number, boolean, null or operator object, got a nested array',
          );
        } else {
          checkOperatorObject(value as Record<string, unknown>, at, report);
        }
        return;
      default:
        report(at, `must be a JSON value, got ${typeName(value)}`);
    }
  });
}
