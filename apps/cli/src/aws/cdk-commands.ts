import { DeploymentNames } from './deployment-names.js';

/** `npx cdk bootstrap aws://ACCOUNT/REGION …` for one account's regions. */
export function cdkBootstrapCommand(account: string, regions: readonly string[]): string {
  return `npx cdk bootstrap ${regions.map((r) => `aws://${account}/${r}`).join(' ')}`;
}

/** Deploys the management account's plain member stacks (one per member region). */
export function managementMemberDeploy(): string {
  return `npx cdk deploy '${DeploymentNames.MANAGEMENT_MEMBER_STACK_ID_PREFIX}*'`;
}
