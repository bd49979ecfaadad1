/**
 * Token bucket: `burst` tokens, refilled at `ratePerSecond`. Models Slack's "one message per
 * second, short bursts allowed".
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  public constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes a token if one is available; otherwise returns the milliseconds until one will be. */
  public take(): { ok: true } | { ok: false; waitMs: number } {
    const now = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond,
    );
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: ((1 - this.tokens) / this.ratePerSecond) * 1000 };
  }
}
