import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/index.js';
import {
  autoScalingLaunch,
  ec2StateChange,
  employees,
  macieAlert,
} from './fixtures/aws-doc-events.js';

const matches = (pattern: object, event: unknown) => compilePattern(pattern).matches(event);

describe('Function: compilePattern', () => {
  describe('exact values and nested objects', () => {
    const terminated = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };

    it('matches the EC2 instance-termination event from the EventBridge guide', () => {
      expect(matches(terminated, ec2StateChange)).toBe(true);
    });

    it('does not match when a nested field has another value', () => {
      const running = { ...ec2StateChange, detail: { ...ec2StateChange.detail, state: 'running' } };
      expect(matches(terminated, running)).toBe(false);
    });

    it('does not match when a named field is missing', () => {
      const { source: _source, ...withoutSource } = ec2StateChange;
      expect(matches(terminated, withoutSource)).toBe(false);
    });

    it('requires the same nesting: a top-level field does not stand in for a nested one', () => {
      expect(matches({ detail: { source: ['aws.ec2'] } }, ec2StateChange)).toBe(false);
    });

    it('compares strings character by character, without case folding', () => {
      expect(matches({ source: ['AWS.EC2'] }, ec2StateChange)).toBe(false);
      expect(matches({ source: ['aws.ec2 '] }, ec2StateChange)).toBe(false);
    });

    it('matches field names case-sensitively', () => {
      expect(matches({ Source: ['aws.ec2'] }, ec2StateChange)).toBe(false);
    });

    it('matches numbers nested at several levels, as in the Macie alert example', () => {
      const pattern = {
        source: ['aws.macie'],
        'detail-type': ['Macie Alert'],
        detail: { 'risk-score': [80], trigger: { risk: [8] } },
      };
      expect(matches(pattern, macieAlert)).toBe(true);
      const lowRisk = { ...macieAlert, detail: { ...macieAlert.detail, 'risk-score': 20 } };
      expect(matches(pattern, lowRisk)).toBe(false);
    });

    it('does not match a leaf pattern against an object value', () => {
      expect(matches({ detail: ['terminated'] }, ec2StateChange)).toBe(false);
    });

    it('does not match an object pattern against a scalar value', () => {
      expect(matches({ source: { name: ['aws.ec2'] } }, ec2StateChange)).toBe(false);
    });
  });

  describe('value lists', () => {
    const newYorkOrParis = { Location: ['New York', 'Paris'] };

    it('matches when the event value is any value in the list', () => {
      expect(matches(newYorkOrParis, { Location: 'New York' })).toBe(true);
      expect(matches(newYorkOrParis, { Location: 'Paris' })).toBe(true);
    });

    it('does not match a value outside the list', () => {
      expect(matches(newYorkOrParis, { Location: 'London' })).toBe(false);
    });

    it('ANDs separate fields: Location is "New York" and Day is "Monday"', () => {
      const pattern = { Location: ['New York'], Day: ['Monday'] };
      expect(matches(pattern, { Location: 'New York', Day: 'Monday' })).toBe(true);
      expect(matches(pattern, { Location: 'New York', Day: 'Tuesday' })).toBe(false);
      expect(matches(pattern, { Location: 'New York' })).toBe(false);
    });

    it('matches PaymentType "Credit" or "Debit"', () => {
      const pattern = { PaymentType: ['Credit', 'Debit'] };
      expect(matches(pattern, { PaymentType: 'Debit' })).toBe(true);
      expect(matches(pattern, { PaymentType: 'Cash' })).toBe(false);
    });
  });

  describe('types of exact values', () => {
    it('matches null only against null, as in the responseElements example', () => {
      const pattern = { detail: { responseElements: [null] } };
      expect(matches(pattern, autoScalingLaunch)).toBe(true);
      expect(matches(pattern, { detail: { responseElements: 'null' } })).toBe(false);
      expect(matches(pattern, { detail: { responseElements: '' } })).toBe(false);
      expect(matches(pattern, { detail: {} })).toBe(false);
    });

    it('matches "" only against the empty string, as in the eventVersion example', () => {
      const pattern = { detail: { eventVersion: [''] } };
      expect(matches(pattern, autoScalingLaunch)).toBe(true);
      expect(matches(pattern, { detail: { eventVersion: null } })).toBe(false);
      expect(matches(pattern, { detail: {} })).toBe(false);
    });

    it('keeps strings and numbers apart', () => {
      expect(matches({ Price: [100] }, { Price: '100' })).toBe(false);
      expect(matches({ Price: ['100'] }, { Price: 100 })).toBe(false);
      expect(matches({ Price: [100] }, { Price: 100 })).toBe(true);
    });

    it('matches a number by value, so 300 matches 300.0 and 3.0e2', () => {
      const pattern = compilePattern({ x: [300] });
      expect(pattern.matches(JSON.parse('{"x": 300.0}'))).toBe(true);
      expect(pattern.matches(JSON.parse('{"x": 3.0e2}'))).toBe(true);
      expect(pattern.matches({ x: 300.5 })).toBe(false);
    });

    it('matches numbers beyond the numeric range by exact value', () => {
      const accountId = compilePattern({ account: [123456789012] });
      expect(accountId.matches({ account: 123456789012 })).toBe(true);
      expect(accountId.matches({ account: 123456789013 })).toBe(false);
    });

    it('keeps booleans apart from their string spelling', () => {
      expect(matches({ readOnly: [false] }, { readOnly: false })).toBe(true);
      expect(matches({ readOnly: [false] }, { readOnly: 'false' })).toBe(false);
      expect(matches({ readOnly: [true] }, { readOnly: false })).toBe(false);
    });

    it('compares a value that looks like an IP address by the address it denotes', () => {
      const pattern = compilePattern({ ip: ['10.0.0.1', '2001:db8::1'] });
      expect(pattern.matches({ ip: '10.0.0.1' })).toBe(true);
      expect(pattern.matches({ ip: '010.0.0.001' })).toBe(true);
      expect(pattern.matches({ ip: '2001:DB8:0:0:0:0:0:1' })).toBe(true);
      expect(pattern.matches({ ip: '10.0.0.2' })).toBe(false);
    });
  });

  describe('arrays in the event', () => {
    const resources = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };

    it('matches when the pattern list and the event array intersect', () => {
      const event = {
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      };
      expect(matches(resources, event)).toBe(true);
    });

    it('does not match when they do not intersect', () => {
      expect(
        matches(resources, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-1'] }),
      ).toBe(false);
    });

    it('does not match an empty event array', () => {
      expect(matches(resources, autoScalingLaunch)).toBe(false);
    });

    it('flattens nested arrays', () => {
      expect(matches({ tags: ['Insider'] }, { tags: [['Custom_Alert'], ['Insider']] })).toBe(true);
    });

    it('matches a nested-object pattern against any element of an array of objects', () => {
      expect(matches({ employees: { firstName: ['Anna'] } }, employees)).toBe(true);
      expect(matches({ employees: { firstName: ['Zoe'] } }, employees)).toBe(false);
    });

    it('requires all fields of a nested pattern to match within the same array element', () => {
      const sameElement = { employees: { firstName: ['Anna'], lastName: ['Smith'] } };
      const acrossElements = { employees: { firstName: ['Anna'], lastName: ['Jones'] } };
      expect(matches(sameElement, employees)).toBe(true);
      expect(matches(acrossElements, employees)).toBe(false);
    });

    it('matches objects inside nested arrays', () => {
      const nested = { employees: [[employees.employees[0]], [employees.employees[2]]] };
      expect(matches({ employees: { lastName: ['Jones'] } }, nested)).toBe(true);
    });

    it('ignores object elements when matching leaf values', () => {
      expect(matches({ a: ['x'] }, { a: [{ b: 'x' }, 'y'] })).toBe(false);
      expect(matches({ a: ['y'] }, { a: [{ b: 'x' }, 'y'] })).toBe(true);
    });
  });

  describe('events that are not objects', () => {
    it('does not match arrays, scalars or undefined', () => {
      const pattern = compilePattern({ a: [{ exists: false }] });
      for (const event of [[], [{}], 'a', 1, null, undefined, true]) {
        expect(pattern.matches(event)).toBe(false);
      }
      expect(pattern.matches({})).toBe(true);
    });

    it('reads only own fields, so "constructor" is absent from an empty event', () => {
      const pattern = compilePattern({ constructor: [{ exists: true }] });
      expect(pattern.matches({})).toBe(false);
      expect(pattern.matches(JSON.parse('{"constructor": "x"}'))).toBe(true);
    });

    it('treats a "__proto__" field like any other field', () => {
      const pattern = compilePattern(JSON.parse('{"__proto__": ["x"]}'));
      expect(pattern.matches(JSON.parse('{"__proto__": "x"}'))).toBe(true);
      expect(pattern.matches(JSON.parse('{"__proto__": "y"}'))).toBe(false);
      expect(pattern.matches({})).toBe(false);
    });

    it('keeps the pattern it was compiled from', () => {
      const pattern = { source: ['aws.ec2'] };
      expect(compilePattern(pattern).pattern).toBe(pattern);
    });
  });
});
