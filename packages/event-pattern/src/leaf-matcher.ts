import { Operator } from './constants.js';
import { endsWithIgnoreCase, equalsIgnoreCase, startsWithIgnoreCase } from './ignore-case.js';
import { ipBytes, ipEquals, ipInRange, parseCidr } from './ip-address.js';
import { comparableKey, inRange, isComparable, parseNumeric } from './numeric.js';
import { isObject } from './path.js';
import { compileWildcard } from './wildcard.js';

/** How one field's value array matches what the event holds at that field. */
export interface LeafMatcher {
  /** Whether the field matches when it has no leaf value at all (`exists: false`). */
  readonly absent: boolean;
  /** Whether one leaf value (string, number, boolean or null) matches. */
  readonly scalar: (value: unknown) => boolean;
}

type StringTest = (value: string) => boolean;
type NumberTest = (value: number) => boolean;
type AnyTest = (value: unknown) => boolean;

interface Parts {
  strings: string[];
  numbers: number[];
  acceptTrue: boolean;
  acceptFalse: boolean;
  acceptNull: boolean;
  existsTrue: boolean;
  existsFalse: boolean;
  stringTests: StringTest[];
  numberTests: NumberTest[];
  anyTests: AnyTest[];
}

/** Compiles a field's (already validated) value array into a {@link LeafMatcher}. */
export function compileLeaf(values: readonly unknown[]): LeafMatcher {
  const parts: Parts = {
    strings: [],
    numbers: [],
    acceptTrue: false,
    acceptFalse: false,
    acceptNull: false,
    existsTrue: false,
    existsFalse: false,
    stringTests: [],
    numberTests: [],
    anyTests: [],
  };
  for (const value of values) addValue(parts, value);
  return { absent: parts.existsFalse, scalar: assemble(parts) };
}

function addValue(parts: Parts, value: unknown): void {
  if (typeof value === 'string') {
    parts.strings.push(value);
    // event-ruler compares a value that looks like an IP address by the address it denotes, so
    // "10.0.0.1" also matches "010.0.0.1" and "::ffff:a00:1".
    const bytes = ipBytes(value);
    if (bytes !== undefined) parts.stringTests.push((v) => ipEquals(bytes, v));
  } else if (typeof value === 'number') {
    parts.numbers.push(value);
  } else if (value === true) {
    parts.acceptTrue = true;
  } else if (value === false) {
    parts.acceptFalse = true;
  } else if (value === null) {
    parts.acceptNull = true;
  } else if (isObject(value)) {
    const name = Object.keys(value)[0] as string;
    addOperator(parts, name, value[name]);
  }
}

function addOperator(parts: Parts, name: string, operand: unknown): void {
  switch (name) {
    case Operator.PREFIX:
      parts.stringTests.push(
        typeof operand === 'string'
          ? (v) => v.startsWith(operand)
          : startsWithIgnoreCase(ignoreCaseOperand(operand)),
      );
      return;
    case Operator.SUFFIX:
      parts.stringTests.push(
        typeof operand === 'string'
          ? (v) => v.endsWith(operand)
          : endsWithIgnoreCase(ignoreCaseOperand(operand)),
      );
      return;
    case Operator.EQUALS_IGNORE_CASE:
      parts.stringTests.push(equalsIgnoreCase(operand as string));
      return;
    case Operator.WILDCARD:
      parts.stringTests.push(compileWildcard(operand as string));
      return;
    case Operator.CIDR: {
      const range = parseCidr(operand as string);
      parts.stringTests.push((v) => ipInRange(range, v));
      return;
    }
    case Operator.NUMERIC: {
      const range = parseNumeric(operand as readonly unknown[]);
      parts.numberTests.push((v) => isComparable(v) && inRange(range, comparableKey(v)));
      return;
    }
    case Operator.ANYTHING_BUT:
      parts.anyTests.push(compileAnythingBut(operand));
      return;
    default:
      if (operand === true) parts.existsTrue = true;
      else parts.existsFalse = true;
  }
}

function ignoreCaseOperand(operand: unknown): string {
  return (operand as Record<string, string>)[Operator.EQUALS_IGNORE_CASE] as string;
}

// anything-but excludes only values of the type it names: a string list never excludes a number,
// null or boolean, and a number list never excludes a string, so those always pass (event-ruler
// ByteMachine: an anything-but fails only on an exact hit of the same kind).
function compileAnythingBut(operand: unknown): AnyTest {
  if (typeof operand === 'string') return (v) => v !== operand;
  if (typeof operand === 'number') return excludeNumbers([operand]);
  if (Array.isArray(operand)) {
    if (typeof operand[0] === 'number') return excludeNumbers(operand as number[]);
    const excluded = new Set(operand as string[]);
    return (v) => typeof v !== 'string' || !excluded.has(v);
  }
  const modifier = operand as Record<string, unknown>;
  const name = Object.keys(modifier)[0] as string;
  const raw = modifier[name];
  const list = (Array.isArray(raw) ? raw : [raw]) as string[];
  const tests = list.map((value): StringTest => {
    switch (name) {
      case Operator.PREFIX:
        return (v) => v.startsWith(value);
      case Operator.SUFFIX:
        return (v) => v.endsWith(value);
      case Operator.WILDCARD:
        return compileWildcard(value);
      default:
        return equalsIgnoreCase(value);
    }
  });
  return (v) => {
    if (typeof v !== 'string') return true;
    for (const test of tests) if (test(v)) return false;
    return true;
  };
}

function excludeNumbers(numbers: readonly number[]): AnyTest {
  const keys = new Set(numbers.map(comparableKey));
  return (v) => typeof v !== 'number' || !isComparable(v) || !keys.has(comparableKey(v));
}

function exactNumbers(numbers: readonly number[]): NumberTest {
  const raw = new Set(numbers);
  // A literal number in a pattern matches by value when EventBridge can compare it numerically
  // (so 300 matches 300.0 and 3.0e2), and only by its exact value outside ±5e9.
  const keys = new Set(numbers.filter(isComparable).map(comparableKey));
  return (v) => raw.has(v) || (isComparable(v) && keys.has(comparableKey(v)));
}

function assemble(parts: Parts): (value: unknown) => boolean {
  if (parts.existsTrue) return () => true;
  const numberTests = [...parts.numberTests];
  if (parts.numbers.length > 0) numberTests.unshift(exactNumbers(parts.numbers));
  const { stringTests, anyTests, acceptTrue, acceptFalse, acceptNull } = parts;
  const strings = parts.strings.length > 0 ? new Set(parts.strings) : null;

  const onlyStrings =
    numberTests.length === 0 && anyTests.length === 0 && !acceptTrue && !acceptFalse && !acceptNull;
  if (onlyStrings && stringTests.length === 0 && strings !== null) {
    if (strings.size === 1) {
      const only = parts.strings[0];
      return (v) => v === only;
    }
    return (v) => typeof v === 'string' && strings.has(v);
  }

  return (v) => {
    switch (typeof v) {
      case 'string':
        if (strings?.has(v)) return true;
        for (const test of stringTests) if (test(v)) return true;
        break;
      case 'number':
        for (const test of numberTests) if (test(v)) return true;
        break;
      case 'boolean':
        if (v ? acceptTrue : acceptFalse) return true;
        break;
      default:
        if (v === null && acceptNull) return true;
    }
    for (const test of anyTests) if (test(v)) return true;
    return false;
  };
}
