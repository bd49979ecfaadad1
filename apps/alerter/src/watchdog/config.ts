import {
  WatchdogDefaults as ContractDefaults,
  WatchdogLimits as ContractLimits,
  type DailySummaryTarget,
  EnvironmentError,
  parseDailySummaryTargets,
} from '@trailwatch/contract';
import { ConfigurationError } from '../errors.js';
import {
  type Environment,
  getIntegerEnv,
  getOptionalEnv,
  getRequiredEnv,
} from '../get-required-env.js';
import { looksLikeUrl } from '../routing.js';
import { WatchdogEnvironmentVariable as Env } from './contract.js';

/** Everything the watchdog reads from its environment, validated once per container. */
export interface WatchdogConfig {
  /** The alerter's table, where heartbeats are recorded and watchdog states kept. */
  readonly tableName: string;
  /** Secrets Manager id of the webhook the watchdog posts to. */
  readonly webhookSecretId: string;
  /** Regions every member account sends a heartbeat from. */
  readonly memberRegions: readonly string[];
  /** The deployment's target OU / root ids: only accounts under them are expected to beat. */
  readonly targetOuIds: readonly string[];
  /** The management account, expected too: it gets the member stacks directly. */
  readonly managementAccountId: string;
  /** Accounts never expected to send heartbeats (e.g. suspended-by-policy sandboxes). */
  readonly excludedAccounts: ReadonlySet<string>;
  /** A region whose last heartbeat is older than this is silent. */
  readonly silenceMinutes: number;
  /** An account without any heartbeat is uncovered once it joined longer ago than this. */
  readonly graceMinutes: number;
  readonly organizationsRoleArn?: string;
  readonly slackTimeoutMs: number;
  /** Webhooks that get a daily summary (`DAILY_SUMMARIES`); empty = none. */
  readonly dailySummaries: readonly DailySummaryTarget[];
  /** The Lambda's own region (for STS); Organizations is always called in us-east-1. */
  readonly region?: string;
}

/** Defaults of the watchdog's environment contract. */
export const WatchdogDefaults = {
  WATCHDOG_SILENCE_MINUTES: ContractDefaults.SILENCE_MINUTES,
  WATCHDOG_GRACE_MINUTES: ContractDefaults.GRACE_MINUTES,
  SLACK_TIMEOUT_MS: ContractDefaults.SLACK_TIMEOUT_MS,
} as const;

/** Bounds of the watchdog's settings: the contract's, which the configuration schema also uses. */
export const WatchdogLimits = {
  WATCHDOG_SILENCE_MINUTES: ContractLimits.SILENCE_MINUTES,
  WATCHDOG_GRACE_MINUTES: ContractLimits.GRACE_MINUTES,
} as const;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The same OU / root id shapes `targetOuIds` accepts. */
const OU_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

function boundedInteger(env: Environment, name: keyof typeof WatchdogLimits): number {
  const value = getIntegerEnv(env, name, WatchdogDefaults[name]);
  const { min, max } = WatchdogLimits[name];
  if (value < min || value > max) {
    throw new ConfigurationError(
      `Environment variable ${name} must be from ${min} to ${max}${
        name === 'WATCHDOG_SILENCE_MINUTES' ? ' (heartbeats are hourly and kept 7 days)' : ''
      }, got ${value}`,
    );
  }
  return value;
}

function parseStringArray(
  env: Environment,
  name: string,
  pattern: RegExp,
  what: string,
  one: string,
): string[] | undefined {
  const raw = getOptionalEnv(env, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigurationError(`Environment variable ${name} must be a JSON array of ${what}`);
  }
  if (!Array.isArray(parsed)) {
    throw new ConfigurationError(`Environment variable ${name} must be a JSON array of ${what}`);
  }
  parsed.forEach((value, index) => {
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new ConfigurationError(
        `Environment variable ${name}[${index}] must be ${one}, got ${JSON.stringify(value)}`,
      );
    }
  });
  return [...new Set(parsed as string[])];
}

/**
 * Reads and validates the watchdog's environment.
 *
 * @throws ConfigurationError naming the variable and the problem.
 */
export function loadWatchdogConfig(env: Environment): WatchdogConfig {
  const memberRegions = parseStringArray(
    env,
    Env.MEMBER_REGIONS,
    REGION,
    'region names',
    'a region name',
  );
  if (memberRegions === undefined || memberRegions.length === 0) {
    throw new ConfigurationError(
      `Environment variable ${Env.MEMBER_REGIONS} is required: a non-empty JSON array of region names`,
    );
  }
  const targetOuIds = parseStringArray(
    env,
    Env.TARGET_OU_IDS,
    OU_OR_ROOT_ID,
    'OU or root ids',
    'an OU id ("ou-…") or a root id ("r-…")',
  );
  if (targetOuIds === undefined || targetOuIds.length === 0) {
    // No fallback to the whole organization: that is what kept the uncovered alarm firing for
    // accounts a deployment never targets.
    throw new ConfigurationError(
      `Environment variable ${Env.TARGET_OU_IDS} is required: a non-empty JSON array of the deployment's target OU or root ids`,
    );
  }
  const managementAccountId = getRequiredEnv(env, Env.MANAGEMENT_ACCOUNT_ID);
  if (!ACCOUNT_ID.test(managementAccountId)) {
    throw new ConfigurationError(
      `Environment variable ${Env.MANAGEMENT_ACCOUNT_ID} must be a 12-digit account id, got ${JSON.stringify(managementAccountId)}`,
    );
  }
  const excluded =
    parseStringArray(
      env,
      Env.EXCLUDED_ACCOUNTS,
      ACCOUNT_ID,
      '12-digit account ids',
      'a 12-digit account id',
    ) ?? [];
  const optional: { organizationsRoleArn?: string; region?: string } = {};
  const roleArn = getOptionalEnv(env, Env.ORGANIZATIONS_ROLE_ARN);
  const region = getOptionalEnv(env, 'AWS_REGION');
  if (roleArn !== undefined) optional.organizationsRoleArn = roleArn;
  if (region !== undefined) optional.region = region;
  const secretVariable =
    getOptionalEnv(env, Env.OWN_WEBHOOK_SECRET_ID) === undefined
      ? Env.WEBHOOK_SECRET_ID
      : Env.OWN_WEBHOOK_SECRET_ID;
  const webhookSecretId = getRequiredEnv(env, secretVariable);
  if (looksLikeUrl(webhookSecretId)) {
    // Never quote it: a pasted webhook URL is the secret itself.
    throw new ConfigurationError(
      `Environment variable ${secretVariable} holds a URL; it must be the id or ARN of the Secrets Manager secret that holds the webhook URL`,
    );
  }
  let dailySummaries: DailySummaryTarget[];
  try {
    dailySummaries = parseDailySummaryTargets(getOptionalEnv(env, Env.DAILY_SUMMARIES));
  } catch (error) {
    if (error instanceof EnvironmentError) throw new ConfigurationError(error.message);
    throw error;
  }
  return {
    tableName: getRequiredEnv(env, Env.TABLE_NAME),
    dailySummaries,
    webhookSecretId,
    memberRegions,
    targetOuIds,
    managementAccountId,
    excludedAccounts: new Set(excluded),
    silenceMinutes: boundedInteger(env, Env.SILENCE_MINUTES),
    graceMinutes: boundedInteger(env, Env.GRACE_MINUTES),
    slackTimeoutMs: getIntegerEnv(env, Env.SLACK_TIMEOUT_MS, WatchdogDefaults.SLACK_TIMEOUT_MS),
    ...optional,
  };
}
