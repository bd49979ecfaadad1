import {
  type CloudFormationClient,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import type { TrailwatchConfig } from '@trailwatch/config';
import { awsError, isAwsError } from './aws-error.js';

/** One stack instance of the member StackSet. */
export interface StackInstance {
  readonly account: string;
  readonly region: string;
  /** CURRENT, OUTDATED or INOPERABLE. */
  readonly status: string;
  /** PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, INOPERABLE, SKIPPED_SUSPENDED_ACCOUNT, … */
  readonly detailedStatus?: string;
  readonly statusReason?: string;
  /** DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED. */
  readonly drift?: string;
  readonly ouId?: string;
}

/** `CallAs` for StackSet calls: SELF from the management account, or DELEGATED_ADMIN. */
export function callAs(config: TrailwatchConfig): 'SELF' | 'DELEGATED_ADMIN' {
  return config.stackSet.callAs;
}

/** A hint naming the account StackSet calls must come from. */
export function stackSetAccountHint(config: TrailwatchConfig): string {
  const admin =
    config.stackSet.callAs === 'DELEGATED_ADMIN'
      ? `the StackSets delegated administrator ${config.stackSet.delegatedAdminAccountId}`
      : `the management account ${config.managementAccountId}`;
  return `StackSet calls must come from ${admin} in ${config.homeRegion}: use --profile for it`;
}

/**
 * Every instance of the member StackSet (ListStackInstances, 100 per page). Returns undefined
 * when the StackSet does not exist yet.
 */
export async function listStackInstances(
  client: CloudFormationClient,
  config: TrailwatchConfig,
): Promise<StackInstance[] | undefined> {
  const instances: StackInstance[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListStackInstancesCommand({
          StackSetName: config.stackSet.name,
          CallAs: callAs(config),
          MaxResults: 100,
          NextToken: token,
        }),
      );
      for (const s of page.Summaries ?? []) {
        instances.push({
          account: s.Account ?? '',
          region: s.Region ?? '',
          status: s.Status ?? 'UNKNOWN',
          ...(s.StackInstanceStatus?.DetailedStatus
            ? { detailedStatus: s.StackInstanceStatus.DetailedStatus }
            : {}),
          ...(s.StatusReason ? { statusReason: s.StatusReason } : {}),
          ...(s.DriftStatus ? { drift: s.DriftStatus } : {}),
          ...(s.OrganizationalUnitId ? { ouId: s.OrganizationalUnitId } : {}),
        });
      }
      token = page.NextToken;
    } while (token);
  } catch (error) {
    if (isAwsError(error, 'StackSetNotFoundException')) return undefined;
    throw awsError(
      error,
      `listing the instances of StackSet ${config.stackSet.name}`,
      stackSetAccountHint(config),
    );
  }
  return instances;
}

/** Whether an instance needs no work: CURRENT and its last operation succeeded. */
export function isHealthy(instance: StackInstance): boolean {
  return (
    instance.status === 'CURRENT' &&
    (instance.detailedStatus === undefined || instance.detailedStatus === 'SUCCEEDED')
  );
}
