import type { AccountInfo } from '@trailwatch/slack';
import { LookupTimeoutError } from '../errors.js';
import type { OrganizationsSource, Parent } from './organizations-source.js';
import { isThrottling } from './with-retry.js';

/** {@link AccountInfo} plus what routing needs and whether enrichment fell back. */
export interface EnrichedAccount extends AccountInfo {
  /** OU ids from the account's parent up to (excluding) the root. */
  readonly ouIds?: readonly string[];
  /** OU names in the same order as `ouIds` (what routing matches; `ouPath` is for display). */
  readonly ouNames?: readonly string[];
  /** True when Organizations could not be used and the alert carries the bare id. */
  readonly fallback?: boolean;
}

/** Tuning for {@link AccountDirectory}. */
export interface AccountDirectoryOptions {
  /** How long names, OU paths and tags stay fresh. */
  readonly ttlMs: number;
  /** How long one event waits for Organizations before it goes out with the bare id. @default 1500 */
  readonly lookupDeadlineMs?: number;
  /** After a failure, how long Organizations is not asked again. @default 60000 */
  readonly unavailableForMs?: number;
  readonly now?: () => number;
}

interface Expiring<T> {
  readonly expiresAt: number;
  readonly value: Promise<T>;
}

interface OuNode {
  readonly name: string;
  readonly parent: Parent | undefined;
}

interface Placement {
  readonly ouIds: string[];
  readonly ouNames: string[];
}

const DENIED_ERRORS = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'AWSOrganizationsNotInUseException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
]);

