import {
  type AccountInfo,
  assertWithinSlackLimits,
  type RenderOptions,
  renderAlert,
  renderDigest,
  type SlackMessage,
} from '@trailwatch/slack';
import type { SQSRecord } from 'aws-lambda';
import type { OutgoingMessage } from './delivery/slack-sender.js';
import type { MessagePlan, RoutedAlert } from './digest.js';
import { errorText, keysOf } from './log-keys.js';
import { markPossibleDuplicate } from './possible-duplicate.js';
import type { Log } from './telemetry.js';

/** An enriched, routed event on its way to Slack. */
export interface Candidate extends RoutedAlert {
  readonly eventId: string;
  readonly records: SQSRecord[];
  /** This invocation's dedup claim, when the table was available. */
  readonly claimToken?: string;
  /** When an earlier post of this event may have reached Slack (timeout after sending). */
  readonly maybeDeliveredAt?: string;
}

/** Plans turned into messages, and the plans whose rendering failed. */
export interface RenderedPlans {
  /** Parallel arrays: `outgoing[i]` is the message of `planned[i]`. */
  readonly outgoing: OutgoingMessage[];
  readonly planned: MessagePlan<Candidate>[];
  readonly unrendered: MessagePlan<Candidate>[];
}

function render(plan: MessagePlan<Candidate>, options?: RenderOptions): SlackMessage {
  const message =
    plan.kind === 'alert'
      ? renderAlert(plan.items[0].alert, options)
      : renderDigest(
          plan.items.map((item) => item.alert),
          plan.part,
          options,
        );
  const repeated = plan.items.filter((item) => item.maybeDeliveredAt !== undefined).length;
  const final =
    repeated === 0 ? message : markPossibleDuplicate(message, repeated, plan.items.length);
  // Slack answers an over-limit message with `invalid_blocks`, a 4xx that is never retried into
  // success: better to find out here, log it with the event ids and hand the records back.
  assertWithinSlackLimits(final);
  return final;
}

/** Log keys describing a message: the first event's keys plus every event id it carries. */
export function describePlan(plan: MessagePlan<Candidate>): Record<string, unknown> {
  const first = plan.items[0]!;
  const account: AccountInfo = first.alert.account;
  return {
    ...keysOf(first.alert.match, account.id),
    kind: plan.kind,
    events: plan.items.length,
    eventIds: plan.items.map((item) => item.eventId),
  };
}

/**
 * Renders each plan and checks it against Slack's limits; a plan the renderer throws on, or whose
 * message is over a limit, is logged and returned as unrendered.
 */
export function renderPlans(
  plans: readonly MessagePlan<Candidate>[],
  options: RenderOptions | undefined,
  log: Log,
): RenderedPlans {
  const rendered: RenderedPlans = { outgoing: [], planned: [], unrendered: [] };
  for (const plan of plans) {
    const describe = describePlan(plan);
    try {
      rendered.outgoing.push({
        webhookSecretId: plan.route,
        message: render(plan, options),
        describe,
      });
      rendered.planned.push(plan);
    } catch (error) {
      rendered.unrendered.push(plan);
      log.error('Rendering failed; handing records back', { ...describe, error: errorText(error) });
    }
  }
  return rendered;
}
