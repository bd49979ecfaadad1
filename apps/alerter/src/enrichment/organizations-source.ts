import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { type RetryOptions, withThrottlingRetry } from './with-retry.js';

/** A parent on the path from an account or OU to the root. */
export interface Parent {
  readonly id: string;
  readonly type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

/**
 * The Organizations reads enrichment needs, each with throttling retry. Every method maps to one
 * API and is called O(accounts + OUs) times by {@link AccountDirectory}.
 */
export interface OrganizationsSource {
  /** `Account.Name` for every account (one paginated `ListAccounts`). */
  listAccountNames(): Promise<Map<string, string>>;
  /** `Account.Name` of one account; `undefined` when Organizations does not know it. */
  describeAccountName(accountId: string): Promise<string | undefined>;
  /** The direct parent of an account or OU. */
  getParent(childId: string): Promise<Parent | undefined>;
  /** The name of an OU. */
  describeOuName(ouId: string): Promise<string>;
  /** Tags of an account. */
  listTags(accountId: string): Promise<Record<string, string>>;
}

/** An {@link OrganizationsSource} over the real client. */
export function createOrganizationsSource(
  client: OrganizationsClient,
  retry: RetryOptions = {},
): OrganizationsSource {
  return {
    async listAccountNames() {
      const names = new Map<string, string>();
      let nextToken: string | undefined;
      do {
        const page = await withThrottlingRetry(
          () => client.send(new ListAccountsCommand({ NextToken: nextToken })),
          retry,
        );
        for (const account of page.Accounts ?? []) {
          if (account.Id && account.Name) names.set(account.Id, account.Name);
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return names;
    },
    async describeAccountName(accountId) {
      try {
        const answer = await withThrottlingRetry(
          () => client.send(new DescribeAccountCommand({ AccountId: accountId })),
          retry,
        );
        return answer.Account?.Name;
      } catch (error) {
        if (error instanceof Error && error.name === 'AccountNotFoundException') return undefined;
        throw error;
      }
    },
    async getParent(childId) {
      const answer = await withThrottlingRetry(
        () => client.send(new ListParentsCommand({ ChildId: childId })),
        retry,
      );
      const parent = answer.Parents?.[0];
      if (!parent?.Id) return undefined;
      return { id: parent.Id, type: parent.Type === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
    },
    async describeOuName(ouId) {
      const answer = await withThrottlingRetry(
        () => client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId })),
        retry,
      );
      return answer.OrganizationalUnit?.Name ?? ouId;
    },
    async listTags(accountId) {
      const tags: Record<string, string> = {};
      let nextToken: string | undefined;
      do {
        const page = await withThrottlingRetry(
          () =>
            client.send(
              new ListTagsForResourceCommand({ ResourceId: accountId, NextToken: nextToken }),
            ),
          retry,
        );
        for (const tag of page.Tags ?? []) {
          if (tag.Key !== undefined && tag.Value !== undefined) tags[tag.Key] = tag.Value;
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return tags;
    },
  };
}
