import {
  AlerterVariable,
  parseAlerterEnvironment,
  parseDailySummaryTargets,
  parseRoutes,
  WatchdogVariable,
} from '@trailwatch/contract';
import { describe, expect, it } from 'vitest';
import { SAMPLE_DAILY_SUMMARY } from '../src/sample-daily-summary.js';
import {
  alerterEnvironment,
  LOCAL_STORM_WINDOW_SECONDS,
  watchdogEnvironment,
} from '../src/sample-environment.js';

/** What `startLocalStack` returns as `env`, the parts these builders read. */
const STACK_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4567',
  [AlerterVariable.WEBHOOK_SECRET]: 'trailwatch/slack/default',
  [AlerterVariable.TABLE]: 'trailwatch-dedup',
  [AlerterVariable.SLACK_MIN_INTERVAL_MS]: '2000',
  [AlerterVariable.REDELIVERY_BACKOFF_SECONDS]: '1',
  [AlerterVariable.ROUTES]: JSON.stringify([
    { webhookSecretName: 'trailwatch/slack/security-critical', severities: ['critical'] },
  ]),
};

describe('Constant: SAMPLE_DAILY_SUMMARY', () => {
  it('is hour 0 in UTC: due at any time of the day, so the run posts it now', () => {
    expect(SAMPLE_DAILY_SUMMARY).toEqual({ hour: 0, timeZone: 'UTC' });
  });
});

describe('Function: alerterEnvironment', () => {
  it('adds the default webhook’s daily summary and keeps the stand-ins, the routes and the pacing', () => {
    // Act
    const env = alerterEnvironment(STACK_ENV, SAMPLE_DAILY_SUMMARY);
    // Assess
    const settings = parseAlerterEnvironment(env);
    expect(settings.dailySummary).toEqual(SAMPLE_DAILY_SUMMARY);
    expect(settings.routes).toEqual(parseRoutes(STACK_ENV[AlerterVariable.ROUTES]));
    expect(settings).toMatchObject({
      webhookSecretName: 'trailwatch/slack/default',
      tableName: 'trailwatch-dedup',
      slackMinIntervalMs: 2000,
      redeliveryBackoffSeconds: 1,
      // Storms fold as deployed, over a shorter window so the run takes seconds, not minutes.
      stormWindowSeconds: LOCAL_STORM_WINDOW_SECONDS,
    });
    expect(LOCAL_STORM_WINDOW_SECONDS).toBe(10);
    expect(env.AWS_ENDPOINT_URL_DYNAMODB).toBe(STACK_ENV.AWS_ENDPOINT_URL_DYNAMODB);
  });
});

describe('Function: watchdogEnvironment', () => {
  it('watches the root and the member regions, and posts the summary of the webhook the alerter counts for', () => {
    // Act
    const env = watchdogEnvironment(
      STACK_ENV,
      { rootId: 'r-a1b2', managementAccountId: '111122223333', memberRegions: ['us-east-1'] },
      SAMPLE_DAILY_SUMMARY,
    );
    // Assess
    expect(parseDailySummaryTargets(env[WatchdogVariable.DAILY_SUMMARIES])).toEqual([
      { webhookSecretName: 'trailwatch/slack/default', ...SAMPLE_DAILY_SUMMARY },
    ]);
    expect(env).toMatchObject({
      [WatchdogVariable.TABLE_NAME]: 'trailwatch-dedup',
      [WatchdogVariable.WEBHOOK_SECRET_ID]: 'trailwatch/slack/default',
      [WatchdogVariable.TARGET_OU_IDS]: '["r-a1b2"]',
      [WatchdogVariable.MEMBER_REGIONS]: '["us-east-1"]',
      [WatchdogVariable.MANAGEMENT_ACCOUNT_ID]: '111122223333',
      [WatchdogVariable.POWERTOOLS_SERVICE_NAME]: 'trailwatch-watchdog',
      AWS_ENDPOINT_URL_DYNAMODB: STACK_ENV.AWS_ENDPOINT_URL_DYNAMODB,
    });
  });
});
