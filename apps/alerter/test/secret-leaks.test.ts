import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type OutgoingMessage, SlackSender } from '../src/delivery/slack-sender.js';
import { createWebhookResolver } from '../src/delivery/webhook-url.js';
import { createPowertoolsTelemetry } from '../src/telemetry.js';
import { type FakeAnswer, type FakeWebhook, OK, startFakeWebhook } from './helpers/fake-webhook.js';

let webhook: FakeWebhook | undefined;
let output: string[] = [];

beforeEach(() => {
  output = [];
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      output.push(args.map(String).join(' '));
    });
  }
});

afterEach(async () => {
  vi.restoreAllMocks();
  await webhook?.close();
  webhook = undefined;
});

const messages: OutgoingMessage[] = Array.from({ length: 2 }, (_, index) => ({
  webhookSecretId: 'trailwatch/slack',
  message: { text: `alert ${index}`, blocks: [] },
  describe: { detection: 'iam-user-created', eventIds: [`e-${index}`] },
}));

/** Delivers through the real resolver, `postToSlack` and Powertools Logger; returns what was logged. */
async function deliverWithSecret(secretValue: unknown | (() => Promise<unknown>)) {
  const telemetry = createPowertoolsTelemetry({ POWERTOOLS_SERVICE_NAME: 'leak-test' });
  const sender = new SlackSender({
    resolveWebhook: createWebhookResolver({
      get: async () => (typeof secretValue === 'function' ? secretValue() : secretValue),
    }),
    telemetry,
    minIntervalMs: 0,
    timeoutMs: 300,
    retries: 1,
    retryBackoffMs: 10,
    reserveMs: 0,
  });
  const outcomes = await sender.deliverAll(messages, () => 60_000);
  telemetry.flush();
  return { outcomes, logged: output.join('\n') };
}

/** The URL and every path segment of it (the secret part of a webhook). */
function secretParts(url: string): string[] {
  const { pathname } = new URL(url);
  const ids = pathname.split('/').filter((segment) => segment !== '' && segment !== 'services');
  return [url, pathname, ...ids];
}

async function failing(answer: FakeAnswer) {
  webhook = await startFakeWebhook(() => answer);
  return webhook.url;
}

describe('Class: SlackSender logging through Powertools', () => {
  it.each<[string, () => Promise<string>]>([
    [
      'a refused connection',
      async () => {
        const closed = await startFakeWebhook(() => OK);
        await closed.close();
        return closed.url;
      },
    ],
    ['a reset connection', () => failing({ status: 200, reset: true })],
    ['a server slower than the timeout', () => failing({ ...OK, delayMs: 2000 })],
    ['a body cut off by the timeout', () => failing({ status: 500, stallBody: true })],
    ['a redirect', () => failing({ status: 307, headers: { location: 'http://127.0.0.1:9/x' } })],
    [
      'an error body quoting the webhook',
      async () => {
        webhook = await startFakeWebhook(() => ({ status: 400, body: `bad ${webhook!.url}` }));
        return webhook.url;
      },
    ],
    [
      'an error body quoting the token alone',
      async () => {
        webhook = await startFakeWebhook(() => ({
          status: 403,
          body: `invalid_token ${webhook!.url.split('/').at(-1)}`,
        }));
        return webhook.url;
      },
    ],
  ])('never writes the webhook URL or its path to the log after %s', async (_, start) => {
    const url = await start();
    const { outcomes, logged } = await deliverWithSecret(JSON.stringify({ url }));
    expect(outcomes.every((outcome) => outcome.status === 'handed-back')).toBe(true);
    expect(logged).toContain('iam-user-created');
    for (const part of secretParts(url)) expect(logged).not.toContain(part);
  });

  it.each<[string, unknown]>([
    ['a value that is not a URL', 'T0SECRET:B0SECRET/XXXXSECRETXXXX'],
    ['broken JSON', '{"url": "https://hooks.slack.com/services/T0SECRET/B0SECRET/XXXXSECRETXXXX"'],
    ['JSON with a url that is not one', '{"url": "XXXXSECRETXXXX"}'],
    ['a non-http URL', 'ftp://hooks.example/services/T0SECRET/B0SECRET/XXXXSECRETXXXX'],
    [
      'a Secrets Manager failure',
      () =>
        Promise.reject(
          Object.assign(new Error('secret https://hooks.slack.com/services/T0SECRET/x'), {
            name: 'GetParameterError',
          }),
        ),
    ],
  ])('never writes the secret value to the log when the secret holds %s', async (_, value) => {
    const { outcomes, logged } = await deliverWithSecret(value);
    expect(outcomes).toEqual(Array(2).fill({ status: 'handed-back', reason: 'secret' }));
    expect(logged).toContain('trailwatch/slack');
    expect(logged.toLowerCase()).not.toContain('secret:');
    expect(logged.toLowerCase()).not.toContain('t0secret');
    expect(logged).not.toContain('XXXXSECRETXXXX');
  });
});
