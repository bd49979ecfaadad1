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
  | { readonly kind: 'network'; readonly error: string };

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

function describeNetworkError(error: unknown, url: string): string {
  if (!(error instanceof Error)) return 'unknown network error';
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'request timed out';
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return redactWebhook(`${error.message}${cause}`, url);
}

/** Slack answers a few bytes (`ok`, `invalid_payload`); reading more only risks memory. */
export const MAX_ANSWER_BYTES = 4096;

/**
 * Reads at most {@link MAX_ANSWER_BYTES} of a response body, then drops the rest, so a hostile or
 * broken endpoint cannot make the function buffer an unbounded answer.
 */
async function readBounded(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    if (size >= MAX_ANSWER_BYTES) void reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}

/**
 * POSTs one message to an incoming webhook and classifies the answer. Never throws; the URL
 * appears in no returned string. Redirects are not followed: a webhook never redirects, and
 * following one would hand the alert (and a 307/308 would re-POST it) to whatever host the
 * `Location` names; it is a client error instead.
 */
export async function postToSlack(
  url: string,
  message: SlackMessage,
  timeoutMs: number,
): Promise<SlackAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: 'network', error: describeNetworkError(error, url) };
  }
  let body: string | undefined;
  try {
    body = await readBounded(response);
  } catch {
    // The status is already known; a body cut off by the timeout or a reset changes nothing about
    // it, and treating a cut-off 200 as a network error would retry (duplicate) a posted message.
    body = undefined;
  }
  if (response.status === 429) {
    return {
      kind: 'rate_limited',
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
    };
  }
  // 2xx means Slack took the message; a body other than `ok` is logged by the caller, not retried,
  // because retrying something Slack may have posted would duplicate it.
  if (response.status >= 200 && response.status < 300) {
    if (body === undefined) return { kind: 'ok', unexpectedBody: '(body unreadable)' };
    return body.trim() === 'ok'
      ? { kind: 'ok' }
      : { kind: 'ok', unexpectedBody: errorString(body, url) };
  }
  if (response.status >= 300 && response.status < 400) {
    return {
      kind: 'client',
      status: response.status,
      error: `redirect not followed (HTTP ${response.status})`,
    };
  }
  const error = body === undefined ? '(body unreadable)' : errorString(body, url);
  if (response.status >= 500) return { kind: 'server', status: response.status, error };
  return { kind: 'client', status: response.status, error };
}
