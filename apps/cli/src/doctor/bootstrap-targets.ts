import { stackSetAdminAccountId, type TrailwatchConfig } from '@trailwatch/config';

/**
 * Every account × region that gets a CDK stack, as apps/infra/src/trailwatch-app.ts places
 * them: TrailwatchSecurity (security × homeRegion), TrailwatchStackSet (StackSet admin ×
 * homeRegion), TrailwatchManagement (management × us-east-1), TrailwatchManagementMember-<r>
 * (management × each member region) and TrailwatchIdentityCenter (its account × region).
 */
export function bootstrapTargets(
  config: TrailwatchConfig,
): { account: string; region: string; stacks: string[] }[] {
  const targets = new Map<string, { account: string; region: string; stacks: string[] }>();
  const add = (account: string, region: string, stack: string): void => {
    const key = `${account}/${region}`;
    const entry = targets.get(key) ?? { account, region, stacks: [] };
    entry.stacks.push(stack);
    targets.set(key, entry);
  };
  add(config.securityAccountId, config.homeRegion, 'TrailwatchSecurity');
  add(stackSetAdminAccountId(config), config.homeRegion, 'TrailwatchStackSet');
  add(config.managementAccountId, 'us-east-1', 'TrailwatchManagement');
  for (const region of config.memberRegions) {
    add(config.managementAccountId, region, `TrailwatchManagementMember-${region}`);
  }
  if (config.identityCenter) {
    add(config.identityCenter.accountId, config.identityCenter.region, 'TrailwatchIdentityCenter');
  }
  return [...targets.values()];
}
