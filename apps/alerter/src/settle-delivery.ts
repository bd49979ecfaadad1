import { redeliveryDelaySeconds } from './delivery/redelivery-delay.js';
import type { DeliveryOutcome } from './delivery/slack-sender.js';
import type { MessagePlan } from './digest.js';
import { type HandBack, handBack } from './hand-back.js';
import { errorText, keysOf } from './log-keys.js';
import { mapLimit } from './map-limit.js';
import type { Candidate } from './render-plans.js';
import { MetricName, type Telemetry } from './telemetry.js';

/** The dedup operations settling needs. */
export interface DeliveryLedger {
  markDelivered(eventId: string): Promise<void>;
  markMaybeDelivered(eventId: string, token: string, maybeDeliveredAt?: string): Promise<void>;
  release(eventId: string, token: string, maybeDeliveredAt?: string): Promise<void>;
}

/** DynamoDB calls in flight at once per message. */
const CONCURRENCY = 16;

/**
 * Applies one message's outcome and returns the records it hands back. Delivered: count it and
 * mark each event delivered (a failed mark is logged; Slack already has the message, so the
 * records are acknowledged) and hand nothing back. Anything else, or no outcome at all: hand every
 * carried record back with its redelivery delay, and release our claims (or, when the post may
 * have reached Slack, record that so the redelivery is marked).
 *
 * @param backoffSeconds - first redelivery wait after a failure other than a 429
 */
export async function settleDelivery(
  plan: MessagePlan<Candidate>,
  outcome: DeliveryOutcome | undefined,
  ledger: DeliveryLedger,
  telemetry: Telemetry,
  backoffSeconds: number,
): Promise<HandBack[]> {
  const { log } = telemetry;
  if (outcome?.status === 'delivered') {
    telemetry.count(MetricName.ALERTS, plan.items.length);
    if (plan.kind === 'digest') telemetry.count(MetricName.DIGESTS);
    await mapLimit(plan.items, CONCURRENCY, async (item) => {
      try {
        await ledger.markDelivered(item.eventId);
      } catch (error) {
        log.warn('Delivered but not recorded in the dedup table', {
          ...keysOf(item.alert.match),
          error: errorText(error),
        });
      }
    });
    log.info('Delivered to Slack', {
      ...keysOf(plan.items[0]!.alert.match),
      kind: plan.kind,
      events: plan.items.length,
    });
    return [];
  }
  const handedBack = plan.items.flatMap((item) =>
    item.records.map((record) =>
      handBack(
        record,
        redeliveryDelaySeconds(
          outcome,
          Number(record.attributes?.ApproximateReceiveCount),
          backoffSeconds,
        ),
      ),
    ),
  );
  const maybeDelivered = outcome?.status === 'handed-back' && outcome.reason === 'maybe_delivered';
  await mapLimit(plan.items, CONCURRENCY, async (item) => {
    if (item.claimToken === undefined) return;
    try {
      // Slack may show it already: the redelivery posts it once more, marked, and never again.
      if (maybeDelivered) {
        await ledger.markMaybeDelivered(item.eventId, item.claimToken, item.maybeDeliveredAt);
      } else await ledger.release(item.eventId, item.claimToken, item.maybeDeliveredAt);
    } catch (error) {
      // The claim expires on its own; the retry waits for that.
      log.warn('Could not release dedup claim', {
        ...keysOf(item.alert.match),
        error: errorText(error),
      });
    }
  });
  return handedBack;
}
