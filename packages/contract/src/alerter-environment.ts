import { type DailySummary, parseDailySummaryVariable } from './daily-summary.js';
import {
  type Environment,
  integerVariable,
  optionalVariable,
  requiredVariable,
  secretNameVariable,
} from './environment.js';
import { EnvironmentError } from './issue.js';
import { METRICS_NAMESPACE, ServiceName } from './metrics.js';
import { type Mute, validateMutes } from './mute.js';
import { InvalidRoutesError, parseRoutes, ROUTE_KEYS, type SlackRoute } from './route.js';

/** The alerter's environment variables. */
export const AlerterVariable = {
  WEBHOOK_SECRET: 'SLACK_WEBHOOK_SECRET_ID',
  ROUTES: 'SLACK_ROUTES',
  /**
   * The default webhook's daily summary (`slack.dailySummary`), JSON `{"hour":8,"timeZone":"…"}`;
   * routes carry theirs in `SLACK_ROUTES`. The alerter only counts for these webhooks; the
   * watchdog posts the summaries.
   */
  DAILY_SUMMARY: 'SLACK_DAILY_SUMMARY',
  /** Mutes from the configuration file (reviewed in pull requests), JSON. */
  MUTES: 'CONFIG_MUTES',
  TABLE: 'DEDUP_TABLE_NAME',
  QUEUE_URL: 'QUEUE_URL',
  ORGANIZATIONS_ROLE_ARN: 'ORGANIZATIONS_ROLE_ARN',
  ACCOUNT_CACHE_TTL_SECONDS: 'ACCOUNT_CACHE_TTL_SECONDS',
  SLACK_MIN_INTERVAL_MS: 'SLACK_MIN_INTERVAL_MS',
  SLACK_TIMEOUT_MS: 'SLACK_TIMEOUT_MS',
  /** Slack's one message per second per webhook, for the whole fleet (shared through the table). */
  SLACK_FLEET_INTERVAL_MS: 'SLACK_FLEET_INTERVAL_MS',
  REDELIVERY_BACKOFF_SECONDS: 'REDELIVERY_BACKOFF_SECONDS',
  /** Length of a storm window (one digest per detection × route per window); 0 turns holding off. */
  STORM_WINDOW_SECONDS: 'STORM_WINDOW_SECONDS',
  CONSOLE_SIGNIN_URL: 'CONSOLE_SIGNIN_URL',
  CONSOLE_ROLE_NAME: 'CONSOLE_ROLE_NAME',
  /** Buckets the organization trail writes to (configuration `trail.bucketNames`), comma-separated. */
  TRAIL_BUCKET_NAMES: 'TRAIL_BUCKET_NAMES',
  /** KMS keys that encrypt the trail (configuration `trail.kmsKeyArns`), comma-separated. */
  TRAIL_KMS_KEY_ARNS: 'TRAIL_KMS_KEY_ARNS',
  SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
  /** Read by Powertools Logger itself; `DEBUG` also logs events no detection matched. */
  LOG_LEVEL: 'POWERTOOLS_LOG_LEVEL',
  /** Set by Lambda itself (reserved: a function may not set it). */
  REGION: 'AWS_REGION',
} as const;

/** Defaults of the optional alerter variables. */
export const AlerterDefaults = {
  ACCOUNT_CACHE_TTL_SECONDS: 3600,
  SLACK_MIN_INTERVAL_MS: 1000,
  SLACK_TIMEOUT_MS: 5000,
  SLACK_FLEET_INTERVAL_MS: 1000,
  REDELIVERY_BACKOFF_SECONDS: 30,
  STORM_WINDOW_SECONDS: 60,
} as const;

/** What the alerter's environment carries, typed. */
export interface AlerterSettings {
  readonly webhookSecretName: string;
  readonly routes: readonly SlackRoute[];
  /** The default webhook's daily summary; unset = none (routes carry their own). */
  readonly dailySummary?: DailySummary;
  /** Mutes from the configuration file; CLI mutes live in the state table. */
  readonly mutes: readonly Mute[];
  readonly tableName: string;
  readonly queueUrl?: string;
  readonly organizationsRoleArn?: string;
  readonly accountCacheTtlSeconds: number;
  readonly slackMinIntervalMs: number;
  readonly slackTimeoutMs: number;
  readonly slackFleetIntervalMs: number;
  readonly redeliveryBackoffSeconds: number;
  readonly stormWindowSeconds: number;
  readonly consoleSignInUrl?: string;
  readonly consoleRoleName?: string;
  /** The organization trail's buckets; unset = detections fall back to `*cloudtrail*` names. */
  readonly trailBucketNames?: readonly string[];
  /** The KMS keys encrypting the organization trail; unset = no key known. */
  readonly trailKmsKeyArns?: readonly string[];
  readonly serviceName: string;
  readonly metricsNamespace: string;
  /** The function's region (Lambda sets `AWS_REGION`); not written by the builder. */
  readonly region: string;
}

