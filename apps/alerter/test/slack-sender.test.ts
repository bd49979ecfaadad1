import { afterEach, describe, expect, it } from 'vitest';
import { type OutgoingMessage, SlackSender } from '../src/delivery/slack-sender.js';
import { WebhookSecretError } from '../src/errors.js';
import { MetricName } from '../src/telemetry.js';
import { type FakeAnswer, type FakeWebhook, OK, startFakeWebhook } from './helpers/fake-webhook.js';
import { recordingTelemetry } from './helpers/recording-telemetry.js';

const webhooks: FakeWebhook[] = [];

afterEach(async () => {
  await Promise.all(webhooks.splice(0).map((webhook) => webhook.close()));
});

async function webhook(answer: (n: number) => FakeAnswer = () => OK) {
  const started = await startFakeWebhook(answer);
  webhooks.push(started);
  return started;
}

function messages(count: number, webhookSecretId = 'slack/default'): OutgoingMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    webhookSecretId,
    message: { text: `alert ${index}`, blocks: [] },
    describe: { detection: 'iam-user-created', eventIds: [`e-${index}`] },
  }));
}

function sender(
  urls: Record<string, string>,
  options: Partial<ConstructorParameters<typeof SlackSender>[0]> = {},
) {
  const telemetry = recordingTelemetry();
  const instance = new SlackSender({
    resolveWebhook: async (secretId) => {
      const url = urls[secretId];
      if (url === undefined)
        throw new WebhookSecretError(`Cannot read secret ${secretId} (ResourceNotFoundException)`);
      return url;
    },
    telemetry,
    minIntervalMs: 100,
    timeoutMs: 300,
    retryBackoffMs: 10,
    reserveMs: 0,
    ...options,
  });
  return { instance, telemetry };
}

const plenty = () => 60_000;

