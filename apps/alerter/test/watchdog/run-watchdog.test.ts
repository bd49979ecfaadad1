import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome, OutgoingMessage } from '../../src/delivery/slack-sender.js';
import { WatchdogDeliveryError } from '../../src/watchdog/errors.js';
import {
  type LastHeartbeat,
  type Problem,
  type WatchdogState,
  WatchdogStatus,
} from '../../src/watchdog/evaluate.js';
import { LEASE_MARGIN_MS, type Lease, type LeaseAcquisition } from '../../src/watchdog/lease.js';
import { runWatchdog, type WatchdogDependencies } from '../../src/watchdog/run-watchdog.js';
import { recordingTelemetry } from '../helpers/recording-telemetry.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const HOUR = 3_600_000;
const PROD = { id: '111111111111', name: 'prod', joinedAt: Date.parse('2021-01-01T00:00:00Z') };
const DEV = { id: '222222222222', name: 'dev', joinedAt: Date.parse('2021-01-01T00:00:00Z') };

const INVOCATION = { id: 'request-1', remainingMs: () => 60_000 };
const HEALTHY = [PROD, DEV].map((account) => ({
  account: account.id,
  region: 'us-east-1',
  lastSeen: NOW,
}));

/** A lease that answers `acquisition` and records what was asked of it. */
function fakeLease(acquisition: LeaseAcquisition = { acquired: true, expiresAt: 0 }) {
  const calls: string[] = [];
  const lease: Lease & { calls: string[]; releaseAnswer: boolean | Error } = {
    calls,
    releaseAnswer: true,
    acquire: async (holder, nowMs, untilMs) => {
      calls.push(`acquire ${holder} ${nowMs} ${untilMs}`);
      return acquisition;
    },
    release: async (holder) => {
      calls.push(`release ${holder}`);
      if (lease.releaseAnswer instanceof Error) throw lease.releaseAnswer;
      return lease.releaseAnswer;
    },
  };
  return lease;
}

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
  const reads: string[] = [];
  const lease = fakeLease();
  const telemetry = recordingTelemetry();
  const deps: WatchdogDependencies = {
    listAccounts: async () => {
      reads.push('organizations');
      return [PROD, DEV];
    },
    lease,
    table: {
      read: async () => {
        reads.push('table');
        return { heartbeats, states };
      },
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
    telemetry,
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
  return { deps, recorded, forgotten, posted, gauges, reads, lease, telemetry };
}

const devWasSilent: WatchdogState = {
  account: DEV.id,
  region: 'us-east-1',
  status: WatchdogStatus.SILENT,
};

describe('Function: runWatchdog', () => {
  it('posts the problems before the recoveries, to the configured webhook, and records both', async () => {
    const f = fakes([devWasSilent], ['delivered', 'delivered']);
    const result = await runWatchdog(f.deps, INVOCATION);
    expect(result).toMatchObject({ status: 'ran', posted: ['problems', 'recoveries'] });
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
    await expect(runWatchdog(f.deps, INVOCATION)).rejects.toThrow(WatchdogDeliveryError);
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
    const result = await runWatchdog(healthy.deps, INVOCATION);
    expect(result).toMatchObject({ status: 'ran', posted: [] });
    expect(healthy.posted).toEqual([]);
    expect(healthy.gauges).toEqual({ SilentAccountRegions: 0, UncoveredAccounts: 0 });
  });

  it('holds the lease from before reading until past its own deadline, and gives it back', async () => {
    const f = fakes([devWasSilent], ['delivered', 'delivered']);
    await runWatchdog(f.deps, { id: 'request-7', remainingMs: () => 299_000 });
    expect(f.lease.calls).toEqual([
      `acquire request-7 ${NOW} ${NOW + 299_000 + LEASE_MARGIN_MS}`,
      'release request-7',
    ]);
  });

  it('reads, posts and writes nothing, and logs who holds it, when another run holds the lease', async () => {
    const f = fakes([devWasSilent], ['delivered', 'delivered']);
    const held = Math.floor(NOW / 1000) + 100;
    f.deps = {
      ...f.deps,
      lease: fakeLease({ acquired: false, heldBy: 'request-0', expiresAt: held }),
    };
    const result = await runWatchdog(f.deps, INVOCATION);
    expect(result).toEqual({ status: 'skipped', heldBy: 'request-0' });
    expect(f.reads).toEqual([]);
    expect(f.posted).toEqual([]);
    expect(f.recorded).toEqual([]);
    expect(f.forgotten).toEqual([]);
    expect(f.gauges).toEqual({});
    expect(f.telemetry.lines).toContainEqual({
      level: 'warn',
      message: 'Another watchdog run holds the lease; this run posts nothing',
      extra: { heldBy: 'request-0', leaseExpiresAt: new Date(held * 1000).toISOString() },
    });
  });

  it('logs the run it took an expired lease over from', async () => {
    const f = fakes([], [], HEALTHY);
    f.deps = {
      ...f.deps,
      lease: fakeLease({ acquired: true, expiresAt: 1, tookOverFrom: 'crashed' }),
    };
    await runWatchdog(f.deps, INVOCATION);
    expect(f.telemetry.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', extra: { previousHolder: 'crashed' } }),
    );
  });

  it('gives the lease back when the run fails, so the asynchronous retry is not locked out', async () => {
    const f = fakes([devWasSilent], ['handed-back', 'handed-back']);
    await expect(runWatchdog(f.deps, INVOCATION)).rejects.toThrow(WatchdogDeliveryError);
    expect(f.lease.calls.at(-1)).toBe('release request-1');
  });

  it("keeps the run's own error when releasing the lease fails too, and logs the release failure", async () => {
    const f = fakes([devWasSilent], ['handed-back', 'handed-back']);
    f.lease.releaseAnswer = new Error('table unavailable');
    await expect(runWatchdog(f.deps, INVOCATION)).rejects.toThrow(WatchdogDeliveryError);
    expect(f.telemetry.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'Could not release the watchdog lease; it expires on its own',
      }),
    );
  });

  it('warns when the lease was no longer its own at the end', async () => {
    const f = fakes([], [], HEALTHY);
    f.lease.releaseAnswer = false;
    await expect(runWatchdog(f.deps, INVOCATION)).resolves.toMatchObject({ status: 'ran' });
    expect(f.telemetry.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'The watchdog lease was no longer ours at the end of the run',
      }),
    );
  });
});
