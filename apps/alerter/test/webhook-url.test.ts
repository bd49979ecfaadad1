import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookResolver,
  parseWebhookSecret,
  redactWebhook,
} from '../src/delivery/webhook-url.js';
import { WebhookSecretError } from '../src/errors.js';

const URL_VALUE = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
const secretsManager = mockClient(SecretsManagerClient);

afterEach(() => {
  secretsManager.reset();
});

describe('Function: parseWebhookSecret', () => {
  it.each([
    'http://127.0.0.1:4010/services/T000/B000/x',
    'http://localhost:4010/x',
    'http://[::1]:4010/x',
  ])('accepts plain http only to this machine (%s)', (value) => {
    expect(parseWebhookSecret('s', value)).toBe(value);
  });

  it('accepts the bare URL or JSON with a url field', () => {
    expect(parseWebhookSecret('s', URL_VALUE)).toBe(URL_VALUE);
    expect(parseWebhookSecret('s', ` ${JSON.stringify({ url: URL_VALUE })}\n`)).toBe(URL_VALUE);
  });

  it.each([
    ['an empty value', '', /has no SecretString/],
    ['a binary secret', undefined, /has no SecretString/],
    ['broken JSON', '{"url": ', /does not parse/],
    ['JSON without url', '{"webhook": "x"}', /without a string "url"/],
    ['something that is not a URL', 'XXXXSECRETXXXX', /does not hold a URL/],
    ['a non-http URL', 'ftp://XXXXSECRETXXXX/', /ftp: URL/],
    [
      'plain http to another host',
      'http://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX',
      /http: URL to a host other than this machine/,
    ],
    ['plain http to a LAN address', 'http://10.0.0.5/services/XXXXSECRETXXXX', /http: URL/],
    ['plain http to a look-alike host', 'http://127.0.0.1.example.com/XXXXSECRETXXXX', /http: URL/],
  ])('rejects %s without quoting the value', (_, value, message) => {
    let caught: unknown;
    try {
      parseWebhookSecret('trailwatch/slack', value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WebhookSecretError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain('trailwatch/slack');
    expect((caught as Error).message).not.toContain('SECRET');
  });
});

describe('Function: parseWebhookSecret with a value that is not a webhook URL', () => {
  it.each([
    'T0SECRET:B0SECRET/XXXXSECRETXXXX',
    'xoxsecret-1234:token',
    'hooks.slack.com:443/services/T000/B000/XXXXSECRETXXXX',
  ])('names no part of %s in the error, in any letter case', (value) => {
    let caught: unknown;
    try {
      parseWebhookSecret('trailwatch/slack', value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WebhookSecretError);
    expect((caught as Error).message).toMatch(/does not hold a URL/);
    expect((caught as Error).message.toLowerCase()).not.toContain('secret:');
    expect((caught as Error).message.toLowerCase()).not.toMatch(/xox|t0secret|hooks\.slack/);
  });
});

describe('Function: redactWebhook', () => {
  it('hides the URL and its path', () => {
    expect(redactWebhook(`posting to ${URL_VALUE} failed`, URL_VALUE)).toBe(
      'posting to <webhook> failed',
    );
    expect(redactWebhook('GET /services/T000/B000/XXXXSECRETXXXX', URL_VALUE)).not.toContain(
      'SECRET',
    );
  });
});

describe('Function: redactWebhook with a text quoting parts of the path', () => {
  it('hides the token and the workspace and channel ids on their own', () => {
    const url = 'https://hooks.slack.com/services/TFAKE1/BFAKE1/FakeTokenXyZ';
    const redacted = redactWebhook(
      'token FakeTokenXyZ is not valid for TFAKE1 (channel BFAKE1) under /services',
      url,
    );
    expect(redacted).not.toMatch(/FakeTokenXyZ|TFAKE1|BFAKE1/);
    expect(redacted).toContain('/services');
  });
});

describe('Function: createWebhookResolver', () => {
  it('reads the secret through Powertools and caches it', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ url: URL_VALUE }) });
    const resolve = createWebhookResolver(
      new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ region: 'us-east-1' }) }),
    );
    expect(await resolve('trailwatch/slack')).toBe(URL_VALUE);
    expect(await resolve('trailwatch/slack')).toBe(URL_VALUE);
    const calls = secretsManager.commandCalls(GetSecretValueCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ SecretId: 'trailwatch/slack' });
  });

  it('wraps a Secrets Manager failure in an error naming the secret id', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('Secrets Manager can’t find the specified secret.'), {
        name: 'ResourceNotFoundException',
      }),
    );
    const resolve = createWebhookResolver(
      new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ region: 'us-east-1' }) }),
    );
    await expect(resolve('trailwatch/missing')).rejects.toThrow(
      /Cannot read secret trailwatch\/missing \(ResourceNotFoundException\)/,
    );
  });
});
