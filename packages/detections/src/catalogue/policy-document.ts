/**
 * Reading IAM policy documents out of CloudTrail `requestParameters.policyDocument`, which is a
 * JSON string — URL-encoded when the call came through some SDKs/the console, plain otherwise —
 * and occasionally already an object. Everything here is defensive: bad input means "no".
 */

function decode(text: string): unknown {
  const candidates = [text];
  if (text.includes('%')) {
    for (const variant of [text, text.replace(/\+/g, ' ')]) {
      try {
        candidates.push(decodeURIComponent(variant));
      } catch {
        // not URL-encoded after all; the raw text is still a candidate
      }
    }
  }
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

/** The parsed policy document, or undefined when it is neither an object nor parseable JSON. */
export function parsePolicyDocument(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === 'string' ? decode(value.trim()) : value;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isStar(value: unknown): boolean {
  return asList(value).some((item) => item === '*' || item === '*:*');
}

/** Whether the document has an `Allow` statement for Action `*` on Resource `*`. */
export function grantsFullAdmin(document: Record<string, unknown> | undefined): boolean {
  if (!document) return false;
  return asList(document.Statement).some((statement) => {
    if (statement === null || typeof statement !== 'object') return false;
    const s = statement as Record<string, unknown>;
    return s.Effect === 'Allow' && isStar(s.Action) && isStar(s.Resource);
  });
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function allowStatements(document: Record<string, unknown> | undefined) {
  return asList(document?.Statement)
    .map(asObject)
    .filter((s): s is Record<string, unknown> => s !== undefined && s.Effect === 'Allow');
}

/** The `AWS` principals of a statement (`"*"` alone counts as `["*"]`). */
function awsPrincipals(statement: Record<string, unknown>): string[] {
  const principal = statement.Principal;
  if (principal === '*') return ['*'];
  const aws = asObject(principal)?.AWS;
  return asList(aws).filter((p): p is string => typeof p === 'string');
}

/** Condition keys that pin a `*` principal to known accounts or the organization. */
const SCOPING_CONDITION_KEYS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourcearn',
  'aws:principalarn',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'kms:calleraccount',
];

function isScoped(statement: Record<string, unknown>): boolean {
  const condition = asObject(statement.Condition);
  if (!condition) return false;
  for (const operator of Object.values(condition)) {
    for (const key of Object.keys(asObject(operator) ?? {})) {
      if (SCOPING_CONDITION_KEYS.includes(key.toLowerCase())) return true;
    }
  }
  return false;
}

/** The 12-digit account of `123456789012` or `arn:aws:iam::123456789012:…`; undefined for `*`. */
export function principalAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const match = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return match?.[1];
}

/**
 * The principals an `Allow` statement opens the resource to beyond `ownAccount` and
 * `trustedAccounts`: other accounts' ids or ARNs, and `*` when no condition pins it to an
 * account, organization, source or VPC endpoint. Service and federated principals are not
 * listed (they are not accounts). Bad input means none.
 */
export function outsidePrincipals(
  document: Record<string, unknown> | undefined,
  ownAccount: string,
  trustedAccounts: readonly string[] = [],
): string[] {
  const outside: string[] = [];
  for (const statement of allowStatements(document)) {
    for (const principal of awsPrincipals(statement)) {
      if (principal === '*') {
        if (!isScoped(statement)) outside.push(principal);
        continue;
      }
      const account = principalAccount(principal);
      if (account !== undefined && account !== ownAccount && !trustedAccounts.includes(account)) {
        outside.push(principal);
      }
    }
  }
  return outside;
}

/** Whether an `Allow` statement grants `*` (anyone) without a scoping condition. */
export function grantsPublicAccess(document: Record<string, unknown> | undefined): boolean {
  return allowStatements(document).some(
    (statement) => awsPrincipals(statement).includes('*') && !isScoped(statement),
  );
}
