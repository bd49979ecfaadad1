import { describe, expect, it } from 'vitest';
import {
  AlerterDefaults,
  AlerterVariable,
  buildAlerterEnvironment,
  EnvironmentError,
  environmentSize,
  parseAlerterEnvironment,
} from '../src/index.js';

const built = buildAlerterEnvironment({
  webhookSecretName: 'trailwatch/slack/alerts',
  routes: [{ ous: ['ou-ab12-prod1234'], webhookSecretName: 'trailwatch/slack/prod' }],
  tableName: 'trailwatch-state',
  queueUrl: 'https://sqs.eu-west-1.amazonaws.com/222222222222/trailwatch-events',
  slackMinIntervalMs: 2000,
});
const lambda = { ...built, AWS_REGION: 'eu-west-1' };

function errorOf(env: Record<string, string | undefined>): EnvironmentError {
  try {
    parseAlerterEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return error as EnvironmentError;
  }
  throw new Error('expected the environment to be rejected');
}

describe('Alerter environment round trip', () => {
  it('parses what the builder writes, defaults filled', () => {
    const settings = parseAlerterEnvironment(lambda);
    expect(settings).toMatchObject({
      webhookSecretName: 'trailwatch/slack/alerts',
      routes: [{ ous: ['ou-ab12-prod1234'], webhookSecretName: 'trailwatch/slack/prod' }],
      tableName: 'trailwatch-state',
      slackMinIntervalMs: 2000,
      slackTimeoutMs: AlerterDefaults.SLACK_TIMEOUT_MS,
      redeliveryBackoffSeconds: AlerterDefaults.REDELIVERY_BACKOFF_SECONDS,
      serviceName: 'trailwatch-alerter',
      metricsNamespace: 'Trailwatch',
      region: 'eu-west-1',
    });
  });

  it('never writes AWS_REGION, which Lambda reserves', () => {
    expect(built).not.toHaveProperty('AWS_REGION');
  });

  it('leaves SLACK_ROUTES out when there are no routes', () => {
    expect(
      buildAlerterEnvironment({
        webhookSecretName: 'a',
        routes: [],
        tableName: 't',
        slackMinIntervalMs: 1,
      }),
    ).not.toHaveProperty(AlerterVariable.ROUTES);
  });
});

describe('Configuration-file mutes in the environment', () => {
  const mute = {
    id: 'migration',
    detection: 'iam-user-created',
    until: '2020-01-01',
    reason: 'old but still valid as data',
    setBy: 'alice',
  };

  it('round-trip, including an expired one (it simply mutes nothing)', () => {
    const env = buildAlerterEnvironment({
      webhookSecretName: 'a',
      routes: [],
      mutes: [mute],
      tableName: 't',
      slackMinIntervalMs: 1,
    });
    expect(parseAlerterEnvironment({ ...env, AWS_REGION: 'eu-west-1' }).mutes).toEqual([mute]);
  });

  it('are refused when malformed, naming the entry and field', () => {
    const error = errorOf({ ...lambda, CONFIG_MUTES: JSON.stringify([{ ...mute, reason: '' }]) });
    expect(error.variable).toBe('CONFIG_MUTES');
    expect(error.message).toMatch(/CONFIG_MUTES\[0\]\.reason must say why/);
  });
});

describe('Alerter environment errors name the variable', () => {
  it.each([
    [AlerterVariable.WEBHOOK_SECRET, undefined, /is required/],
    [AlerterVariable.TABLE, ' ', /is required/],
    [AlerterVariable.REGION, undefined, /AWS_REGION is required/],
    [AlerterVariable.SLACK_TIMEOUT_MS, '5s', /non-negative integer, got "5s"/],
    [AlerterVariable.SLACK_MIN_INTERVAL_MS, '-1', /non-negative integer/],
    [AlerterVariable.ROUTES, '[1]', /SLACK_ROUTES\[0\] must be an object/],
  ])('%s = %j', (variable, value, message) => {
    const error = errorOf({ ...lambda, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it('refuses a webhook URL in SLACK_WEBHOOK_SECRET_ID without quoting it', () => {
    const error = errorOf({
      ...lambda,
      SLACK_WEBHOOK_SECRET_ID: 'hooks.slack.com/services/T0/B0/XYZZY',
    });
    expect(error.message).toMatch(/holds a URL/);
    expect(error.message).not.toContain('XYZZY');
  });
});

describe('Function: environmentSize', () => {
  it('counts UTF-8 bytes of keys and values, as Lambda does', () => {
    expect(environmentSize({ A: 'é' })).toBe(3);
    expect(environmentSize({})).toBe(0);
  });
});
