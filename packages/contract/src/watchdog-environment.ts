import {
  type DailySummary,
  type DailySummaryTarget,
  parseJsonVariable,
  validateDailySummary,
} from './daily-summary.js';
import {
  type Environment,
  integerVariable,
  optionalVariable,
  requiredVariable,
  secretNameVariable,
  stringListVariable,
} from './environment.js';
import { EnvironmentError, formatPath } from './issue.js';
import { METRICS_NAMESPACE, ServiceName } from './metrics.js';
import { looksLikeWebhookUrl } from './route.js';

/** The watchdog's environment variables. */
export const WatchdogVariable = {
  /** The alerter's state table (the same one the alerter writes heartbeats to). */
  TABLE_NAME: 'DEDUP_TABLE_NAME',
  /** JSON array of the regions every targeted account sends heartbeats from. */
  MEMBER_REGIONS: 'MEMBER_REGIONS',
  /** JSON array of the OU / root ids the deployment targets (`targetOuIds`). */
  TARGET_OU_IDS: 'TARGET_OU_IDS',
  /** The management account: it gets the member stacks directly, not through the StackSet. */
  MANAGEMENT_ACCOUNT_ID: 'MANAGEMENT_ACCOUNT_ID',
  /** The default webhook's secret id. */
  WEBHOOK_SECRET_ID: 'SLACK_WEBHOOK_SECRET_ID',
  /** The watchdog's own webhook secret id (`watchdog.webhookSecretName`), when set. */
  OWN_WEBHOOK_SECRET_ID: 'WATCHDOG_SLACK_WEBHOOK_SECRET_ID',
  /** JSON array of account ids never expected to send heartbeats. */
  EXCLUDED_ACCOUNTS: 'WATCHDOG_EXCLUDED_ACCOUNTS',
  SILENCE_MINUTES: 'WATCHDOG_SILENCE_MINUTES',
  GRACE_MINUTES: 'WATCHDOG_GRACE_MINUTES',
  ORGANIZATIONS_ROLE_ARN: 'ORGANIZATIONS_ROLE_ARN',
  SLACK_TIMEOUT_MS: 'SLACK_TIMEOUT_MS',
  /** JSON array of the webhooks that get a daily summary: `[{webhookSecretName, hour, timeZone}]`. */
  DAILY_SUMMARIES: 'DAILY_SUMMARIES',
  POWERTOOLS_SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  POWERTOOLS_METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** Defaults of the watchdog's settings (`watchdog` in the configuration file). */
export const WatchdogDefaults = {
  /** Two missed hourly heartbeats plus slack for EventBridge's scheduling jitter. */
  SILENCE_MINUTES: 150,
  /** Time for a new account's StackSet instance to deploy and its first heartbeat to arrive. */
  GRACE_MINUTES: 180,
  SLACK_TIMEOUT_MS: 5000,
} as const;

/** Bounds the configuration schema and the function both enforce. */
export const WatchdogLimits = {
  /**
   * Heartbeats are hourly: less reports healthy regions between two beats. At most the heartbeat
   * items' 7-day TTL: a longer silence could never be measured, the item would be gone first.
   */
  SILENCE_MINUTES: { min: 60, max: 10_080 },
  /** A StackSet instance deploys in minutes; 30 days is far beyond any rollout. */
  GRACE_MINUTES: { min: 0, max: 43_200 },
} as const;

/** What the stacks know when they build the watchdog's environment. */
export interface WatchdogEnvironmentInput {
  readonly tableName: string;
  readonly memberRegions: readonly string[];
  readonly targetOuIds: readonly string[];
  readonly managementAccountId: string;
  readonly webhookSecretName: string;
  readonly ownWebhookSecretName?: string;
  readonly excludedAccounts: readonly string[];
  readonly silenceMinutes: number;
  readonly graceMinutes: number;
  readonly organizationsRoleArn?: string;
  /** Webhooks that get a daily summary (see `dailySummaryTargets`); none when absent or empty. */
  readonly dailySummaries?: readonly DailySummaryTarget[];
}

/** The watchdog's environment, as the stacks set it; ids and names only. */
export function buildWatchdogEnvironment(input: WatchdogEnvironmentInput): Record<string, string> {
  const Env = WatchdogVariable;
  return {
    [Env.TABLE_NAME]: input.tableName,
    [Env.MEMBER_REGIONS]: JSON.stringify(input.memberRegions),
    [Env.TARGET_OU_IDS]: JSON.stringify(input.targetOuIds),
    [Env.MANAGEMENT_ACCOUNT_ID]: input.managementAccountId,
    [Env.WEBHOOK_SECRET_ID]: input.webhookSecretName,
    ...(input.ownWebhookSecretName
      ? { [Env.OWN_WEBHOOK_SECRET_ID]: input.ownWebhookSecretName }
      : {}),
    [Env.EXCLUDED_ACCOUNTS]: JSON.stringify(input.excludedAccounts),
    [Env.SILENCE_MINUTES]: String(input.silenceMinutes),
    [Env.GRACE_MINUTES]: String(input.graceMinutes),
    [Env.POWERTOOLS_SERVICE_NAME]: ServiceName.WATCHDOG,
    [Env.POWERTOOLS_METRICS_NAMESPACE]: METRICS_NAMESPACE,
    ...(input.organizationsRoleArn
      ? { [Env.ORGANIZATIONS_ROLE_ARN]: input.organizationsRoleArn }
      : {}),
    ...(input.dailySummaries !== undefined && input.dailySummaries.length > 0
      ? {
          [Env.DAILY_SUMMARIES]: JSON.stringify(
            input.dailySummaries.map(({ webhookSecretName, hour, timeZone }) => ({
              webhookSecretName,
              hour,
              timeZone,
            })),
          ),
        }
      : {}),
  };
}

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * The watchdog's list of summaries, `[{webhookSecretName, hour, timeZone}]`; empty when unset.
 *
 * @throws EnvironmentError naming the variable and each entry and field at fault.
 */
export function parseDailySummaryTargets(
  raw: string | undefined,
  variable: string = WatchdogVariable.DAILY_SUMMARIES,
): DailySummaryTarget[] {
  if (raw === undefined || raw.trim() === '') return [];
  const what = `a JSON array like [{"webhookSecretName":"trailwatch/slack/webhook","hour":8,"timeZone":"Europe/Berlin"}]`;
  const parsed = parseJsonVariable(variable, raw, what);
  if (!Array.isArray(parsed)) {
    throw new EnvironmentError(variable, `Environment variable ${variable} must be ${what}`);
  }
  const problems: string[] = [];
  const targets = parsed.map((entry: unknown, index): DailySummaryTarget | undefined => {
    const base = `${variable}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${base} must be an object`);
      return undefined;
    }
    const { webhookSecretName, ...summary } = entry as Record<string, unknown>;
    // Never quote it: a pasted webhook URL is the secret itself.
    if (
      typeof webhookSecretName !== 'string' ||
      looksLikeWebhookUrl(webhookSecretName) ||
      !SECRET_NAME.test(webhookSecretName)
    ) {
      problems.push(
        `${base}.webhookSecretName must be the name of the Secrets Manager secret holding the webhook URL`,
      );
    }
    for (const issue of validateDailySummary(summary)) {
      problems.push(`${formatPath(base, issue.path)} ${issue.fix}`);
    }
    const { hour, timeZone } = summary as unknown as DailySummary;
    return { webhookSecretName: webhookSecretName as string, hour, timeZone };
  });
  if (problems.length > 0) throw new EnvironmentError(variable, problems.join('; '));
  return targets as DailySummaryTarget[];
}

