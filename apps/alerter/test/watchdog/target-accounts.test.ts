import {
  type Account,
  DescribeAccountCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  ParentNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTargetAccounts } from '../../src/watchdog/target-accounts.js';

const organizations = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: 'us-east-1' });
const FAST = { baseDelayMs: 1, maxDelayMs: 2 };

const ROOT = 'r-root';
const MANAGEMENT = '100000000000';
const JOINED = new Date('2024-05-01T00:00:00Z');

function account(id: string, state: Account['State'] = 'ACTIVE'): Account {
  return { Id: id, Name: `name-${id}`, State: state, JoinedTimestamp: JOINED };
}

/**
 * root ─ management, 900000000001
 *  ├ ou-a ─ a1, a2 (suspended), a4, a5   (one account per page)
 *  │  └ ou-a-deep ─ a3
 *  │     └ ou-a-deeper ─ a6 (only through the `Status` field, State absent)
 *  └ ou-b ─ b1
 */
const OUS: Record<string, string[]> = {
  [ROOT]: ['ou-a', 'ou-b'],
  'ou-a': ['ou-a-deep'],
  'ou-a-deep': ['ou-a-deeper'],
  'ou-a-deeper': [],
  'ou-b': [],
};
const ACCOUNTS: Record<string, Account[]> = {
  [ROOT]: [account(MANAGEMENT), account('900000000001')],
  'ou-a': [
    account('111111111101'),
    account('111111111102', 'SUSPENDED'),
    account('111111111104'),
    account('111111111105'),
  ],
  'ou-a-deep': [account('111111111103')],
  'ou-a-deeper': [{ Id: '111111111106', Name: 'legacy', Status: 'ACTIVE' }],
  'ou-b': [account('222222222201')],
};

/** Serves `items` one per page, with the page index as the token, like Organizations' paging. */
function page<T>(items: readonly T[], token: string | undefined): { items: T[]; next?: string } {
  const index = token === undefined ? 0 : Number(token);
  return {
    items: items.slice(index, index + 1),
    ...(index + 1 < items.length ? { next: String(index + 1) } : {}),
  };
}

function notFound(): ParentNotFoundException {
  return new ParentNotFoundException({
    message: "We can't find a root or OU with the ParentId that you specified.",
    $metadata: {},
  });
}

function throttled(): TooManyRequestsException {
  return new TooManyRequestsException({
    message: 'You have sent too many requests in too short a period of time.',
    $metadata: {},
  });
}

/**
 * `ListAccountsForParent` requests as sent, `parent@token`. Recorded when answered: a paginator
 * reuses one input object for every page, so the mock's own call log shows only the last token.
 */
let accountRequests: string[] = [];

function listAccountsForParent({ ParentId, NextToken }: { ParentId: string; NextToken?: string }) {
  accountRequests.push(`${ParentId}@${NextToken ?? 'first'}`);
  const { items, next } = page(ACCOUNTS[ParentId] ?? [], NextToken);
  return { Accounts: items, ...(next ? { NextToken: next } : {}) };
}

beforeEach(() => {
  accountRequests = [];
  organizations.on(ListAccountsForParentCommand).callsFake(({ ParentId, NextToken }) => {
    accountRequests.push(`${ParentId}@${NextToken ?? 'first'}`);
    const accounts = ACCOUNTS[ParentId];
    if (accounts === undefined) throw notFound();
    const { items, next } = page(accounts, NextToken);
    return { Accounts: items, ...(next ? { NextToken: next } : {}) };
  });
  organizations.on(ListOrganizationalUnitsForParentCommand).callsFake(({ ParentId, NextToken }) => {
    const ous = OUS[ParentId];
    if (ous === undefined) throw notFound();
    const { items, next } = page(ous, NextToken);
    return {
      OrganizationalUnits: items.map((Id) => ({ Id, Name: Id })),
      ...(next ? { NextToken: next } : {}),
    };
  });
  organizations
    .on(DescribeAccountCommand)
    .callsFake(({ AccountId }) => ({ Account: account(AccountId) }));
});

afterEach(() => {
  organizations.reset();
});

const ids = (accounts: { id: string }[]) => accounts.map((a) => a.id).sort();
const requestsFor = (parent: string) =>
  accountRequests.filter((request) => request.startsWith(`${parent}@`));

