import {
  WatchdogDefaults as ContractDefaults,
  WatchdogLimits as ContractLimits,
  type Environment,
  EnvironmentError,
  parseWatchdogEnvironment,
  type WatchdogSettings,
} from '@trailwatch/contract';
import { ConfigurationError } from '../errors.js';

/**
 * Everything the watchdog reads from its environment, validated once per container: the
 * contract's settings, with the exclusions as a set.
 */
export interface WatchdogConfig
  extends Omit<WatchdogSettings, 'webhookSecretName' | 'excludedAccounts'> {
  /** Secrets Manager id of the webhook the watchdog posts to. */
  readonly webhookSecretId: string;
  /** Accounts never expected to send heartbeats (e.g. suspended-by-policy sandboxes). */
  readonly excludedAccounts: ReadonlySet<string>;
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
