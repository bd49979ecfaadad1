import { describe, expect, it } from 'vitest';
import {
  evaluateCoverage,
  type LastHeartbeat,
  type WatchdogInput,
  WatchdogStatus,
} from '../../src/watchdog/evaluate.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const REGIONS = ['us-east-1', 'eu-west-1'];
const PROD = { id: '111111111111', name: 'prod', joinedAt: Date.parse('2021-01-01T00:00:00Z') };
const DEV = { id: '222222222222', name: 'dev', joinedAt: Date.parse('2022-03-01T00:00:00Z') };

function beat(account: string, region: string, agoMs: number): LastHeartbeat {
  return { account, region, lastSeen: NOW - agoMs };
}

function input(overrides: Partial<WatchdogInput>): WatchdogInput {
  return {
    accounts: [PROD, DEV],
    heartbeats: [],
    states: [],
    memberRegions: REGIONS,
    excludedAccounts: new Set(),
    now: NOW,
    silenceMs: 150 * MINUTE,
    graceMs: 180 * MINUTE,
    ...overrides,
  };
}

const allFresh = [
  beat(PROD.id, 'us-east-1', 10 * MINUTE),
  beat(PROD.id, 'eu-west-1', 50 * MINUTE),
  beat(DEV.id, 'us-east-1', 30 * MINUTE),
  beat(DEV.id, 'eu-west-1', 149 * MINUTE),
];

