import { SILENT_AFTER_MS } from '../aws/deployment-names.js';
import { cellKey, type Heartbeats } from '../aws/heartbeats.js';
import type { OrgAccount } from '../aws/organization.js';
import type { StackInstance } from '../aws/stack-instances.js';

/**
 * What a cell shows, worst first. `missing`: no stack instance (for the management account: no
 * heartbeat ever from its plain stack); `failed`: the instance's last operation failed;
 * `silent`: no heartbeat within 150 min; `outdated`: an update is pending or running;
 * `drifted`: someone changed the stack by hand; `ok`.
 */
export const CELL_STATUSES = ['missing', 'failed', 'silent', 'outdated', 'drifted', 'ok'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

export interface CoverageCell {
  readonly status: CellStatus;
  /** Forwarding is proven: a stack is there and a heartbeat arrived within 150 min. */
  readonly covered: boolean;
  /** `CURRENT/SUCCEEDED`, …; absent for the management account and missing instances. */
  readonly instance?: string;
  readonly drift?: string;
  readonly reason?: string;
  /** ISO time of the last heartbeat. */
  readonly lastHeartbeat?: string;
}

export interface CoverageAccount {
  readonly id: string;
  readonly name: string;
  readonly ouPath: string;
  readonly management: boolean;
  /** Whether the account has a stack instance in at least one region. */
  readonly hasInstance: boolean;
  readonly covered: boolean;
  /** The worst cell status. */
  readonly status: CellStatus;
  readonly cells: Readonly<Record<string, CoverageCell>>;
}

export interface CoverageReport {
  readonly generatedAt: string;
  readonly stackSet: string;
  readonly regions: readonly string[];
  readonly silentAfterMinutes: number;
  readonly summary: {
    readonly accounts: number;
    readonly covered: number;
    readonly uncovered: number;
    readonly withoutInstance: number;
    /** Accounts left out of scope because they are not ACTIVE. */
    readonly inactive: number;
    readonly cells: Readonly<Record<CellStatus, number>>;
  };
  /** Uncovered accounts first: those with no instance at all, then by problems. */
  readonly accounts: readonly CoverageAccount[];
}

const FAILED_DETAIL = new Set(['FAILED', 'CANCELLED', 'INOPERABLE', 'SKIPPED_SUSPENDED_ACCOUNT']);

function rank(status: CellStatus): number {
  return CELL_STATUSES.indexOf(status);
}

function cell(
  instance: StackInstance | undefined,
  management: boolean,
  heartbeat: number | undefined,
  now: number,
): CoverageCell {
  const fresh = heartbeat !== undefined && now - heartbeat <= SILENT_AFTER_MS;
  const lastHeartbeat =
    heartbeat === undefined ? {} : { lastHeartbeat: new Date(heartbeat).toISOString() };
  if (management) {
    if (heartbeat === undefined) {
      return {
        status: 'missing',
        covered: false,
        reason: 'no heartbeat ever: deploy the TrailwatchManagementMember stack',
      };
    }
    return fresh
      ? { status: 'ok', covered: true, ...lastHeartbeat }
      : {
          status: 'silent',
          covered: false,
          reason: 'no heartbeat within 150 min',
          ...lastHeartbeat,
        };
  }
  if (instance === undefined) {
    return { status: 'missing', covered: false, reason: 'no stack instance', ...lastHeartbeat };
  }
  const detail = {
    instance: `${instance.status}${instance.detailedStatus ? `/${instance.detailedStatus}` : ''}`,
    ...(instance.drift ? { drift: instance.drift } : {}),
    ...lastHeartbeat,
  };
  if (instance.status === 'INOPERABLE' || FAILED_DETAIL.has(instance.detailedStatus ?? '')) {
    return {
      status: 'failed',
      covered: fresh,
      reason: instance.statusReason ?? 'the last operation failed',
      ...detail,
    };
  }
  if (!fresh) {
    return {
      status: 'silent',
      covered: false,
      reason: heartbeat === undefined ? 'no heartbeat yet' : 'no heartbeat within 150 min',
      ...detail,
    };
  }
  if (instance.status === 'OUTDATED') return { status: 'outdated', covered: true, ...detail };
  if (instance.drift === 'DRIFTED') return { status: 'drifted', covered: true, ...detail };
  return { status: 'ok', covered: true, ...detail };
}

/** Builds the accounts × regions report (pure: every input already fetched). */
export function buildCoverage(input: {
  readonly accounts: readonly OrgAccount[];
  readonly instances: readonly StackInstance[];
  readonly heartbeats: Heartbeats;
  readonly regions: readonly string[];
  readonly managementAccountId: string;
  readonly stackSet: string;
  readonly now: number;
}): CoverageReport {
  const instances = new Map(input.instances.map((i) => [cellKey(i.account, i.region), i]));
  const withInstance = new Set(input.instances.map((i) => i.account));
  const cells = Object.fromEntries(CELL_STATUSES.map((s) => [s, 0])) as Record<CellStatus, number>;
  const active = input.accounts.filter((a) => a.state === 'ACTIVE');
  const accounts = active.map((account): CoverageAccount => {
    const management = account.id === input.managementAccountId;
    const row: Record<string, CoverageCell> = {};
    let worst: CellStatus = 'ok';
    for (const region of input.regions) {
      const c = cell(
        instances.get(cellKey(account.id, region)),
        management,
        input.heartbeats.get(cellKey(account.id, region)),
        input.now,
      );
      row[region] = c;
      cells[c.status]++;
      if (rank(c.status) < rank(worst)) worst = c.status;
    }
    return {
      id: account.id,
      name: account.name,
      ouPath: account.ouPath ?? '',
      management,
      hasInstance: management || withInstance.has(account.id),
      covered: Object.values(row).every((c) => c.covered),
      status: worst,
      cells: row,
    };
  });
  const problems = (a: CoverageAccount): number =>
    Object.values(a.cells).filter((c) => !c.covered).length;
  accounts.sort(
    (a, b) =>
      Number(a.hasInstance) - Number(b.hasInstance) ||
      Number(a.covered) - Number(b.covered) ||
      problems(b) - problems(a) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
  const covered = accounts.filter((a) => a.covered).length;
  return {
    generatedAt: new Date(input.now).toISOString(),
    stackSet: input.stackSet,
    regions: [...input.regions],
    silentAfterMinutes: SILENT_AFTER_MS / 60000,
    summary: {
      accounts: accounts.length,
      covered,
      uncovered: accounts.length - covered,
      withoutInstance: accounts.filter((a) => !a.hasInstance).length,
      inactive: input.accounts.length - active.length,
      cells,
    },
    accounts,
  };
}
