import { cellKey } from '../aws/heartbeats.js';
import { isHealthy, type StackInstance } from '../aws/stack-instances.js';

/** One StackSet operation: the same accounts in the same regions. */
export interface PlannedOperation {
  /** `create` for missing instances, `update` to redeploy existing ones that are not healthy. */
  readonly kind: 'create' | 'update';
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/**
 * Batches the work for `accounts` × `regions` into StackSet operations. Per region the accounts
 * that lack an instance (create) or have an unhealthy one (update) are collected; regions whose
 * account lists are equal share one operation. So there are at most 2 × regions operations
 * whatever the number of accounts, and one when every account is new everywhere.
 */
export function planOperations(
  accounts: readonly string[],
  regions: readonly string[],
  instances: readonly StackInstance[],
): PlannedOperation[] {
  const byCell = new Map(instances.map((i) => [cellKey(i.account, i.region), i]));
  const operations: PlannedOperation[] = [];
  for (const kind of ['create', 'update'] as const) {
    const regionsByAccounts = new Map<string, { accounts: string[]; regions: string[] }>();
    for (const region of regions) {
      const needing = accounts.filter((account) => {
        const instance = byCell.get(cellKey(account, region));
        return kind === 'create'
          ? instance === undefined
          : instance !== undefined && !isHealthy(instance);
      });
      if (needing.length === 0) continue;
      const sorted = [...needing].sort();
      const key = sorted.join(',');
      const group = regionsByAccounts.get(key);
      if (group) group.regions.push(region);
      else regionsByAccounts.set(key, { accounts: sorted, regions: [region] });
    }
    for (const group of regionsByAccounts.values()) operations.push({ kind, ...group });
  }
  return operations;
}
