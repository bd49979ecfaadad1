import {
  AccessDeniedException,
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDirectory, UNKNOWN_ACCOUNT_CACHE_MS } from '../src/enrichment/account-directory.js';
import { createOrganizationsSource } from '../src/enrichment/organizations-source.js';

const organizations = mockClient(OrganizationsClient);
const ROOT = 'r-a1b2';
const accountIds = Array.from({ length: 30 }, (_, index) => String(100000000000 + index));

/** 30 accounts in two pages; all under Workloads/Prod except the first, which sits at the root. */
function seedOrganization(): void {
  organizations.on(ListAccountsCommand, { NextToken: undefined }).resolves({
    Accounts: accountIds.slice(0, 20).map((Id) => ({ Id, Name: `acct-${Id.slice(-2)}` })),
    NextToken: 'page-2',
  });
  organizations.on(ListAccountsCommand, { NextToken: 'page-2' }).resolves({
    Accounts: accountIds.slice(20).map((Id) => ({ Id, Name: `acct-${Id.slice(-2)}` })),
  });
  organizations.on(ListParentsCommand).callsFake(({ ChildId }: { ChildId: string }) => {
    if (ChildId === accountIds[0]) return { Parents: [{ Id: ROOT, Type: 'ROOT' }] };
    if (ChildId === 'ou-ab12-prod0001') {
      return { Parents: [{ Id: 'ou-ab12-work0001', Type: 'ORGANIZATIONAL_UNIT' }] };
    }
    if (ChildId === 'ou-ab12-work0001') return { Parents: [{ Id: ROOT, Type: 'ROOT' }] };
    return { Parents: [{ Id: 'ou-ab12-prod0001', Type: 'ORGANIZATIONAL_UNIT' }] };
  });
  organizations
    .on(DescribeOrganizationalUnitCommand)
    .callsFake(({ OrganizationalUnitId }: { OrganizationalUnitId: string }) => ({
      OrganizationalUnit: {
        Id: OrganizationalUnitId,
        Name: OrganizationalUnitId === 'ou-ab12-prod0001' ? 'Prod' : 'Workloads',
      },
    }));
  organizations.on(ListTagsForResourceCommand).resolves({
    Tags: [
      { Key: 'owner', Value: 'payments-team' },
      { Key: 'environment', Value: 'production' },
    ],
  });
}

function directory(options: Partial<ConstructorParameters<typeof AccountDirectory>[1]> = {}) {
  const source = createOrganizationsSource(new OrganizationsClient({ region: 'us-east-1' }), {
    baseDelayMs: 1,
  });
  return new AccountDirectory(source, { ttlMs: 3_600_000, ...options });
}

function callsOf(command: unknown): number {
  return organizations.commandCalls(command as typeof ListAccountsCommand).length;
}

beforeEach(() => {
  organizations.reset();
});
afterEach(() => {
  organizations.reset();
});

