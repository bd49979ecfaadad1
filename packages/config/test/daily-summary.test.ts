import {
  AlerterVariable,
  environmentSize,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  WatchdogVariable,
} from '@trailwatch/contract';
import { describe, expect, it } from 'vitest';
import {
  alerterEnvironmentFor,
  dailySummariesOf,
  parseConfig,
  watchdogEnvironmentFor,
} from '../src/index.js';
import { minimal, rejectionOf } from './config-input.js';

function issuesOf(input: unknown): string[] {
  return rejectionOf(input)
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/^\s*- /, ''));
}

const berlin = { hour: 8, timeZone: 'Europe/Berlin' };

describe('Configuration: daily summaries', () => {
  it('is off unless configured', () => {
    const config = parseConfig(minimal, 'test.json');
    expect(config.slack.dailySummary).toBeUndefined();
    expect(dailySummariesOf(config)).toEqual([]);
    expect(watchdogEnvironmentFor(config)).not.toHaveProperty(WatchdogVariable.DAILY_SUMMARIES);
    expect(alerterEnvironmentFor(config)).not.toHaveProperty(AlerterVariable.DAILY_SUMMARY);
  });

  it('accepts one on the default webhook and on routes, and hands both functions the same list', () => {
    const config = parseConfig(
      {
        ...minimal,
        slack: {
          ...minimal.slack,
          dailySummary: berlin,
          routes: [
            {
              severities: ['critical'],
              webhookSecretName: 'trailwatch/slack/critical',
              dailySummary: { hour: 0, timeZone: 'Asia/Kolkata' },
            },
            { ous: ['Production'], webhookSecretName: 'trailwatch/slack/prod' },
          ],
        },
      },
      'test.json',
    );
    expect(dailySummariesOf(config)).toEqual([
      { webhookSecretName: 'trailwatch/slack/webhook', ...berlin },
      { webhookSecretName: 'trailwatch/slack/critical', hour: 0, timeZone: 'Asia/Kolkata' },
    ]);
    expect(JSON.parse(watchdogEnvironmentFor(config)[WatchdogVariable.DAILY_SUMMARIES]!)).toEqual(
      dailySummariesOf(config),
    );
    expect(JSON.parse(alerterEnvironmentFor(config)[AlerterVariable.DAILY_SUMMARY]!)).toEqual(
      berlin,
    );
  });

  it.each([
    [{ hour: 24, timeZone: 'UTC' }, 'slack.dailySummary.hour', /0 to 23/],
    [{ hour: -1, timeZone: 'UTC' }, 'slack.dailySummary.hour', /0 to 23/],
    [{ hour: 1.5, timeZone: 'UTC' }, 'slack.dailySummary.hour', /0 to 23/],
    [{ hour: 8, timeZone: 'Europe/Berln' }, 'slack.dailySummary.timeZone', /"Europe\/Berlin"/],
    [{ hour: 8 }, 'slack.dailySummary.timeZone', /IANA time zone/],
    ['08:00', 'slack.dailySummary', /object like/],
  ])('refuses the default webhook summary %j at %s', (dailySummary, field, fix) => {
    const issues = issuesOf({ ...minimal, slack: { ...minimal.slack, dailySummary } });
    expect(issues.filter((issue) => issue.startsWith(`${field}:`))).toEqual([
      expect.stringMatching(fix),
    ]);
  });

  it('refuses a route summary with a bad zone, naming the route', () => {
    const issues = issuesOf({
      ...minimal,
      slack: {
        ...minimal.slack,
        routes: [
          {
            severities: ['high'],
            webhookSecretName: 'a',
            dailySummary: { hour: 8, timeZone: 'Berlin' },
          },
        ],
      },
    });
    expect(issues).toEqual([
      expect.stringMatching(/^slack\.routes\.0\.dailySummary\.timeZone: .*"Europe\/Berlin"/),
    ]);
  });

  it('refuses two different summaries for one webhook, and accepts the same one twice', () => {
    const routes = (second: object) => [
      {
        severities: ['critical'],
        webhookSecretName: 'trailwatch/slack/webhook',
        dailySummary: berlin,
      },
      { ous: ['Production'], webhookSecretName: 'trailwatch/slack/webhook', dailySummary: second },
    ];
    expect(
      issuesOf({
        ...minimal,
        slack: { ...minimal.slack, routes: routes({ hour: 9, timeZone: 'UTC' }) },
      }),
    ).toEqual([
      expect.stringMatching(/^slack\.routes\.1\.dailySummary: .*one webhook gets one summary/),
    ]);
    expect(() =>
      parseConfig({ ...minimal, slack: { ...minimal.slack, routes: routes(berlin) } }, 'test.json'),
    ).not.toThrow();
  });

  it('keeps both environments within Lambda 4 KB with 50 summarised routes, or refuses', () => {
    const route = (index: number, name: string) => ({
      accounts: [String(100000000000 + index)],
      webhookSecretName: `${name}${index}`,
      dailySummary: { hour: 8, timeZone: 'America/Argentina/ComodRivadavia' },
    });
    const short = parseConfig(
      {
        ...minimal,
        slack: { ...minimal.slack, routes: Array.from({ length: 20 }, (_, i) => route(i, 's')) },
      },
      'test.json',
    );
    for (const env of [alerterEnvironmentFor(short), watchdogEnvironmentFor(short)]) {
      expect(environmentSize(env)).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
    }
    const issues = issuesOf({
      ...minimal,
      slack: {
        ...minimal.slack,
        routes: Array.from({ length: 50 }, (_, i) => route(i, 'trailwatch/slack/route-')),
      },
    });
    expect(issues).toContainEqual(
      expect.stringMatching(/^slack\.routes: .*alerter's environment would be/),
    );
    expect(issues).toContainEqual(
      expect.stringMatching(/^slack: .*watchdog's environment would be/),
    );
  });
});
