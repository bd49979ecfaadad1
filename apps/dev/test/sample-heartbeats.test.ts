import { isHeartbeat } from '@trailwatch/detections';
import { describe, expect, it } from 'vitest';
import { heartbeatBodies } from '../src/sample-heartbeats.js';

describe('Function: heartbeatBodies', () => {
  it('sends one heartbeat per account × region that the alerter recognises as one', () => {
    // Act
    const bodies = heartbeatBodies(
      ['111122223333', '123456789012'],
      ['eu-west-1', 'us-east-1'],
      new Date('2026-11-27T10:00:00.123Z'),
    ).map((body) => JSON.parse(body) as Record<string, unknown>);
    // Assess
    expect(bodies.map(({ account, region }) => `${account}/${region}`)).toEqual([
      '111122223333/eu-west-1',
      '111122223333/us-east-1',
      '123456789012/eu-west-1',
      '123456789012/us-east-1',
    ]);
    expect(bodies.every(isHeartbeat)).toBe(true);
    expect(bodies[0]).toMatchObject({
      time: '2026-11-27T10:00:00Z',
      resources: ['arn:aws:events:eu-west-1:111122223333:rule/trailwatch-heartbeat'],
    });
  });
});