/** What the watchdog's environment carries, typed. */
export interface WatchdogSettings {
  /** The alerter's table, where heartbeats are recorded and watchdog states kept. */
  readonly tableName: string;
  /** Regions every member account sends a heartbeat from. */
  readonly memberRegions: readonly string[];
  /** The deployment's target OU / root ids: only accounts under them are expected to beat. */
  readonly targetOuIds: readonly string[];
  /** The management account, expected too: it gets the member stacks directly. */
  readonly managementAccountId: string;
  /** The webhook the watchdog posts to: its own when set, else the default one. */
  readonly webhookSecretName: string;
  /** Accounts never expected to send heartbeats (e.g. suspended-by-policy sandboxes). */
  readonly excludedAccounts: readonly string[];
  /** A region whose last heartbeat is older than this is silent. */
  readonly silenceMinutes: number;
  /** An account without any heartbeat is uncovered once it joined longer ago than this. */
  readonly graceMinutes: number;
  readonly organizationsRoleArn?: string;
  readonly slackTimeoutMs: number;
  /** Webhooks that get a daily summary (`DAILY_SUMMARIES`); empty = none. */
  readonly dailySummaries: readonly DailySummaryTarget[];
  /**
   * The function's region (Lambda sets `AWS_REGION`; the builder never writes it), for STS;
   * Organizations is always called in us-east-1.
   */
  readonly region?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The same OU / root id shapes the configuration's `targetOuIds` accepts. */
const OU_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

function boundedMinutes(env: Environment, setting: keyof typeof WatchdogLimits): number {
  const name = WatchdogVariable[setting];
  const value = integerVariable(env, name, WatchdogDefaults[setting]);
  const { min, max } = WatchdogLimits[setting];
  if (value < min || value > max) {
    throw new EnvironmentError(
      name,
      `Environment variable ${name} must be from ${min} to ${max}${
        setting === 'SILENCE_MINUTES' ? ' (heartbeats are hourly and kept 7 days)' : ''
      }, got ${value}`,
    );
  }
  return value;
}

function requiredList(
  env: Environment,
  name: string,
  pattern: RegExp,
  what: string,
  one: string,
  required: string,
): string[] {
  const values = stringListVariable(env, name, pattern, what, one);
  if (values === undefined || values.length === 0) {
    throw new EnvironmentError(name, `Environment variable ${name} is required: ${required}`);
  }
  return values;
}

/**
 * Reads and validates the watchdog's environment.
 *
 * @throws EnvironmentError naming the variable and the problem, never quoting a secret.
 */
export function parseWatchdogEnvironment(env: Environment): WatchdogSettings {
  const Env = WatchdogVariable;
  const memberRegions = requiredList(
    env,
    Env.MEMBER_REGIONS,
    REGION,
    'region names',
    'a region name',
    'a non-empty JSON array of region names',
  );
  // No fallback to the whole organization: that is what kept the uncovered alarm firing for
  // accounts a deployment never targets.
  const targetOuIds = requiredList(
    env,
    Env.TARGET_OU_IDS,
    OU_OR_ROOT_ID,
    'OU or root ids',
    'an OU id ("ou-…") or a root id ("r-…")',
    "a non-empty JSON array of the deployment's target OU or root ids",
  );
  const managementAccountId = requiredVariable(env, Env.MANAGEMENT_ACCOUNT_ID);
  if (!ACCOUNT_ID.test(managementAccountId)) {
    throw new EnvironmentError(
      Env.MANAGEMENT_ACCOUNT_ID,
      `Environment variable ${Env.MANAGEMENT_ACCOUNT_ID} must be a 12-digit account id, got ${JSON.stringify(managementAccountId)}`,
    );
  }
  const excludedAccounts =
    stringListVariable(
      env,
      Env.EXCLUDED_ACCOUNTS,
      ACCOUNT_ID,
      '12-digit account ids',
      'a 12-digit account id',
    ) ?? [];
  const organizationsRoleArn = optionalVariable(env, Env.ORGANIZATIONS_ROLE_ARN);
  const region = optionalVariable(env, 'AWS_REGION');
  const webhookSecretName = secretNameVariable(
    env,
    optionalVariable(env, Env.OWN_WEBHOOK_SECRET_ID) === undefined
      ? Env.WEBHOOK_SECRET_ID
      : Env.OWN_WEBHOOK_SECRET_ID,
  );
  const dailySummaries = parseDailySummaryTargets(optionalVariable(env, Env.DAILY_SUMMARIES));
  return {
    tableName: requiredVariable(env, Env.TABLE_NAME),
    memberRegions,
    targetOuIds,
    managementAccountId,
    webhookSecretName,
    excludedAccounts,
    silenceMinutes: boundedMinutes(env, 'SILENCE_MINUTES'),
    graceMinutes: boundedMinutes(env, 'GRACE_MINUTES'),
    slackTimeoutMs: integerVariable(env, Env.SLACK_TIMEOUT_MS, WatchdogDefaults.SLACK_TIMEOUT_MS),
    dailySummaries,
    ...(organizationsRoleArn === undefined ? {} : { organizationsRoleArn }),
    ...(region === undefined ? {} : { region }),
  };
}
