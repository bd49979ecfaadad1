import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { type RetryOptions, withThrottlingRetry } from '../enrichment/with-retry.js';
import type { WatchedAccount } from './evaluate.js';

/**
 * Every ACTIVE account of the organization (one paginated `ListAccounts`, throttling retried).
 * `State` replaces the deprecated `Status` (AWS asks callers to switch by 2026-09-09); either
 * is honoured, so SUSPENDED, PENDING_CLOSURE and CLOSED accounts are never expected to beat.
 */
export async function listActiveAccounts(
  client: OrganizationsClient,
  retry: RetryOptions = {},
): Promise<WatchedAccount[]> {
  const accounts: WatchedAccount[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withThrottlingRetry(
      () => client.send(new ListAccountsCommand({ NextToken: nextToken })),
      retry,
    );
    for (const account of page.Accounts ?? []) {
      const state = account.State ?? account.Status;
      if (!account.Id || state !== 'ACTIVE') continue;
      const joinedAt = account.JoinedTimestamp?.getTime();
      accounts.push({
        id: account.Id,
        name: account.Name ?? account.Id,
        ...(joinedAt === undefined || Number.isNaN(joinedAt) ? {} : { joinedAt }),
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return accounts;
}
