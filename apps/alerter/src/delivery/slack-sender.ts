import type { SlackMessage } from '@trailwatch/slack';
import { MetricName, SlackErrorKind, type Telemetry } from '../telemetry.js';
import { postToSlack, type SlackAnswer } from './post-to-slack.js';
import type { SharedWebhookSchedule } from './webhook-schedule.js';

/** One message to post, and what to say about it in logs. */
export interface OutgoingMessage {
  /** Secret id of the webhook (the route). */
  readonly webhookSecretId: string;
  readonly message: SlackMessage;
  /** Log keys identifying the content: detection, event ids, count. Never the URL. */
  readonly describe: Readonly<Record<string, unknown>>;
}

/** The fate of one {@link OutgoingMessage}. */
export type DeliveryOutcome =
  | { readonly status: 'delivered' }
  /** Not posted (or not accepted); the records go back to SQS. */
  | {
      readonly status: 'handed-back';
      readonly reason:
        | 'rate_limited'
        | 'server'
        | 'client'
        | 'network'
        | 'maybe_delivered'
        | 'secret'
        | 'time';
      /** After a 429: how long the webhook is paused. */
      readonly retryAfterSeconds?: number;
      /**
       * Reason `time`: the pacing wait that did not fit in the invocation. The records must stay
       * hidden at least this long, or they come straight back, meet the same wait and burn their
       * receive count (`maxReceiveCount`) in milliseconds.
       */
      readonly pacingWaitSeconds?: number;
    };

/** Tuning and collaborators of {@link SlackSender}. */
export interface SlackSenderOptions {
  readonly resolveWebhook: (secretId: string) => Promise<string>;
  readonly telemetry: Telemetry;
  /** Minimum gap between two posts to the same webhook (Slack: about 1 message/s). */
  readonly minIntervalMs: number;
  /** Timeout of one POST. */
  readonly timeoutMs: number;
  /**
   * Extra attempts after a 5xx or a request that never left. Never after `maybe_delivered`: Slack
   * may have posted that one, so it goes back to SQS and is posted at most once more. @default 2
   */
  readonly retries?: number;
  /** Backoff before retry n is `retryBackoffMs * 2^(n-1)`. @default 500 */
  readonly retryBackoffMs?: number;
  /** Time kept free at the end of an invocation for bookkeeping. @default 1000 */
  readonly reserveMs?: number;
  readonly post?: (url: string, message: SlackMessage, timeoutMs: number) => Promise<SlackAnswer>;
  /**
   * Pacing and 429 pauses shared with every other container (the state table). Without it each
   * container paces only itself, and another container's 429 is met again. @default - local only
   */
  readonly schedule?: Pick<SharedWebhookSchedule, 'reserve' | 'block' | 'blockedUntil'>;
  readonly now?: () => number;
}

interface WebhookState {
  /** When the last post to this webhook was answered. */
  lastPostAt: number;
  /** Slack asked us to stay away until then. */
  blockedUntil: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts messages to Slack webhooks, one webhook's messages strictly in order and paced to one per
 * `minIntervalMs`, different webhooks in parallel. Pacing and 429 pauses are remembered across
 * invocations of a warm container. Before each post it checks the invocation's remaining time and
 * hands the rest back instead of starting a post it might not finish.
 */
export class SlackSender {
  readonly #options: SlackSenderOptions;
  readonly #post: NonNullable<SlackSenderOptions['post']>;
  readonly #now: () => number;
  readonly #webhooks = new Map<string, WebhookState>();

  public constructor(options: SlackSenderOptions) {
    this.#options = options;
    this.#post = options.post ?? postToSlack;
    this.#now = options.now ?? Date.now;
  }

