import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  type ListAccountsForParentCommandOutput,
  ListOrganizationalUnitsForParentCommand,
  type ListOrganizationalUnitsForParentCommandOutput,
  ListRootsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { awsError } from './aws-error.js';

/** An account of the organization as the CLI needs it. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (the newer `State`, else the older `Status`). */
  readonly state: string;
  readonly joinedAt?: string;
  /** Parent OU or root id (from {@link readOrganizationTree} only). */
  readonly parentId?: string;
  /** `Root/Prod/Web` (from {@link readOrganizationTree} only). */
  readonly ouPath?: string;
}

const DENIED_HINT =
  'Organizations answers only the management account or a delegated administrator: use --profile for the management account (or the StackSets delegated admin), with organizations:List* allowed';

function toAccount(
  account: {
    Id?: string;
    Name?: string;
    State?: string;
    Status?: string;
    JoinedTimestamp?: Date;
  },
  parent?: { id: string; path: string },
): OrgAccount {
  return {
    id: account.Id ?? '',
    name: account.Name ?? '',
    state: account.State ?? account.Status ?? 'UNKNOWN',
    ...(account.JoinedTimestamp ? { joinedAt: account.JoinedTimestamp.toISOString() } : {}),
    ...(parent ? { parentId: parent.id, ouPath: parent.path } : {}),
  };
}

/** Every account of the organization (ListAccounts, all pages: accounts ÷ 20 calls). */
export async function listOrganizationAccounts(client: OrganizationsClient): Promise<OrgAccount[]> {
  const accounts: OrgAccount[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListAccountsCommand({ NextToken: token }));
      for (const account of page.Accounts ?? []) accounts.push(toAccount(account));
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw awsError(error, 'listing the accounts of the organization', DENIED_HINT);
  }
  return accounts;
}

/** The organization root's id (`r-…`). */
export async function rootId(client: OrganizationsClient): Promise<string> {
  try {
    const roots = await client.send(new ListRootsCommand({}));
    const id = roots.Roots?.[0]?.Id;
    if (!id) throw new Error('ListRoots returned no root');
    return id;
  } catch (error) {
    throw awsError(error, 'reading the organization root', DENIED_HINT);
  }
}

/** OUs and accounts with their OU path. */
export interface OrganizationTree {
  readonly rootId: string;
  readonly accounts: OrgAccount[];
  /** OU id → path, the root included (`Root`). */
  readonly ouPaths: ReadonlyMap<string, string>;
}

/**
 * Walks the OU tree from the root: one ListOrganizationalUnitsForParent and one
 * ListAccountsForParent per OU (and per page), so the cost grows with OUs, not accounts.
 */
export async function readOrganizationTree(client: OrganizationsClient): Promise<OrganizationTree> {
  const root = await rootId(client);
  const ouPaths = new Map<string, string>([[root, 'Root']]);
  const accounts: OrgAccount[] = [];
  const queue = [root];
  try {
    while (queue.length > 0) {
      const parentId = queue.shift() as string;
      const path = ouPaths.get(parentId) ?? parentId;
      let token: string | undefined;
      do {
        const page: ListOrganizationalUnitsForParentCommandOutput = await client.send(
          new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken: token }),
        );
        for (const ou of page.OrganizationalUnits ?? []) {
          if (!ou.Id) continue;
          ouPaths.set(ou.Id, `${path}/${ou.Name ?? ou.Id}`);
          queue.push(ou.Id);
        }
        token = page.NextToken;
      } while (token);
      token = undefined;
      do {
        const page: ListAccountsForParentCommandOutput = await client.send(
          new ListAccountsForParentCommand({ ParentId: parentId, NextToken: token }),
        );
        for (const account of page.Accounts ?? []) {
          accounts.push(toAccount(account, { id: parentId, path }));
        }
        token = page.NextToken;
      } while (token);
    }
  } catch (error) {
    throw awsError(error, 'reading the organization tree', DENIED_HINT);
  }
  return { rootId: root, accounts, ouPaths };
}
