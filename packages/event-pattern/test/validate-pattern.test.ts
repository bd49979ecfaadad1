import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  EVENT_PATTERN_DEFAULT_MAX_LENGTH,
  InvalidPatternError,
  validatePattern,
} from '../src/index.js';

/** The single problem a pattern has, to pin both where it is and what it says. */
function onlyProblem(pattern: unknown) {
  const problems = validatePattern(pattern);
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe('Function: validatePattern', () => {
  describe('accepts what EventBridge accepts', () => {
    it.each([
      ['exact values of every type', { a: ['x', 1, -2.5, true, false, null, ''] }],
      [
        'every operator',
        {
          a: [
            { prefix: 'us-' },
            { prefix: { 'equals-ignore-case': 'EventB' } },
            { suffix: '.png' },
            { suffix: { 'equals-ignore-case': 'tbridge' } },
            { 'equals-ignore-case': 'alice' },
            { wildcard: 'dir/\\*/*.png' },
            { 'anything-but': 'initializing' },
            { 'anything-but': 123 },
            { 'anything-but': ['stopped', 'overloaded'] },
            { 'anything-but': [100, 200, 300] },
            { 'anything-but': { prefix: 'init' } },
            { 'anything-but': { suffix: ['.png', '.jpg'] } },
            { 'anything-but': { 'equals-ignore-case': ['a', 'B'] } },
            { 'anything-but': { wildcard: '*/lib/*' } },
            { numeric: ['>', 0, '<=', 5] },
            { numeric: ['>=', -5e9, '<', 5e9] },
            { numeric: ['=', 3.018e2] },
            { numeric: ['<', 10] },
            { cidr: '10.0.0.0/24' },
            { cidr: '2001:db8::/32' },
            { exists: true },
            { exists: false },
          ],
        },
      ],
      [
        'nested $or',
        { source: ['x'], $or: [{ a: ['1'] }, { b: { $or: [{ c: [1] }, { d: [2] }] } }] },
      ],
      [
        'operator names as ordinary field names outside $or',
        { detail: { prefix: ['x'], exists: [true] } },
      ],
    ])('accepts %s', (_name, pattern) => {
      expect(validatePattern(pattern)).toEqual([]);
    });
  });

  describe('shape of the pattern', () => {
    it.each([
      ['an array', ['source']],
      ['a string', '{"source":["aws.ec2"]}'],
      ['null', null],
      ['undefined', undefined],
    ])('rejects %s as the pattern', (_name, pattern) => {
      expect(onlyProblem(pattern)).toEqual({
        path: '',
        problem: expect.stringMatching(/must be a JSON object/),
      });
    });

    it('rejects an empty pattern and an empty nested object', () => {
      expect(onlyProblem({})).toEqual({
        path: '',
        problem: expect.stringMatching(/must not be an empty object/),
      });
      expect(onlyProblem({ detail: {} })).toEqual({
        path: 'detail',
        problem: expect.stringMatching(/must not be an empty object/),
      });
    });

    it('rejects a field whose value is a scalar', () => {
      expect(onlyProblem({ source: 'aws.ec2' })).toEqual({
        path: 'source',
        problem: 'must be an object or a non-empty array of match values, got string',
      });
    });

    it('rejects an empty value array', () => {
      expect(onlyProblem({ detail: { eventName: [] } })).toEqual({
        path: 'detail.eventName',
        problem: 'must be a non-empty array of match values',
      });
    });

    it('rejects a nested array as a match value', () => {
      expect(onlyProblem({ detail: { eventName: ['a', ['b']] } })).toEqual({
        path: 'detail.eventName[1]',
        problem: expect.stringMatching(/got a nested array/),
      });
    });

    it('rejects exists on a non-leaf, pointing to the value-array form', () => {
      expect(onlyProblem({ detail: { errorCode: { exists: false } } })).toEqual({
        path: 'detail.errorCode.exists',
        problem: expect.stringMatching(
          /only works on a leaf.*"errorCode": \[\{ "exists": false \}\]/,
        ),
      });
    });

    it('quotes keys that would otherwise make the path ambiguous', () => {
      expect(onlyProblem({ 'a.b': { 'user name': [] } })).toEqual({
        path: '["a.b"]["user name"]',
        problem: 'must be a non-empty array of match values',
      });
    });

    it('keeps reporting other problems next to values that have no JSON form', () => {
      expect(validatePattern({ a: [{ numeric: [10n, 1] }], b: [] })).toEqual([
        { path: 'a[0].numeric[0]', problem: expect.stringMatching(/got bigint/) },
        { path: 'b', problem: 'must be a non-empty array of match values' },
      ]);
    });

    it('rejects non-JSON values', () => {
      expect(onlyProblem({ a: [() => 1] })).toEqual({
        path: 'a[0]',
        problem: 'must be a JSON value, got function',
      });
      expect(onlyProblem({ a: [Number.NaN] })).toEqual({
        path: 'a[0]',
        problem: 'must be a finite number, got NaN',
      });
    });
  });

  describe('operator objects', () => {
    it('rejects an unknown operator', () => {
      expect(onlyProblem({ a: [{ contains: 'x' }] })).toEqual({
        path: 'a[0].contains',
        problem: expect.stringMatching(/^unknown operator "contains"/),
      });
    });

    it('rejects an empty operator object', () => {
      expect(onlyProblem({ a: [{}] })).toEqual({
        path: 'a[0]',
        problem: expect.stringMatching(/operator object is empty/),
      });
    });

    it('rejects an operator object with more than one key', () => {
      expect(onlyProblem({ a: [{ prefix: 'a', suffix: 'b' }] })).toEqual({
        path: 'a[0]',
        problem: expect.stringMatching(/exactly one key, got 2 \(prefix, suffix\)/),
      });
    });

    it.each([
      [
        'prefix',
        { prefix: 5 },
        'a[0].prefix',
        /must be a string or \{"equals-ignore-case": string\}, got number/,
      ],
      ['suffix', { suffix: null }, 'a[0].suffix', /got null/],
      [
        'prefix modifier',
        { prefix: { wildcard: 'x' } },
        'a[0].prefix',
        /exactly \{"equals-ignore-case": string\}/,
      ],
      [
        'prefix ignore-case operand',
        { prefix: { 'equals-ignore-case': 1 } },
        'a[0].prefix.equals-ignore-case',
        /must be a string, got number/,
      ],
      [
        'equals-ignore-case',
        { 'equals-ignore-case': ['a'] },
        'a[0].equals-ignore-case',
        /must be a string, got array/,
      ],
      ['wildcard', { wildcard: 1 }, 'a[0].wildcard', /must be a string, got number/],
      ['exists', { exists: 'true' }, 'a[0].exists', /must be true or false, got string/],
      ['cidr', { cidr: 10 }, 'a[0].cidr', /must be a string, got number/],
      ['numeric', { numeric: 5 }, 'a[0].numeric', /must be an array/],
    ])('rejects a wrong operand type for %s', (_name, operator, path, problem) => {
      expect(onlyProblem({ a: [operator] })).toEqual({
        path,
        problem: expect.stringMatching(problem),
      });
    });
  });

  describe('operator: wildcard', () => {
    it('rejects consecutive wildcards, naming the position', () => {
      expect(onlyProblem({ a: [{ wildcard: 'dir/**.png' }] })).toEqual({
        path: 'a[0].wildcard',
        problem: expect.stringMatching(/consecutive wildcard characters at position 4/),
      });
    });

    it('rejects a backslash escaping anything but * or \\', () => {
      expect(onlyProblem({ a: [{ wildcard: 'a\\b' }] })).toEqual({
        path: 'a[0].wildcard',
        problem: expect.stringMatching(/invalid escape at position 1/),
      });
      expect(onlyProblem({ a: [{ wildcard: 'trailing\\' }] })).toEqual({
        path: 'a[0].wildcard',
        problem: expect.stringMatching(/invalid escape at position 8/),
      });
    });

    it('accepts an escaped asterisk next to a wildcard', () => {
      expect(validatePattern({ a: [{ wildcard: '\\**' }] })).toEqual([]);
    });
  });

  describe('operator: anything-but', () => {
    it.each([
      ['null', null, 'a[0].anything-but', /must be a string, a number, a non-empty array/],
      ['a boolean', true, 'a[0].anything-but', /got boolean/],
      ['an empty list', [], 'a[0].anything-but', /must not be an empty array/],
      ['a mixed list', ['a', 1], 'a[0].anything-but[1]', /cannot mix types/],
      ['a list of null', [null], 'a[0].anything-but[0]', /must be a string or a number, got null/],
      ['a number out of range', 6e9, 'a[0].anything-but', /between -5e9 and 5e9/],
      [
        'an unsupported modifier',
        { numeric: ['>', 1] },
        'a[0].anything-but.numeric',
        /cannot wrap "numeric"/,
      ],
      [
        'two modifiers',
        { prefix: 'a', suffix: 'b' },
        'a[0].anything-but',
        /exactly one of prefix, suffix/,
      ],
      [
        'an empty prefix',
        { prefix: '' },
        'a[0].anything-but.prefix',
        /empty prefix cannot be negated/,
      ],
      [
        'a numeric suffix',
        { suffix: [1] },
        'a[0].anything-but.suffix[0]',
        /must be a string, got number/,
      ],
      [
        'an invalid wildcard',
        { wildcard: ['ok', 'a**'] },
        'a[0].anything-but.wildcard[1]',
        /consecutive wildcard/,
      ],
    ])('rejects %s', (_name, operand, path, problem) => {
      expect(onlyProblem({ a: [{ 'anything-but': operand }] })).toEqual({
        path,
        problem: expect.stringMatching(problem),
      });
    });
  });

  describe('operator: numeric', () => {
    it.each([
      ['an empty expression', [], 'a[0].numeric', /must not be empty/],
      [
        'an unknown operator',
        ['!=', 1],
        'a[0].numeric[0]',
        /must be one of "=", "<", "<=", ">", ">="/,
      ],
      ['a missing number', ['>'], 'a[0].numeric[1]', /is missing/],
      ['a string number', ['>', '5'], 'a[0].numeric[1]', /must be a number, got "5"/],
      ['a bound above 5e9', ['<', 5e9 + 1], 'a[0].numeric[1]', /between -5e9 and 5e9/],
      ['a bound below -5e9', ['>', -1e10], 'a[0].numeric[1]', /between -5e9 and 5e9/],
      ['a range after "="', ['=', 1, '<', 2], 'a[0].numeric', /"=" takes exactly one number/],
      ['an upper bound first', ['<', 10, '>', 0], 'a[0].numeric', /"<" takes exactly one number/],
      ['a lower bound operator twice', ['>', 0, '>', 5], 'a[0].numeric[2]', /must be "<" or "<="/],
      ['an incomplete range', ['>', 0, '<'], 'a[0].numeric', /exactly four elements/],
      ['too many terms', ['>', 0, '<', 5, '<', 6], 'a[0].numeric', /exactly four elements/],
      [
        'a reversed range',
        ['>', 5, '<', 1],
        'a[0].numeric',
        /lower bound must be less than upper bound/,
      ],
      [
        'an empty range',
        ['>=', 5, '<=', 5],
        'a[0].numeric',
        /lower bound must be less than upper bound/,
      ],
    ])('rejects %s', (_name, operand, path, problem) => {
      expect(onlyProblem({ a: [{ numeric: operand }] })).toEqual({
        path,
        problem: expect.stringMatching(problem),
      });
    });
  });

  describe('operator: cidr', () => {
    it.each([
      ['a bare address', '10.0.0.1', /exactly one "\/"/],
      ['a trailing slash', '10.0.0.0/', /exactly one "\/"/],
      ['two slashes', '10.0.0.0/8/8', /exactly one "\/"/],
      ['a non-integer length', '10.0.0.0/x', /prefix length must be an integer/],
      ['a negative length', '10.0.0.0/-1', /must not be negative/],
      ['an out-of-range octet', '10.0.0.256/24', /is not an IPv4 or IPv6 address/],
      ['a host name', 'example.com/24', /is not an IPv4 or IPv6 address/],
      ['an IPv4 /32', '10.0.0.1/32', /IPv4 prefix length must be at most 31/],
      ['an IPv6 /128', '2001:db8::1/128', /IPv6 prefix length must be at most 127/],
      ['an IPv6 address with two gaps', '2001::db8::1/64', /is not an IPv4 or IPv6 address/],
    ])('rejects %s', (_name, cidr, problem) => {
      expect(onlyProblem({ a: [{ cidr }] })).toEqual({
        path: 'a[0].cidr',
        problem: expect.stringMatching(problem),
      });
    });
  });

  describe('operator: $or', () => {
    it('rejects a $or with fewer than two alternatives', () => {
      expect(onlyProblem({ $or: [{ a: ['1'] }] })).toEqual({
        path: '$or',
        problem: 'must list at least two alternatives, got 1',
      });
    });

    it('rejects a $or that is not an array', () => {
      expect(onlyProblem({ $or: { a: ['1'] } })).toEqual({
        path: '$or',
        problem: expect.stringMatching(
          /must be an array of at least two pattern objects, got object/,
        ),
      });
    });

    it('rejects alternatives that are not objects', () => {
      expect(onlyProblem({ detail: { $or: [{ a: ['1'] }, ['b']] } })).toEqual({
        path: 'detail.$or[1]',
        problem: 'must be a pattern object, got array',
      });
    });

    it('rejects an operator name used as a field inside $or', () => {
      expect(onlyProblem({ $or: [{ a: ['1'] }, { b: { numeric: [1] } }] })).toEqual({
        path: '$or[1].b.numeric',
        problem: expect.stringMatching(/"numeric" is reserved/),
      });
    });

    it('validates inside each alternative', () => {
      expect(onlyProblem({ $or: [{ a: ['1'] }, { b: [{ prefix: 1 }] }] })).toEqual({
        path: '$or[1].b[0].prefix',
        problem: expect.stringMatching(/must be a string/),
      });
    });
  });

  describe('collecting problems', () => {
    it('reports every problem in pattern order instead of stopping at the first', () => {
      const problems = validatePattern({
        source: [],
        detail: {
          eventName: ['CreateUser', { prefix: 5 }],
          count: [{ numeric: ['>', 5, '<', 1] }],
          $or: [{ a: ['1'] }],
        },
      });
      expect(problems.map((p) => p.path)).toEqual([
        'source',
        'detail.eventName[1].prefix',
        'detail.count[0].numeric',
        'detail.$or',
      ]);
    });

    it('rejects patterns nested deeper than 64 levels without overflowing', () => {
      let pattern: Record<string, unknown> = { leaf: ['x'] };
      for (let i = 0; i < 100; i++) pattern = { n: pattern };
      expect(validatePattern(pattern)).toEqual([
        {
          path: expect.stringMatching(/^n(\.n)+$/),
          problem: expect.stringMatching(/nested more than 64 levels/),
        },
      ]);
    });

    it('reports a cyclic pattern instead of recursing forever', () => {
      const cyclic: Record<string, unknown> = { a: ['x'] };
      cyclic.self = cyclic;
      expect(validatePattern(cyclic)).toEqual([
        { path: expect.any(String), problem: expect.stringMatching(/nested more than 64 levels/) },
      ]);
    });

    it('checks the length quota when asked', () => {
      const pattern = {
        detail: { eventName: Array.from({ length: 200 }, (_, i) => `EventName${i}`) },
      };
      expect(validatePattern(pattern)).toEqual([]);
      expect(validatePattern(pattern, { maxLength: EVENT_PATTERN_DEFAULT_MAX_LENGTH })).toEqual([
        {
          path: '',
          problem: expect.stringMatching(/^pattern is \d+ characters long; the limit is 2048$/),
        },
      ]);
    });
  });
});

describe('Class: InvalidPatternError', () => {
  it('is thrown by compilePattern with every problem', () => {
    const act = () => compilePattern({ source: 'aws.ec2', detail: { state: [] } });
    expect(act).toThrow(InvalidPatternError);
    try {
      act();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPatternError);
      const invalid = error as InvalidPatternError;
      expect(invalid.name).toBe('InvalidPatternError');
      expect(invalid.problems.map((p) => p.path)).toEqual(['source', 'detail.state']);
      expect(invalid.message).toBe(
        'Invalid event pattern (2 problems):\n' +
          '  - source: must be an object or a non-empty array of match values, got string\n' +
          '  - detail.state: must be a non-empty array of match values',
      );
    }
  });

  it('names the pattern itself when the problem is at the root', () => {
    expect(() => compilePattern([])).toThrow(
      /\(pattern\): pattern must be a JSON object, got array/,
    );
  });

  it('keeps a cause', () => {
    const cause = new Error('parse failed');
    expect(new InvalidPatternError([{ path: '', problem: 'x' }], { cause }).cause).toBe(cause);
  });
});
