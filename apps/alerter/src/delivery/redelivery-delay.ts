import type { DeliveryOutcome } from './slack-sender.js';

/** Records the invocation had no time for come back no sooner than this. */
export const MIN_TIME_SECONDS = 1;

/** Never wait longer than this between attempts: a fixed Slack or channel should drain quickly. */
const CAP_SECONDS = 900;

/**
 * How long SQS should hide a handed-back record before redelivering it.
 *
 * Without this every hand-back waits the queue's visibility timeout (six times the function
 * timeout, twelve minutes by default), which turns a two-second Slack blip into a twelve-minute
 * delay. A 429 waits what Slack asked for; records the invocation had no time left for come back
 * after the pacing wait that did not fit (at least a second); server, network, secret and permanent errors back off exponentially with the receive
 * count, so a broken webhook reaches the DLQ (and its alarm) within hours, not days.
 *
 * @param baseSeconds - the first wait (`REDELIVERY_BACKOFF_SECONDS`); doubles with every receive
 */
export function redeliveryDelaySeconds(
  outcome: DeliveryOutcome | undefined,
  receiveCount: number,
  baseSeconds: number,
): number {
  if (outcome?.status === 'handed-back') {
    if (outcome.retryAfterSeconds !== undefined) return outcome.retryAfterSeconds;
    // Never 0: an immediate redelivery meets the same pacing wait and burns a receive each time.
    if (outcome.reason === 'time') {
      return Math.min(CAP_SECONDS, Math.max(MIN_TIME_SECONDS, outcome.pacingWaitSeconds ?? 0));
    }
  }
  const attempt = Number.isFinite(receiveCount) && receiveCount >= 1 ? receiveCount : 1;
  return Math.min(CAP_SECONDS, baseSeconds * 2 ** Math.min(attempt - 1, 10));
}
