// The stacks build the environment with the contract's names (through @trailwatch/config).
import { WatchdogVariable as InfraNames } from '@trailwatch/contract';
import { parseConfig, type TrailwatchConfig } from '@trailwatch/infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadWatchdogConfig,
  WatchdogDefaults,
  WatchdogLimits,
} from '../../apps/alerter/src/watchdog/config.js';
import { WatchdogEnvironmentVariable as RuntimeNames } from '../../apps/alerter/src/watchdog/contract.js';
import { exampleInput, type SynthesizedApp, synthesize } from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
const TABLE_NAME = 'trailwatch-state';

/** The watchdog function's environment as synthesized, with the table reference resolved. */
function synthesizedEnvironment(synthesized: SynthesizedApp): Record<string, string> {
  const template = synthesized.template(synthesized.stacks.security);
  const [fn] = Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'trailwatch-watchdog' },
    }),
  ) as Resource[];
  const variables = (fn!.Properties.Environment as { Variables: Record<string, unknown> })
    .Variables;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : TABLE_NAME,
    ]),
  );
}

function expectLoadedAsConfigured(synthesized: SynthesizedApp): void {
  const { config } = synthesized;
  const loaded = loadWatchdogConfig(synthesizedEnvironment(synthesized));
  expect({ ...loaded, excludedAccounts: [...loaded.excludedAccounts] }).toMatchObject({
    tableName: TABLE_NAME,
    memberRegions: config.memberRegions,
    targetOuIds: config.targetOuIds,
    managementAccountId: config.managementAccountId,
    webhookSecretId: config.watchdog.webhookSecretName ?? config.slack.webhookSecretName,
    excludedAccounts: config.watchdog.excludedAccounts,
    silenceMinutes: config.watchdog.silenceMinutes,
    graceMinutes: config.watchdog.graceMinutes,
  });
}

const minimal = {
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  securityAccountId: '222222222222',
  homeRegion: 'eu-west-1',
  targetOuIds: ['r-ab12'],
  slack: { webhookSecretName: 'trailwatch/slack/webhook' },
};

describe('Contract: the watchdog environment the construct writes and the function reads', () => {
  describe.each([
    ['the example', {}],
    [
      'custom settings, several OUs and role mode',
      {
        targetOuIds: ['ou-ab12-prod1234', 'ou-ab12-dev12345'],
        organizationsAccess: { mode: 'role' },
        watchdog: {
          silenceMinutes: 60,
          graceMinutes: 0,
          excludedAccounts: ['333333333333', '444444444444'],
        },
      },
    ],
  ] as const)('%s', (_, overrides) => {
    let synthesized: SynthesizedApp;
    beforeAll(() => {
      synthesized = synthesize(overrides);
    });
    afterAll(() => synthesized.cleanup());

    it('is loaded by loadWatchdogConfig as exactly the configured values', () => {
      expectLoadedAsConfigured(synthesized);
    });
  });

  it('sets only variables the function reads, under the names it reads them by', () => {
    const runtime: Record<string, string> = RuntimeNames;
    for (const [key, name] of Object.entries(InfraNames)) {
      // Powertools reads these itself.
      if (key.startsWith('POWERTOOLS_')) continue;
      expect({ key, name }).toEqual({ key, name: runtime[key] });
    }
    const synthesized = synthesize({ organizationsAccess: { mode: 'role' } });
    try {
      const known = new Set([...Object.values(RuntimeNames), ...Object.values(InfraNames)]);
      for (const name of Object.keys(synthesizedEnvironment(synthesized))) {
        expect(known, name).toContain(name);
      }
    } finally {
      synthesized.cleanup();
    }
  });

  it('has the same defaults in the configuration as in the function', () => {
    const config: TrailwatchConfig = parseConfig(minimal);
    expect(config.watchdog).toEqual({
      silenceMinutes: WatchdogDefaults.WATCHDOG_SILENCE_MINUTES,
      graceMinutes: WatchdogDefaults.WATCHDOG_GRACE_MINUTES,
      excludedAccounts: [],
    });
  });

  it.each([
    ['silenceMinutes', 'WATCHDOG_SILENCE_MINUTES'],
    ['graceMinutes', 'WATCHDOG_GRACE_MINUTES'],
  ] as const)('accepts %s exactly where the function accepts %s', (field, variable) => {
    const { min, max } = WatchdogLimits[variable];
    for (const value of [min - 1, min, max, max + 1]) {
      const input = { ...exampleInput(), watchdog: { [field]: value } };
      let synthAccepts = true;
      try {
        parseConfig(input);
      } catch {
        synthAccepts = false;
      }
      let runtimeAccepts = true;
      try {
        loadWatchdogConfig({
          [RuntimeNames.TABLE_NAME]: TABLE_NAME,
          [RuntimeNames.MEMBER_REGIONS]: '["us-east-1"]',
          [RuntimeNames.TARGET_OU_IDS]: '["r-ab12"]',
          [RuntimeNames.MANAGEMENT_ACCOUNT_ID]: '111111111111',
          [RuntimeNames.WEBHOOK_SECRET_ID]: 'trailwatch/slack/webhook',
          [variable]: String(value),
        });
      } catch {
        runtimeAccepts = false;
      }
      expect({ value, synthAccepts }).toEqual({ value, synthAccepts: runtimeAccepts });
    }
  });
});