describe('Class: SlackSender', () => {
  it('posts in order, paced to one message per interval per webhook', async () => {
    const slack = await webhook();
    const { instance } = sender({ 'slack/default': slack.url });
    const outcomes = await instance.deliverAll(messages(4), plenty);
    expect(outcomes).toEqual(Array(4).fill({ status: 'delivered' }));
    expect(slack.posts.map((post) => (post.body as { text: string }).text)).toEqual([
      'alert 0',
      'alert 1',
      'alert 2',
      'alert 3',
    ]);
    const gaps = slack.posts.slice(1).map((post, index) => post.at - slack.posts[index]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(95);
  });

  it('keeps pacing across invocations of a warm container', async () => {
    const slack = await webhook();
    const { instance } = sender({ 'slack/default': slack.url });
    await instance.deliverAll(messages(1), plenty);
    await instance.deliverAll(messages(1), plenty);
    expect(slack.posts[1]!.at - slack.posts[0]!.at).toBeGreaterThanOrEqual(95);
  });

  it('paces each webhook on its own', async () => {
    const a = await webhook();
    const b = await webhook();
    const { instance } = sender({ a: a.url, b: b.url });
    const outcomes = await instance.deliverAll([...messages(2, 'a'), ...messages(2, 'b')], plenty);
    expect(outcomes.every((outcome) => outcome.status === 'delivered')).toBe(true);
    expect(Math.abs(a.posts[0]!.at - b.posts[0]!.at)).toBeLessThan(90);
  });

  it('stops posting to a webhook after a 429 and hands the rest back with Retry-After', async () => {
    const slack = await webhook((n) =>
      n === 1 ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '12' } } : OK,
    );
    const { instance, telemetry } = sender({ 'slack/default': slack.url });
    const outcomes = await instance.deliverAll(messages(4), plenty);
    expect(outcomes).toEqual([
      { status: 'delivered' },
      { status: 'handed-back', reason: 'rate_limited', retryAfterSeconds: 12 },
      { status: 'handed-back', reason: 'rate_limited', retryAfterSeconds: 12 },
      { status: 'handed-back', reason: 'rate_limited', retryAfterSeconds: 12 },
    ]);
    expect(slack.posts).toHaveLength(2);
    expect(telemetry.total(MetricName.SLACK_ERRORS, { kind: 'rate_limited' })).toBe(1);
    // The pause holds for the next invocation too.
    const next = await instance.deliverAll(messages(1), plenty);
    expect(next[0]).toMatchObject({ status: 'handed-back', reason: 'rate_limited' });
    expect(slack.posts).toHaveLength(2);
  });

  it('retries a 5xx and delivers when Slack recovers', async () => {
    const slack = await webhook((n) => (n < 2 ? { status: 500, body: 'internal_error' } : OK));
    const { instance, telemetry } = sender({ 'slack/default': slack.url });
    expect(await instance.deliverAll(messages(1), plenty)).toEqual([{ status: 'delivered' }]);
    expect(slack.posts).toHaveLength(3);
    expect(telemetry.total(MetricName.SLACK_ERRORS, { kind: 'server' })).toBe(2);
  });

  it('hands back after the bounded retries when Slack stays down', async () => {
    const slack = await webhook(() => ({ status: 503, body: 'service_unavailable' }));
    const { instance, telemetry } = sender({ 'slack/default': slack.url }, { retries: 2 });
    expect(await instance.deliverAll(messages(1), plenty)).toEqual([
      { status: 'handed-back', reason: 'server' },
    ]);
    expect(slack.posts).toHaveLength(3);
    expect(
      telemetry.lines.some(
        (line) => line.level === 'error' && line.extra.slackError === 'service_unavailable',
      ),
    ).toBe(true);
  });

  it('never retries a timeout after the request was sent: Slack may have posted it', async () => {
    const slack = await webhook((n) => (n === 0 ? { ...OK, delayMs: 1000 } : OK));
    const { instance, telemetry } = sender({ 'slack/default': slack.url });
    expect(await instance.deliverAll(messages(1), plenty)).toEqual([
      { status: 'handed-back', reason: 'maybe_delivered' },
    ]);
    expect(slack.posts).toHaveLength(1);
    expect(telemetry.total(MetricName.SLACK_ERRORS, { kind: 'maybe_delivered' })).toBe(1);
    expect(telemetry.total(MetricName.SLACK_ERRORS, { kind: 'network' })).toBe(0);
  });

  it('retries a refused connection, which never sent anything, within the invocation', async () => {
    const slack = await webhook();
    const { url } = slack;
    await slack.close();
    const { instance, telemetry } = sender({ 'slack/default': url }, { retries: 2 });
    expect(await instance.deliverAll(messages(1), plenty)).toEqual([
      { status: 'handed-back', reason: 'network' },
    ]);
    expect(telemetry.total(MetricName.SLACK_ERRORS, { kind: 'network' })).toBe(3);
  });

  it('does not retry channel_not_found and logs the Slack error with the detection', async () => {
    const slack = await webhook(() => ({ status: 404, body: 'channel_not_found' }));
    const { instance, telemetry } = sender({ 'slack/default': slack.url });
    expect(await instance.deliverAll(messages(1), plenty)).toEqual([
      { status: 'handed-back', reason: 'client' },
    ]);
    expect(slack.posts).toHaveLength(1);
    const error = telemetry.lines.find((line) => line.level === 'error');
    expect(error?.message).toContain('channel_not_found');
    expect(error?.extra).toMatchObject({
      detection: 'iam-user-created',
      slackError: 'channel_not_found',
    });
    expect(telemetry.total(MetricName.SLACK_ERRORS, { kind: 'client' })).toBe(1);
  });

  it('stops starting posts when the invocation is about to end', async () => {
    const slack = await webhook();
    const { instance } = sender(
      { 'slack/default': slack.url },
      { minIntervalMs: 200, reserveMs: 100 },
    );
    const deadline = performance.now() + 700;
    const outcomes = await instance.deliverAll(messages(10), () => deadline - performance.now());
    const delivered = outcomes.filter((outcome) => outcome.status === 'delivered').length;
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(10);
    for (const outcome of outcomes.slice(delivered)) {
      expect(outcome).toMatchObject({ status: 'handed-back', reason: 'time' });
      expect((outcome as { pacingWaitSeconds: number }).pacingWaitSeconds).toBeLessThanOrEqual(1);
    }
    expect(slack.posts).toHaveLength(delivered);
  });

  it('says how long the pacing wait that did not fit is, so the records are not redelivered at once', async () => {
    // The stack paces each instance at 1000 × maxConcurrency ms: 200 s at maxConcurrency 200.
    const slack = await webhook();
    const { instance } = sender({ 'slack/default': slack.url }, { minIntervalMs: 200_000 });
    const outcomes = await instance.deliverAll(messages(2), () => 60_000);
    expect(outcomes).toEqual([
      { status: 'delivered' },
      { status: 'handed-back', reason: 'time', pacingWaitSeconds: 200 },
    ]);
    expect(slack.posts).toHaveLength(1);
  });

  it('hands back every message of a webhook whose secret cannot be read, and delivers the others', async () => {
    const slack = await webhook();
    const { instance, telemetry } = sender({ good: slack.url });
    const outcomes = await instance.deliverAll(
      [...messages(2, 'missing'), ...messages(1, 'good')],
      plenty,
    );
    expect(outcomes).toEqual([
      { status: 'handed-back', reason: 'secret' },
      { status: 'handed-back', reason: 'secret' },
      { status: 'delivered' },
    ]);
    expect(telemetry.lines.find((line) => line.level === 'error')?.extra.secretId).toBe('missing');
  });

  it('never logs the webhook URL', async () => {
    const slack = await webhook(
      (n) =>
        [
          { status: 500, body: 'oops' },
          { status: 429, headers: { 'retry-after': '1' } },
        ][n] ?? { status: 400, body: 'invalid_payload' },
    );
    const { instance, telemetry } = sender({ 'slack/default': slack.url });
    await instance.deliverAll(messages(3), plenty);
    expect(telemetry.lines.length).toBeGreaterThan(0);
    expect(telemetry.dump()).not.toContain('SECRET');
    expect(telemetry.dump()).not.toContain('127.0.0.1');
  });
});
