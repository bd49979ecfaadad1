/** Bounded exponential backoff with full jitter for throttled AWS calls. */
export interface RetryOptions {
  /** Attempts in total, the first included. @default 4 */
  readonly attempts?: number;
  /** First backoff ceiling in ms; doubles each attempt. @default 100 */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff in ms. @default 2000 */
  readonly maxDelayMs?: number;
}

const THROTTLING_ERRORS = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
]);

/** Whether an AWS SDK error is a throttling answer worth retrying. */
export function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING_ERRORS.has(error.name);
}

/**
 * Runs `call`, retrying throttling errors with backoff. The SDK's own retry strategy runs inside
 * each attempt; this outer loop exists because a burst of cold lookups can exhaust it, and
 * Organizations throttles per account for the whole organization.
 */
export async function withThrottlingRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 2000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= attempts) throw error;
      const ceiling = Math.min(max, base * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