describe('Function: evaluateCoverage', () => {
  it('reports nothing when every account sent a heartbeat from every region within the silence window', () => {
    const result = evaluateCoverage(input({ heartbeats: allFresh }));
    expect(result.problems).toEqual([]);
    expect(result.silentCount).toBe(0);
    expect(result.uncoveredCount).toBe(0);
  });

  it('reports one region silent when its last heartbeat is older than the silence window', () => {
    const heartbeats = [...allFresh.slice(1), beat(PROD.id, 'us-east-1', 151 * MINUTE)];
    const result = evaluateCoverage(input({ heartbeats }));
    expect(result.newProblems).toEqual([
      {
        account: PROD,
        region: 'us-east-1',
        status: WatchdogStatus.SILENT,
        since: NOW - 151 * MINUTE,
      },
    ]);
    expect(result.silentCount).toBe(1);
    expect(result.uncoveredCount).toBe(0);
  });

  it('reports a member region that never sent a heartbeat as silent since never for a covered account', () => {
    const heartbeats = allFresh.filter((b) => !(b.account === DEV.id && b.region === 'eu-west-1'));
    const result = evaluateCoverage(input({ heartbeats }));
    expect(result.newProblems).toEqual([
      { account: DEV, region: 'eu-west-1', status: WatchdogStatus.SILENT },
    ]);
  });

  it('reports an account without any heartbeat as uncovered in every region once its grace period is over', () => {
    const heartbeats = allFresh.filter((b) => b.account !== DEV.id);
    const result = evaluateCoverage(input({ heartbeats }));
    expect(result.newProblems.map((p) => [p.account.id, p.region, p.status, p.since])).toEqual([
      [DEV.id, 'us-east-1', WatchdogStatus.UNCOVERED, DEV.joinedAt],
      [DEV.id, 'eu-west-1', WatchdogStatus.UNCOVERED, DEV.joinedAt],
    ]);
    expect(result.uncoveredCount).toBe(1);
    expect(result.silentCount).toBe(0);
  });

  it('leaves an account that joined within the grace period alone and lists it as in grace', () => {
    const fresh = { id: '333333333333', name: 'new', joinedAt: NOW - 179 * MINUTE };
    const result = evaluateCoverage(input({ accounts: [PROD, DEV, fresh], heartbeats: allFresh }));
    expect(result.problems).toEqual([]);
    expect(result.inGrace).toEqual([fresh]);
  });

  it('gives the other regions of a new account that already beats in one region the grace period', () => {
    const fresh = { id: '333333333333', name: 'new', joinedAt: NOW - 30 * MINUTE };
    const heartbeats = [...allFresh, beat(fresh.id, 'us-east-1', MINUTE)];
    const result = evaluateCoverage(input({ accounts: [PROD, DEV, fresh], heartbeats }));
    expect(result.problems).toEqual([]);
    const later = evaluateCoverage(
      input({ accounts: [PROD, DEV, fresh], heartbeats, now: fresh.joinedAt + 181 * MINUTE }),
    );
    expect(later.newProblems).toContainEqual({
      account: fresh,
      region: 'eu-west-1',
      status: WatchdogStatus.SILENT,
    });
  });

  it('reports an account as uncovered once it joined longer ago than the grace period', () => {
    const late = { id: '333333333333', name: 'new', joinedAt: NOW - 181 * MINUTE };
    const result = evaluateCoverage(input({ accounts: [PROD, DEV, late], heartbeats: allFresh }));
    expect(result.uncoveredCount).toBe(1);
    expect(result.newProblems.every((p) => p.account.id === late.id)).toBe(true);
  });

  it('treats an account with an unknown joining time as past its grace period', () => {
    const unknown = { id: '333333333333', name: 'legacy' };
    const result = evaluateCoverage(input({ accounts: [unknown], heartbeats: [] }));
    expect(result.uncoveredCount).toBe(1);
    expect(result.newProblems[0]).not.toHaveProperty('since');
  });

  it('never expects heartbeats from excluded accounts and forgets their announced problems', () => {
    const heartbeats = allFresh.filter((b) => b.account !== DEV.id);
    const states = [{ account: DEV.id, region: 'eu-west-1', status: WatchdogStatus.UNCOVERED }];
    const result = evaluateCoverage(
      input({ heartbeats, states, excludedAccounts: new Set([DEV.id]) }),
    );
    expect(result.problems).toEqual([]);
    expect(result.uncoveredCount).toBe(0);
    expect(result.recovered).toEqual([]);
    expect(result.unwatched).toEqual(states);
  });

  it('does not announce again a problem that already has a state item, but still counts it', () => {
    const heartbeats = [...allFresh.slice(1), beat(PROD.id, 'us-east-1', 5 * HOUR)];
    const states = [
      {
        account: PROD.id,
        region: 'us-east-1',
        status: WatchdogStatus.SILENT,
        since: NOW - 5 * HOUR,
      },
    ];
    const result = evaluateCoverage(input({ heartbeats, states }));
    expect(result.newProblems).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.silentCount).toBe(1);
  });

  it('does not announce an uncovered account again when its heartbeat items expired into uncovered', () => {
    const heartbeats = allFresh.filter((b) => b.account !== DEV.id);
    const states = REGIONS.map((region) => ({
      account: DEV.id,
      region,
      status: WatchdogStatus.SILENT,
      since: NOW - 8 * 24 * HOUR,
    }));
    const result = evaluateCoverage(input({ heartbeats, states }));
    expect(result.newProblems).toEqual([]);
    expect(result.uncoveredCount).toBe(1);
  });

  it('reports a region with a state item and a fresh heartbeat as recovered', () => {
    const states = [
      {
        account: PROD.id,
        region: 'eu-west-1',
        status: WatchdogStatus.SILENT,
        since: NOW - 5 * HOUR,
      },
    ];
    const result = evaluateCoverage(input({ heartbeats: allFresh, states }));
    expect(result.recovered).toEqual([
      { account: PROD, region: 'eu-west-1', previous: states[0], lastSeen: NOW - 50 * MINUTE },
    ]);
    expect(result.newProblems).toEqual([]);
  });

  it('forgets state items of accounts that are no longer active and of dropped regions', () => {
    const states = [
      { account: '999999999999', region: 'us-east-1', status: WatchdogStatus.SILENT },
      { account: PROD.id, region: 'ap-south-1', status: WatchdogStatus.SILENT },
    ];
    const result = evaluateCoverage(input({ heartbeats: allFresh, states }));
    expect(result.unwatched).toEqual(states);
    expect(result.recovered).toEqual([]);
  });

  it('uses the newest of duplicate heartbeat items for one region', () => {
    const heartbeats = [...allFresh, beat(PROD.id, 'us-east-1', 10 * HOUR)];
    expect(evaluateCoverage(input({ heartbeats })).problems).toEqual([]);
  });

  it('counts a heartbeat from a non-member region as covering the account', () => {
    const heartbeats = [
      ...allFresh.filter((b) => b.account !== DEV.id),
      beat(DEV.id, 'ap-south-1', MINUTE),
    ];
    const result = evaluateCoverage(input({ heartbeats }));
    expect(result.uncoveredCount).toBe(0);
    expect(result.silentCount).toBe(2);
  });
});
