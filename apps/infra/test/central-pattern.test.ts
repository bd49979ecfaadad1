import { describe, expect, it } from 'vitest';
import { centralSources } from '../src/central-pattern.js';

describe('Function: centralSources', () => {
  it('unions the sources of plain and $or patterns, plus heartbeat and Identity Center sources', () => {
    expect(
      centralSources([
        { source: ['aws.iam'], detail: { eventName: ['CreateUser'] } },
        { $or: [{ source: ['aws.cloudtrail'] }, { source: ['aws.iam', 'aws.organizations'] }] },
      ]),
    ).toEqual(['aws.cloudtrail', 'aws.events', 'aws.iam', 'aws.organizations', 'aws.signin']);
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
