import {
  WatchdogDefaults as ContractDefaults,
  WatchdogLimits as ContractLimits,
  type DailySummaryTarget,
  type Environment,
  EnvironmentError,
  parseWatchdogEnvironment,
  type WatchdogSettings,
} from '@trailwatch/contract';
import { ConfigurationError } from '../errors.js';

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

/**
 * Reads and validates the watchdog's environment with the contract's parser, the same one the
 * infrastructure's round-trip test runs on every synthesized environment.
 *
 * @throws ConfigurationError naming the variable and the problem.
 */
export function loadWatchdogConfig(env: Environment): WatchdogConfig {
  let settings: WatchdogSettings;
  try {
    settings = parseWatchdogEnvironment(env);
  } catch (error) {
    if (error instanceof EnvironmentError) throw new ConfigurationError(error.message);
    throw error;
  }
  const { webhookSecretName, excludedAccounts, ...rest } = settings;
  return {
    ...rest,
    webhookSecretId: webhookSecretName,
    excludedAccounts: new Set(excludedAccounts),
  };
}