describe('Function: listTargetAccounts', () => {
  it('expects the ACTIVE accounts under a target OU, recursively, plus the management account', async () => {
    const accounts = await listTargetAccounts(
      client,
      { targetOuIds: ['ou-a'], managementAccountId: MANAGEMENT },
      FAST,
    );
    expect(ids(accounts)).toEqual([
      MANAGEMENT,
      '111111111101',
      '111111111103',
      '111111111104',
      '111111111105',
      '111111111106',
    ]);
    // Outside the targets: never expected, so never "uncovered".
    expect(ids(accounts)).not.toContain('222222222201');
    expect(ids(accounts)).not.toContain('900000000001');
    expect(accounts.find((a) => a.id === '111111111101')).toEqual({
      id: '111111111101',
      name: 'name-111111111101',
      joinedAt: JOINED.getTime(),
    });
    // The management account is not under ou-a: one DescribeAccount, and ListAccounts never.
    expect(organizations.commandCalls(DescribeAccountCommand)).toHaveLength(1);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });

  it('walks the whole organization from a root id, finding the management account there', async () => {
    const accounts = await listTargetAccounts(
      client,
      { targetOuIds: [ROOT], managementAccountId: MANAGEMENT },
      FAST,
    );
    expect(ids(accounts)).toEqual([
      MANAGEMENT,
      '111111111101',
      '111111111103',
      '111111111104',
      '111111111105',
      '111111111106',
      '222222222201',
      '900000000001',
    ]);
    expect(organizations.commandCalls(DescribeAccountCommand)).toHaveLength(0);
  });

  it('reads every page, passing the token of the last one', async () => {
    await listTargetAccounts(
      client,
      { targetOuIds: ['ou-a'], managementAccountId: MANAGEMENT },
      FAST,
    );
    expect(requestsFor('ou-a')).toEqual(['ou-a@first', 'ou-a@1', 'ou-a@2', 'ou-a@3']);
  });

  it('lists a target nested under another target once', async () => {
    const accounts = await listTargetAccounts(
      client,
      { targetOuIds: ['ou-a-deep', 'ou-a', 'ou-a'], managementAccountId: MANAGEMENT },
      FAST,
    );
    expect(new Set(ids(accounts)).size).toBe(accounts.length);
    expect(accountRequests.filter((request) => request.endsWith('@first')).sort()).toEqual([
      'ou-a-deep@first',
      'ou-a-deeper@first',
      'ou-a@first',
    ]);
  });

  it('retries a throttled page with its own token, without reading earlier pages again', async () => {
    let throttles = 2;
    organizations.on(ListAccountsForParentCommand).callsFake((input) => {
      if (input.ParentId === 'ou-a' && input.NextToken === '2' && throttles > 0) {
        throttles -= 1;
        accountRequests.push('ou-a@2 (throttled)');
        throw throttled();
      }
      return listAccountsForParent(input);
    });
    const accounts = await listTargetAccounts(
      client,
      { targetOuIds: ['ou-a'], managementAccountId: MANAGEMENT },
      FAST,
    );
    expect(ids(accounts)).toContain('111111111105');
    expect(requestsFor('ou-a')).toEqual([
      'ou-a@first',
      'ou-a@1',
      'ou-a@2 (throttled)',
      'ou-a@2 (throttled)',
      'ou-a@2',
      'ou-a@3',
    ]);
  });

  it('retries throttled OU listings and the management account lookup too', async () => {
    let ouThrottles = 1;
    let describeThrottles = 1;
    organizations.on(ListOrganizationalUnitsForParentCommand).callsFake(({ ParentId }) => {
      if (ouThrottles-- > 0) throw throttled();
      return { OrganizationalUnits: (OUS[ParentId] ?? []).map((Id) => ({ Id })) };
    });
    organizations.on(DescribeAccountCommand).callsFake(({ AccountId }) => {
      if (describeThrottles-- > 0) throw throttled();
      return { Account: account(AccountId) };
    });
    const accounts = await listTargetAccounts(
      client,
      { targetOuIds: ['ou-a'], managementAccountId: MANAGEMENT },
      FAST,
    );
    expect(ids(accounts)).toContain('111111111106');
    expect(ids(accounts)).toContain(MANAGEMENT);
  });

  it('gives up after the retry budget when Organizations keeps throttling', async () => {
    organizations.on(ListAccountsForParentCommand).rejects(throttled());
    await expect(
      listTargetAccounts(
        client,
        { targetOuIds: ['ou-b'], managementAccountId: MANAGEMENT },
        { ...FAST, attempts: 3 },
      ),
    ).rejects.toThrow(TooManyRequestsException);
    expect(organizations.commandCalls(ListAccountsForParentCommand)).toHaveLength(3);
  });

  it('fails on a target id Organizations does not know, without retrying', async () => {
    await expect(
      listTargetAccounts(
        client,
        { targetOuIds: ['ou-gone-12345678'], managementAccountId: MANAGEMENT },
        FAST,
      ),
    ).rejects.toThrow(ParentNotFoundException);
    expect(organizations.commandCalls(ListAccountsForParentCommand)).toHaveLength(1);
  });

  it('leaves out a management account that is not ACTIVE', async () => {
    organizations
      .on(DescribeAccountCommand)
      .resolves({ Account: account(MANAGEMENT, 'PENDING_CLOSURE') });
    const accounts = await listTargetAccounts(
      client,
      { targetOuIds: ['ou-b'], managementAccountId: MANAGEMENT },
      FAST,
    );
    expect(ids(accounts)).toEqual(['222222222201']);
  });
});
