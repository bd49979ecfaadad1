import { loadConfig as loadAlerterConfig } from '@trailwatch/alerter';
import { loadWatchdogConfig } from '@trailwatch/alerter/watchdog';
import { dailySummariesOf } from '@trailwatch/config';
import { parseWatchdogEnvironment } from '@trailwatch/contract';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesize } from './synth-fixture.js';

type Fn = {
  Properties: { FunctionName: string; Environment: { Variables: Record<string, unknown> } };
};

/** Lambda sets AWS_REGION itself; a function may not, so the stacks never do. */
function asDeployed(variables: Record<string, unknown>, region: string): Record<string, string> {
  for (const [name, value] of Object.entries(variables)) {
    expect(typeof value, `${name} must be a plain string, not a token, to be checked here`).toBe(
      'string',
    );
  }
  return { ...(variables as Record<string, string>), AWS_REGION: region };
}

function functionsOf(template: Template): Map<string, Fn> {
  const found = Object.values(template.findResources('AWS::Lambda::Function')) as Fn[];
  return new Map(found.map((fn) => [fn.Properties.FunctionName, fn]));
}

describe.each([
  ['the example configuration', {}],
  [
    'role mode with routes and console links',
    {
      organizationsAccess: { mode: 'role' },
      slack: {
        webhookSecretName: 'trailwatch/slack/security-alerts',
        consoleSignInUrl: 'https://d-1234567890.awsapps.com/start',
        consoleRoleName: 'SecurityAudit',
        routes: [
          { severities: ['critical', 'high'], webhookSecretName: 'trailwatch/slack/urgent' },
          {
            accounts: ['333333333333'],
            detections: ['iam-user-created'],
            webhookSecretName: 'trailwatch/slack/x',
          },
        ],
      },
    },
  ],
  [
    'daily summaries on the default webhook and on a route',
    {
      slack: {
        webhookSecretName: 'trailwatch/slack/security-alerts',
        dailySummary: { hour: 8, timeZone: 'Europe/Berlin' },
        routes: [
          {
            severities: ['critical'],
            webhookSecretName: 'trailwatch/slack/security-critical',
            dailySummary: { hour: 7, timeZone: 'Asia/Kolkata' },
          },
          { ous: ['ou-ab12-prod1234'], webhookSecretName: 'trailwatch/slack/prod-alerts' },
        ],
      },
    },
  ],
])('Every synthesized function environment is accepted by its own loader (%s)', (_, overrides) => {
  let synthesized: SynthesizedApp;
  let functions: Map<string, Fn>;
  beforeAll(() => {
    synthesized = synthesize(overrides);
    functions = functionsOf(synthesized.template(synthesized.stacks.security));
  });
  afterAll(() => synthesized.cleanup());

  it('the alerter reads back the routes, names and pacing the configuration says', () => {
    const fn = functions.get('trailwatch-alerter');
    expect(fn).toBeDefined();
    const loaded = loadAlerterConfig(
      asDeployed(fn!.Properties.Environment.Variables, synthesized.config.homeRegion),
    );
    expect(loaded.defaultSecretId).toBe(synthesized.config.slack.webhookSecretName);
    expect(loaded.routes).toEqual(synthesized.config.slack.routes);
    expect(loaded.dedupTableName).toBe('trailwatch-state');
    expect(loaded.slackMinIntervalMs).toBe(1000 * synthesized.config.alerter.maxConcurrency);
    expect(loaded.queueUrl).toContain('/trailwatch-events');
    expect(loaded.summaryWebhookSecretIds).toEqual(
      dailySummariesOf(synthesized.config).map((target) => target.webhookSecretName),
    );
  });

  it('the watchdog reads back its regions, targets, thresholds and secret', () => {
    const fn = functions.get('trailwatch-watchdog');
    expect(fn).toBeDefined();
    const deployed = asDeployed(
      fn!.Properties.Environment.Variables,
      synthesized.config.homeRegion,
    );
    const loaded = loadWatchdogConfig(deployed);
    const { config } = synthesized;
    expect(loaded.memberRegions).toEqual(config.memberRegions);
    expect(loaded.targetOuIds).toEqual(config.targetOuIds);
    expect(loaded.managementAccountId).toBe(config.managementAccountId);
    expect([...loaded.excludedAccounts]).toEqual(config.watchdog.excludedAccounts);
    expect(loaded.silenceMinutes).toBe(config.watchdog.silenceMinutes);
    expect(loaded.graceMinutes).toBe(config.watchdog.graceMinutes);
    expect(loaded.tableName).toBe('trailwatch-state');
    expect(loaded.region).toBe(config.homeRegion);
    expect(loaded.webhookSecretId).toBe(
      config.watchdog.webhookSecretName ?? config.slack.webhookSecretName,
    );
    expect(loaded.dailySummaries).toEqual(dailySummariesOf(config));
    // The loader adds nothing of its own: what the contract accepts is what the function runs with.
    const { webhookSecretName, ...settings } = parseWatchdogEnvironment(deployed);
    expect({ ...loaded, excludedAccounts: [...loaded.excludedAccounts] }).toEqual({
      ...settings,
      webhookSecretId: webhookSecretName,
    });
  });

  it('counts for exactly the webhooks the watchdog posts a summary to', () => {
    const alerter = loadAlerterConfig(
      asDeployed(
        functions.get('trailwatch-alerter')!.Properties.Environment.Variables,
        synthesized.config.homeRegion,
      ),
    );
    const watchdog = loadWatchdogConfig(
      asDeployed(
        functions.get('trailwatch-watchdog')!.Properties.Environment.Variables,
        synthesized.config.homeRegion,
      ),
    );
    expect(alerter.summaryWebhookSecretIds).toEqual(
      watchdog.dailySummaries.map((target) => target.webhookSecretName),
    );
    expect(watchdog.dailySummaries.length).toBe(
      synthesized.config.slack.dailySummary === undefined ? 0 : 2,
    );
  });

  it('every function in the stack is covered by one of the checks above', () => {
    expect([...functions.keys()].sort()).toEqual(['trailwatch-alerter', 'trailwatch-watchdog']);
  });
});