describe('Class: AccountDirectory', () => {
  it('returns name, OU path, OU ids and tags', async () => {
    seedOrganization();
    const info = await directory().lookup(accountIds[5]!);
    expect(info).toEqual({
      id: accountIds[5],
      name: 'acct-05',
      ouPath: 'Workloads/Prod',
      ouIds: ['ou-ab12-work0001', 'ou-ab12-prod0001'],
      ouNames: ['Workloads', 'Prod'],
      tags: { owner: 'payments-team', environment: 'production' },
    });
  });

  it('shows an account at the root as Root', async () => {
    seedOrganization();
    expect((await directory().lookup(accountIds[0]!)).ouPath).toBe('Root');
  });

  it('warms names with one paginated ListAccounts for many events across many accounts', async () => {
    seedOrganization();
    const accounts = directory();
    for (let round = 0; round < 20; round += 1) {
      await Promise.all(accountIds.map((id) => accounts.lookup(id)));
    }
    expect(callsOf(ListAccountsCommand)).toBe(2);
    expect(callsOf(DescribeAccountCommand)).toBe(0);
    // One ListParents + one ListTagsForResource per account, and per OU one Describe + one ListParents.
    expect(callsOf(ListTagsForResourceCommand)).toBe(accountIds.length);
    expect(callsOf(ListParentsCommand)).toBe(accountIds.length + 2);
    expect(callsOf(DescribeOrganizationalUnitCommand)).toBe(2);
  });

  it('coalesces concurrent lookups of the same account into one set of calls', async () => {
    seedOrganization();
    const accounts = directory();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => accounts.lookup(accountIds[7]!)),
    );
    expect(new Set(results.map((result) => result.name))).toEqual(new Set(['acct-07']));
    expect(callsOf(ListAccountsCommand)).toBe(2);
    expect(callsOf(ListTagsForResourceCommand)).toBe(1);
  });

  it('asks again after the TTL', async () => {
    seedOrganization();
    let now = 1_000_000;
    const accounts = directory({ ttlMs: 60_000, now: () => now });
    await accounts.lookup(accountIds[3]!);
    now += 61_000;
    await accounts.lookup(accountIds[3]!);
    expect(callsOf(ListAccountsCommand)).toBe(4);
    expect(callsOf(ListTagsForResourceCommand)).toBe(2);
  });

  it('describes an account that joined after the warm-up once', async () => {
    seedOrganization();
    organizations
      .on(DescribeAccountCommand)
      .resolves({ Account: { Id: '999999999999', Name: 'new-joiner' } });
    const accounts = directory();
    await accounts.lookup(accountIds[1]!);
    const [first, second] = await Promise.all([
      accounts.lookup('999999999999'),
      accounts.lookup('999999999999'),
    ]);
    expect(first.name).toBe('new-joiner');
    expect(second.name).toBe('new-joiner');
    expect(callsOf(DescribeAccountCommand)).toBe(1);
  });

  it('retries TooManyRequestsException with backoff', async () => {
    seedOrganization();
    const throttled = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
    organizations
      .on(ListAccountsCommand, { NextToken: undefined })
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ Accounts: [{ Id: accountIds[4], Name: 'acct-04' }] });
    const info = await directory().lookup(accountIds[4]!);
    expect(info.name).toBe('acct-04');
    expect(callsOf(ListAccountsCommand)).toBe(3);
  });

  it('falls back to the bare id with a note when Organizations denies, and stops asking for a while', async () => {
    organizations
      .onAnyCommand()
      .rejects(new AccessDeniedException({ message: 'You don’t have permissions', $metadata: {} }));
    let now = 1_000_000;
    const accounts = directory({ now: () => now, unavailableForMs: 60_000 });
    const first = await accounts.lookup(accountIds[2]!);
    expect(first).toEqual({
      id: accountIds[2],
      note: 'Organizations denied the lookup (AccessDeniedException)',
      fallback: true,
    });
    const callsAfterFirst = organizations.calls().length;
    const later = await Promise.all(accountIds.map((id) => accounts.lookup(id)));
    expect(later.every((info) => info.fallback && info.name === undefined)).toBe(true);
    expect(organizations.calls().length).toBe(callsAfterFirst);
    now += 61_000;
    await accounts.lookup(accountIds[2]!);
    expect(organizations.calls().length).toBeGreaterThan(callsAfterFirst);
  });

  it('answers within the deadline when Organizations is slow, and fills the cache when it answers', async () => {
    seedOrganization();
    organizations
      .on(ListTagsForResourceCommand)
      .callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ Tags: [] }), 300)));
    const accounts = directory({ lookupDeadlineMs: 50 });
    const started = performance.now();
    const slow = await accounts.lookup(accountIds[6]!);
    expect(performance.now() - started).toBeLessThan(250);
    expect(slow).toMatchObject({ id: accountIds[6], fallback: true });
    expect(slow.note).toMatch(/did not answer within 50 ms/);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const later = await accounts.lookup(accountIds[6]!);
    expect(later.name).toBe('acct-06');
    expect(later.fallback).toBeUndefined();
    expect(callsOf(ListTagsForResourceCommand)).toBe(1);
  });

  it('notes an account Organizations does not know', async () => {
    seedOrganization();
    organizations
      .on(DescribeAccountCommand)
      .rejects(Object.assign(new Error('not found'), { name: 'AccountNotFoundException' }));
    organizations
      .on(ListParentsCommand, { ChildId: '888888888888' })
      .rejects(Object.assign(new Error('not found'), { name: 'ChildNotFoundException' }));
    organizations
      .on(ListTagsForResourceCommand, { ResourceId: '888888888888' })
      .rejects(Object.assign(new Error('not found'), { name: 'TargetNotFoundException' }));
    const info = await directory().lookup('888888888888');
    expect(info).toMatchObject({ id: '888888888888', fallback: true });
  });

  it('remembers an unknown account for a while instead of asking twice per event, then asks again', async () => {
    seedOrganization();
    organizations
      .on(DescribeAccountCommand)
      .rejects(Object.assign(new Error('not found'), { name: 'AccountNotFoundException' }));
    organizations
      .on(ListParentsCommand, { ChildId: '888888888888' })
      .rejects(Object.assign(new Error('not found'), { name: 'ChildNotFoundException' }));
    let now = 1_000_000;
    const accounts = directory({ now: () => now });
    await accounts.lookup('888888888888');
    const first = organizations.calls().length;
    for (let event = 0; event < 50; event += 1) {
      expect(await accounts.lookup('888888888888')).toEqual({
        id: '888888888888',
        note: 'account not found in the organization',
        fallback: true,
      });
    }
    expect(organizations.calls().length).toBe(first);
    now += UNKNOWN_ACCOUNT_CACHE_MS - 1;
    await accounts.lookup('888888888888');
    expect(organizations.calls().length).toBe(first);
    now += 1;
    await accounts.lookup('888888888888');
    expect(organizations.calls().length).toBeGreaterThan(first);
  });
});

