import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/index.js';
import { autoScalingLaunch, createAccessKeyCall } from './fixtures/aws-doc-events.js';

const stateChange = {
  'detail-type': 'EC2 Instance State-change Notification',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
  detail: { state: ['initializing', 'running'] },
};

describe('Function: compilePattern', () => {
  describe('operator: exists', () => {
    const hasCCount = compilePattern({ detail: { 'c-count': [{ exists: true }] } });
    const noCCount = compilePattern({ detail: { 'c-count': [{ exists: false }] } });

    it('exists:false matches an event without detail.c-count, as in the guide', () => {
      expect(noCCount.matches(stateChange)).toBe(true);
      expect(hasCCount.matches(stateChange)).toBe(false);
    });

    it('exists:false also matches when c-count is not a leaf, as in the guide', () => {
      const withObject = {
        ...stateChange,
        detail: { ...stateChange.detail, 'c-count': { c1: 100 } },
      };
      expect(noCCount.matches(withObject)).toBe(true);
      expect(hasCCount.matches(withObject)).toBe(false);
    });

    it('exists:true matches any leaf value, and exists:false then does not', () => {
      for (const value of [5, 'x', '', false, [1]]) {
        const event = { detail: { 'c-count': value } };
        expect(hasCCount.matches(event)).toBe(true);
        expect(noCCount.matches(event)).toBe(false);
      }
    });

    it('exists:true matches a null value, which is present', () => {
      const pattern = compilePattern({ detail: { responseElements: [{ exists: true }] } });
      expect(pattern.matches(autoScalingLaunch)).toBe(true);
    });

    it('treats an empty array as absent', () => {
      const pattern = compilePattern({ resources: [{ exists: true }] });
      expect(pattern.matches(autoScalingLaunch)).toBe(false);
      expect(compilePattern({ resources: [{ exists: false }] }).matches(autoScalingLaunch)).toBe(
        true,
      );
    });

    it('exists:false matches when the whole parent object is missing', () => {
      expect(noCCount.matches({ source: 'aws.ec2' })).toBe(true);
      expect(noCCount.matches({ detail: 'text' })).toBe(true);
    });

    it('selects successful calls by errorCode not existing', () => {
      const succeeded = compilePattern({ detail: { errorCode: [{ exists: false }] } });
      expect(succeeded.matches(createAccessKeyCall)).toBe(true);
      const denied = {
        ...createAccessKeyCall,
        detail: { ...createAccessKeyCall.detail, errorCode: 'AccessDenied' },
      };
      expect(succeeded.matches(denied)).toBe(false);
    });

    it('combines with values in the same list: absent or "x"', () => {
      const pattern = compilePattern({ a: [{ exists: false }, 'x'] });
      expect(pattern.matches({})).toBe(true);
      expect(pattern.matches({ a: 'x' })).toBe(true);
      expect(pattern.matches({ a: 'y' })).toBe(false);
    });

    it('exists:false inside an array of objects looks at the element matching the other fields', () => {
      const pattern = compilePattern({ items: { id: ['1'], note: [{ exists: false }] } });
      expect(pattern.matches({ items: [{ id: '1' }, { note: 'n' }] })).toBe(true);
      expect(pattern.matches({ items: [{ id: '1', note: 'n' }] })).toBe(false);
    });
  });
});
