import { describe, expect, it } from 'vitest';
import {
  AlerterVariable,
  buildAlerterEnvironment,
  buildWatchdogEnvironment,
  dailySummaryTargets,
  EnvironmentError,
  parseAlerterEnvironment,
  parseDailySummaryTargets,
  parseRoutes,
  summaryKey,
  summaryPostedKey,
  utcHourOf,
  validateDailySummary,
  validateRoute,
  WatchdogVariable,
} from '../src/index.js';

const route = {
  severities: ['critical' as const],
  webhookSecretName: 'trailwatch/slack/critical',
};

describe('Function: validateDailySummary', () => {
  it.each([0, 23, 8])('accepts hour %d', (hour) => {
    expect(validateDailySummary({ hour, timeZone: 'Europe/Berlin' })).toEqual([]);
  });

  it.each([-1, 24, 1.5, '8', null])('refuses hour %j, naming the field', (hour) => {
    const issues = validateDailySummary({ hour, timeZone: 'UTC' });
    expect(issues).toEqual([{ path: ['hour'], fix: expect.stringMatching(/0 to 23/) }]);
  });

  it.each(['Europe/Berlinn', 'CEST', '', 'Mars/Olympus', 42])(
    'refuses time zone %j with an example of a good one',
    (timeZone) => {
      const issues = validateDailySummary({ hour: 8, timeZone });
      expect(issues).toEqual([
        { path: ['timeZone'], fix: expect.stringContaining('"Europe/Berlin"') },
      ]);
    },
  );

  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide'])(
    'accepts the IANA zone %s',
    (timeZone) => {
      expect(validateDailySummary({ hour: 8, timeZone })).toEqual([]);
    },
  );

  it('refuses other shapes and unknown keys', () => {
    expect(validateDailySummary('08:00')[0]?.fix).toMatch(/object like/);
    expect(validateDailySummary({ hour: 8, timeZone: 'UTC', minute: 30 })).toEqual([
      { path: ['minute'], fix: expect.stringMatching(/not a daily summary setting/) },
    ]);
  });
});

describe('Routes with a daily summary', () => {
  it('accepts dailySummary on a route, which is not a routing criterion', () => {
    const summary = { hour: 8, timeZone: 'Europe/Berlin' };
    expect(validateRoute({ ...route, dailySummary: summary })).toEqual([]);
    expect(
      validateRoute({ webhookSecretName: 'a', dailySummary: summary }).map((i) => i.fix),
    ).toContainEqual(expect.stringMatching(/at least one non-empty criterion/));
  });

  it('names the route field at fault', () => {
    expect(
      validateRoute({ ...route, dailySummary: { hour: 24, timeZone: 'Nowhere/Land' } }).map(
        (issue) => issue.path,
      ),
    ).toEqual([
      ['dailySummary', 'hour'],
      ['dailySummary', 'timeZone'],
    ]);
    expect(() =>
      parseRoutes(JSON.stringify([{ ...route, dailySummary: { hour: 7.5, timeZone: 'UTC' } }])),
    ).toThrow(/SLACK_ROUTES\[0\]\.dailySummary\.hour must be a whole hour/);
  });
});

describe('Function: dailySummaryTargets', () => {
  it('lists the default webhook first, then each route webhook once', () => {
    const berlin = { hour: 8, timeZone: 'Europe/Berlin' };
    const ny = { hour: 9, timeZone: 'America/New_York' };
    expect(
      dailySummaryTargets('slack/default', berlin, [
        { webhookSecretName: 'slack/prod', dailySummary: ny },
        { webhookSecretName: 'slack/none' },
        { webhookSecretName: 'slack/prod', dailySummary: ny },
        { webhookSecretName: 'slack/default', dailySummary: ny },
      ]),
    ).toEqual([
      { webhookSecretName: 'slack/default', ...berlin },
      { webhookSecretName: 'slack/prod', ...ny },
    ]);
    expect(dailySummaryTargets('slack/default', undefined, [])).toEqual([]);
  });
});

