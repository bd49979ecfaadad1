import {
  AlerterDefaults,
  type AlerterSettings,
  dailySummaryTargets,
  type Environment,
  EnvironmentError,
  type Mute,
  parseAlerterEnvironment,
} from '@trailwatch/contract';
import type { DetectionContext } from '@trailwatch/detections';
import type { RenderOptions } from '@trailwatch/slack';
import { ConfigurationError, InvalidRoutesError } from './errors.js';
import type { Route } from './routing.js';

/** Everything the alerter reads from its environment, validated once at cold start. */
export interface AlerterConfig {
  readonly defaultSecretId: string;
  readonly routes: readonly Route[];
  /** Webhook secret ids with a daily summary: alerts posted to them are counted. */
  readonly summaryWebhookSecretIds: readonly string[];
  /** Mutes from the configuration file (CLI mutes are read from the state table). */
  readonly mutes: readonly Mute[];
  readonly dedupTableName: string;
  readonly organizationsRoleArn?: string;
  readonly accountCacheTtlSeconds: number;
  readonly slackMinIntervalMs: number;
  readonly slackTimeoutMs: number;
  /** Fleet-wide gap between posts to one webhook, shared through the state table. */
  readonly slackFleetIntervalMs: number;
  readonly queueUrl?: string;
  readonly redeliveryBackoffSeconds: number;
  /** Storm window length; 0 = never hold. */
  readonly stormWindowSeconds: number;
  readonly render: RenderOptions;
  /** What the detections cannot see in an event: the trail's bucket and KMS key. */
  readonly detectionContext: DetectionContext;
  /** The Lambda's own region (for STS); Organizations is always called in us-east-1. */
  readonly region: string;
}

/** Defaults of the environment contract (`@trailwatch/contract`). */
export const ConfigDefaults = AlerterDefaults;

/**
 * Reads and validates the environment with the contract's parser, the same one the
 * infrastructure's round-trip test runs on every synthesized environment.
 *
 * @throws ConfigurationError / InvalidRoutesError naming the variable and the problem.
 */
export function loadConfig(env: Environment): AlerterConfig {
  let settings: ReturnType<typeof parseAlerterEnvironment>;
  try {
    settings = parseAlerterEnvironment(env);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      throw error.variable === 'SLACK_ROUTES'
        ? new InvalidRoutesError(error.message)
        : new ConfigurationError(error.message);
    }
    throw error;
  }
  const render: { consoleSignInUrl?: string; consoleRoleName?: string } = {};
  if (settings.consoleSignInUrl !== undefined) render.consoleSignInUrl = settings.consoleSignInUrl;
  if (settings.consoleRoleName !== undefined) render.consoleRoleName = settings.consoleRoleName;
  return {
    defaultSecretId: settings.webhookSecretName,
    routes: settings.routes,
    summaryWebhookSecretIds: dailySummaryTargets(
      settings.webhookSecretName,
      settings.dailySummary,
      settings.routes,
    ).map((target) => target.webhookSecretName),
    mutes: settings.mutes,
    dedupTableName: settings.tableName,
    accountCacheTtlSeconds: settings.accountCacheTtlSeconds,
    slackMinIntervalMs: settings.slackMinIntervalMs,
    slackTimeoutMs: settings.slackTimeoutMs,
    redeliveryBackoffSeconds: settings.redeliveryBackoffSeconds,
    stormWindowSeconds: settings.stormWindowSeconds,
    render,
    region: settings.region,
    slackFleetIntervalMs: settings.slackFleetIntervalMs,
    ...(settings.organizationsRoleArn === undefined
      ? {}
      : { organizationsRoleArn: settings.organizationsRoleArn }),
    ...(settings.queueUrl === undefined ? {} : { queueUrl: settings.queueUrl }),
    detectionContext: detectionContextOf(settings),
  };
}

/** The trail's buckets and KMS keys (`TRAIL_BUCKET_NAMES`, `TRAIL_KMS_KEY_ARNS`). */
function detectionContextOf(settings: AlerterSettings): DetectionContext {
  return {
    ...(settings.trailBucketNames ? { trailBucketNames: settings.trailBucketNames } : {}),
    ...(settings.trailKmsKeyArns ? { trailKmsKeys: settings.trailKmsKeyArns } : {}),
  };
}
