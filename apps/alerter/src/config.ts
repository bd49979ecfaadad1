import type { RenderOptions } from '@trailwatch/slack';
import { ConfigurationError } from './errors.js';
import {
  type Environment,
  getIntegerEnv,
  getOptionalEnv,
  getRequiredEnv,
} from './get-required-env.js';
import { looksLikeUrl, parseRoutes, type Route } from './routing.js';

/** Everything the alerter reads from its environment, validated once at cold start. */
export interface AlerterConfig {
  readonly defaultSecretId: string;
  readonly routes: readonly Route[];
  readonly dedupTableName: string;
  readonly organizationsRoleArn?: string;
  readonly accountCacheTtlSeconds: number;
  readonly slackMinIntervalMs: number;
  readonly slackTimeoutMs: number;
  /** Fleet-wide gap between posts to one webhook, shared through the state table. */
  readonly slackFleetIntervalMs: number;
  readonly queueUrl?: string;
  readonly redeliveryBackoffSeconds: number;
  readonly render: RenderOptions;
  /**
   * The Lambda's own region (`AWS_REGION`, which Lambda always sets): where the table, queue and
   * secrets live. Organizations is always called in us-east-1.
   */
  readonly region: string;
}

/** Defaults from the environment contract (docs/contracts.md). */
export const ConfigDefaults = {
  ACCOUNT_CACHE_TTL_SECONDS: 3600,
  SLACK_MIN_INTERVAL_MS: 1000,
  SLACK_TIMEOUT_MS: 5000,
  /** Slack's one message per second per webhook, for the whole fleet (new; see README). */
  SLACK_FLEET_INTERVAL_MS: 1000,
  REDELIVERY_BACKOFF_SECONDS: 30,
} as const;

/**
 * Reads and validates the environment contract.
 *
 * @throws ConfigurationError / InvalidRoutesError naming the variable and the problem.
 */
export function loadConfig(env: Environment): AlerterConfig {
  const defaultSecretId = getRequiredEnv(env, 'SLACK_WEBHOOK_SECRET_ID');
  if (looksLikeUrl(defaultSecretId)) {
    throw new ConfigurationError(
      'Environment variable SLACK_WEBHOOK_SECRET_ID holds a URL; it must be the id or ARN of the Secrets Manager secret that holds the webhook URL',
    );
  }
  const render: { consoleSignInUrl?: string; consoleRoleName?: string } = {};
  const consoleSignInUrl = getOptionalEnv(env, 'CONSOLE_SIGNIN_URL');
  const consoleRoleName = getOptionalEnv(env, 'CONSOLE_ROLE_NAME');
  if (consoleSignInUrl !== undefined) render.consoleSignInUrl = consoleSignInUrl;
  if (consoleRoleName !== undefined) render.consoleRoleName = consoleRoleName;
  const optional: { organizationsRoleArn?: string; queueUrl?: string } = {};
  const roleArn = getOptionalEnv(env, 'ORGANIZATIONS_ROLE_ARN');
  const queueUrl = getOptionalEnv(env, 'QUEUE_URL');
  if (roleArn !== undefined) optional.organizationsRoleArn = roleArn;
  if (queueUrl !== undefined) optional.queueUrl = queueUrl;
  // Without it every client would fail later with the SDK's "Region is missing", on the first
  // DynamoDB call, far from the cause; Lambda sets it, local runs must too.
  const region = getRequiredEnv(env, 'AWS_REGION');
  return {
    defaultSecretId,
    routes: parseRoutes(env.SLACK_ROUTES),
    dedupTableName: getRequiredEnv(env, 'DEDUP_TABLE_NAME'),
    accountCacheTtlSeconds: getIntegerEnv(
      env,
      'ACCOUNT_CACHE_TTL_SECONDS',
      ConfigDefaults.ACCOUNT_CACHE_TTL_SECONDS,
    ),
    slackMinIntervalMs: getIntegerEnv(
      env,
      'SLACK_MIN_INTERVAL_MS',
      ConfigDefaults.SLACK_MIN_INTERVAL_MS,
    ),
    slackTimeoutMs: getIntegerEnv(env, 'SLACK_TIMEOUT_MS', ConfigDefaults.SLACK_TIMEOUT_MS),
    slackFleetIntervalMs: getIntegerEnv(
      env,
      'SLACK_FLEET_INTERVAL_MS',
      ConfigDefaults.SLACK_FLEET_INTERVAL_MS,
    ),
    redeliveryBackoffSeconds: getIntegerEnv(
      env,
      'REDELIVERY_BACKOFF_SECONDS',
      ConfigDefaults.REDELIVERY_BACKOFF_SECONDS,
    ),
    render,
    region,
    ...optional,
  };
}
