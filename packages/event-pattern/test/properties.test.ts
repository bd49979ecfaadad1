import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, validatePattern } from '../src/index.js';
import { createAccessKeyCall } from './fixtures/aws-doc-events.js';

// One pattern per operator and shape, so every matcher path meets arbitrary input.
const VALID_PATTERNS = [
  { source: ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'] },
  { detail: { eventName: ['CreateUser', 'CreateAccessKey', 1, true, null, ''] } },
  { a: [{ prefix: 'us-' }, { prefix: { 'equals-ignore-case': 'EU-' } }] },
  { a: [{ suffix: '.png' }, { suffix: { 'equals-ignore-case': '.JPG' } }] },
  { a: [{ 'equals-ignore-case': 'alice' }, { 'equals-ignore-case': 'münchen' }] },
  { a: [{ wildcard: '*a*b\\**' }] },
  { a: [{ 'anything-but': 'x' }], b: [{ 'anything-but': [1, 2] }] },
  { a: [{ 'anything-but': { prefix: ['p'] } }, { 'anything-but': { wildcard: '*/lib/*' } }] },
  { a: [{ 'anything-but': { 'equals-ignore-case': ['X'] } }, { 'anything-but': { suffix: 's' } }] },
  { a: [{ numeric: ['>', 0, '<=', 5] }, { numeric: ['=', 3.018e2] }, { numeric: ['<', -1] }] },
  { a: [{ cidr: '10.0.0.0/8' }, { cidr: '2001:db8::/32' }, '192.168.0.1'] },
  { a: [{ exists: true }], b: [{ exists: false }] },
  {
    a: { b: { c: ['x'] } },
    $or: [{ d: ['1'] }, { e: { $or: [{ f: [2] }, { g: [{ exists: false }] }] } }],
  },
];

// Events: arbitrary JSON objects, plus objects that reuse the patterns' field names so that the
// matchers see values of every type at the paths they read, not only at unrelated keys.
const FIELD_NAMES = [
  'a',
  'b',
  'c',
  'd',
  'e',
  'f',
  'g',
  'source',
  'detail',
  'eventName',
  'detail-type',
];
const { event: eventArbitrary } = fc.letrec((tie) => ({
  event: fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie('value'), { maxKeys: 5 }),
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('us-east-1', 'EU-west', 'x.png', 'ALICE', '10.1.2.3', '2001:db8::5', 'p', ''),
    tie('event'),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
}));

describe('Function: compilePattern', () => {
  it('never throws on arbitrary JSON events and always answers a boolean', () => {
    const compiled = VALID_PATTERNS.map((pattern) => compilePattern(pattern));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), eventArbitrary), (event) => {
        for (const pattern of compiled) expect(typeof pattern.matches(event)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answer for an event and its JSON round trip', () => {
    const compiled = VALID_PATTERNS.map((pattern) => compilePattern(pattern));
    fc.assert(
      fc.property(eventArbitrary, (event) => {
        const copy = JSON.parse(JSON.stringify(event)) as unknown;
        for (const pattern of compiled) expect(pattern.matches(copy)).toBe(pattern.matches(event));
      }),
      { numRuns: 200 },
    );
  });

  it('relates anything-but to exact match for scalar string fields', () => {
    // For a field holding one string, anything-but [xs] matches exactly when the field exists and
    // [xs] does not match it.
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
        fc.boolean(),
        (excluded, candidate, pickExcluded) => {
          const value = pickExcluded ? excluded[0] : candidate;
          const event = {
            ...createAccessKeyCall,
            detail: { ...createAccessKeyCall.detail, userName: value },
          };
          const anythingBut = compilePattern({
            detail: { userName: [{ 'anything-but': excluded }] },
          });
          const exact = compilePattern({ detail: { userName: excluded } });
          const exists = compilePattern({ detail: { userName: [{ exists: true }] } });
          expect(anythingBut.matches(event)).toBe(exists.matches(event) && !exact.matches(event));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches a pattern built from an event against that event', () => {
    // Every scalar field of an event, used as an exact-value pattern, matches the event it came from.
    // Keys without ".": in a pattern "a.b" is the path a → b, not a field named "a.b" (a generated
    // event with both "{" and "{. " once made an invalid pattern, seed 1306756967).
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 6 }).filter((key) => !key.includes('.')),
          fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
          { minKeys: 1, maxKeys: 6 },
        ),
        (event) => {
          const pattern = Object.fromEntries(
            Object.entries(event).map(([key, value]) => [key, [value]]),
          );
          expect(compilePattern(pattern).matches(event)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Function: validatePattern', () => {
  it('never throws on arbitrary input and always returns well-formed problems', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true }),
        (input) => {
          const problems = validatePattern(input);
          for (const problem of problems) {
            expect(typeof problem.path).toBe('string');
            expect(problem.problem.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON shaped like patterns, and compiles whatever it accepts', () => {
    const operand = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom(
        'us-',
        '*.png',
        'a**',
        '10.0.0.0/24',
        '10.0.0.1/33',
        ['>', 0, '<=', 5],
        ['<', 1, '>', 0],
      ),
    );
    const validOperators = fc.constantFrom(
      { prefix: 'us-' },
      { suffix: { 'equals-ignore-case': '.PNG' } },
      { wildcard: '*/lib/*' },
      { 'anything-but': [1, 2] },
      { 'anything-but': { prefix: 'x' } },
      { numeric: ['>=', 0, '<', 10] },
      { cidr: '10.0.0.0/24' },
      { exists: false },
    );
    const anyOperator = fc
      .record({
        op: fc.constantFrom(
          'prefix',
          'suffix',
          'equals-ignore-case',
          'wildcard',
          'anything-but',
          'numeric',
          'cidr',
          'exists',
          'regex',
        ),
        operand,
      })
      .map(({ op, operand: value }) => ({ [op]: value }));
    const matchValue = fc.oneof(
      { arbitrary: fc.jsonValue({ maxDepth: 0 }), weight: 2 },
      { arbitrary: validOperators, weight: 3 },
      { arbitrary: anyOperator, weight: 2 },
    );
    const { pattern } = fc.letrec((tie) => ({
      pattern: fc.dictionary(fc.constantFrom('a', 'b', '$or', 'prefix'), tie('member'), {
        minKeys: 1,
        maxKeys: 3,
      }),
      member: fc.oneof(
        { depthSize: 'small' },
        { arbitrary: fc.array(matchValue, { minLength: 1, maxLength: 3 }), weight: 5 },
        { arbitrary: tie('pattern'), weight: 2 },
        { arbitrary: fc.array(tie('pattern'), { maxLength: 3 }), weight: 2 },
        { arbitrary: fc.jsonValue({ maxDepth: 0 }), weight: 1 },
      ),
    }));
    fc.assert(
      fc.property(pattern, fc.jsonValue(), (candidate, event) => {
        const problems = validatePattern(candidate);
        if (problems.length === 0) {
          expect(typeof compilePattern(candidate).matches(event)).toBe('boolean');
        } else {
          expect(() => compilePattern(candidate)).toThrow(/Invalid event pattern/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
