import {
  type AwsJsonStandIn,
  type FaultModes,
  pickFaultModes,
  requireString,
  startAwsJsonService,
} from './aws-json-service.js';
import { AwsServiceError, InvalidStandInOptionsError } from './errors.js';

/** An account of the fake organization. */
export interface OrgAccountSeed {
  /** 12-digit account id. */
  readonly id: string;
  /** `Account.Name`, what people call the account. */
  readonly name: string;
  /** @default - `aws+<id>@example.com` */
  readonly email?: string;
  /** Id of the OU (or root) the account sits in. @default - the root */
  readonly parentId?: string;
  /** @default 'ACTIVE' */
  readonly status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** @default 'CREATED' */
  readonly joinedMethod?: 'INVITED' | 'CREATED';
  /** @default - 2021-01-01T00:00:00Z */
  readonly joinedAt?: string;
}

/** An organizational unit of the fake organization. */
export interface OrgUnitSeed {
  /** `ou-xxxx-xxxxxxxx` */
  readonly id: string;
  readonly name: string;
  /** Parent OU id or the root id. @default - the root */
  readonly parentId?: string;
}

/** The organization to serve, plus initial fault modes. */
export interface OrganizationsSeed extends Partial<FaultModes> {
  readonly accounts: readonly OrgAccountSeed[];
  /** @default [] */
  readonly ous?: readonly OrgUnitSeed[];
  /** Tags by resource id (account id, OU id or root id). @default {} */
  readonly tags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** @default 'o-a1b2c3d4e5' */
  readonly organizationId?: string;
  /** @default 'r-a1b2' */
  readonly rootId?: string;
  /** @default - the first account's id */
  readonly managementAccountId?: string;
}

/** A running Organizations stand-in. */
export interface OrganizationsStandIn extends AwsJsonStandIn {
  /** Adds or replaces an account (an account joining or being renamed). */
  putAccount(account: OrgAccountSeed): void;
  /** Replaces the tags of a resource. */
  setTags(resourceId: string, tags: Readonly<Record<string, string>>): void;
}

/** ListAccounts and ListAccountsForParent accept MaxResults 1–20 in the real API. */
const MAX_PAGE_SIZE = 20;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Starts an AWS Organizations stand-in on loopback, speaking AWS JSON 1.1
 * (`X-Amz-Target: AWSOrganizationsV20161128.<Action>`) so the real `@aws-sdk/client-organizations`
 * reaches it through `AWS_ENDPOINT_URL_ORGANIZATIONS`.
 *
 * Operations: ListAccounts, ListAccountsForParent, DescribeAccount, ListParents,
 * DescribeOrganizationalUnit, ListOrganizationalUnitsForParent, ListTagsForResource, ListRoots,
 * DescribeOrganization. Errors use the real error types and status 400.
 *
 * @example
 * const org = await startOrganizationsStandIn({ accounts: [{ id: '111122223333', name: 'prod' }] });
 * process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = org.url;
 * org.setModes({ deny: true });
 */
