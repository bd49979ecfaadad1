import type { OrganizationsSeed } from '@trailwatch/local-aws';

/** Names, OUs and owner tags of the accounts the bundled samples use (see the fixtures generator). */
const KNOWN_ACCOUNTS: Readonly<
  Record<string, { name: string; ou: string; tags: Readonly<Record<string, string>> }>
> = {
  '111122223333': {
    name: 'acme-management',
    ou: 'ou-a1b2-security',
    tags: { owner: 'cloud-platform', team: 'platform', environment: 'management' },
  },
  '123456789012': {
    name: 'acme-payments-prod',
    ou: 'ou-a1b2-prod0001',
    tags: { owner: 'payments-team', team: 'payments', environment: 'production' },
  },
  '210987654321': {
    name: 'acme-payments-staging',
    ou: 'ou-a1b2-nonprod1',
    tags: { owner: 'payments-team', team: 'payments', environment: 'staging' },
  },
  '444455556666': {
    name: 'acme-sandbox-dave',
    ou: 'ou-a1b2-sandbox1',
    tags: { owner: 'dave@corp.example', environment: 'sandbox' },
  },
};

/** The organization's root: the watchdog targets it, so every sample account is expected to beat. */
export const SAMPLE_ROOT_ID = 'r-a1b2';
/** The fixtures' management account (acme-management). */
export const SAMPLE_MANAGEMENT_ACCOUNT_ID = '111122223333';

const OUS = [
  { id: 'ou-a1b2-security', name: 'Security' },
  { id: 'ou-a1b2-workload', name: 'Workloads' },
  { id: 'ou-a1b2-prod0001', name: 'Prod', parentId: 'ou-a1b2-workload' },
  { id: 'ou-a1b2-nonprod1', name: 'NonProd', parentId: 'ou-a1b2-workload' },
  { id: 'ou-a1b2-sandbox1', name: 'Sandbox' },
] as const;

/**
 * The organization behind the sample events: every account id in `accountIds` gets a name, an OU
 * and owner tags (known ids get the fixtures' story, others a generic `member-<id>` in Workloads),
 * plus the accounts of the fixtures' story that the samples happen not to use.
 */
export function sampleOrganization(accountIds: Iterable<string>): OrganizationsSeed {
  const ids = new Set([...Object.keys(KNOWN_ACCOUNTS), ...accountIds]);
  const accounts = [...ids].sort().map((id) => {
    const known = KNOWN_ACCOUNTS[id];
    return { id, name: known?.name ?? `member-${id}`, parentId: known?.ou ?? 'ou-a1b2-workload' };
  });
  const tags: Record<string, Readonly<Record<string, string>>> = {};
  for (const id of ids) {
    tags[id] = KNOWN_ACCOUNTS[id]?.tags ?? { owner: 'unknown' };
  }
  return {
    accounts,
    ous: OUS,
    tags,
    rootId: SAMPLE_ROOT_ID,
    managementAccountId: SAMPLE_MANAGEMENT_ACCOUNT_ID,
  };
}
