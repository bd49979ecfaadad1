import { describe, expect, it } from 'vitest';
import { redeliveryDelaySeconds } from '../src/delivery/redelivery-delay.js';

describe('Function: redeliveryDelaySeconds', () => {
  it("waits exactly Slack's Retry-After after a 429", () => {
    expect(
      redeliveryDelaySeconds(
        { status: 'handed-back', reason: 'rate_limited', retryAfterSeconds: 7 },
        3,
        30,
      ),
    ).toBe(7);
  });

  it('hides records the invocation had no time for at least for the pacing wait, never 0 s', () => {
    expect(redeliveryDelaySeconds({ status: 'handed-back', reason: 'time' }, 4, 30)).toBe(1);
    expect(
      redeliveryDelaySeconds(
        { status: 'handed-back', reason: 'time', pacingWaitSeconds: 0 },
        4,
        30,
      ),
    ).toBe(1);
    expect(
      redeliveryDelaySeconds(
        { status: 'handed-back', reason: 'time', pacingWaitSeconds: 200 },
        1,
        30,
      ),
    ).toBe(200);
    expect(
      redeliveryDelaySeconds(
        { status: 'handed-back', reason: 'time', pacingWaitSeconds: 5000 },
        1,
        30,
      ),
    ).toBe(900);
  });

  it('backs off exponentially with the receive count on server and network errors', () => {
    const server = { status: 'handed-back', reason: 'server' } as const;
    expect([1, 2, 3, 4].map((count) => redeliveryDelaySeconds(server, count, 30))).toEqual([
      30, 60, 120, 240,
    ]);
    expect(redeliveryDelaySeconds({ status: 'handed-back', reason: 'network' }, 2, 30)).toBe(60);
  });

  it('caps the backoff at 15 minutes so a fixed webhook drains quickly', () => {
    expect(redeliveryDelaySeconds({ status: 'handed-back', reason: 'client' }, 9, 30)).toBe(900);
    expect(redeliveryDelaySeconds({ status: 'handed-back', reason: 'client' }, 5000, 30)).toBe(900);
  });

  it('starts the backoff at the configured base', () => {
    const server = { status: 'handed-back', reason: 'server' } as const;
    expect([1, 2, 3].map((count) => redeliveryDelaySeconds(server, count, 1))).toEqual([1, 2, 4]);
  });

  it('treats a missing or garbage receive count as the first attempt', () => {
    expect(redeliveryDelaySeconds(undefined, Number.NaN, 30)).toBe(30);
    expect(redeliveryDelaySeconds(undefined, 0, 30)).toBe(30);
  });
});
