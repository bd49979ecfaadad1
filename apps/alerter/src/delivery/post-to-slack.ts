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

/**
 * POSTs one message to an incoming webhook and classifies the answer. Never throws; the URL
 * appears in no returned string.
 */
export async function postToSlack(
  url: string,
  message: SlackMessage,
  timeoutMs: number,
): Promise<SlackAnswer> {
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.text();
  } catch (error) {
    return { kind: 'network', error: describeNetworkError(error, url) };
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
    return body.trim() === 'ok'
      ? { kind: 'ok' }
      : { kind: 'ok', unexpectedBody: errorString(body, url) };
  }
  const error = errorString(body, url);
  if (response.status >= 500) return { kind: 'server', status: response.status, error };
  return { kind: 'client', status: response.status, error };
}