/** What the stacks know when they build the alerter's environment. */
export type AlerterEnvironmentInput = Omit<
  AlerterSettings,
  | 'region'
  | 'serviceName'
  | 'metricsNamespace'
  | 'accountCacheTtlSeconds'
  | 'slackTimeoutMs'
  | 'slackFleetIntervalMs'
  | 'redeliveryBackoffSeconds'
  | 'stormWindowSeconds'
  | 'mutes'
> &
  Partial<
    Pick<
      AlerterSettings,
      | 'accountCacheTtlSeconds'
      | 'slackTimeoutMs'
      | 'slackFleetIntervalMs'
      | 'redeliveryBackoffSeconds'
      | 'stormWindowSeconds'
      | 'mutes'
    >
  >;

/**
 * The alerter's environment, as the stacks set it. Ids and names only: the webhook URL lives in
 * Secrets Manager.
 *
 * @example
 * buildAlerterEnvironment({ webhookSecretName: 'trailwatch/slack/alerts', routes: [], tableName: 'trailwatch-state', slackMinIntervalMs: 2000 });
 */
export function buildAlerterEnvironment(input: AlerterEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    [AlerterVariable.WEBHOOK_SECRET]: input.webhookSecretName,
    [AlerterVariable.TABLE]: input.tableName,
    [AlerterVariable.SLACK_MIN_INTERVAL_MS]: String(input.slackMinIntervalMs),
    [AlerterVariable.SERVICE_NAME]: ServiceName.ALERTER,
    [AlerterVariable.METRICS_NAMESPACE]: METRICS_NAMESPACE,
  };
  if (input.routes.length > 0) {
    // Only the keys a route has, in a fixed order: the environment counts against a 4 KB limit.
    env[AlerterVariable.ROUTES] = JSON.stringify(
      input.routes.map((route) =>
        Object.fromEntries(
          ROUTE_KEYS.filter((key) => route[key] !== undefined).map((key) => [key, route[key]]),
        ),
      ),
    );
  }
  if (input.dailySummary !== undefined) {
    const { hour, timeZone } = input.dailySummary;
    env[AlerterVariable.DAILY_SUMMARY] = JSON.stringify({ hour, timeZone });
  }
  if (input.mutes !== undefined && input.mutes.length > 0) {
    env[AlerterVariable.MUTES] = JSON.stringify(input.mutes);
  }
  const optional: [string, string | number | undefined][] = [
    [AlerterVariable.QUEUE_URL, input.queueUrl],
    [AlerterVariable.ORGANIZATIONS_ROLE_ARN, input.organizationsRoleArn],
    [AlerterVariable.ACCOUNT_CACHE_TTL_SECONDS, input.accountCacheTtlSeconds],
    [AlerterVariable.SLACK_TIMEOUT_MS, input.slackTimeoutMs],
    [AlerterVariable.SLACK_FLEET_INTERVAL_MS, input.slackFleetIntervalMs],
    [AlerterVariable.REDELIVERY_BACKOFF_SECONDS, input.redeliveryBackoffSeconds],
    [AlerterVariable.STORM_WINDOW_SECONDS, input.stormWindowSeconds],
    [AlerterVariable.CONSOLE_SIGNIN_URL, input.consoleSignInUrl],
    [AlerterVariable.CONSOLE_ROLE_NAME, input.consoleRoleName],
  ];
  for (const [name, value] of optional) {
    if (value !== undefined) env[name] = String(value);
  }
  const lists: [string, readonly string[] | undefined][] = [
    [AlerterVariable.TRAIL_BUCKET_NAMES, input.trailBucketNames],
    [AlerterVariable.TRAIL_KMS_KEY_ARNS, input.trailKmsKeyArns],
  ];
  for (const [name, values] of lists) {
    if (values !== undefined && values.length > 0) env[name] = values.join(',');
  }
  return env;
}

