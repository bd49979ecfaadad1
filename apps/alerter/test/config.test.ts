import { describe, expect, it } from 'vitest';
import { ConfigDefaults, loadConfig } from '../src/config.js';
import { ConfigurationError, InvalidRoutesError } from '../src/errors.js';

const minimal = {
  SLACK_WEBHOOK_SECRET_ID: 'trailwatch/slack',
  DEDUP_TABLE_NAME: 'trailwatch-dedup',
  AWS_REGION: 'eu-west-1',
};

describe('Function: loadConfig, a required variable', () => {
  it('names the missing variable', () => {
    expect(() => loadConfig({ ...minimal, DEDUP_TABLE_NAME: undefined })).toThrow(
      new ConfigurationError('Environment variable DEDUP_TABLE_NAME is required'),
    );
    expect(() => loadConfig({ ...minimal, DEDUP_TABLE_NAME: '  ' })).toThrow(
      /DEDUP_TABLE_NAME is required/,
    );
  });
});

describe('Function: loadConfig', () => {
  it('applies the contract defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      defaultSecretId: 'trailwatch/slack',
      dedupTableName: 'trailwatch-dedup',
      routes: [],
      accountCacheTtlSeconds: ConfigDefaults.ACCOUNT_CACHE_TTL_SECONDS,
      slackMinIntervalMs: 1000,
      slackTimeoutMs: 5000,
    });
    expect(config.organizationsRoleArn).toBeUndefined();
    expect(config.queueUrl).toBeUndefined();
    expect(config.detectionContext).toEqual({});
  });

  it('reads the trail bucket and KMS key lists, ignoring blanks', () => {
    const config = loadConfig({
      ...minimal,
      TRAIL_BUCKET_NAMES: ' org-trail-logs , ,archive-trail-logs,',
      TRAIL_KMS_KEY_ARNS:
        'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    expect(config.detectionContext).toEqual({
      trailBucketNames: ['org-trail-logs', 'archive-trail-logs'],
      trailKmsKeys: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    });
    expect(loadConfig({ ...minimal, TRAIL_BUCKET_NAMES: ' , ' }).detectionContext).toEqual({});
  });

  it('names AWS_REGION when it is missing or blank, instead of failing later in the SDK', () => {
    const { AWS_REGION: _, ...withoutRegion } = minimal;
    expect(() => loadConfig(withoutRegion)).toThrow(/^Environment variable AWS_REGION is required/);
    expect(() => loadConfig(withoutRegion)).toThrow(ConfigurationError);
    expect(() => loadConfig({ ...minimal, AWS_REGION: ' ' })).toThrow(/AWS_REGION is required/);
    expect(loadConfig(minimal).region).toBe('eu-west-1');
  });

  it('reads SLACK_FLEET_INTERVAL_MS, 1000 by default (Slack: one message per second)', () => {
    expect(loadConfig(minimal).slackFleetIntervalMs).toBe(1000);
    expect(loadConfig({ ...minimal, SLACK_FLEET_INTERVAL_MS: '250' }).slackFleetIntervalMs).toBe(
      250,
    );
    expect(() => loadConfig({ ...minimal, SLACK_FLEET_INTERVAL_MS: '1s' })).toThrow(
      /SLACK_FLEET_INTERVAL_MS must be a non-negative integer/,
    );
  });

  it('reads the optional variables', () => {
    const config = loadConfig({
      ...minimal,
      ORGANIZATIONS_ROLE_ARN: 'arn:aws:iam::111111111111:role/trailwatch-org-read',
      ACCOUNT_CACHE_TTL_SECONDS: '60',
      SLACK_MIN_INTERVAL_MS: '250',
      SLACK_TIMEOUT_MS: '2000',
      QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111111111111/q',
      CONSOLE_SIGNIN_URL: 'https://d-1234.awsapps.com/start',
      CONSOLE_ROLE_NAME: 'SecurityAudit',
    });
    expect(config).toMatchObject({
      organizationsRoleArn: 'arn:aws:iam::111111111111:role/trailwatch-org-read',
      accountCacheTtlSeconds: 60,
      slackMinIntervalMs: 250,
      slackTimeoutMs: 2000,
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/111111111111/q',
      render: {
        consoleSignInUrl: 'https://d-1234.awsapps.com/start',
        consoleRoleName: 'SecurityAudit',
      },
    });
  });

  it('rejects a non-numeric number with the variable and the value', () => {
    expect(() => loadConfig({ ...minimal, SLACK_TIMEOUT_MS: '5s' })).toThrow(
      'Environment variable SLACK_TIMEOUT_MS must be a non-negative integer, got "5s"',
    );
  });

  it('rejects a webhook URL pasted into SLACK_WEBHOOK_SECRET_ID without quoting it', () => {
    const url = 'https://hooks.slack.com/services/T0SECRET/B0SECRET/XXXXSECRETXXXX';
    let caught: unknown;
    try {
      loadConfig({ ...minimal, SLACK_WEBHOOK_SECRET_ID: url });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toMatch(/SLACK_WEBHOOK_SECRET_ID holds a URL/);
    expect((caught as Error).message).not.toMatch(/SECRET\/|hooks|https/);
  });

  it.each([
    'hooks.slack.com/services/T0SECRET/B0SECRET/XXXXSECRETXXXX',
    'HOOKS.SLACK.COM/services/T0SECRET/B0SECRET/XXXXSECRETXXXX',
    '/services/T0SECRET/B0SECRET/XXXXSECRETXXXX',
  ])('rejects a webhook URL without its scheme (%s) before it can be logged', (value) => {
    let caught: unknown;
    try {
      loadConfig({ ...minimal, SLACK_WEBHOOK_SECRET_ID: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toMatch(/SLACK_WEBHOOK_SECRET_ID holds a URL/);
    expect((caught as Error).message).not.toMatch(/SECRET\/|hooks/i);
  });

  it.each(['trailwatch/slack/services', 'slack/services/prod', 'team.slack/default'])(
    'accepts a secret name that merely contains webhook-ish words (%s)',
    (value) => {
      expect(loadConfig({ ...minimal, SLACK_WEBHOOK_SECRET_ID: value }).defaultSecretId).toBe(
        value,
      );
    },
  );

  it('accepts a secret ARN as SLACK_WEBHOOK_SECRET_ID', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:trailwatch/slack-AbCdEf';
    expect(loadConfig({ ...minimal, SLACK_WEBHOOK_SECRET_ID: arn }).defaultSecretId).toBe(arn);
  });

  it('names AWS_REGION when it is missing (local runs must export it)', () => {
    const { AWS_REGION: _region, ...withoutRegion } = minimal;
    expect(() => loadConfig(withoutRegion)).toThrow(/AWS_REGION is required/);
  });

  it('fails at load time on invalid SLACK_ROUTES', () => {
    expect(() => loadConfig({ ...minimal, SLACK_ROUTES: '[{"severities":["high"]}]' })).toThrow(
      InvalidRoutesError,
    );
  });
});
