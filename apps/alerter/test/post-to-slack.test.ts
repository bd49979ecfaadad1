import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_AFTER_SECONDS,
  parseRetryAfter,
  postToSlack,
} from '../src/delivery/post-to-slack.js';
import { type FakeAnswer, type FakeWebhook, OK, startFakeWebhook } from './helpers/fake-webhook.js';

const message = { text: 'IAM user created', blocks: [] };
let webhook: FakeWebhook | undefined;

afterEach(async () => {
  await webhook?.close();
  webhook = undefined;
});

async function answerWith(answer: FakeAnswer) {
  webhook = await startFakeWebhook(() => answer);
  return postToSlack(webhook.url, message, 500);
}

describe('Function: postToSlack', () => {
  it('reports 200 ok as delivered and sends the message as JSON', async () => {
    expect(await answerWith(OK)).toEqual({ kind: 'ok' });
    expect(webhook!.posts[0]!.body).toEqual(message);
  });

  it('reads Retry-After from a 429', async () => {
    expect(
      await answerWith({ status: 429, body: 'rate_limited', headers: { 'retry-after': '7' } }),
    ).toEqual({ kind: 'rate_limited', retryAfterSeconds: 7 });
  });

  it('reports a 5xx as a server error with Slack’s text', async () => {
    expect(await answerWith({ status: 503, body: 'service_unavailable' })).toEqual({
      kind: 'server',
      status: 503,
      error: 'service_unavailable',
    });
  });

  it.each(['channel_not_found', 'invalid_payload', 'no_service', 'channel_is_archived'])(
    'reports %s as a client error naming the Slack error string',
    async (slackError) => {
      const status = slackError === 'no_service' ? 404 : 400;
      expect(await answerWith({ status, body: slackError })).toEqual({
        kind: 'client',
        status,
        error: slackError,
      });
    },
  );

  it('cuts a garbage error body down to one short line', async () => {
    const answer = await answerWith({
      status: 400,
      body: `<html>\n${'x'.repeat(5000)}\u0000</html>`,
    });
    expect(answer.kind).toBe('client');
    const error = (answer as { error: string }).error;
    expect(error.length).toBeLessThanOrEqual(121);
    expect(error).not.toMatch(/\p{Cc}/u);
  });

  it('treats a 2xx with an unexpected body as accepted and says so', async () => {
    expect(await answerWith({ status: 200, body: '{"weird":true}' })).toEqual({
      kind: 'ok',
      unexpectedBody: '{"weird":true}',
    });
  });

  it('reports a webhook that took the request and never answered as maybe delivered', async () => {
    const started = performance.now();
    expect(await answerWith({ ...OK, delayMs: 3000 })).toEqual({
      kind: 'maybe_delivered',
      error: 'no answer within 500 ms after the request was sent',
    });
    expect(webhook!.posts).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports a refused connection (nothing sent) as a network error without the webhook path', async () => {
    webhook = await startFakeWebhook(() => OK);
    const { url } = webhook;
    await webhook.close();
    webhook = undefined;
    const answer = await postToSlack(url, message, 500);
    expect(answer.kind).toBe('network');
    expect((answer as { error: string }).error).toContain('ECONNREFUSED');
    expect(JSON.stringify(answer)).not.toContain('SECRET');
  });

  it('never echoes the webhook URL back from an error body', async () => {
    webhook = await startFakeWebhook(() => ({ status: 400, body: `bad hook ${webhook!.url}` }));
    const answer = await postToSlack(webhook.url, message, 500);
    expect(JSON.stringify(answer)).not.toContain('SECRET');
  });
});

describe('Function: postToSlack with answers Slack should never give', () => {
  let elsewhere: FakeWebhook | undefined;

  afterEach(async () => {
    await elsewhere?.close();
    elsewhere = undefined;
  });

  it.each([301, 302, 307, 308])(
    'does not follow a %i redirect to another host and reports it as a client error',
    async (status) => {
      elsewhere = await startFakeWebhook(() => OK);
      const answer = await answerWith({ status, headers: { location: elsewhere.url } });
      expect(answer).toEqual({
        kind: 'client',
        status,
        error: `redirect not followed (HTTP ${status})`,
      });
      expect(elsewhere.posts).toHaveLength(0);
    },
  );

  it('counts a 200 whose body is cut off by the timeout as delivered, so it is not posted again', async () => {
    expect(await answerWith({ status: 200, body: 'ok', stallBody: true })).toEqual({
      kind: 'ok',
      unexpectedBody: '(body unreadable)',
    });
  });

  it('stops reading an endless answer after a bound instead of buffering it until the timeout', async () => {
    const answer = await answerWith({ status: 400, endlessBody: true });
    expect(answer.kind).toBe('client');
    expect((answer as { error: string }).error).toBe(`${'x'.repeat(120)}…`);
  });

  it('accepts a 204 without a body and says the body was unexpected', async () => {
    expect(await answerWith({ status: 204 })).toEqual({
      kind: 'ok',
      unexpectedBody: '(empty body)',
    });
  });

  it('reports a connection reset after the request was sent as maybe delivered, without the webhook path', async () => {
    const answer = await answerWith({ status: 200, reset: true });
    expect(answer.kind).toBe('maybe_delivered');
    expect(JSON.stringify(answer)).not.toContain('SECRET');
    expect(JSON.stringify(answer)).not.toContain('/services/');
  });

  it('defaults a 429 without Retry-After to the documented wait', async () => {
    expect(await answerWith({ status: 429, body: 'rate_limited' })).toEqual({
      kind: 'rate_limited',
      retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS,
    });
  });
});

describe('Function: parseRetryAfter', () => {
  it('accepts delta-seconds and HTTP dates, and defaults when missing or garbage', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter('0.2')).toBe(1);
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter(null)).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('soon')).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('999999')).toBe(900);
  });
});
