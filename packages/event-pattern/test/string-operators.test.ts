import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/index.js';
import { createAccessKeyCall } from './fixtures/aws-doc-events.js';

const matcher = (values: unknown[]) => {
  const compiled = compilePattern({ field: values });
  return (value: unknown) => compiled.matches({ field: value });
};

describe('Function: compilePattern', () => {
  describe('operator: prefix', () => {
    it('matches "Region is in the US" with {"prefix": "us-"}', () => {
      const inUs = matcher([{ prefix: 'us-' }]);
      expect(inUs('us-east-1')).toBe(true);
      expect(inUs('eu-west-1')).toBe(false);
      expect(inUs('US-EAST-1')).toBe(false);
    });

    it('matches the "time" example {"prefix": "2017-10-02"}', () => {
      const pattern = compilePattern({ time: [{ prefix: '2017-10-02' }] });
      expect(pattern.matches({ time: '2017-10-02T18:43:48Z' })).toBe(true);
      expect(pattern.matches({ time: '2017-10-03T18:43:48Z' })).toBe(false);
    });

    it('only matches strings', () => {
      expect(matcher([{ prefix: '1' }])(123)).toBe(false);
      expect(matcher([{ prefix: 'n' }])(null)).toBe(false);
      expect(matcher([{ prefix: 't' }])(true)).toBe(false);
    });

    it('treats an empty prefix as "any string"', () => {
      const anyString = matcher([{ prefix: '' }]);
      expect(anyString('')).toBe(true);
      expect(anyString('x')).toBe(true);
      expect(anyString(0)).toBe(false);
    });

    it('matches CloudTrail eventNames by verb', () => {
      const pattern = compilePattern({ detail: { eventName: [{ prefix: 'Create' }] } });
      expect(pattern.matches(createAccessKeyCall)).toBe(true);
      const deleteCall = {
        ...createAccessKeyCall,
        detail: { ...createAccessKeyCall.detail, eventName: 'DeleteAccessKey' },
      };
      expect(pattern.matches(deleteCall)).toBe(false);
    });
  });

  describe('operator: prefix with equals-ignore-case', () => {
    const eventb = matcher([{ prefix: { 'equals-ignore-case': 'eventb' } }]);

    it('matches a service name starting with "eventb" in any case', () => {
      expect(eventb('EventBridge')).toBe(true);
      expect(eventb('EVENTBRIDGE')).toBe(true);
      expect(eventb('eventb')).toBe(true);
    });

    it('does not match other starts or too-short values', () => {
      expect(eventb('SQS')).toBe(false);
      expect(eventb('event')).toBe(false);
      expect(eventb('xeventbridge')).toBe(false);
    });
  });

  describe('operator: suffix', () => {
    const png = matcher([{ suffix: '.png' }]);

    it('matches "FileName ends with a .png extension"', () => {
      expect(png('photo.png')).toBe(true);
      expect(png('.png')).toBe(true);
    });

    it('does not match other endings, case variants or non-strings', () => {
      expect(png('photo.jpg')).toBe(false);
      expect(png('photo.PNG')).toBe(false);
      expect(png('photo.png.bak')).toBe(false);
      expect(png(null)).toBe(false);
    });
  });

  describe('operator: suffix with equals-ignore-case', () => {
    const tbridge = matcher([{ suffix: { 'equals-ignore-case': 'tbridge' } }]);

    it('matches a service name ending in "tbridge" in any case', () => {
      expect(tbridge('EventBridge')).toBe(true);
      expect(tbridge('EVENTBRIDGE')).toBe(true);
    });

    it('does not match other endings', () => {
      expect(tbridge('EventBridges')).toBe(false);
      expect(tbridge('bridge')).toBe(false);
    });
  });

  describe('operator: equals-ignore-case', () => {
    const alice = matcher([{ 'equals-ignore-case': 'alice' }]);

    it('matches "Name is Alice" in any case', () => {
      expect(alice('Alice')).toBe(true);
      expect(alice('ALICE')).toBe(true);
      expect(alice('alice')).toBe(true);
    });

    it('does not match other names, longer values or non-strings', () => {
      expect(alice('Alicia')).toBe(false);
      expect(alice('alice ')).toBe(false);
      expect(alice(['bob'])).toBe(false);
      expect(alice(1)).toBe(false);
    });

    it('does not fold a non-ASCII character onto an ASCII pattern letter', () => {
      // U+212A KELVIN SIGN lower-cases to "k" in JavaScript, but is not an upper-case form of "k".
      expect(matcher([{ 'equals-ignore-case': 'k' }])('\u212A')).toBe(false);
    });

    it('folds case for non-ASCII patterns', () => {
      const munchen = matcher([{ 'equals-ignore-case': 'münchen' }]);
      expect(munchen('MÜNCHEN')).toBe(true);
      expect(munchen('MUNCHEN')).toBe(false);
    });
  });

  describe('operator: wildcard', () => {
    const dirPng = matcher([{ wildcard: 'dir/*.png' }]);

    it('matches "any file with a .png extension, located within the folder dir"', () => {
      expect(dirPng('dir/a.png')).toBe(true);
      expect(dirPng('dir/sub/a.png')).toBe(true);
      expect(dirPng('dir/.png')).toBe(true);
    });

    it('does not match files elsewhere or with other extensions', () => {
      expect(dirPng('other/a.png')).toBe(false);
      expect(dirPng('dir/a.jpg')).toBe(false);
      expect(dirPng('dir.png')).toBe(false);
    });

    it('anchors the pattern at both ends', () => {
      const service = matcher([{ wildcard: 'Simple*Service' }]);
      expect(service('SimpleQueueService')).toBe(true);
      expect(service('SimpleService')).toBe(true);
      expect(service('A SimpleQueueService')).toBe(false);
      expect(service('SimpleQueueServices')).toBe(false);
    });

    it('matches several wildcards in order', () => {
      const arn = matcher([{ wildcard: 'arn:aws:iam::*:role/*-admin' }]);
      expect(arn('arn:aws:iam::111122223333:role/team-admin')).toBe(true);
      expect(arn('arn:aws:iam::111122223333:role/team-admins')).toBe(false);
      const repeated = matcher([{ wildcard: '*ab*ab' }]);
      expect(repeated('abab')).toBe(true);
      expect(repeated('xabyab')).toBe(true);
      expect(repeated('ab')).toBe(false);
    });

    it('treats \\* as a literal asterisk and \\\\ as a literal backslash', () => {
      const star = matcher([{ wildcard: 'a\\*b' }]);
      expect(star('a*b')).toBe(true);
      expect(star('axb')).toBe(false);
      const backslash = matcher([{ wildcard: 'C:\\\\*' }]);
      expect(backslash('C:\\Windows')).toBe(true);
      expect(backslash('C:/Windows')).toBe(false);
    });

    it('matches any string, including the empty string, with "*"', () => {
      const any = matcher([{ wildcard: '*' }]);
      expect(any('')).toBe(true);
      expect(any('anything')).toBe(true);
      expect(any(5)).toBe(false);
    });
  });
});
