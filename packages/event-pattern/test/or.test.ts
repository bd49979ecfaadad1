import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/index.js';
import { createAccessKeyCall, rootCreateAccessKeyCall } from './fixtures/aws-doc-events.js';

describe('Function: compilePattern', () => {
  describe('operator: $or', () => {
    it('matches "Location is New York, or Day is Monday"', () => {
      const pattern = compilePattern({ $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] });
      expect(pattern.matches({ Location: 'New York', Day: 'Sunday' })).toBe(true);
      expect(pattern.matches({ Location: 'Paris', Day: 'Monday' })).toBe(true);
      expect(pattern.matches({ Location: 'Paris', Day: 'Sunday' })).toBe(false);
    });

    it('ANDs the $or with sibling fields (source && (metricName || namespace))', () => {
      const pattern = compilePattern({
        source: ['aws.cloudwatch'],
        $or: [
          { metricName: ['CPUUtilization', 'ReadLatency'] },
          { namespace: ['AWS/EC2', 'AWS/ES'] },
        ],
      });
      expect(pattern.matches({ source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
      expect(pattern.matches({ source: 'aws.ec2', namespace: 'AWS/ES' })).toBe(false);
      expect(pattern.matches({ source: 'aws.cloudwatch', namespace: 'AWS/S3' })).toBe(false);
    });

    it('works inside a nested object, relative to that object', () => {
      const pattern = compilePattern({
        detail: {
          $or: [
            { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
            { 'd-count': [{ numeric: ['<', 10] }] },
          ],
        },
      });
      expect(pattern.matches({ detail: { 'c-count': 3 } })).toBe(true);
      expect(pattern.matches({ detail: { 'd-count': 3 } })).toBe(true);
      expect(pattern.matches({ detail: { 'c-count': 30, 'd-count': 30 } })).toBe(false);
      expect(pattern.matches({ 'c-count': 3 })).toBe(false);
    });

    it('nests: source && (metricName || (metricType && namespace && (metricId || spaceId)) || scope)', () => {
      const pattern = compilePattern({
        source: ['aws.cloudwatch'],
        $or: [
          { metricName: ['CPUUtilization', 'ReadLatency'] },
          {
            metricType: ['MetricType'],
            namespace: ['AWS/EC2', 'AWS/ES'],
            $or: [{ metricId: [1234] }, { spaceId: [1000] }],
          },
          { scope: ['Service'] },
        ],
      });
      const base = { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' };
      expect(pattern.matches({ ...base, spaceId: 1000 })).toBe(true);
      expect(pattern.matches({ ...base, spaceId: 1001 })).toBe(false);
      expect(pattern.matches({ source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
    });

    it('combines two parallel $or groups', () => {
      const pattern = compilePattern({
        $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
        detail: {
          $or: [
            { source: ['aws.cloudwatch'] },
            { 'detail-type': ['CloudWatch Alarm State Change'] },
          ],
        },
      });
      expect(pattern.matches({ namespace: 'AWS/EC2', detail: { source: 'aws.cloudwatch' } })).toBe(
        true,
      );
      expect(pattern.matches({ namespace: 'AWS/EC2', detail: { source: 'aws.ec2' } })).toBe(false);
    });

    it('alerts on root activity or on access keys created for someone else', () => {
      const pattern = compilePattern({
        source: ['aws.iam'],
        detail: {
          eventName: ['CreateAccessKey'],
          $or: [
            { userIdentity: { type: ['Root'] } },
            { requestParameters: { userName: [{ 'anything-but': 'alice' }] } },
          ],
        },
      });
      expect(pattern.matches(rootCreateAccessKeyCall)).toBe(true);
      expect(pattern.matches(createAccessKeyCall)).toBe(true);
      const selfService = {
        ...createAccessKeyCall,
        detail: { ...createAccessKeyCall.detail, requestParameters: { userName: 'alice' } },
      };
      expect(pattern.matches(selfService)).toBe(false);
    });

    it('keeps array consistency inside a $or branch', () => {
      const pattern = compilePattern({
        employees: { $or: [{ firstName: ['Anna'], lastName: ['Jones'] }, { firstName: ['Zoe'] }] },
      });
      const event = {
        employees: [
          { firstName: 'Anna', lastName: 'Smith' },
          { firstName: 'Peter', lastName: 'Jones' },
        ],
      };
      expect(pattern.matches(event)).toBe(false);
      expect(pattern.matches({ employees: [{ firstName: 'Anna', lastName: 'Jones' }] })).toBe(true);
    });
  });
});
