import { describe, expect, it } from 'vitest';
import {
  buildWatchdogEnvironment,
  EnvironmentError,
  parseWatchdogEnvironment,
  WatchdogDefaults,
  type WatchdogEnvironmentInput,
  WatchdogVariable,
} from '../src/index.js';

const input: WatchdogEnvironmentInput = {
  tableName: 'trailwatch-state',
  memberRegions: ['us-east-1', 'eu-west-1'],
  targetOuIds: ['ou-ab12-prod1234', 'r-ab12'],
  managementAccountId: '111111111111',
  webhookSecretName: 'trailwatch/slack/alerts',
  excludedAccounts: ['333333333333'],
  silenceMinutes: 200,
  graceMinutes: 0,
  organizationsRoleArn: 'arn:aws:iam::111111111111:role/trailwatch-organizations-read',
  dailySummaries: [
    { webhookSecretName: 'trailwatch/slack/alerts', hour: 8, timeZone: 'Europe/Berlin' },
  ],
};
const lambda = { ...buildWatchdogEnvironment(input), AWS_REGION: 'eu-west-1' };

function errorOf(env: Record<string, string | undefined>): EnvironmentError {
  try {
    parseWatchdogEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return error as EnvironmentError;
  }
  throw new Error('expected the environment to be rejected');
}

describe('Watchdog environment round trip', () => {
  it('parses what the builder writes', () => {
    const { ownWebhookSecretName: _, ...written } = input;
    expect(parseWatchdogEnvironment(lambda)).toEqual({
      ...written,
      slackTimeoutMs: WatchdogDefaults.SLACK_TIMEOUT_MS,
      region: 'eu-west-1',
    });
  });

  it("posts to the watchdog's own webhook when the configuration names one", () => {
    const env = buildWatchdogEnvironment({ ...input, ownWebhookSecretName: 'trailwatch/ops' });
    expect(parseWatchdogEnvironment(env).webhookSecretName).toBe('trailwatch/ops');
  });

  it('fills the defaults the builder leaves to the function', () => {
    const env = buildWatchdogEnvironment({ ...input, excludedAccounts: [], dailySummaries: [] });
    delete env[WatchdogVariable.SILENCE_MINUTES];
    delete env[WatchdogVariable.GRACE_MINUTES];
    delete env[WatchdogVariable.EXCLUDED_ACCOUNTS];
    expect(parseWatchdogEnvironment(env)).toMatchObject({
      excludedAccounts: [],
      dailySummaries: [],
      silenceMinutes: WatchdogDefaults.SILENCE_MINUTES,
      graceMinutes: WatchdogDefaults.GRACE_MINUTES,
    });
  });
});

describe('Watchdog environment errors name the variable', () => {
  it.each([
    [WatchdogVariable.TABLE_NAME, ' ', /DEDUP_TABLE_NAME is required/],
    [WatchdogVariable.MEMBER_REGIONS, '[]', /MEMBER_REGIONS is required/],
    [WatchdogVariable.MEMBER_REGIONS, '["US_EAST"]', /MEMBER_REGIONS\[0\] must be a region name/],
    [WatchdogVariable.TARGET_OU_IDS, undefined, /TARGET_OU_IDS is required/],
    [WatchdogVariable.MANAGEMENT_ACCOUNT_ID, '12345', /must be a 12-digit account id/],
    [WatchdogVariable.EXCLUDED_ACCOUNTS, '{}', /must be a JSON array of 12-digit account ids/],
    [WatchdogVariable.SILENCE_MINUTES, '59', /must be from 60 to 10080 \(heartbeats/],
    [WatchdogVariable.GRACE_MINUTES, '-1', /must be a non-negative integer, got "-1"/],
    [WatchdogVariable.SLACK_TIMEOUT_MS, '5s', /must be a non-negative integer, got "5s"/],
    [WatchdogVariable.DAILY_SUMMARIES, '{}', /DAILY_SUMMARIES must be a JSON array/],
  ])('%s = %j', (variable, value, message) => {
    const error = errorOf({ ...lambda, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`${variable}`);
    expect(error.message).toMatch(message);
  });

  it.each([WatchdogVariable.WEBHOOK_SECRET_ID, WatchdogVariable.OWN_WEBHOOK_SECRET_ID])(
    'refuses a webhook URL in %s without quoting it',
    (variable) => {
      const error = errorOf({ ...lambda, [variable]: 'hooks.slack.com/services/T0/B0/XYZZY' });
      expect(error.variable).toBe(variable);
      expect(error.message).toMatch(/holds a URL/);
      expect(error.message).not.toContain('XYZZY');
    },
  );
});
