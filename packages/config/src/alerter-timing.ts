import { AlerterDefaults } from '@trailwatch/contract';

/**
 * The alerter's Slack timing as the stack deploys it, for checking a configuration before it is
 * deployed. The stack sets `SLACK_MIN_INTERVAL_MS` to `1000 × maxConcurrency` (each of up to
 * `maxConcurrency` instances posts at most once per interval, so the fleet stays at about one
 * message per second) and leaves `SLACK_TIMEOUT_MS` at the alerter's default.
 */
export const AlerterTiming = {
  /** The alerter's `SLACK_TIMEOUT_MS` default (the contract's). */
  SLACK_TIMEOUT_MS: AlerterDefaults.SLACK_TIMEOUT_MS,
  /** Time the alerter keeps free at the end of an invocation (`SlackSender` `reserveMs`). */
  RESERVE_MS: 1000,
  /**
   * Paced posts that must fit in one invocation. One is not enough: an instance that just posted
   * waits a whole interval before its next post, and if that wait plus a post does not fit, every
   * record after the first is handed back on every receive.
   */
  POSTS_PER_INVOCATION: 2,
} as const;

/** Pacing interval the stack gives each alerter instance. */
export function pacingIntervalMs(maxConcurrency: number): number {
  return 1000 * maxConcurrency;
}

/** The smallest function timeout in which `POSTS_PER_INVOCATION` paced posts fit. */
export function minimumAlerterTimeoutSeconds(maxConcurrency: number): number {
  const cycleMs =
    pacingIntervalMs(maxConcurrency) + AlerterTiming.SLACK_TIMEOUT_MS + AlerterTiming.RESERVE_MS;
  return Math.ceil((AlerterTiming.POSTS_PER_INVOCATION * cycleMs) / 1000);
}
