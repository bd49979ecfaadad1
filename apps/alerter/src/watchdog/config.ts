import { ConfigurationError } from '../errors.js';
import {
  type Environment,
  getIntegerEnv,
  getOptionalEnv,
  getRequiredEnv,
} from '../get-required-env.js';
import { looksLikeUrl } from '../routing.js';

/** Everything the watchdog reads from its environment, validated once per container. */
export interface WatchdogConfig {
  /** The alerter's table, where heartbeats are recorded and watchdog states kept. */
  readonly tableName: string;
  /** Secrets Manager id of the webhook the watchdog posts to. */
  readonly webhookSecretId: string;
  /** Regions every member account sends a heartbeat from. */
  readonly memberRegions: readonly string[];
  /** Accounts never expected to send heartbeats (e.g. suspended-by-policy sandboxes). */
  readonly excludedAccounts: ReadonlySet<string>;
  /** A region whose last heartbeat is older than this is silent. */
  readonly silenceMinutes: number;
  /** An account without any heartbeat is uncovered once it joined longer ago than this. */
  readonly graceMinutes: number;
  readonly organizationsRoleArn?: string;
  readonly slackTimeoutMs: number;
  /** The Lambda's own region (for STS); Organizations is always called in us-east-1. */
  readonly region?: string;
}

/** Defaults of the watchdog's environment contract. */
export const WatchdogDefaults = {
  /** Two missed hourly heartbeats plus slack for EventBridge's scheduling jitter. */
  WATCHDOG_SILENCE_MINUTES: 150,
  /** Time for a new account's StackSet instance to deploy and its first heartbeat to arrive. */
  WATCHDOG_GRACE_MINUTES: 180,
  SLACK_TIMEOUT_MS: 5000,
} as const;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

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
    'MEMBER_REGIONS',
    REGION,
    'region names',
    'a region name',
  );
  if (memberRegions === undefined || memberRegions.length === 0) {
    throw new ConfigurationError(
      'Environment variable MEMBER_REGIONS is required: a non-empty JSON array of region names',
    );
  }
  const excluded =
    parseStringArray(
      env,
      'WATCHDOG_EXCLUDED_ACCOUNTS',
      ACCOUNT_ID,
      '12-digit account ids',
      'a 12-digit account id',
    ) ?? [];
  const silenceMinutes = getIntegerEnv(
    env,
    'WATCHDOG_SILENCE_MINUTES',
    WatchdogDefaults.WATCHDOG_SILENCE_MINUTES,
  );
  if (silenceMinutes < 60) {
    // Heartbeats are hourly: anything shorter reports healthy regions between two beats.
    throw new ConfigurationError(
      `Environment variable WATCHDOG_SILENCE_MINUTES must be at least 60 (heartbeats are hourly), got ${silenceMinutes}`,
    );
  }
  const optional: { organizationsRoleArn?: string; region?: string } = {};
  const roleArn = getOptionalEnv(env, 'ORGANIZATIONS_ROLE_ARN');
  const region = getOptionalEnv(env, 'AWS_REGION');
  if (roleArn !== undefined) optional.organizationsRoleArn = roleArn;
  if (region !== undefined) optional.region = region;
  const secretVariable =
    getOptionalEnv(env, 'WATCHDOG_SLACK_WEBHOOK_SECRET_ID') === undefined
      ? 'SLACK_WEBHOOK_SECRET_ID'
      : 'WATCHDOG_SLACK_WEBHOOK_SECRET_ID';
  const webhookSecretId = getRequiredEnv(env, secretVariable);
  if (looksLikeUrl(webhookSecretId)) {
    // Never quote it: a pasted webhook URL is the secret itself.
    throw new ConfigurationError(
      `Environment variable ${secretVariable} holds a URL; it must be the id or ARN of the Secrets Manager secret that holds the webhook URL`,
    );
  }
  return {
    tableName: getRequiredEnv(env, 'DEDUP_TABLE_NAME'),
    webhookSecretId,
    memberRegions,
    excludedAccounts: new Set(excluded),
    silenceMinutes,
    graceMinutes: getIntegerEnv(
      env,
      'WATCHDOG_GRACE_MINUTES',
      WatchdogDefaults.WATCHDOG_GRACE_MINUTES,
    ),
    slackTimeoutMs: getIntegerEnv(env, 'SLACK_TIMEOUT_MS', WatchdogDefaults.SLACK_TIMEOUT_MS),
    ...optional,
  };
}
