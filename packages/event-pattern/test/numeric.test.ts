import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/index.js';
import { contentFilteringEvent } from './fixtures/aws-doc-events.js';

const matcher = (operand: unknown[]) => {
  const compiled = compilePattern({ field: [{ numeric: operand }] });
  return (value: unknown) => compiled.matches({ field: value });
};

describe('Function: compilePattern', () => {
  describe('operator: numeric', () => {
    it('matches the content-filtering example on all three counters', () => {
      const pattern = compilePattern({
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      });
      expect(pattern.matches(contentFilteringEvent)).toBe(true);
      const overLimit = {
        ...contentFilteringEvent,
        detail: { ...contentFilteringEvent.detail, 'c-count': 6 },
      };
      expect(pattern.matches(overLimit)).toBe(false);
    });

    it('honours open and closed bounds of (0, 5]', () => {
      const range = matcher(['>', 0, '<=', 5]);
      expect(range(0)).toBe(false);
      expect(range(0.000001)).toBe(true);
      expect(range(5)).toBe(true);
      expect(range(5.000001)).toBe(false);
    });

    it('matches "Price is more than 10, and less than or equal to 20"', () => {
      const price = matcher(['>', 10, '<=', 20]);
      expect(price(15)).toBe(true);
      expect(price(10)).toBe(false);
      expect(price(20)).toBe(true);
      expect(price(21)).toBe(false);
    });

    it('matches "Price is 100" with "="', () => {
      const price = matcher(['=', 100]);
      expect(price(100)).toBe(true);
      expect(price(100.5)).toBe(false);
    });

    it('matches >= and < bounds', () => {
      expect(matcher(['>=', 10])(10)).toBe(true);
      expect(matcher(['>=', 10])(9.99)).toBe(false);
      expect(matcher(['<', -1])(-1)).toBe(false);
      expect(matcher(['<', -1])(-2)).toBe(true);
    });

    it('only matches JSON numbers, not numeric strings or other types', () => {
      const positive = matcher(['>', 0]);
      expect(positive('5')).toBe(false);
      expect(positive(true)).toBe(false);
      expect(positive(null)).toBe(false);
    });

    it('does not match a missing field', () => {
      expect(compilePattern({ n: [{ numeric: ['<', 10] }] }).matches({})).toBe(false);
    });

    it('does not match event numbers outside ±5e9, which EventBridge cannot compare', () => {
      const anyNumber = matcher(['>=', -5e9, '<=', 5e9]);
      expect(anyNumber(5e9)).toBe(true);
      expect(anyNumber(-5e9)).toBe(true);
      expect(anyNumber(5e9 + 1)).toBe(false);
      expect(anyNumber(123456789012)).toBe(false);
    });

    it('compares to six decimal places, as EventBridge does', () => {
      const pattern = matcher(['=', 1.5]);
      expect(pattern(1.5000001)).toBe(true);
      expect(pattern(1.500001)).toBe(false);
    });

    it('compares numbers by their six-decimal key, so values a millionth apart can be equal', () => {
      // Both keys are floor(1e6 × (5e9 + x)) = 5000000000000010 in double arithmetic, as in
      // event-ruler's ComparableNumber; comparing the raw doubles would tell them apart.
      const pattern = matcher(['=', 0.0000095367431640625]);
      expect(pattern(0.00001049041748046875)).toBe(true);
      expect(pattern(0.000011)).toBe(false);
    });

    it('matches when any element of an event array is in range', () => {
      const pattern = matcher(['>', 100]);
      expect(pattern([1, 2, 101])).toBe(true);
      expect(pattern([1, 2, 3])).toBe(false);
    });
  });
});