function describeFailure(error: unknown): string {
  if (error instanceof LookupTimeoutError) return error.message;
  if (error instanceof Error && DENIED_ERRORS.has(error.name)) {
    return `Organizations denied the lookup (${error.name})`;
  }
  if (isThrottling(error)) return 'Organizations is throttling lookups';
  const name = error instanceof Error ? error.name : 'unknown error';
  return `Organizations is unavailable (${name})`;
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * How long an account Organizations does not know is remembered as unknown. Without it every event
 * from such an account (closed, moved to another organization, or a forged id) costs a
 * `DescribeAccount` and a `ListParents`. Short, because a newly joined account should get its name
 * soon; the next `ListAccounts` refresh also brings it.
 */
export const UNKNOWN_ACCOUNT_CACHE_MS = 10 * 60 * 1000;

const UNKNOWN_ACCOUNT_NOTE = 'account not found in the organization';

/** Answers about one account that say nothing about Organizations' health. */
const NOT_FOUND_ERRORS = new Set([
  'AccountNotFoundException',
  'ChildNotFoundException',
  'TargetNotFoundException',
]);

/** Follows parents up to the root; a loop guard stops on malformed answers. */
const MAX_OU_DEPTH = 6;

/**
 * Account name, OU path and tags from Organizations, cached so the number of Organizations calls
 * grows with the number of accounts and OUs, never with the number of events:
 * - names for every account come from one paginated `ListAccounts` at first use (and after the TTL);
 *   an account missing from it (it joined since) costs one `DescribeAccount`;
 * - OU path and tags cost one `ListParents` + one `ListTagsForResource` per account, plus one
 *   `DescribeOrganizationalUnit` + `ListParents` per OU, shared by every account under it;
 * - concurrent lookups of the same thing share one promise;
 * - a lookup waits at most `lookupDeadlineMs`; the call keeps running and fills the cache;
 * - after a failure (denied, down, throttled beyond retries) Organizations is left alone for
 *   `unavailableForMs`, and alerts go out with the bare id and a note.
 */
export class AccountDirectory {
  readonly #source: OrganizationsSource;
  readonly #ttlMs: number;
  readonly #deadlineMs: number;
  readonly #unavailableForMs: number;
  readonly #now: () => number;
  #names: Expiring<Map<string, string>> | undefined;
  readonly #singleNames = new Map<string, Expiring<string | undefined>>();
  readonly #placements = new Map<string, Expiring<Placement>>();
  readonly #tags = new Map<string, Expiring<Record<string, string>>>();
  readonly #ous = new Map<string, Expiring<OuNode>>();
  /** Finished lookups, so a warm lookup costs a map read instead of promises and a timer. */
  readonly #resolved = new Map<
    string,
    { readonly expiresAt: number; readonly info: EnrichedAccount }
  >();
  #unavailableUntil = 0;
  #unavailableReason = '';

  public constructor(source: OrganizationsSource, options: AccountDirectoryOptions) {
    this.#source = source;
    this.#ttlMs = options.ttlMs;
    this.#deadlineMs = options.lookupDeadlineMs ?? 1500;
    this.#unavailableForMs = options.unavailableForMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Enriches one account id. Never throws; falls back to the bare id with a `note`. */
  public async lookup(accountId: string): Promise<EnrichedAccount> {
    if (!ACCOUNT_ID.test(accountId)) {
      // Asking Organizations about a malformed id would only earn a ValidationException.
      return { id: accountId, note: 'the event names no valid account id', fallback: true };
    }
    const now = this.#now();
    const resolved = this.#resolved.get(accountId);
    if (resolved !== undefined && resolved.expiresAt > now) return resolved.info;
    if (now < this.#unavailableUntil) {
      return { id: accountId, note: this.#unavailableReason, fallback: true };
    }
    try {
      return await this.#beforeDeadline(this.#resolve(accountId));
    } catch (error) {
      return { id: accountId, note: describeFailure(error), fallback: true };
    }
  }

  /**
   * `work`, or a {@link LookupTimeoutError} once the lookup deadline passes. The work that lost
   * the race still settles later and fills the cache; its failure is recorded where it happens.
   */
  async #beforeDeadline<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new LookupTimeoutError(`Organizations did not answer within ${this.#deadlineMs} ms`),
          ),
        this.#deadlineMs,
      );
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
      work.catch(() => undefined);
    }
  }

  /**
   * The organization's account ids (the same cached `ListAccounts` that names accounts), or
   * `undefined` when Organizations is unavailable or slower than the lookup deadline: the caller
   * then treats every other account as outside, which alerts rather than stays quiet.
   */
  public async organizationAccountIds(): Promise<ReadonlySet<string> | undefined> {
    if (this.#now() < this.#unavailableUntil) return undefined;
    try {
      return new Set((await this.#beforeDeadline(this.#accountNames())).keys());
    } catch (error) {
      if (!(error instanceof LookupTimeoutError)) {
        this.#unavailableUntil = this.#now() + this.#unavailableForMs;
        this.#unavailableReason = describeFailure(error);
      }
      return undefined;
    }
  }

  async #resolve(accountId: string): Promise<EnrichedAccount> {
    try {
      const [name, placement, tags] = await Promise.all([
        this.#name(accountId),
        this.#placement(accountId),
        this.#cached(this.#tags, accountId, () => this.#source.listTags(accountId)),
      ]);
      if (name === undefined) return this.#unknown(accountId);
      const info: EnrichedAccount = {
        id: accountId,
        name,
        ouPath: placement.ouNames.length === 0 ? 'Root' : placement.ouNames.join('/'),
        ouIds: placement.ouIds,
        ouNames: placement.ouNames,
        tags,
      };
      this.#resolved.set(accountId, { expiresAt: this.#now() + this.#ttlMs, info });
      return info;
    } catch (error) {
      if (error instanceof Error && NOT_FOUND_ERRORS.has(error.name))
        return this.#unknown(accountId);
      this.#unavailableUntil = this.#now() + this.#unavailableForMs;
      this.#unavailableReason = describeFailure(error);
      throw error;
    }
  }

  #unknown(accountId: string): EnrichedAccount {
    const info: EnrichedAccount = { id: accountId, note: UNKNOWN_ACCOUNT_NOTE, fallback: true };
    this.#resolved.set(accountId, { expiresAt: this.#now() + UNKNOWN_ACCOUNT_CACHE_MS, info });
    return info;
  }

  /** Every account's name, from one paginated `ListAccounts` per TTL. */
  #accountNames(): Promise<Map<string, string>> {
    const now = this.#now();
    if (this.#names === undefined || this.#names.expiresAt <= now) {
      const value = this.#source.listAccountNames();
      this.#names = { expiresAt: now + this.#ttlMs, value };
      value.catch(() => {
        if (this.#names?.value === value) this.#names = undefined;
      });
    }
    return this.#names.value;
  }

  async #name(accountId: string): Promise<string | undefined> {
    const names = await this.#accountNames();
    const known = names.get(accountId);
    if (known !== undefined) return known;
    return this.#cached(this.#singleNames, accountId, () =>
      this.#source.describeAccountName(accountId),
    );
  }

  async #placement(accountId: string): Promise<Placement> {
    return this.#cached(this.#placements, accountId, async () => {
      const ouIds: string[] = [];
      const ouNames: string[] = [];
      let parent = await this.#source.getParent(accountId);
      while (parent?.type === 'ORGANIZATIONAL_UNIT' && ouIds.length < MAX_OU_DEPTH) {
        const ouId = parent.id;
        const node = await this.#cached(this.#ous, ouId, async () => {
          const [name, up] = await Promise.all([
            this.#source.describeOuName(ouId),
            this.#source.getParent(ouId),
          ]);
          return { name, parent: up };
        });
        ouIds.unshift(ouId);
        ouNames.unshift(node.name);
        parent = node.parent;
      }
      return { ouIds, ouNames };
    });
  }

  #cached<T>(cache: Map<string, Expiring<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const hit = cache.get(key);
    if (hit !== undefined && hit.expiresAt > now) return hit.value;
    const value = load();
    const entry = { expiresAt: now + this.#ttlMs, value };
    cache.set(key, entry);
    // A failed load must not be served from the cache.
    value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return value;
  }
}
