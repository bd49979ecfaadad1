import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidStandInOptionsError } from './errors.js';
import { listenOnLoopback, readBody, sleep } from './loopback-server.js';
import { checkSlackPayload } from './slack-payload-check.js';
import { TokenBucket } from './token-bucket.js';

/** Options of the Slack incoming-webhook emulator. */
export interface SlackEmulatorOptions {
  /** Sustained messages per second per webhook. @default 1 */
  readonly ratePerSecond?: number;
  /** Messages a webhook accepts back to back before it starts answering 429. @default 3 */
  readonly burst?: number;
  /** Fixed `Retry-After` value; @default - seconds until the bucket has a token again, at least 1 */
  readonly retryAfterSeconds?: number;
  /** Delay before every answer (slow Slack, for timeout tests). @default 0 */
  readonly latencyMs?: number;
}

/** A message Slack accepted (answered 200 `ok`). */
export interface ReceivedMessage {
  /** The decoded JSON payload. */
  readonly payload: Record<string, unknown>;
  /** Name of the webhook it was posted to (`default` for {@link SlackEmulator.url}). */
  readonly webhook: string;
  /** Request path, `/services/T…/B…/…`. */
  readonly path: string;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
}

/** A request Slack answered with anything but 200 (connection resets are counted too). */
export interface RejectedAttempt {
  readonly webhook: string | undefined;
  readonly path: string;
  /** HTTP status, or 0 for a reset connection. */
  readonly status: number;
  /** The plain-text body Slack sent. */
  readonly error: string;
  /** Why, for test failure messages. */
  readonly detail: string;
  readonly receivedAt: number;
}

/** How the emulator fails while it is down. */
export type OutageMode = false | 'reset' | 503;

/** A running Slack incoming-webhook emulator. */
export interface SlackEmulator {
  /** URL of the `default` webhook: `http://127.0.0.1:<port>/services/T000/B000/<fake token>`. */
  readonly url: string;
  /** Every accepted message, in order. */
  readonly messages: ReceivedMessage[];
  /** Every rejected attempt (429s, error strings, outages), in order. */
  readonly rejected: RejectedAttempt[];
  /** Creates another webhook (another channel) and returns its URL; same name, same URL. */
  addWebhook(name: string): string;
  /**
   * The next `n` posts (to `webhook`, or to any webhook) are answered `status` with `body`;
   * `Infinity` for permanent. An injected 429 carries `Retry-After` (the configured value, or 1).
   */
  failNext(n: number, status: number, body: string, webhook?: string): void;
  /** Takes Slack down (`'reset'` drops connections, `503` answers `service_unavailable`) or back up (`false`). */
  setOutage(mode: OutageMode): void;
  /** Changes the delay before every answer. */
  setLatency(ms: number): void;
  /**
   * The next `n` posts are answered after `ms` (on top of the latency), and still accepted: a
   * client whose timeout is shorter sees no answer although the message is in the channel.
   */
  slowNext(n: number, ms: number): void;
  close(): Promise<void>;
}

interface Webhook {
  readonly name: string;
  readonly path: string;
  readonly bucket: TokenBucket;
}

interface ForcedFailure {
  remaining: number;
  readonly status: number;
  readonly body: string;
  readonly webhook: string | undefined;
}

/**
 * Starts a Slack incoming-webhook emulator on loopback. It answers like Slack: 200 `ok`; 429 with
 * a `Retry-After` header (seconds) beyond `ratePerSecond` plus a small burst; plain-text error
 * strings (`invalid_payload`, `no_text`, `invalid_blocks`, `too_many_attachments`, `no_service`
 * for an unknown hook, and whatever {@link SlackEmulator.failNext} injects: `channel_not_found`,
 * `channel_is_archived`, `action_prohibited`, `rollup_error`…). Slack does not document the body
 * of a webhook 429; the emulator sends `rate_limited`, so clients must key on the status.
 *
 * @example
 * const slack = await startSlackEmulator();
 * slack.failNext(2, 500, 'rollup_error');
 * await fetch(slack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
 */
