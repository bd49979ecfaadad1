import { describe, expect, it } from 'vitest';
import { HEARTBEAT_DETAIL_TYPE, isHeartbeat } from '../src/index.js';

const heartbeat = {
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '111122223333',
  time: '2026-11-20T10:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:111122223333:rule/trailwatch-heartbeat'],
  detail: {},
};

describe('Function: isHeartbeat', () => {
  it('recognises the scheduled event of the trailwatch-heartbeat rule', () => {
    expect(HEARTBEAT_DETAIL_TYPE).toBe('Scheduled Event');
    expect(isHeartbeat(heartbeat)).toBe(true);
  });

  it('rejects other scheduled rules, other sources and CloudTrail events', () => {
    expect(
      isHeartbeat({ ...heartbeat, resources: ['arn:aws:events:eu-west-1:1:rule/nightly'] }),
    ).toBe(false);
    expect(
      isHeartbeat({
        ...heartbeat,
        resources: ['arn:aws:events:eu-west-1:111122223333:rule/trailwatch-heartbeat-test'],
      }),
    ).toBe(false);
    expect(isHeartbeat({ ...heartbeat, source: 'custom.trailwatch' })).toBe(false);
    expect(isHeartbeat({ ...heartbeat, 'detail-type': 'AWS API Call via CloudTrail' })).toBe(false);
  });

  it('never throws on odd input', () => {
    for (const odd of [
      null,
      undefined,
      'x',
      42,
      [],
      { ...heartbeat, resources: 'rule/trailwatch-heartbeat' },
      { ...heartbeat, resources: [null, 1] },
    ]) {
      expect(isHeartbeat(odd)).toBe(false);
    }
  });
});
