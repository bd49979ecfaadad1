import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { TrailwatchConfig } from '@trailwatch/config';
import { clientConfig } from '../aws/client-config.js';
import { scanHeartbeats } from '../aws/heartbeats.js';
import { readOrganizationTree } from '../aws/organization.js';
import { listStackInstances } from '../aws/stack-instances.js';
import { UsageError } from '../errors.js';
import { buildCoverage, type CoverageReport } from './coverage-model.js';

export interface CoverageSources {
  readonly profile?: string;
  readonly securityProfile?: string;
  readonly region?: string;
  /** Only accounts under this OU (or root) id, nested OUs included. */
  readonly ou?: string;
}

/**
 * Reads the organization tree, the StackSet's instances and the heartbeats, and builds the
 * report. A StackSet that does not exist yet means every member account is missing.
 */
export async function collectCoverage(
  config: TrailwatchConfig,
  sources: CoverageSources,
  now: number,
): Promise<CoverageReport> {
  const profile = sources.profile ? { profile: sources.profile } : {};
  const securityProfile = sources.securityProfile ?? sources.profile;
  const [tree, instances, heartbeats] = await Promise.all([
    readOrganizationTree(
      new OrganizationsClient(clientConfig({ region: 'us-east-1', ...profile })),
    ),
    listStackInstances(
      new CloudFormationClient(clientConfig({ region: config.homeRegion, ...profile })),
      config,
    ),
    scanHeartbeats(
      new DynamoDBClient(
        clientConfig({
          region: sources.region ?? config.homeRegion,
          ...(securityProfile ? { profile: securityProfile } : {}),
        }),
      ),
    ),
  ]);
  let accounts = tree.accounts;
  if (sources.ou !== undefined) {
    const path = tree.ouPaths.get(sources.ou);
    if (path === undefined) {
      throw new UsageError(`--ou ${sources.ou} is not an OU or root of this organization`, {
        hint: `known: ${[...tree.ouPaths]
          .map(([id, p]) => `${id} (${p})`)
          .slice(0, 20)
          .join(', ')}`,
      });
    }
    accounts = accounts.filter((a) => a.ouPath === path || a.ouPath?.startsWith(`${path}/`));
  }
  return buildCoverage({
    accounts,
    instances: instances ?? [],
    heartbeats,
    regions: config.memberRegions,
    managementAccountId: config.managementAccountId,
    stackSet: config.stackSet.name,
    now,
  });
}
