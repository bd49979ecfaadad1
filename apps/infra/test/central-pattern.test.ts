import { catalogue, identityCenterPattern } from '@trailwatch/detections';
import { describe, expect, it } from 'vitest';
import { centralSources } from '../src/central-pattern.js';

describe('Function: centralSources', () => {
  it('unions the sources of plain and $or patterns, plus the heartbeat source', () => {
    expect(
      centralSources([
        { source: ['aws.iam'], detail: { eventName: ['CreateUser'] } },
        { $or: [{ source: ['aws.cloudtrail'] }, { source: ['aws.iam', 'aws.organizations'] }] },
      ]),
    ).toEqual(['aws.cloudtrail', 'aws.events', 'aws.iam', 'aws.organizations']);
  });

  it('takes the Identity Center and forwarding-alarm sources from the catalogue, not a list', () => {
    const alarm = catalogue.find((d) => d.id === 'trailwatch-forwarding-dlq-alarm')!;
    expect(centralSources([identityCenterPattern(), alarm.pattern])).toEqual([
      'aws.cloudwatch',
      'aws.events',
      'aws.signin',
    ]);
  });

  it('gives up when any branch leaves the source open', () => {
    expect(
      centralSources([
        { $or: [{ source: ['aws.iam'] }, { detail: { userIdentity: { type: ['Root'] } } }] },
      ]),
    ).toBeUndefined();
    expect(centralSources([{ source: [{ prefix: 'aws.' }] }])).toBeUndefined();
  });

  it('gives up for the real catalogue, whose root-activity detection pins no source', () => {
    // The security stack then matches every aws.* source; the member rules stay precise.
    expect(centralSources()).toBeUndefined();
  });
});
