import { NUMERIC_LIMIT } from './constants.js';
import { jsonText } from './path.js';

/** A numeric range with bounds already turned into comparable keys. */
export interface NumericRange {
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

/** Whether EventBridge can compare `n` numerically (finite and within ±5e9). */
export function isComparable(n: number): boolean {
  return n >= -NUMERIC_LIMIT && n <= NUMERIC_LIMIT;
}

/**
 * The number as EventBridge compares it: shifted to be non-negative and truncated to six decimal
 * places, in the same double arithmetic as event-ruler's `ComparableNumber`, so values that differ
 * only beyond the sixth decimal compare equal there and here.
 */
export function comparableKey(n: number): number {
  return Math.floor(1e6 * (NUMERIC_LIMIT + n));
}

/** Whether the comparable key of an event number lies in `range`. */
export function inRange(range: NumericRange, key: number): boolean {
  if (range.lowOpen ? key <= range.low : key < range.low) return false;
  return range.highOpen ? key < range.high : key <= range.high;
}

const LOWER_OPERATORS: ReadonlySet<unknown> = new Set(['>', '>=']);
const UPPER_OPERATORS: ReadonlySet<unknown> = new Set(['<', '<=']);
const ALL_OPERATORS: ReadonlySet<unknown> = new Set(['=', '<', '<=', '>', '>=']);

/** Reports each way `operand` breaks the `numeric` grammar; returns whether it is valid. */
export function checkNumeric(
  operand: unknown,
  path: string,
  report: (path: string, problem: string) => void,
): boolean {
  const example = 'e.g. [">", 0, "<=", 5] or ["=", 300]';
  if (!Array.isArray(operand)) {
    report(path, `must be an array of operators and numbers, ${example}`);
    return false;
  }
  if (operand.length === 0) {
    report(path, `must not be empty, ${example}`);
    return false;
  }
  const first: unknown = operand[0];
  if (!ALL_OPERATORS.has(first)) {
    report(`${path}[0]`, `must be one of "=", "<", "<=", ">", ">=", got ${jsonText(first)}`);
    return false;
  }
  if (operand.length < 2) {
    report(`${path}[1]`, `is missing; "${String(first)}" must be followed by a number`);
    return false;
  }
  let valid = checkBound(operand[1], `${path}[1]`, report);
  if (operand.length === 2) return valid;
  if (!LOWER_OPERATORS.has(first)) {
    report(path, `"${String(first)}" takes exactly one number; a range starts with ">" or ">="`);
    return false;
  }
  if (operand.length !== 4) {
    report(path, `a range has exactly four elements: [">" or ">=", lower, "<" or "<=", upper]`);
    return false;
  }
  if (!UPPER_OPERATORS.has(operand[2])) {
    report(`${path}[2]`, `must be "<" or "<=" (the upper bound), got ${jsonText(operand[2])}`);
    valid = false;
  }
  valid = checkBound(operand[3], `${path}[3]`, report) && valid;
  if (valid && comparableKey(operand[1] as number) >= comparableKey(operand[3] as number)) {
    report(path, 'lower bound must be less than upper bound');
    return false;
  }
  return valid;
}

function checkBound(
  value: unknown,
  path: string,
  report: (path: string, problem: string) => void,
): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    report(path, `must be a number, got ${jsonText(value)}`);
    return false;
  }
  if (!isComparable(value)) {
    report(path, `must be between -5e9 and 5e9 inclusive, got ${value}`);
    return false;
  }
  return true;
}

/** The range a valid `numeric` operand describes. */
export function parseNumeric(operand: readonly unknown[]): NumericRange {
  const op = operand[0] as string;
  const value = comparableKey(operand[1] as number);
  const min = comparableKey(-NUMERIC_LIMIT);
  const max = comparableKey(NUMERIC_LIMIT);
  switch (op) {
    case '=':
      return { low: value, lowOpen: false, high: value, highOpen: false };
    case '<':
      return { low: min, lowOpen: false, high: value, highOpen: true };
    case '<=':
      return { low: min, lowOpen: false, high: value, highOpen: false };
    default: {
      const lowOpen = op === '>';
      if (operand.length === 2) return { low: value, lowOpen, high: max, highOpen: false };
      return {
        low: value,
        lowOpen,
        high: comparableKey(operand[3] as number),
        highOpen: operand[2] === '<',
      };
    }
  }
}