describe('Daily summaries in the function environments', () => {
  const base = { webhookSecretName: 'slack/default', tableName: 't', slackMinIntervalMs: 1000 };

  it('the alerter reads back the default webhook summary and the routes ones', () => {
    const routes = [{ ...route, dailySummary: { hour: 0, timeZone: 'Asia/Kolkata' } }];
    const env = buildAlerterEnvironment({
      ...base,
      routes,
      dailySummary: { hour: 23, timeZone: 'UTC' },
    });
    expect(env[AlerterVariable.DAILY_SUMMARY]).toBe('{"hour":23,"timeZone":"UTC"}');
    const settings = parseAlerterEnvironment({ ...env, AWS_REGION: 'eu-west-1' });
    expect(settings.dailySummary).toEqual({ hour: 23, timeZone: 'UTC' });
    expect(settings.routes).toEqual(routes);
  });

  it('the alerter leaves the variable out when the default webhook has no summary', () => {
    const env = buildAlerterEnvironment({ ...base, routes: [] });
    expect(env).not.toHaveProperty(AlerterVariable.DAILY_SUMMARY);
    expect(parseAlerterEnvironment({ ...env, AWS_REGION: 'x' })).not.toHaveProperty('dailySummary');
  });

  it('the alerter refuses a bad summary, naming the variable and field', () => {
    expect(() =>
      parseAlerterEnvironment({
        ...buildAlerterEnvironment({ ...base, routes: [] }),
        AWS_REGION: 'x',
        [AlerterVariable.DAILY_SUMMARY]: '{"hour":8,"timeZone":"Berlin"}',
      }),
    ).toThrow(/SLACK_DAILY_SUMMARY\.timeZone must be an IANA time zone/);
  });

  const watchdogInput = {
    tableName: 't',
    memberRegions: ['us-east-1'],
    targetOuIds: ['r-ab12'],
    managementAccountId: '111111111111',
    webhookSecretName: 'slack/default',
    excludedAccounts: [],
    silenceMinutes: 150,
    graceMinutes: 180,
  };

  it('the watchdog reads back its list of summaries', () => {
    const targets = [
      { webhookSecretName: 'slack/default', hour: 8, timeZone: 'Europe/Berlin' },
      { webhookSecretName: 'slack/prod', hour: 9, timeZone: 'America/New_York' },
    ];
    const env = buildWatchdogEnvironment({ ...watchdogInput, dailySummaries: targets });
    expect(parseDailySummaryTargets(env[WatchdogVariable.DAILY_SUMMARIES])).toEqual(targets);
    expect(buildWatchdogEnvironment(watchdogInput)).not.toHaveProperty(
      WatchdogVariable.DAILY_SUMMARIES,
    );
    expect(parseDailySummaryTargets(undefined)).toEqual([]);
  });

  it.each([
    ['{', /must be a JSON array/],
    ['{}', /must be a JSON array/],
    ['[1]', /DAILY_SUMMARIES\[0\] must be an object/],
    ['[{"webhookSecretName":"a","hour":25,"timeZone":"UTC"}]', /DAILY_SUMMARIES\[0\]\.hour/],
    ['[{"webhookSecretName":"a","hour":1}]', /DAILY_SUMMARIES\[0\]\.timeZone/],
  ])('the watchdog refuses %s', (raw, message) => {
    expect(() => parseDailySummaryTargets(raw)).toThrow(EnvironmentError);
    expect(() => parseDailySummaryTargets(raw)).toThrow(message);
  });

  it('the watchdog refuses a pasted webhook URL without quoting it', () => {
    const url = 'https://hooks.slack.com/services/TFAKE/BFAKE/FAKE';
    const raw = JSON.stringify([{ webhookSecretName: url, hour: 1, timeZone: 'UTC' }]);
    expect(() => parseDailySummaryTargets(raw)).toThrow(/webhookSecretName must be the name/);
    try {
      parseDailySummaryTargets(raw);
    } catch (error) {
      expect(String(error)).not.toContain('hooks.slack.com');
    }
  });
});

describe('Daily summary keys', () => {
  it('keys hour counts by route hash and UTC hour, markers by route hash and local date', () => {
    const at = Date.parse('2026-03-08T07:59:59.999Z');
    expect(utcHourOf(at)).toBe('2026-03-08T07');
    expect(summaryKey('0123456789abcdef', utcHourOf(at))).toBe(
      'summary#0123456789abcdef#2026-03-08T07',
    );
    expect(summaryPostedKey('0123456789abcdef', '2026-03-08')).toBe(
      'summary-posted#0123456789abcdef#2026-03-08',
    );
  });
});