export async function startOrganizationsStandIn(
  seed: OrganizationsSeed,
): Promise<OrganizationsStandIn> {
  const organizationId = seed.organizationId ?? 'o-a1b2c3d4e5';
  const rootId = seed.rootId ?? 'r-a1b2';
  const managementAccountId = seed.managementAccountId ?? seed.accounts[0]?.id ?? '000000000000';
  const arnPrefix = `arn:aws:organizations::${managementAccountId}`;
  const ous = new Map<string, OrgUnitSeed>();
  const accounts = new Map<string, OrgAccountSeed>();
  const tags = new Map<string, Readonly<Record<string, string>>>();

  for (const ou of seed.ous ?? []) {
    if (ous.has(ou.id)) {
      throw new InvalidStandInOptionsError(`duplicate OU id ${ou.id}`);
    }
    ous.set(ou.id, ou);
  }
  const parentOf = (child: { parentId?: string }): string => child.parentId ?? rootId;
  const assertParent = (parentId: string, child: string): void => {
    if (parentId !== rootId && !ous.has(parentId)) {
      throw new InvalidStandInOptionsError(`${child} has unknown parent ${parentId}`);
    }
  };
  for (const ou of ous.values()) {
    assertParent(parentOf(ou), `OU ${ou.id}`);
  }
  const putAccount = (account: OrgAccountSeed): void => {
    if (!ACCOUNT_ID.test(account.id)) {
      throw new InvalidStandInOptionsError(`account id must be 12 digits, got "${account.id}"`);
    }
    assertParent(parentOf(account), `account ${account.id}`);
    accounts.set(account.id, account);
  };
  for (const account of seed.accounts) {
    if (accounts.has(account.id)) {
      throw new InvalidStandInOptionsError(`duplicate account id ${account.id}`);
    }
    putAccount(account);
  }
  for (const [resourceId, value] of Object.entries(seed.tags ?? {})) {
    tags.set(resourceId, value);
  }

  const toAccount = (account: OrgAccountSeed) => ({
    Id: account.id,
    Arn: `${arnPrefix}:account/${organizationId}/${account.id}`,
    Email: account.email ?? `aws+${account.id}@example.com`,
    Name: account.name,
    Status: account.status ?? 'ACTIVE',
    State: account.status ?? 'ACTIVE',
    JoinedMethod: account.joinedMethod ?? 'CREATED',
    JoinedTimestamp: Date.parse(account.joinedAt ?? '2021-01-01T00:00:00Z') / 1000,
  });
  const toOu = (ou: OrgUnitSeed) => ({
    Id: ou.id,
    Arn: `${arnPrefix}:ou/${organizationId}/${ou.id}`,
    Name: ou.name,
  });
  const accountIdParam = (params: Record<string, unknown>): string => {
    const id = requireString(params, 'AccountId', 'InvalidInputException');
    if (!ACCOUNT_ID.test(id)) {
      throw new AwsServiceError(
        'InvalidInputException',
        'You provided a value that does not match the required pattern.',
        400,
        { Reason: 'INVALID_PATTERN' },
      );
    }
    return id;
  };
  const assertKnownParent = (parentId: string): void => {
    if (parentId !== rootId && !ous.has(parentId)) {
      throw new AwsServiceError(
        'ParentNotFoundException',
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
  };

  return Object.assign(
    await startAwsJsonService(
      {
        targetPrefix: 'AWSOrganizationsV20161128',
        jsonVersion: '1.1',
        throttling: {
          type: 'TooManyRequestsException',
          message: 'You have sent too many requests in too short a period of time.',
        },
        denyMessage: () => "You don't have permissions to access this resource.",
        actions: {
          ListAccounts: (params) =>
            paginate(params, [...accounts.values()].map(toAccount), 'Accounts', 'ListAccounts'),
          ListAccountsForParent: (params) => {
            const parentId = requireString(params, 'ParentId', 'InvalidInputException');
            assertKnownParent(parentId);
            const children = [...accounts.values()].filter((a) => parentOf(a) === parentId);
            return paginate(params, children.map(toAccount), 'Accounts', 'ListAccountsForParent');
          },
          ListOrganizationalUnitsForParent: (params) => {
            const parentId = requireString(params, 'ParentId', 'InvalidInputException');
            assertKnownParent(parentId);
            const children = [...ous.values()].filter((ou) => parentOf(ou) === parentId);
            return paginate(
              params,
              children.map(toOu),
              'OrganizationalUnits',
              'ListOrganizationalUnitsForParent',
            );
          },
          DescribeAccount: (params) => {
            const account = accounts.get(accountIdParam(params));
            if (account === undefined) {
              throw new AwsServiceError(
                'AccountNotFoundException',
                "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.",
              );
            }
            return { Account: toAccount(account) };
          },
          ListParents: (params) => {
            const childId = requireString(params, 'ChildId', 'InvalidInputException');
            const child = accounts.get(childId) ?? ous.get(childId);
            if (child === undefined) {
              throw new AwsServiceError(
                'ChildNotFoundException',
                "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
              );
            }
            const parentId = parentOf(child);
            return {
              Parents: [
                { Id: parentId, Type: parentId === rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' },
              ],
            };
          },
          DescribeOrganizationalUnit: (params) => {
            const id = requireString(params, 'OrganizationalUnitId', 'InvalidInputException');
            const ou = ous.get(id);
            if (ou === undefined) {
              throw new AwsServiceError(
                'OrganizationalUnitNotFoundException',
                "We can't find an OU with the OrganizationalUnitId that you specified.",
              );
            }
            return { OrganizationalUnit: toOu(ou) };
          },
          ListTagsForResource: (params) => {
            const id = requireString(params, 'ResourceId', 'InvalidInputException');
            if (!accounts.has(id) && !ous.has(id) && id !== rootId) {
              throw new AwsServiceError(
                'TargetNotFoundException',
                "We can't find a root, OU, account, or policy with the TargetId that you specified.",
              );
            }
            const entries = Object.entries(tags.get(id) ?? {});
            return paginate(
              params,
              entries.map(([Key, Value]) => ({ Key, Value })),
              'Tags',
              'ListTagsForResource',
            );
          },
          ListRoots: (params) =>
            paginate(
              params,
              [
                {
                  Id: rootId,
                  Arn: `${arnPrefix}:root/${organizationId}/${rootId}`,
                  Name: 'Root',
                  PolicyTypes: [],
                },
              ],
              'Roots',
              'ListRoots',
            ),
          DescribeOrganization: () => ({
            Organization: {
              Id: organizationId,
              Arn: `${arnPrefix}:organization/${organizationId}`,
              FeatureSet: 'ALL',
              MasterAccountArn: `${arnPrefix}:account/${organizationId}/${managementAccountId}`,
              MasterAccountId: managementAccountId,
              MasterAccountEmail: `aws+${managementAccountId}@example.com`,
              AvailablePolicyTypes: [],
            },
          }),
        },
      },
      pickFaultModes(seed),
    ),
    {
      putAccount,
      setTags(resourceId: string, value: Readonly<Record<string, string>>) {
        tags.set(resourceId, value);
      },
    },
  );
}

/**
 * One page of `items` with an opaque NextToken, the way Organizations pages: MaxResults 1–20,
 * a token that only works for the operation that issued it.
 */
function paginate(
  params: Record<string, unknown>,
  items: readonly unknown[],
  member: string,
  action: string,
): Record<string, unknown> {
  const max = params.MaxResults ?? MAX_PAGE_SIZE;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PAGE_SIZE) {
    throw new AwsServiceError(
      'InvalidInputException',
      `MaxResults must be an integer from 1 to ${MAX_PAGE_SIZE}.`,
      400,
      { Reason: typeof max === 'number' && max < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED' },
    );
  }
  let offset = 0;
  if (params.NextToken !== undefined && params.NextToken !== null) {
    offset = decodeToken(params.NextToken, action);
  }
  const page = items.slice(offset, offset + max);
  const next = offset + max;
  return {
    [member]: page,
    ...(next < items.length ? { NextToken: encodeToken(action, next) } : {}),
  };
}

function encodeToken(action: string, offset: number): string {
  return Buffer.from(JSON.stringify({ action, offset })).toString('base64url');
}

function decodeToken(token: unknown, action: string): number {
  const invalid = new AwsServiceError(
    'InvalidInputException',
    'The specified pagination token is not valid.',
    400,
    { Reason: 'INVALID_PAGINATION_TOKEN' },
  );
  if (typeof token !== 'string') {
    throw invalid;
  }
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      action?: unknown;
      offset?: unknown;
    };
    if (parsed.action !== action || typeof parsed.offset !== 'number' || parsed.offset < 0) {
      throw invalid;
    }
    return parsed.offset;
  } catch {
    throw invalid;
  }
}
