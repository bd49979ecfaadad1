import {
  AccessDeniedException,
  AccountNotFoundException,
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  InvalidStandInOptionsError,
  type OrganizationsSeed,
  type OrganizationsStandIn,
  startOrganizationsStandIn,
} from '../src/index.js';

const accounts = Array.from({ length: 45 }, (_, i) => ({
  id: String(100000000000 + i),
  name: `workload-${i}`,
  parentId: i % 2 === 0 ? 'ou-a1b2-prod0001' : 'ou-a1b2-dev00001',
}));
const seed: OrganizationsSeed = {
  accounts,
  ous: [
    { id: 'ou-a1b2-workload', name: 'Workloads' },
    { id: 'ou-a1b2-prod0001', name: 'Prod', parentId: 'ou-a1b2-workload' },
    { id: 'ou-a1b2-dev00001', name: 'Dev', parentId: 'ou-a1b2-workload' },
  ],
  tags: { '100000000000': { owner: 'payments-team', environment: 'prod' } },
};

let org: OrganizationsStandIn;
let client: OrganizationsClient;

beforeEach(async () => {
  org = await startOrganizationsStandIn(seed);
  // The client finds the stand-in the way the alerter bundle does: through the environment.
  vi.stubEnv('AWS_ENDPOINT_URL_ORGANIZATIONS', org.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  client = new OrganizationsClient({ region: 'us-east-1' });
});
afterEach(async () => {
  client.destroy();
  vi.unstubAllEnvs();
  await org.close();
});

describe('Function: startOrganizationsStandIn', () => {
  it('pages ListAccounts by 20 with NextToken for the real paginator', async () => {
    // Act
    const pages = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      pages.push(page.Accounts ?? []);
    }
    // Assess
    expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
    expect(pages.flat().map((a) => a.Id)).toEqual(accounts.map((a) => a.id));
    expect(pages[0]?.[0]).toMatchObject({
      Id: '100000000000',
      Name: 'workload-0',
      Status: 'ACTIVE',
      Arn: 'arn:aws:organizations::100000000000:account/o-a1b2c3d4e5/100000000000',
    });
    expect(pages[0]?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
    expect(org.calls.map((c) => c.action)).toEqual([
      'ListAccounts',
      'ListAccounts',
      'ListAccounts',
    ]);
    expect(org.calls[0]?.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
  });

  it('rejects MaxResults above 20 like the real API', async () => {
    // Act
    const error = await client.send(new ListAccountsCommand({ MaxResults: 21 })).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error.Reason).toBe('MAX_VALUE_EXCEEDED');
  });

  it('rejects a NextToken issued for another operation', async () => {
    // Prepare
    const first = await client.send(new ListAccountsCommand({ MaxResults: 1 }));
    // Act
    const error = await client
      .send(
        new ListTagsForResourceCommand({ ResourceId: '100000000000', NextToken: first.NextToken }),
      )
      .catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(InvalidInputException);
  });

  it('describes an account, its parent OU and its tags', async () => {
    // Act
    const { Account } = await client.send(
      new DescribeAccountCommand({ AccountId: '100000000000' }),
    );
    const { Parents } = await client.send(new ListParentsCommand({ ChildId: '100000000000' }));
    const { OrganizationalUnit } = await client.send(
      new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: Parents?.[0]?.Id }),
    );
    const { Parents: grandParents } = await client.send(
      new ListParentsCommand({ ChildId: 'ou-a1b2-prod0001' }),
    );
    const { Tags } = await client.send(
      new ListTagsForResourceCommand({ ResourceId: '100000000000' }),
    );
    const { Roots } = await client.send(new ListRootsCommand({}));
    // Assess
    expect(Account?.Name).toBe('workload-0');
    expect(Parents).toEqual([{ Id: 'ou-a1b2-prod0001', Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(OrganizationalUnit?.Name).toBe('Prod');
    expect(grandParents).toEqual([{ Id: 'ou-a1b2-workload', Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(Tags).toEqual([
      { Key: 'owner', Value: 'payments-team' },
      { Key: 'environment', Value: 'prod' },
    ]);
    expect(Roots?.[0]?.Id).toBe('r-a1b2');
    expect(org.calls.map((c) => c.action)).toEqual([
      'DescribeAccount',
      'ListParents',
      'DescribeOrganizationalUnit',
      'ListParents',
      'ListTagsForResource',
      'ListRoots',
    ]);
    expect(org.calls[0]?.params).toEqual({ AccountId: '100000000000' });
  });

  it('answers AccountNotFoundException for an account outside the organization', async () => {
    // Act
    const error = await client
      .send(new DescribeAccountCommand({ AccountId: '999999999999' }))
      .catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(AccountNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(org.calls[0]?.outcome).toBe('AccountNotFoundException');
  });

  it('answers AccessDeniedException to every call in deny mode', async () => {
    // Prepare
    org.setModes({ deny: true });
    // Act
    const error = await client.send(new ListAccountsCommand({})).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.message).toMatch(/permissions/);
    expect(org.calls).toHaveLength(1);
  });

  it('throttles the first N calls; the SDK retries through them', async () => {
    // Prepare
    org.setModes({ throttleFirst: 2 });
    // Act
    const { Account } = await client.send(
      new DescribeAccountCommand({ AccountId: '100000000001' }),
    );
    // Assess
    expect(Account?.Name).toBe('workload-1');
    expect(org.calls.map((c) => c.outcome)).toEqual([
      'TooManyRequestsException',
      'TooManyRequestsException',
      'ok',
    ]);
  });

  it('surfaces TooManyRequestsException when the client does not retry', async () => {
    // Prepare
    org.setModes({ throttleFirst: 1 });
    const noRetry = new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1 });
    // Act
    const error = await noRetry.send(new ListRootsCommand({})).catch((e) => e);
    noRetry.destroy();
    // Assess
    expect(error).toBeInstanceOf(TooManyRequestsException);
  });

  it('delays answers in slow mode and drops connections in down mode', async () => {
    // Prepare
    const impatient = new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1 });
    // Act
    org.setModes({ delayMs: 300 });
    const started = Date.now();
    const slow = await impatient.send(new ListRootsCommand({}));
    const slowMs = Date.now() - started;
    org.setModes({ delayMs: 0, down: true });
    const down = await impatient.send(new ListRootsCommand({})).catch((e) => e);
    impatient.destroy();
    // Assess
    expect(slow.Roots).toHaveLength(1);
    expect(slowMs).toBeGreaterThanOrEqual(290);
    expect(down).toBeInstanceOf(Error);
    expect(down.$metadata?.httpStatusCode).toBeUndefined();
  });

  it('serves accounts added after start', async () => {
    // Prepare
    org.putAccount({ id: '222233334444', name: 'new-joiner' });
    org.setTags('222233334444', { owner: 'newbies' });
    // Act
    const { Account } = await client.send(
      new DescribeAccountCommand({ AccountId: '222233334444' }),
    );
    const { Tags } = await client.send(
      new ListTagsForResourceCommand({ ResourceId: '222233334444' }),
    );
    // Assess
    expect(Account?.Name).toBe('new-joiner');
    expect(Tags).toEqual([{ Key: 'owner', Value: 'newbies' }]);
  });

  it('refuses inconsistent seed data', async () => {
    // Act / Assess
    await expect(
      startOrganizationsStandIn({ accounts: [{ id: '123', name: 'short' }] }),
    ).rejects.toThrow(InvalidStandInOptionsError);
    await expect(
      startOrganizationsStandIn({
        accounts: [{ id: '123456789012', name: 'x', parentId: 'ou-nope' }],
      }),
    ).rejects.toThrow(/unknown parent ou-nope/);
  });
});