describe('Class: AccountDirectory with odd account ids', () => {
  it('does not ask Organizations about an id that is not 12 digits', async () => {
    seedOrganization();
    const info = await directory().lookup('');
    expect(info).toEqual({ id: '', note: 'the event names no valid account id', fallback: true });
    expect(organizations.calls()).toHaveLength(0);
  });

  it('keeps enriching other accounts after one account is unknown', async () => {
    seedOrganization();
    organizations
      .on(ListParentsCommand, { ChildId: '777777777777' })
      .rejects(Object.assign(new Error('not found'), { name: 'ChildNotFoundException' }));
    organizations.on(DescribeAccountCommand).resolves({});
    const accounts = directory();
    expect((await accounts.lookup('777777777777')).fallback).toBe(true);
    expect((await accounts.lookup(accountIds[9]!)).name).toBe('acct-09');
  });
});

describe('Method: AccountDirectory.organizationAccountIds', () => {
  it('answers from the same paginated ListAccounts that names accounts', async () => {
    seedOrganization();
    const accounts = directory();
    const ids = await accounts.organizationAccountIds();
    expect([...(ids ?? [])].sort()).toEqual([...accountIds].sort());
    await accounts.lookup(accountIds[4]!);
    await accounts.organizationAccountIds();
    expect(callsOf(ListAccountsCommand)).toBe(2);
  });

  it('is undefined when Organizations denies, and leaves Organizations alone for a while', async () => {
    organizations
      .on(ListAccountsCommand)
      .rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    const accounts = directory();
    expect(await accounts.organizationAccountIds()).toBeUndefined();
    const calls = callsOf(ListAccountsCommand);
    expect(await accounts.organizationAccountIds()).toBeUndefined();
    expect((await accounts.lookup(accountIds[1]!)).note).toMatch(/denied/);
    expect(callsOf(ListAccountsCommand)).toBe(calls);
  });

  it('is undefined when Organizations does not answer within the lookup deadline', async () => {
    // An answer that never comes: without the deadline this test would time out.
    organizations.on(ListAccountsCommand).callsFake(() => new Promise(() => undefined));
    expect(await directory({ lookupDeadlineMs: 50 }).organizationAccountIds()).toBeUndefined();
  });
});