/** A comma-separated list variable; empty entries (`a,,b`, trailing commas) are dropped. */
function listVariable(env: Environment, name: string): string[] | undefined {
  const value = optionalVariable(env, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

function parseMutesVariable(env: Environment): Mute[] {
  const raw = optionalVariable(env, AlerterVariable.MUTES);
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new EnvironmentError(AlerterVariable.MUTES, `${AlerterVariable.MUTES} is not valid JSON`);
  }
  const problems = validateMutes(parsed, Date.now(), AlerterVariable.MUTES, { checkTime: false });
  if (problems.length > 0) throw new EnvironmentError(AlerterVariable.MUTES, problems.join('; '));
  return parsed as Mute[];
}

/**
 * Reads and validates the alerter's environment.
 *
 * @throws EnvironmentError naming the variable and the problem, never quoting a secret.
 */
export function parseAlerterEnvironment(env: Environment): AlerterSettings {
  let routes: SlackRoute[];
  try {
    routes = parseRoutes(env[AlerterVariable.ROUTES]);
  } catch (error) {
    if (error instanceof InvalidRoutesError) {
      throw new EnvironmentError(AlerterVariable.ROUTES, error.message);
    }
    throw error;
  }
  const mutes = parseMutesVariable(env);
  const dailySummary = parseDailySummaryVariable(
    AlerterVariable.DAILY_SUMMARY,
    env[AlerterVariable.DAILY_SUMMARY],
  );
  const optional: Record<string, string> = {};
  const optionalNames = {
    queueUrl: AlerterVariable.QUEUE_URL,
    organizationsRoleArn: AlerterVariable.ORGANIZATIONS_ROLE_ARN,
    consoleSignInUrl: AlerterVariable.CONSOLE_SIGNIN_URL,
    consoleRoleName: AlerterVariable.CONSOLE_ROLE_NAME,
  } as const;
  for (const [field, name] of Object.entries(optionalNames)) {
    const value = optionalVariable(env, name);
    if (value !== undefined) optional[field] = value;
  }
  const lists: Record<string, string[]> = {};
  const listNames = {
    trailBucketNames: AlerterVariable.TRAIL_BUCKET_NAMES,
    trailKmsKeyArns: AlerterVariable.TRAIL_KMS_KEY_ARNS,
  } as const;
  for (const [field, name] of Object.entries(listNames)) {
    const values = listVariable(env, name);
    if (values !== undefined) lists[field] = values;
  }
  const webhookSecretName = secretNameVariable(env, AlerterVariable.WEBHOOK_SECRET);
  const tableName = requiredVariable(env, AlerterVariable.TABLE);
  const region = optionalVariable(env, AlerterVariable.REGION);
  if (region === undefined) {
    throw new EnvironmentError(
      AlerterVariable.REGION,
      'Environment variable AWS_REGION is required (Lambda sets it; local runs must export it, e.g. AWS_REGION=us-east-1)',
    );
  }
  return {
    webhookSecretName,
    routes,
    mutes,
    tableName,
    accountCacheTtlSeconds: integerVariable(
      env,
      AlerterVariable.ACCOUNT_CACHE_TTL_SECONDS,
      AlerterDefaults.ACCOUNT_CACHE_TTL_SECONDS,
    ),
    slackMinIntervalMs: integerVariable(
      env,
      AlerterVariable.SLACK_MIN_INTERVAL_MS,
      AlerterDefaults.SLACK_MIN_INTERVAL_MS,
    ),
    slackTimeoutMs: integerVariable(
      env,
      AlerterVariable.SLACK_TIMEOUT_MS,
      AlerterDefaults.SLACK_TIMEOUT_MS,
    ),
    slackFleetIntervalMs: integerVariable(
      env,
      AlerterVariable.SLACK_FLEET_INTERVAL_MS,
      AlerterDefaults.SLACK_FLEET_INTERVAL_MS,
    ),
    redeliveryBackoffSeconds: integerVariable(
      env,
      AlerterVariable.REDELIVERY_BACKOFF_SECONDS,
      AlerterDefaults.REDELIVERY_BACKOFF_SECONDS,
    ),
    stormWindowSeconds: integerVariable(
      env,
      AlerterVariable.STORM_WINDOW_SECONDS,
      AlerterDefaults.STORM_WINDOW_SECONDS,
    ),
    serviceName: optionalVariable(env, AlerterVariable.SERVICE_NAME) ?? ServiceName.ALERTER,
    metricsNamespace: optionalVariable(env, AlerterVariable.METRICS_NAMESPACE) ?? METRICS_NAMESPACE,
    region,
    ...(dailySummary === undefined ? {} : { dailySummary }),
    ...optional,
    ...lists,
  };
}
