import { describe, expect, it } from 'vitest';
import {
  eventKey,
  heartbeatKey,
  leaseKey,
  parseAccountRegionKey,
  watchdogKey,
} from '../src/index.js';

describe('State table keys', () => {
  it('gives every item kind its own prefix', () => {
    expect(eventKey('e-1')).toBe('event#e-1');
    expect(heartbeatKey('111122223333', 'eu-west-1')).toBe('heartbeat#111122223333#eu-west-1');
    expect(watchdogKey('111122223333', 'eu-west-1')).toBe('watchdog#111122223333#eu-west-1');
    expect(leaseKey('watchdog')).toBe('lease#watchdog');
  });

  it('reads account and region back from the keys it builds', () => {
    expect(parseAccountRegionKey(heartbeatKey('111122223333', 'ap-southeast-2'))).toEqual({
      kind: 'heartbeat',
      accountId: '111122223333',
      region: 'ap-southeast-2',
    });
    expect(parseAccountRegionKey(watchdogKey('011122223333', 'us-east-1'))?.accountId).toBe(
      '011122223333',
    );
  });

  it.each(['event#x', 'heartbeat#1111#eu-west-1', 'heartbeat#111122223333', 'lease#watchdog'])(
    'returns undefined for %s',
    (key) => {
      expect(parseAccountRegionKey(key)).toBeUndefined();
    },
  );
});
