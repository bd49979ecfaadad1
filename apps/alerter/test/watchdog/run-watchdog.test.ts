import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome, OutgoingMessage } from '../../src/delivery/slack-sender.js';
import { WatchdogDeliveryError } from '../../src/watchdog/errors.js';
import {
  type LastHeartbeat,
  type Problem,
  type WatchdogState,
  WatchdogStatus,
} from '../../src/watchdog/evaluate.js';
import { runWatchdog, type WatchdogDependencies } from '../../src/watchdog/run-watchdog.js';
import { recordingTelemetry } from '../helpers/recording-telemetry.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const HOUR = 3_600_000;
const PROD = { id: '111111111111', name: 'prod', joinedAt: Date.parse('2021-01-01T00:00:00Z') };
const DEV = { id: '222222222222', name: 'dev', joinedAt: Date.parse('2021-01-01T00:00:00Z') };

/** Dependencies over in-memory fakes; `answers` are Slack's outcomes for each posted message. */
function fakes(
  states: WatchdogState[],
  answers: DeliveryOutcome['status'][],
  heartbeats: LastHeartbeat[] = [
    { account: PROD.id, region: 'us-east-1', lastSeen: NOW - 4 * HOUR },
    { account: DEV.id, region: 'us-east-1', lastSeen: NOW - HOUR / 2 },
  ],
) {
  const recorded: Problem[] = [];
  const forgotten: string[] = [];
  const posted: OutgoingMessage[] = [];
  const gauges: Record<string, number> = {};
  const deps: WatchdogDependencies = {
    listAccounts: async () => [PROD, DEV],
    table: {
      read: async () => ({ heartbeats, states }),
      recordProblems: async (problems) => {
        recorded.push(...problems);
      },
      forget: async (pairs) => {
        forgotten.push(...pairs.map((p) => `${p.account}/${p.region}`));
      },
    },
    deliver: async (messages) => {
      posted.push(...messages);
      return messages.map((_, i) =>
        answers[i] === 'delivered'
          ? { status: 'delivered' }
          : { status: 'handed-back', reason: 'server' },
      );
    },
    telemetry: recordingTelemetry(),
    gauges: {
      gauge: (name, value) => {
        gauges[name] = value;
      },
      flush: () => undefined,
    },
    webhookSecretId: 'trailwatch/slack',
    memberRegions: ['us-east-1'],
    excludedAccounts: new Set(),
    silenceMinutes: 150,
    graceMinutes: 180,
    now: () => NOW,
  };
  return { deps, recorded, forgotten, posted, gauges };
}

const devWasSilent: WatchdogState = {
  account: DEV.id,
  region: 'us-east-1',
  status: WatchdogStatus.SILENT,
};

describe('Function: runWatchdog', () => {
  it('posts the problems before the recoveries, to the configured webhook, and records both', async () => {
    const f = fakes([devWasSilent], ['delivered', 'delivered']);
    const result = await runWatchdog(f.deps, () => 60_000);
    expect(result.posted).toEqual(['problems', 'recoveries']);
    expect(f.posted.map((m) => [m.webhookSecretId, m.message.text.split(':')[1]])).toEqual([
      ['trailwatch/slack', 'red_circle'],
      ['trailwatch/slack', 'large_blue_circle'],
    ]);
    expect(f.recorded.map((p) => `${p.account.id}/${p.region}`)).toEqual([`${PROD.id}/us-east-1`]);
    expect(f.forgotten).toEqual([`${DEV.id}/us-east-1`]);
    expect(f.gauges).toEqual({ SilentAccountRegions: 1, UncoveredAccounts: 0 });
  });

  it('records what Slack accepted, keeps what it refused, and throws so the error alarm fires', async () => {
    const f = fakes([devWasSilent], ['delivered', 'handed-back']);
    await expect(runWatchdog(f.deps, () => 60_000)).rejects.toThrow(WatchdogDeliveryError);
    expect(f.recorded).toHaveLength(1);
    expect(f.forgotten).toEqual([]);
    expect(f.gauges).toEqual({ SilentAccountRegions: 1, UncoveredAccounts: 0 });
  });

  it('posts nothing and writes zero gauges when every region is healthy', async () => {
    const healthy = fakes(
      [],
      [],
      [PROD, DEV].map((account) => ({ account: account.id, region: 'us-east-1', lastSeen: NOW })),
    );
    const result = await runWatchdog(healthy.deps, () => 60_000);
    expect(result.posted).toEqual([]);
    expect(healthy.posted).toEqual([]);
    expect(healthy.gauges).toEqual({ SilentAccountRegions: 0, UncoveredAccounts: 0 });
  });
});
