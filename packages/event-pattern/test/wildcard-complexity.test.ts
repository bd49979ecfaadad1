import { describe, expect, it } from 'vitest';
import { compilePattern, InvalidPatternError, validatePattern } from '../src/index.js';
import {
  TOO_COMPLEX,
  WILDCARD_COMPLEXITY_LIMIT,
  wildcardComplexity,
} from '../src/wildcard-complexity.js';

describe('Function: wildcardComplexity', () => {
  // The examples event-ruler's MachineComplexityEvaluatorTest documents.
  it('counts one prefix for "*" alone', () => {
    expect(wildcardComplexity(['*'])).toBe(1);
  });

  it('counts "*", "ab*" and "ab*c" for "abc" against "*" and "ab*c"', () => {
    expect(wildcardComplexity(['*', 'ab*c'])).toBe(3);
    expect(wildcardComplexity(['ab*c', '*'])).toBe(3);
  });

  it('is 0 without wildcards and counts a duplicated wildcard once', () => {
    expect(wildcardComplexity([])).toBe(0);
    expect(wildcardComplexity(['*trailwatch*', '*trailwatch*'])).toBe(
      wildcardComplexity(['*trailwatch*']),
    );
  });

  it('grows with repeated character sequences after a wildcard', () => {
    const counts = [2, 3, 4, 5, 6].map((n) => wildcardComplexity([`*${'ab*'.repeat(n)}`], 1000));
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1]!);
  });

  it('treats an escaped star as a literal character, not a wildcard', () => {
    expect(wildcardComplexity(['a\\*b'])).toBe(0);
  });
});

describe('Function: validatePattern (wildcard complexity)', () => {
  const repeated = (n: number) => ({ detail: { key: [{ wildcard: `*${'ab*'.repeat(n)}` }] } });
  const under = [1, 2, 3, 4, 5, 6].filter(
    (n) => wildcardComplexity([`*${'ab*'.repeat(n)}`], 1000) <= WILDCARD_COMPLEXITY_LIMIT,
  );
  const over = Math.max(...under) + 1;

  it('accepts a pattern at the limit and refuses the next one with EventBridge’s message', () => {
    expect(validatePattern(repeated(Math.max(...under)))).toEqual([]);
    expect(validatePattern(repeated(over))).toEqual([{ path: 'detail.key', problem: TOO_COMPLEX }]);
    expect(() => compilePattern(repeated(over))).toThrow(InvalidPatternError);
    expect(TOO_COMPLEX).toBe(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  });

  it('adds up the wildcards of one field across $or alternatives and anything-but', () => {
    const half = `*${'ab*'.repeat(Math.max(...under))}`;
    expect(validatePattern({ key: [{ wildcard: half }] })).toEqual([]);
    expect(
      validatePattern({
        $or: [
          { key: [{ wildcard: half }] },
          { key: [{ 'anything-but': { wildcard: [`x${half}`] } }] },
        ],
      }),
    ).toEqual([{ path: 'key', problem: TOO_COMPLEX }]);
  });

  it('keeps fields apart: the same wildcards on two fields are each within the limit', () => {
    const half = `*${'ab*'.repeat(Math.max(...under))}`;
    expect(validatePattern({ a: [{ wildcard: half }], b: [{ wildcard: half }] })).toEqual([]);
  });

  it('counts a dotted field and its nested form as one field', () => {
    const half = `*${'ab*'.repeat(Math.max(...under))}`;
    expect(
      validatePattern({ 'd.key': [{ wildcard: half }], d: { other: [{ wildcard: `z${half}` }] } }),
    ).toEqual([]);
    expect(
      validatePattern({
        $or: [{ 'd.key': [{ wildcard: half }] }, { d: { key: [{ wildcard: `z${half}` }] } }],
      }),
    ).toEqual([{ path: 'd.key', problem: TOO_COMPLEX }]);
  });
});
