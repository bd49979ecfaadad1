import { afterEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../src/index.js';

const running: SlackEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(options?: Parameters<typeof startSlackEmulator>[0]): Promise<SlackEmulator> {
  const emulator = await startSlackEmulator(options);
  running.push(emulator);
  return emulator;
}

async function post(
  url: string,
  payload: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: string; retryAfter: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return {
    status: response.status,
    body: await response.text(),
    retryAfter: response.headers.get('retry-after'),
  };
}

describe('Function: startSlackEmulator', () => {
  it('answers 200 ok and records the accepted message with its webhook and path', async () => {
    // Prepare
    const slack = await start();
    // Act
    const answer = await post(slack.url, { text: 'hello' });
    // Assess
    expect(answer).toEqual({ status: 200, body: 'ok', retryAfter: null });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]?.payload).toEqual({ text: 'hello' });
    expect(slack.messages[0]?.webhook).toBe('default');
    expect(slack.url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/services\/T000\/B000\d*\/fake[0-9a-f]+$/,
    );
    expect(slack.url.endsWith(slack.messages[0]?.path ?? '?')).toBe(true);
  });

  it('answers 429 with a Retry-After header in seconds once the burst is spent, then accepts again', async () => {
    // Prepare
    const slack = await start({ ratePerSecond: 1, burst: 2 });
    // Act
    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      answers.push(await post(slack.url, { text: `m${i}` }));
    }
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2]?.body).toBe('rate_limited');
    expect(Number(answers[2]?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(slack.messages.map((m) => m.payload.text)).toEqual(['m0', 'm1']);
    expect(slack.rejected).toMatchObject([{ status: 429, error: 'rate_limited' }]);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await post(slack.url, { text: 'later' })).status).toBe(200);
  });

  it('paces each webhook separately', async () => {
    // Prepare
    const slack = await start({ ratePerSecond: 1, burst: 1 });
    const other = slack.addWebhook('security-critical');
    // Act
    const first = await post(slack.url, { text: 'a' });
    const second = await post(other, { text: 'b' });
    const third = await post(slack.url, { text: 'c' });
    // Assess
    expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
    expect(slack.messages.map((m) => m.webhook)).toEqual(['default', 'security-critical']);
    expect(slack.addWebhook('security-critical')).toBe(other);
  });

  it('uses the configured Retry-After when one is given', async () => {
    // Prepare
    const slack = await start({ burst: 1, retryAfterSeconds: 7 });
    await post(slack.url, { text: 'a' });
    // Act
    const answer = await post(slack.url, { text: 'b' });
    // Assess
    expect(answer.retryAfter).toBe('7');
  });

  it.each([
    ['a body that is not JSON', '{"text": ', 'invalid_payload'],
    ['a JSON array', '[1]', 'invalid_payload'],
    ['neither text nor blocks', {}, 'no_text'],
    ['blank text and empty blocks', { text: '  ', blocks: [] }, 'no_text'],
    [
      'more than 50 blocks',
      { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) },
      'invalid_blocks',
    ],
    [
      'a header longer than 150',
      { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] },
      'invalid_blocks',
    ],
    [
      'section text longer than 3000',
      { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }] },
      'invalid_blocks',
    ],
    [
      'more than 10 fields',
      {
        blocks: [
          {
            type: 'section',
            fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })),
          },
        ],
      },
      'invalid_blocks',
    ],
    [
      'a field longer than 2000',
      { blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }] },
      'invalid_blocks',
    ],
    [
      'an oversized section inside an attachment',
      {
        text: 'x',
        attachments: [
          {
            color: '#f00',
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
          },
        ],
      },
      'invalid_blocks',
    ],
  ])('rejects %s with 400 %s', async (_name, payload, error) => {
    // Prepare
    const slack = await start({ burst: 20 });
    // Act
    const answer = await post(slack.url, payload);
    // Assess
    expect(answer).toEqual({ status: 400, body: error, retryAfter: null });
    expect(slack.messages).toHaveLength(0);
    expect(slack.rejected).toMatchObject([{ status: 400, error }]);
  });

  it('accepts a payload exactly at every Block Kit limit', async () => {
    // Prepare
    const slack = await start();
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3000) } },
      {
        type: 'section',
        fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(2000) })),
      },
      ...Array.from({ length: 47 }, () => ({ type: 'divider' })),
    ];
    // Act
    const answer = await post(slack.url, { text: 'fallback', blocks });
    // Assess
    expect(answer.status).toBe(200);
  });

  it('accepts a form-encoded payload field like Slack does', async () => {
    // Prepare
    const slack = await start();
    const form = new URLSearchParams({ payload: JSON.stringify({ text: 'from a form' }) });
    // Act
    const answer = await post(slack.url, form.toString(), 'application/x-www-form-urlencoded');
    // Assess
    expect(answer.status).toBe(200);
    expect(slack.messages[0]?.payload.text).toBe('from a form');
  });

  it('answers 404 no_service for a hook that does not exist', async () => {
    // Prepare
    const slack = await start();
    const unknown = slack.url.replace(/[^/]+$/, 'revoked');
    // Act
    const answer = await post(unknown, { text: 'x' });
    // Assess
    expect(answer).toMatchObject({ status: 404, body: 'no_service' });
  });

  it('accepts the message of a slow answer even when the client gave up waiting', async () => {
    // Prepare
    const slack = await start({ ratePerSecond: 100, burst: 10 });
    slack.slowNext(1, 300);
    // Act: the first post is abandoned after 50 ms; the second is answered at once.
    const abandoned = await fetch(slack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'slow' }),
      signal: AbortSignal.timeout(50),
    }).catch((error: unknown) => error);
    const second = await post(slack.url, { text: 'fast' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Assess
    expect(abandoned).toBeInstanceOf(Error);
    expect(second.status).toBe(200);
    expect(slack.messages.map((m) => m.payload.text).sort()).toEqual(['fast', 'slow']);
    expect(() => slack.slowNext(0, 10)).toThrow(/n > 0/);
  });

  it('answers injected failures for the next n posts, then recovers', async () => {
    // Prepare
    const slack = await start({ burst: 10 });
    slack.failNext(2, 404, 'channel_not_found');
    // Act
    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      answers.push(await post(slack.url, { text: `m${i}` }));
    }
    // Assess
    expect(answers.map((a) => `${a.status} ${a.body}`)).toEqual([
      '404 channel_not_found',
      '404 channel_not_found',
      '200 ok',
    ]);
    expect(slack.messages.map((m) => m.payload.text)).toEqual(['m2']);
  });

  it.each([
    [410, 'channel_is_archived'],
    [403, 'action_prohibited'],
    [500, 'rollup_error'],
  ])('keeps answering %i %s when failing permanently', async (status, body) => {
    // Prepare
    const slack = await start({ burst: 10 });
    slack.failNext(Number.POSITIVE_INFINITY, status, body);
    // Act
    const answers = [await post(slack.url, { text: 'a' }), await post(slack.url, { text: 'b' })];
    // Assess
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [status, body],
      [status, body],
    ]);
  });

  it('limits injected failures to the named webhook', async () => {
    // Prepare
    const slack = await start({ burst: 10 });
    const other = slack.addWebhook('other');
    slack.failNext(1, 404, 'channel_not_found', 'other');
    // Act
    const onDefault = await post(slack.url, { text: 'a' });
    const onOther = await post(other, { text: 'b' });
    // Assess
    expect([onDefault.status, onOther.status]).toEqual([200, 404]);
  });

  it('resets connections during a reset outage and answers 503 during a 503 outage', async () => {
    // Prepare
    const slack = await start({ burst: 10 });
    // Act
    slack.setOutage('reset');
    const reset = await post(slack.url, { text: 'a' }).catch((error: unknown) => error);
    slack.setOutage(503);
    const unavailable = await post(slack.url, { text: 'b' });
    slack.setOutage(false);
    const recovered = await post(slack.url, { text: 'c' });
    // Assess
    expect(reset).toBeInstanceOf(TypeError);
    expect(unavailable).toMatchObject({ status: 503, body: 'service_unavailable' });
    expect(recovered.status).toBe(200);
    expect(slack.rejected.map((r) => r.status)).toEqual([0, 503]);
    expect(slack.messages.map((m) => m.payload.text)).toEqual(['c']);
  });

  it('delays answers by the configured latency', async () => {
    // Prepare
    const slack = await start({ latencyMs: 300 });
    // Act
    const aborted = await fetch(slack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"slow"}',
      signal: AbortSignal.timeout(50),
    }).catch((error: unknown) => error);
    // Assess
    expect((aborted as Error).name).toBe('TimeoutError');
  });

  it('rejects methods other than POST', async () => {
    // Prepare
    const slack = await start();
    // Act
    const response = await fetch(slack.url);
    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
