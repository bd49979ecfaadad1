import { WebhookSecretError } from '../errors.js';

/** Reads a secret's string value; Powertools `SecretsProvider` satisfies it. */
export interface SecretSource {
  get(name: string, options?: { maxAge?: number }): Promise<unknown>;
}

/**
 * Webhook URLs are cached for this long: rotating the secret takes effect within five minutes,
 * while a burst costs one `GetSecretValue` per webhook per container.
 */
export const WEBHOOK_CACHE_SECONDS = 300;

/** Hosts plain `http:` webhooks may point at: this machine only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The webhook URL in a secret value: the URL itself, or JSON `{"url": "..."}`. The error never
 * quotes the value.
 *
 * @throws WebhookSecretError naming the secret id and what is wrong with the value's shape.
 */
export function parseWebhookSecret(secretId: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new WebhookSecretError(`Secret ${secretId} has no SecretString`);
  }
  let candidate = value.trim();
  if (candidate.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      throw new WebhookSecretError(`Secret ${secretId} looks like JSON but does not parse`);
    }
    const url = (parsed as { url?: unknown }).url;
    if (typeof url !== 'string') {
      throw new WebhookSecretError(`Secret ${secretId} is JSON without a string "url" field`);
    }
    candidate = url.trim();
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new WebhookSecretError(`Secret ${secretId} does not hold a URL`);
  }
  // `token:part/of/secret` parses as a URL whose "scheme" is the start of the secret; only a
  // `scheme://host` value is a URL whose scheme is safe to name.
  if (url.host === '') throw new WebhookSecretError(`Secret ${secretId} does not hold a URL`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookSecretError(`Secret ${secretId} holds a ${url.protocol} URL, expected https:`);
  }
  // Plain http would send the alert, and the token in the path, readable to every hop; it is
  // allowed only to this machine (the local Slack emulator).
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new WebhookSecretError(
      `Secret ${secretId} holds an http: URL to a host other than this machine, expected https:`,
    );
  }
  return url.toString();
}

/**
 * Path segments this short, or made of lower-case letters only (`services`), are words rather than
 * the workspace, channel and token ids of `/services/T…/B…/<token>`.
 */
function isSecretSegment(segment: string): boolean {
  return segment.length >= 6 && !/^[a-z-]+$/.test(segment);
}

/**
 * Replaces every occurrence of the webhook URL, its path and each id in its path (the secret
 * part) in `text`, so an answer quoting only the token still hides it.
 */
export function redactWebhook(text: string, url: string | undefined): string {
  if (url === undefined) return text;
  let redacted = text.split(url).join('<webhook>');
  try {
    const { pathname } = new URL(url);
    if (pathname.length > 1) redacted = redacted.split(pathname).join('/<redacted>');
    for (const segment of pathname.split('/').filter(isSecretSegment)) {
      redacted = redacted.split(segment).join('<redacted>');
    }
  } catch {
    // Not a URL: nothing more to hide.
  }
  return redacted;
}

/** Resolves webhook secret ids to URLs through a cached secret source. */
export function createWebhookResolver(
  secrets: SecretSource,
  maxAgeSeconds = WEBHOOK_CACHE_SECONDS,
): (secretId: string) => Promise<string> {
  return async (secretId) => {
    let value: unknown;
    try {
      value = await secrets.get(secretId, { maxAge: maxAgeSeconds });
    } catch (error) {
      const name =
        error instanceof Error ? ((error.cause as Error | undefined)?.name ?? error.name) : 'error';
      throw new WebhookSecretError(`Cannot read secret ${secretId} (${name})`, { cause: error });
    }
    return parseWebhookSecret(secretId, value);
  };
}
