import {
  type Account,
  DescribeAccountCommand,
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { type RetryOptions, withThrottlingRetry } from '../enrichment/with-retry.js';
import { mapLimit } from '../map-limit.js';
import type { WatchedAccount } from './evaluate.js';

/** What the deployment targets: where the StackSet deploys, plus the management account. */
export interface DeploymentTargets {
  /** OU ids (`ou-…`) and/or the root id (`r-…`, every account), as in `targetOuIds`. */
  readonly targetOuIds: readonly string[];
  /** Gets the member stacks directly (StackSets never deploy to the management account). */
  readonly managementAccountId: string;
}

/**
 * Parents listed at once. Organizations throttles per organization, and the alerter's enrichment
 * shares that budget: a few calls in flight keep a 100-OU walk short without starving it.
 */
const PARENT_CONCURRENCY = 4;

/**
 * The pages of one paginated listing, each page with its own throttling retry. A paginator that
 * threw is finished, so a throttled page is fetched again by a new paginator starting at the token
 * that page was asked for; pages already read are not read twice.
 */
async function* retriedPages<Page extends { NextToken?: string | undefined }>(
  open: (startingToken: string | undefined) => AsyncIterator<Page>,
  retry: RetryOptions,
): AsyncGenerator<Page> {
  let token: string | undefined;
  let pages = open(undefined);
  for (;;) {
    const result = await withThrottlingRetry(async () => {
      try {
        return await pages.next();
      } catch (error) {
        pages = open(token);
        throw error;
      }
    }, retry);
    if (result.done) return;
    token = result.value.NextToken;
    yield result.value;
  }
}

function toWatched(account: Account): WatchedAccount | undefined {
  // `State` replaces the deprecated `Status` (AWS asks callers to switch by 2026-09-09); either
  // is honoured, so SUSPENDED, PENDING_CLOSURE and CLOSED accounts are never expected to beat.
  const state = account.State ?? account.Status;
  if (!account.Id || state !== 'ACTIVE') return undefined;
  const joinedAt = account.JoinedTimestamp?.getTime();
  return {
    id: account.Id,
    name: account.Name ?? account.Id,
    ...(joinedAt === undefined || Number.isNaN(joinedAt) ? {} : { joinedAt }),
  };
}

/**
 * The ACTIVE accounts the deployment expects heartbeats from: every account under the target OUs,
 * recursively (`ListOrganizationalUnitsForParent` + `ListAccountsForParent`; a root id walks the
 * whole organization), plus the management account (`DescribeAccount` when it is not under a
 * target). Each page is retried on throttling. An unknown target id fails the run
 * (`ParentNotFoundException`): the StackSet would not deploy there either, so it is a
 * configuration error worth the error alarm, not an empty scope.
 */
export async function listTargetAccounts(
  client: OrganizationsClient,
  targets: DeploymentTargets,
  retry: RetryOptions = {},
): Promise<WatchedAccount[]> {
  const found = new Map<string, Account>();
  const visited = new Set<string>();
  let level = [...new Set(targets.targetOuIds)];
  while (level.length > 0) {
    for (const parent of level) visited.add(parent);
    const children = await mapLimit(level, PARENT_CONCURRENCY, async (parentId) => {
      for await (const page of retriedPages(
        (startingToken) =>
          paginateListAccountsForParent(
            { client, ...(startingToken === undefined ? {} : { startingToken }) },
            { ParentId: parentId },
          ),
        retry,
      )) {
        for (const account of page.Accounts ?? []) if (account.Id) found.set(account.Id, account);
      }
      const ous: string[] = [];
      for await (const page of retriedPages(
        (startingToken) =>
          paginateListOrganizationalUnitsForParent(
            { client, ...(startingToken === undefined ? {} : { startingToken }) },
            { ParentId: parentId },
          ),
        retry,
      )) {
        for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) ous.push(ou.Id);
      }
      return ous;
    });
    // A target nested under another target is walked once.
    level = [...new Set(children.flat())].filter((id) => !visited.has(id));
  }
  if (!found.has(targets.managementAccountId)) {
    const { Account: management } = await withThrottlingRetry(
      () => client.send(new DescribeAccountCommand({ AccountId: targets.managementAccountId })),
      retry,
    );
    if (management?.Id) found.set(management.Id, management);
  }
  return [...found.values()].flatMap((account) => toWatched(account) ?? []);
}
