/** The match operators EventBridge accepts inside a field's value array. */
export const Operator = {
  PREFIX: 'prefix',
  SUFFIX: 'suffix',
  EQUALS_IGNORE_CASE: 'equals-ignore-case',
  WILDCARD: 'wildcard',
  ANYTHING_BUT: 'anything-but',
  NUMERIC: 'numeric',
  CIDR: 'cidr',
  EXISTS: 'exists',
} as const;

/** The key that turns an array of sub-patterns into alternatives. */
export const OR_KEY = '$or';

/**
 * Numeric matching only works within ±5e9, to six decimal places (EventBridge docs, "Numeric
 * matching"; event-ruler `ComparableNumber`).
 */
export const NUMERIC_LIMIT = 5e9;

/**
 * EventBridge's default quota for the length of an event pattern, in characters. Adjustable up to
 * 4096 through Service Quotas.
 */
export const EVENT_PATTERN_DEFAULT_MAX_LENGTH = 2048;

// event-ruler refuses these as field names anywhere inside a `$or` branch, so that a misplaced
// operator object is not silently read as a field (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP).
export const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/** Deeper patterns than this are refused rather than risking the stack on hostile input. */
export const MAX_PATTERN_DEPTH = 64;
