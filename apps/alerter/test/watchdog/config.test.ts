import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { loadWatchdogConfig } from '../../src/watchdog/config.js';

const BASE = {
  DEDUP_TABLE_NAME: 'trailwatch-dedup',
  SLACK_WEBHOOK_SECRET_ID: 'trailwatch/slack',
  MEMBER_REGIONS: '["us-east-1","eu-west-1"]',
  TARGET_OU_IDS: '["ou-ab12-prod1234","r-ab12"]',
  MANAGEMENT_ACCOUNT_ID: '999999999999',
};

describe('Function: loadWatchdogConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadWatchdogConfig(BASE);
    expect(config).toMatchObject({
      tableName: 'trailwatch-dedup',
      webhookSecretId: 'trailwatch/slack',
      memberRegions: ['us-east-1', 'eu-west-1'],
      targetOuIds: ['ou-ab12-prod1234', 'r-ab12'],
      managementAccountId: '999999999999',
      silenceMinutes: 150,
      graceMinutes: 180,
      slackTimeoutMs: 5000,
    });
    expect([...config.excludedAccounts]).toEqual([]);
    expect(config.dailySummaries).toEqual([]);
  });

  it('reads the daily summaries to post', () => {
    const summaries = [
      { webhookSecretName: 'trailwatch/slack', hour: 8, timeZone: 'Asia/Kolkata' },
    ];
    expect(
      loadWatchdogConfig({ ...BASE, DAILY_SUMMARIES: JSON.stringify(summaries) }).dailySummaries,
    ).toEqual(summaries);
  });

  it.each(['SLACK_WEBHOOK_SECRET_ID', 'WATCHDOG_SLACK_WEBHOOK_SECRET_ID'])(
    'rejects a webhook URL pasted into %s without quoting it',
    (name) => {
      const url = 'https://hooks.slack.com/services/T000FAKE/B000FAKE/notarealtoken000';
      const load = () => loadWatchdogConfig({ ...BASE, [name]: url });
      expect(load).toThrow(ConfigurationError);
      expect(load).toThrow(new RegExp(`${name} holds a URL`));
      try {
        load();
      } catch (error) {
        expect(String((error as Error).message)).not.toContain('notarealtoken000');
      }
    },
  );

  it('reads exclusions, thresholds and a watchdog-specific webhook', () => {
    const config = loadWatchdogConfig({
      ...BASE,
      WATCHDOG_EXCLUDED_ACCOUNTS: '["111111111111"]',
      WATCHDOG_SILENCE_MINUTES: '200',
      WATCHDOG_GRACE_MINUTES: '1440',
      WATCHDOG_SLACK_WEBHOOK_SECRET_ID: 'trailwatch/ops',
    });
    expect([...config.excludedAccounts]).toEqual(['111111111111']);
    expect(config.silenceMinutes).toBe(200);
    expect(config.graceMinutes).toBe(1440);
    expect(config.webhookSecretId).toBe('trailwatch/ops');
  });

  it.each([
    ['WATCHDOG_SILENCE_MINUTES', '60', 'silenceMinutes', 60],
    ['WATCHDOG_SILENCE_MINUTES', '10080', 'silenceMinutes', 10_080],
    ['WATCHDOG_GRACE_MINUTES', '0', 'graceMinutes', 0],
    ['WATCHDOG_GRACE_MINUTES', '43200', 'graceMinutes', 43_200],
  ] as const)('accepts %s=%s, a bound', (name, raw, field, value) => {
    expect(loadWatchdogConfig({ ...BASE, [name]: raw })[field]).toBe(value);
  });

  it.each([
    [{ MEMBER_REGIONS: undefined }, 'MEMBER_REGIONS is required'],
    [{ MEMBER_REGIONS: '[]' }, 'MEMBER_REGIONS is required'],
    [{ MEMBER_REGIONS: 'us-east-1' }, 'MEMBER_REGIONS must be a JSON array of region names'],
    [
      { MEMBER_REGIONS: '["us-east-1", "US_EAST"]' },
      'MEMBER_REGIONS[1] must be a region name, got "US_EAST"',
    ],
    [{ WATCHDOG_EXCLUDED_ACCOUNTS: '{"a":1}' }, 'WATCHDOG_EXCLUDED_ACCOUNTS must be a JSON array'],
    [
      { WATCHDOG_EXCLUDED_ACCOUNTS: '["12345"]' },
      'WATCHDOG_EXCLUDED_ACCOUNTS[0] must be a 12-digit account id',
    ],
    [{ WATCHDOG_SILENCE_MINUTES: '59' }, 'WATCHDOG_SILENCE_MINUTES must be from 60 to 10080'],
    [{ WATCHDOG_SILENCE_MINUTES: '10081' }, 'WATCHDOG_SILENCE_MINUTES must be from 60 to 10080'],
    [{ WATCHDOG_GRACE_MINUTES: '43201' }, 'WATCHDOG_GRACE_MINUTES must be from 0 to 43200'],
    [{ TARGET_OU_IDS: undefined }, 'TARGET_OU_IDS is required'],
    [{ TARGET_OU_IDS: '[]' }, 'TARGET_OU_IDS is required'],
    [
      { TARGET_OU_IDS: '["ou-ab12-prod1234","o-a1b2c3d4e5"]' },
      'TARGET_OU_IDS[1] must be an OU id ("ou-…") or a root id ("r-…"), got "o-a1b2c3d4e5"',
    ],
    [{ MANAGEMENT_ACCOUNT_ID: undefined }, 'MANAGEMENT_ACCOUNT_ID is required'],
    [
      { MANAGEMENT_ACCOUNT_ID: '12345' },
      'MANAGEMENT_ACCOUNT_ID must be a 12-digit account id, got "12345"',
    ],
    [{ WATCHDOG_GRACE_MINUTES: '-1' }, 'WATCHDOG_GRACE_MINUTES must be a non-negative integer'],
    [{ DEDUP_TABLE_NAME: ' ' }, 'DEDUP_TABLE_NAME is required'],
    [{ SLACK_WEBHOOK_SECRET_ID: undefined }, 'SLACK_WEBHOOK_SECRET_ID is required'],
    [
      { DAILY_SUMMARIES: '[{"webhookSecretName":"a","hour":8,"timeZone":"Berlin"}]' },
      'DAILY_SUMMARIES[0].timeZone must be an IANA time zone name like "Europe/Berlin"',
    ],
  ])('rejects %j naming the variable', (overrides, message) => {
    const load = () => loadWatchdogConfig({ ...BASE, ...overrides });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(message);
  });
});
