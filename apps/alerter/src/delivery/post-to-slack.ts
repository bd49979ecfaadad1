import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SlackMessage } from '@trailwatch/slack';
import { redactWebhook } from './webhook-url.js';

/** When Slack answers 429 without a usable `Retry-After`, wait this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;
/** Longer waits are capped: SQS visibility and Lambda retries handle anything beyond. */
export const MAX_RETRY_AFTER_SECONDS = 900;

/** What one webhook POST came to. */
export type SlackAnswer =
  | { readonly kind: 'ok'; readonly unexpectedBody?: string }
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'server'; readonly status: number; readonly error: string }
  | { readonly kind: 'client'; readonly status: number; readonly error: string }
  /** The request never (fully) left: nothing can have been posted, so retrying is safe. */
  | { readonly kind: 'network'; readonly error: string }
  /**
   * The whole request was sent, then the answer never came (timeout, connection lost): Slack may
   * have posted it. Retrying at once could duplicate it; giving up could lose it.
   */
  | { readonly kind: 'maybe_delivered'; readonly error: string };

/** `Retry-After` as seconds (delta-seconds or an HTTP date), within sane bounds. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_SECONDS;
  const value = header.trim();
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(value)) seconds = Number(value);
  else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_SECONDS;
    seconds = (date - now) / 1000;
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
}

/** Slack's error strings are short tokens (`channel_not_found`); anything else is cut down. */
function errorString(body: string, url: string): string {
  const flat = redactWebhook(body, url)
    .replace(/\p{Cc}+/gu, ' ')
    .trim();
  if (flat === '') return '(empty body)';
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/** Slack answers a few bytes (`ok`, `invalid_payload`); reading more only risks memory. */
export const MAX_ANSWER_BYTES = 4096;

/** Socket errors that mean the connection was never made, so nothing was sent. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describeSocketError(error: unknown, url: string): string {
  if (!(error instanceof Error)) return 'unknown network error';
  return redactWebhook(error.message, url);
}

/**
 * Whether a request that failed before any answer may have reached Slack: only once every byte of
 * it was handed to the socket (`finish`). One exception, Node's documented retry case: a reset on a
 * reused keep-alive socket means the server had already closed that idle connection, so it never
 * read the request.
 */
function maybeReachedSlack(request: ClientRequest, written: boolean, error: unknown): boolean {
  if (!written) return false;
  const code = errorCode(error);
  if (code !== undefined && NOT_CONNECTED.has(code)) return false;
  return !(request.reusedSocket && code === 'ECONNRESET');
}

/**
 * Reads at most {@link MAX_ANSWER_BYTES} of a response body, then drops the rest, so a hostile or
 * broken endpoint cannot make the function buffer an unbounded answer. Resolves `undefined` when
 * the body is cut off (reset, or the request's deadline destroyed it).
 */
function readBounded(response: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (body: string | undefined) => {
      if (done) return;
      done = true;
      resolve(body);
    };
    const text = () => Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= MAX_ANSWER_BYTES) {
        finish(text());
        response.destroy();
      }
    });
    response.on('end', () => finish(text()));
    response.on('error', () => finish(undefined));
    response.on('close', () => finish(response.complete ? text() : undefined));
  });
}

/** The answer's status and (bounded) body, classified; `body` undefined when it was cut off. */
function classify(
  status: number,
  headers: IncomingMessage['headers'],
  body: string | undefined,
  url: string,
): SlackAnswer {
  if (status === 429) {
    const header = headers['retry-after'];
    return {
      kind: 'rate_limited',
      retryAfterSeconds: parseRetryAfter(typeof header === 'string' ? header : null),
    };
  }
  // 2xx means Slack took the message; a body other than `ok` is logged by the caller, not retried,
  // because retrying something Slack may have posted would duplicate it.
  if (status >= 200 && status < 300) {
    if (body === undefined) return { kind: 'ok', unexpectedBody: '(body unreadable)' };
    return body.trim() === 'ok'
      ? { kind: 'ok' }
      : { kind: 'ok', unexpectedBody: errorString(body, url) };
  }
  if (status >= 300 && status < 400) {
    return { kind: 'client', status, error: `redirect not followed (HTTP ${status})` };
  }
  const error = body === undefined ? '(body unreadable)' : errorString(body, url);
  if (status >= 500) return { kind: 'server', status, error };
  return { kind: 'client', status, error };
}

/**
 * POSTs one message to an incoming webhook and classifies the answer. Never throws; the URL
 * appears in no returned string. `timeoutMs` bounds the whole exchange.
 *
 * Built on `node:http(s)` rather than `fetch` because only the socket says whether the request
 * left: a failure before the last byte was written is `network` (safe to retry), one after it is
 * `maybe_delivered` (Slack may have posted it). Redirects are not followed: a webhook never
 * redirects, and following one would hand the alert (and a 307/308 would re-POST it) to whatever
 * host the `Location` names; it is a client error instead.
 */
export function postToSlack(
  url: string,
  message: SlackMessage,
  timeoutMs: number,
): Promise<SlackAnswer> {
  const payload = Buffer.from(JSON.stringify(message), 'utf8');
  return new Promise<SlackAnswer>((resolve) => {
    let settled = false;
    let written = false;
    let answered = false;
    const settle = (answer: SlackAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      settle({ kind: 'network', error: 'webhook URL does not parse' });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': payload.byteLength,
      },
    });
    const timer = setTimeout(() => {
      if (!answered) {
        settle(
          written
            ? {
                kind: 'maybe_delivered',
                error: `no answer within ${timeoutMs} ms after the request was sent`,
              }
            : { kind: 'network', error: 'request timed out before it was sent' },
        );
      }
      // After the status arrived, destroying cuts the body off; the status still decides.
      request.destroy();
    }, timeoutMs);
    request.on('finish', () => {
      written = true;
    });
    request.on('error', (error) => {
      if (answered) return;
      const detail = describeSocketError(error, url);
      settle(
        maybeReachedSlack(request, written, error)
          ? {
              kind: 'maybe_delivered',
              error: `connection lost after the request was sent: ${detail}`,
            }
          : { kind: 'network', error: detail },
      );
    });
    request.on('response', (response) => {
      answered = true;
      void readBounded(response).then((body) =>
        settle(classify(response.statusCode ?? 0, response.headers, body, url)),
      );
    });
    request.end(payload);
  });
}
