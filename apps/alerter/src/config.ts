import type { DetectionContext } from '@trailwatch/detections';
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
  readonly queueUrl?: string;
  readonly redeliveryBackoffSeconds: number;
  readonly render: RenderOptions;
  /** What the detections cannot see in an event: the trail's bucket and KMS key. */
  readonly detectionContext: DetectionContext;
  /** The Lambda's own region (for STS); Organizations is always called in us-east-1. */
  readonly region?: string;
}

/** Defaults from the environment contract (docs/contracts.md). */
export const ConfigDefaults = {
  ACCOUNT_CACHE_TTL_SECONDS: 3600,
  SLACK_MIN_INTERVAL_MS: 1000,
  SLACK_TIMEOUT_MS: 5000,
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
  const optional: { organizationsRoleArn?: string; queueUrl?: string; region?: string } = {};
  const roleArn = getOptionalEnv(env, 'ORGANIZATIONS_ROLE_ARN');
  const queueUrl = getOptionalEnv(env, 'QUEUE_URL');
  const region = getOptionalEnv(env, 'AWS_REGION');
  if (roleArn !== undefined) optional.organizationsRoleArn = roleArn;
  if (queueUrl !== undefined) optional.queueUrl = queueUrl;
  if (region !== undefined) optional.region = region;
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
    redeliveryBackoffSeconds: getIntegerEnv(
      env,
      'REDELIVERY_BACKOFF_SECONDS',
      ConfigDefaults.REDELIVERY_BACKOFF_SECONDS,
    ),
    render,
    detectionContext: detectionContextOf(env),
    ...optional,
  };
}

/** A comma-separated list variable; empty entries (`a,,b`, trailing commas) are dropped. */
function listEnv(env: Environment, name: string): string[] | undefined {
  const value = getOptionalEnv(env, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

/** `TRAIL_BUCKET_NAMES` and `TRAIL_KMS_KEY_ARNS` (from the configuration's `trail`). */
function detectionContextOf(env: Environment): DetectionContext {
  const context: { -readonly [K in keyof DetectionContext]: DetectionContext[K] } = {};
  const buckets = listEnv(env, 'TRAIL_BUCKET_NAMES');
  if (buckets) context.trailBucketNames = buckets;
  const keys = listEnv(env, 'TRAIL_KMS_KEY_ARNS');
  if (keys) context.trailKmsKeys = keys;
  return context;
}