export async function startSlackEmulator(
  options: SlackEmulatorOptions = {},
): Promise<SlackEmulator> {
  const ratePerSecond = options.ratePerSecond ?? 1;
  const burst = options.burst ?? 3;
  if (!(ratePerSecond > 0) || !(burst >= 1)) {
    throw new InvalidStandInOptionsError(
      `ratePerSecond must be > 0 and burst ≥ 1, got ${ratePerSecond} and ${burst}`,
    );
  }
  let latencyMs = options.latencyMs ?? 0;
  let outage: OutageMode = false;
  let slowAnswers = 0;
  let slowMs = 0;
  const messages: ReceivedMessage[] = [];
  const rejected: RejectedAttempt[] = [];
  const forced: ForcedFailure[] = [];
  const webhooks = new Map<string, Webhook>();
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const webhook = [...webhooks.values()].find((hook) => hook.path === path);
    const receivedAt = Date.now();
    const answer = (status: number, body: string, detail: string, headers = {}): void => {
      if (status !== 200) {
        rejected.push({ webhook: webhook?.name, path, status, error: body, detail, receivedAt });
      }
      res.writeHead(status, { 'content-type': 'text/html', ...headers });
      res.end(body);
    };
    const body = await readBody(req);
    const slow = slowAnswers > 0 ? slowMs : 0;
    if (slowAnswers > 0) slowAnswers -= 1;
    if (latencyMs + slow > 0) {
      await sleep(latencyMs + slow);
    }
    if (outage === 'reset') {
      rejected.push({
        webhook: webhook?.name,
        path,
        status: 0,
        error: '',
        detail: 'connection reset (outage)',
        receivedAt,
      });
      req.socket.destroy();
      return;
    }
    if (outage === 503) {
      answer(503, 'service_unavailable', 'outage');
      return;
    }
    if (req.method !== 'POST') {
      answer(405, 'invalid_method', `${req.method} is not POST`, { allow: 'POST' });
      return;
    }
    if (webhook === undefined) {
      answer(404, 'no_service', `no webhook at ${path}`);
      return;
    }
    const failure = forced.find((f) => f.webhook === undefined || f.webhook === webhook.name);
    if (failure !== undefined) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) {
        forced.splice(forced.indexOf(failure), 1);
      }
      // Slack never sends a 429 without Retry-After, so an injected one carries it too.
      const headers =
        failure.status === 429 ? { 'retry-after': String(options.retryAfterSeconds ?? 1) } : {};
      answer(failure.status, failure.body, 'injected by failNext', headers);
      return;
    }
    const token = webhook.bucket.take();
    if (!token.ok) {
      const retryAfter = options.retryAfterSeconds ?? Math.max(1, Math.ceil(token.waitMs / 1000));
      answer(429, 'rate_limited', 'rate limit', { 'retry-after': String(retryAfter) });
      return;
    }
    const check = checkSlackPayload(String(req.headers['content-type'] ?? ''), body);
    if (!check.ok) {
      answer(check.rejection.status, check.rejection.error, check.rejection.detail);
      return;
    }
    messages.push({ payload: check.payload, webhook: webhook.name, path, receivedAt });
    answer(200, 'ok', 'accepted');
  };

  const server = await listenOnLoopback(handle);
  origin = server.origin;
  const addWebhook = (name: string): string => {
    let hook = webhooks.get(name);
    if (hook === undefined) {
      // Shaped like a real hook so URL-shape checks pass, but visibly fake.
      const token = `fake${randomBytes(10).toString('hex')}`;
      hook = {
        name,
        path: `/services/T000/B000${webhooks.size}/${token}`,
        bucket: new TokenBucket(ratePerSecond, burst),
      };
      webhooks.set(name, hook);
    }
    return `${origin}${hook.path}`;
  };

  return {
    url: addWebhook('default'),
    messages,
    rejected,
    addWebhook,
    failNext(n, status, body, webhook) {
      if (!(n > 0)) {
        throw new InvalidStandInOptionsError(`failNext needs n > 0, got ${n}`);
      }
      forced.push({ remaining: n, status, body, webhook });
    },
    setOutage(mode) {
      outage = mode;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    slowNext(n, ms) {
      if (!(n > 0) || !(ms >= 0)) {
        throw new InvalidStandInOptionsError(`slowNext needs n > 0 and ms ≥ 0, got ${n} and ${ms}`);
      }
      slowAnswers = n;
      slowMs = ms;
    },
    close: () => server.close(),
  };
}
