import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/index.js';
import { contentFilteringEvent } from './fixtures/aws-doc-events.js';

const matcher = (operand: unknown) => {
  const compiled = compilePattern({ field: [{ 'anything-but': operand }] });
  return (value: unknown) => compiled.matches({ field: value });
};

describe('Function: compilePattern', () => {
  describe('operator: anything-but with a single value', () => {
    const notInitializing = matcher('initializing');

    it('matches "state is any value besides initializing"', () => {
      expect(notInitializing('running')).toBe(true);
      expect(notInitializing('')).toBe(true);
      expect(notInitializing('Initializing')).toBe(true);
    });

    it('does not match the excluded value', () => {
      expect(notInitializing('initializing')).toBe(false);
    });

    it('does not match a missing field', () => {
      const pattern = compilePattern({ detail: { state: [{ 'anything-but': 'initializing' }] } });
      expect(pattern.matches({ detail: {} })).toBe(false);
      expect(pattern.matches({})).toBe(false);
    });

    it('does not match a field whose value is an object or an empty array', () => {
      expect(notInitializing({ nested: 'running' })).toBe(false);
      expect(notInitializing([])).toBe(false);
    });

    it('matches values of other types, which a string never excludes', () => {
      expect(notInitializing(123)).toBe(true);
      expect(notInitializing(null)).toBe(true);
      expect(notInitializing(false)).toBe(true);
    });

    it('excludes a single number, as in {"x-limit": [{"anything-but": 123}]}', () => {
      const not123 = matcher(123);
      expect(not123(124)).toBe(true);
      expect(not123(123)).toBe(false);
      expect(not123(123.0)).toBe(false);
      expect(not123('123')).toBe(true);
    });

    it('runs against the content-filtering example event', () => {
      const pattern = compilePattern({ detail: { state: [{ 'anything-but': 'initializing' }] } });
      expect(pattern.matches(contentFilteringEvent)).toBe(true);
    });
  });

  describe('operator: anything-but with a list', () => {
    it('matches "Weather is anything but Raining"', () => {
      const notRaining = matcher(['Raining']);
      expect(notRaining('Sunny')).toBe(true);
      expect(notRaining('Raining')).toBe(false);
    });

    it('excludes every string in the list', () => {
      const pattern = matcher(['stopped', 'overloaded']);
      expect(pattern('running')).toBe(true);
      expect(pattern('stopped')).toBe(false);
      expect(pattern('overloaded')).toBe(false);
    });

    it('matches non-string values against a list of strings', () => {
      const pattern = matcher(['stopped', 'overloaded']);
      expect(pattern(5)).toBe(true);
      expect(pattern(null)).toBe(true);
      expect(pattern(true)).toBe(true);
    });

    it('excludes every number in the list', () => {
      const pattern = matcher([100, 200, 300]);
      expect(pattern(301.8)).toBe(true);
      expect(pattern(200)).toBe(false);
      expect(pattern('200')).toBe(true);
      expect(pattern(null)).toBe(true);
    });

    it('matches an event array when any element is outside the list', () => {
      const pattern = matcher([100, 500]);
      expect(pattern([100, 50])).toBe(true);
      expect(pattern([100, 500])).toBe(false);
      expect(pattern([100])).toBe(false);
    });
  });

  describe('operator: anything-but with prefix', () => {
    const notUs = matcher({ prefix: 'us-' });

    it('matches "Region is not in the US"', () => {
      expect(notUs('eu-west-1')).toBe(true);
      expect(notUs('US-EAST-1')).toBe(true);
    });

    it('does not match a value with the prefix', () => {
      expect(notUs('us-east-1')).toBe(false);
      expect(notUs('us-')).toBe(false);
    });

    it('excludes any prefix of a list', () => {
      const pattern = matcher({ prefix: ['us-', 'eu-'] });
      expect(pattern('ap-southeast-2')).toBe(true);
      expect(pattern('eu-north-1')).toBe(false);
    });

    it('matches non-string values, which a prefix never excludes', () => {
      expect(notUs(1)).toBe(true);
      expect(notUs(null)).toBe(true);
    });
  });

  describe('operator: anything-but with suffix', () => {
    const notPng = matcher({ suffix: '.png' });

    it('matches "FileName does not end with a .png extension"', () => {
      expect(notPng('photo.jpg')).toBe(true);
      expect(notPng('photo.png.bak')).toBe(true);
    });

    it('does not match a .png file', () => {
      expect(notPng('photo.png')).toBe(false);
    });
  });

  describe('operator: anything-but with equals-ignore-case', () => {
    it('matches "state is any value besides initializing, in any casing"', () => {
      const pattern = matcher({ 'equals-ignore-case': 'initializing' });
      expect(pattern('running')).toBe(true);
      expect(pattern('INITIALIZING')).toBe(false);
      expect(pattern('Initializing')).toBe(false);
    });

    it('excludes every string of a list in any casing', () => {
      const pattern = matcher({ 'equals-ignore-case': ['stopped', 'overloaded'] });
      expect(pattern('Running')).toBe(true);
      expect(pattern('STOPPED')).toBe(false);
      expect(pattern('Overloaded')).toBe(false);
    });
  });

  describe('operator: anything-but with wildcard', () => {
    it('matches "FilePath is not a file path that includes /lib/"', () => {
      const pattern = matcher({ wildcard: '*/lib/*' });
      expect(pattern('/usr/bin/node')).toBe(true);
      expect(pattern('/usr/lib/node')).toBe(false);
    });

    it('excludes any wildcard of a list', () => {
      const pattern = matcher({ wildcard: ['*.png', 'tmp/*'] });
      expect(pattern('docs/readme.md')).toBe(true);
      expect(pattern('a.png')).toBe(false);
      expect(pattern('tmp/x')).toBe(false);
    });
  });
});
