import { parseEvent } from '@trailwatch/cloudtrail';
import { catalogue } from '@trailwatch/detections';
import { compilePattern, validatePattern } from '@trailwatch/event-pattern';
import { loadRecord, recordNames } from '@trailwatch/fixtures';
import { describe, expect, it } from 'vitest';
import { centralPattern, sourcesOf } from '../src/central-pattern.js';

const iamDetection = catalogue.find((d) => sourcesOf(d.pattern as never)?.includes('aws.iam'))!;
const openDetection = catalogue.find((d) => sourcesOf(d.pattern as never) === undefined)!;

describe('Function: sourcesOf', () => {
  it('unions the sources of plain and $or patterns', () => {
    expect(
      sourcesOf({
        $or: [{ source: ['aws.cloudtrail'] }, { source: ['aws.iam', 'aws.organizations'] }],
      }),
    ).toEqual(['aws.cloudtrail', 'aws.iam', 'aws.organizations']);
  });

  it('is undefined when any branch leaves the source open', () => {
    expect(
      sourcesOf({
        $or: [{ source: ['aws.iam'] }, { detail: { userIdentity: { type: ['Root'] } } }],
      }),
    ).toBeUndefined();
    expect(sourcesOf({ source: [{ prefix: 'aws.' }] })).toBeUndefined();
  });
});

describe('Function: centralPattern', () => {
  it('pins the sources the detections name plus the heartbeat, and nothing else', () => {
    expect(centralPattern([iamDetection])).toEqual({ source: ['aws.events', 'aws.iam'] });
  });

  it('keeps a detection that leaves its source open as its own $or branch, without its detail-type', () => {
    // The member rules drop an open pattern's detail-type (size); the central rule accepts what
    // they forward, and the classifier applies the whole pattern.
    const { 'detail-type': _detailType, ...open } = openDetection.pattern;
    expect(centralPattern([iamDetection, openDetection])).toEqual({
      $or: [{ source: ['aws.events', 'aws.iam'] }, open],
    });
  });

  it('is valid and within the 2,048-character quota for the real catalogue', () => {
    const pattern = centralPattern();
    expect(validatePattern(pattern, { maxLength: 2048 })).toEqual([]);
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
  });

  it('lets through every fixture some detection matches', () => {
    const central = compilePattern(centralPattern());
    const compiled = catalogue.map((d) => compilePattern(d.pattern));
    const missed = recordNames().filter((name) => {
      const parsed = parseEvent(loadRecord(name));
      if (!parsed.ok) return false;
      const envelope = parsed.event.envelope;
      return compiled.some((c) => c.matches(envelope)) && !central.matches(envelope);
    });
    expect(missed).toEqual([]);
  });

  it('stops a source no detection names, unless root did it', () => {
    const central = compilePattern(centralPattern());
    const event = (type: string) => ({
      source: 'aws.sagemaker',
      'detail-type': 'AWS API Call via CloudTrail',
      detail: {
        eventSource: 'sagemaker.amazonaws.com',
        eventName: 'CreateNotebookInstance',
        eventType: 'AwsApiCall',
        userIdentity: { type },
      },
    });
    expect(central.matches(event('IAMUser'))).toBe(false);
    expect(central.matches(event('Root'))).toBe(true);
  });
});