  /** Delivers `messages` (most important first); outcomes are in the same order. */
  public async deliverAll(
    messages: readonly OutgoingMessage[],
    remainingMs: () => number,
  ): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = new Array(messages.length);
    const byWebhook = new Map<string, number[]>();
    messages.forEach((message, index) => {
      const list = byWebhook.get(message.webhookSecretId) ?? [];
      list.push(index);
      byWebhook.set(message.webhookSecretId, list);
    });
    await Promise.all(
      [...byWebhook].map(async ([secretId, indexes]) => {
        let url: string | undefined;
        try {
          url = await this.#options.resolveWebhook(secretId);
        } catch (error) {
          this.#options.telemetry.log.error('Cannot resolve Slack webhook; handing records back', {
            secretId,
            error: error instanceof Error ? error.message : String(error),
            messages: indexes.length,
          });
        }
        for (const index of indexes) {
          const message = messages[index]!;
          outcomes[index] =
            url === undefined
              ? { status: 'handed-back', reason: 'secret' }
              : await this.#deliverOne(secretId, url, message, remainingMs);
        }
      }),
    );
    return outcomes;
  }

  #state(secretId: string): WebhookState {
    let state = this.#webhooks.get(secretId);
    if (state === undefined) {
      state = { lastPostAt: Number.NEGATIVE_INFINITY, blockedUntil: 0 };
      this.#webhooks.set(secretId, state);
    }
    return state;
  }

  async #deliverOne(
    secretId: string,
    url: string,
    outgoing: OutgoingMessage,
    remainingMs: () => number,
  ): Promise<DeliveryOutcome> {
    const { telemetry, minIntervalMs, timeoutMs } = this.#options;
    const retries = this.#options.retries ?? 2;
    const backoffMs = this.#options.retryBackoffMs ?? 500;
    const reserveMs = this.#options.reserveMs ?? 1000;
    const state = this.#state(secretId);
    for (let attempt = 0; ; attempt += 1) {
      const now = this.#now();
      if (state.blockedUntil > now) {
        return {
          status: 'handed-back',
          reason: 'rate_limited',
          retryAfterSeconds: Math.ceil((state.blockedUntil - now) / 1000),
        };
      }
      const backoff = attempt === 0 ? 0 : backoffMs * 2 ** (attempt - 1);
      let wait = Math.max(backoff, state.lastPostAt + minIntervalMs - now);
      // Reserve a fleet-wide slot only for a post that can still happen in this invocation.
      if (this.#options.schedule !== undefined && remainingMs() - wait >= timeoutMs + reserveMs) {
        const reservation = await this.#options.schedule.reserve(secretId);
        if (reservation.kind === 'blocked') {
          state.blockedUntil = Math.max(state.blockedUntil, reservation.until);
          telemetry.log.info('Another instance was rate limited on this webhook; handing back', {
            ...outgoing.describe,
            secretId,
            blockedForMs: reservation.until - this.#now(),
          });
          continue;
        }
        if (reservation.kind === 'slot') wait = Math.max(wait, reservation.at - this.#now());
        else {
          telemetry.log.warn('Shared webhook pacing unavailable; pacing this instance only', {
            secretId,
            error: reservation.error instanceof Error ? reservation.error.name : 'error',
          });
        }
      }
      if (remainingMs() - wait < timeoutMs + reserveMs) {
        telemetry.log.warn('Too little time left to post; handing records back', {
          ...outgoing.describe,
          remainingMs: remainingMs(),
          waitMs: wait,
        });
        return {
          status: 'handed-back',
          reason: 'time',
          pacingWaitSeconds: Math.ceil(Math.max(0, wait) / 1000),
        };
      }
      if (wait > 0) await sleep(wait);
      if (this.#options.schedule !== undefined && wait > 0) {
        const blockedUntil = await this.#options.schedule.blockedUntil(secretId);
        if (blockedUntil > this.#now()) {
          state.blockedUntil = Math.max(state.blockedUntil, blockedUntil);
          continue;
        }
      }
      const answer = await this.#post(url, outgoing.message, timeoutMs);
      // Counting the interval from the answer, not the request, keeps arrivals at Slack at least
      // one interval apart even when a request spends time connecting.
      state.lastPostAt = this.#now();
      switch (answer.kind) {
        case 'ok':
          if (answer.unexpectedBody !== undefined) {
            telemetry.log.warn('Slack accepted the message with an unexpected body', {
              ...outgoing.describe,
              slackAnswer: answer.unexpectedBody,
            });
          }
          return { status: 'delivered' };
        case 'rate_limited':
          state.blockedUntil = this.#now() + answer.retryAfterSeconds * 1000;
          // Every other container must stay away too; a failed write only loses that.
          await this.#options.schedule?.block(secretId, state.blockedUntil).catch(() => undefined);
          telemetry.count(MetricName.SLACK_ERRORS, 1, { kind: SlackErrorKind.RATE_LIMITED });
          telemetry.log.warn('Slack rate limited the webhook; pausing it', {
            ...outgoing.describe,
            secretId,
            retryAfterSeconds: answer.retryAfterSeconds,
          });
          return {
            status: 'handed-back',
            reason: 'rate_limited',
            retryAfterSeconds: answer.retryAfterSeconds,
          };
        case 'client':
          telemetry.count(MetricName.SLACK_ERRORS, 1, { kind: SlackErrorKind.CLIENT });
          telemetry.log.error(`Slack rejected the message: ${answer.error}`, {
            ...outgoing.describe,
            secretId,
            status: answer.status,
            slackError: answer.error,
          });
          return { status: 'handed-back', reason: 'client' };
        case 'maybe_delivered':
          telemetry.count(MetricName.SLACK_ERRORS, 1, { kind: SlackErrorKind.MAYBE_DELIVERED });
          telemetry.log.warn('Slack may have posted the message; handing records back once', {
            ...outgoing.describe,
            secretId,
            slackError: answer.error,
          });
          return { status: 'handed-back', reason: 'maybe_delivered' };
        case 'server':
        case 'network': {
          const kind = answer.kind === 'server' ? SlackErrorKind.SERVER : SlackErrorKind.NETWORK;
          telemetry.count(MetricName.SLACK_ERRORS, 1, { kind });
          const detail = {
            ...outgoing.describe,
            secretId,
            attempt: attempt + 1,
            slackError: answer.error,
            ...(answer.kind === 'server' ? { status: answer.status } : {}),
          };
          if (attempt >= retries) {
            telemetry.log.error(
              'Slack delivery failed after retries; handing records back',
              detail,
            );
            return { status: 'handed-back', reason: answer.kind };
          }
          telemetry.log.warn('Slack delivery failed; retrying', detail);
        }
      }
    }
  }
}
