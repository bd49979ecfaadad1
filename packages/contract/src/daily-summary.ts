import { type ContractIssue, EnvironmentError, formatPath } from './issue.js';

/**
 * When a webhook gets its daily summary: once a day, on the first watchdog run at or after `hour`
 * o'clock in `timeZone`. Set on a route (`routes[].dailySummary`) or on the default webhook
 * (`slack.dailySummary`); absent means no summary.
 */
export interface DailySummary {
  /** Local hour, 0-23. */
  readonly hour: number;
  /** IANA time zone name, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
}

/** A webhook that gets a daily summary: every alert posted to it is counted for it. */
export interface DailySummaryTarget extends DailySummary {
  readonly webhookSecretName: string;
}

const KEYS = ['hour', 'timeZone'] as const;
const EXAMPLE = '{"hour":8,"timeZone":"Europe/Berlin"}';

/** Whether the runtime knows `timeZone` (Intl throws a RangeError for an unknown zone). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every problem with a daily-summary setting, or none; paths are below the setting. The one
 * validator for it, in the configuration file and in both functions' environments.
 *
 * @example
 * validateDailySummary({ hour: 8, timeZone: 'Europe/Berlin' }); // []
 */
export function validateDailySummary(value: unknown): ContractIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: [], fix: `must be an object like ${EXAMPLE}` }];
  }
  const setting = value as Record<string, unknown>;
  const issues: ContractIssue[] = [];
  for (const key of Object.keys(setting)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      issues.push({
        path: [key],
        fix: `is not a daily summary setting; allowed keys are ${KEYS.join(', ')}`,
      });
    }
  }
  const { hour, timeZone } = setting;
  if (typeof hour !== 'number' || !Number.isInteger(hour) || hour < 0 || hour > 23) {
    issues.push({
      path: ['hour'],
      fix: 'must be a whole hour from 0 to 23 (local time in timeZone), like 8',
    });
  }
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
    issues.push({
      path: ['timeZone'],
      fix: 'must be an IANA time zone name like "Europe/Berlin", "America/New_York" or "UTC"',
    });
  }
  return issues;
}

/**
 * The webhooks that get a summary: the default webhook's (when set), then each route's, one per
 * webhook secret (the first setting wins; the configuration schema refuses two that differ).
 */
export function dailySummaryTargets(
  defaultWebhookSecretName: string,
  defaultSummary: DailySummary | undefined,
  routes: readonly { webhookSecretName: string; dailySummary?: DailySummary }[],
): DailySummaryTarget[] {
  const targets = new Map<string, DailySummaryTarget>();
  const add = (webhookSecretName: string, summary: DailySummary | undefined) => {
    if (summary === undefined || targets.has(webhookSecretName)) return;
    targets.set(webhookSecretName, {
      webhookSecretName,
      hour: summary.hour,
      timeZone: summary.timeZone,
    });
  };
  add(defaultWebhookSecretName, defaultSummary);
  for (const route of routes) add(route.webhookSecretName, route.dailySummary);
  return [...targets.values()];
}

/** JSON from a variable; V8's parse error quotes the input, so it is never passed on. */
export function parseJsonVariable(variable: string, raw: string, what: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new EnvironmentError(variable, `Environment variable ${variable} must be ${what}`);
  }
}

/**
 * One daily-summary setting from an environment variable (the alerter's default webhook);
 * `undefined` when unset or blank.
 *
 * @throws EnvironmentError naming the variable and each field at fault.
 */
export function parseDailySummaryVariable(
  variable: string,
  raw: string | undefined,
): DailySummary | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = parseJsonVariable(variable, raw, `JSON like ${EXAMPLE}`);
  const problems = validateDailySummary(parsed).map(
    (issue) => `${formatPath(variable, issue.path)} ${issue.fix}`,
  );
  if (problems.length > 0) throw new EnvironmentError(variable, problems.join('; '));
  const { hour, timeZone } = parsed as DailySummary;
  return { hour, timeZone };
}

/** How the alerter's counts and the watchdog's summaries fit together in time. */
export const DailySummaryTiming = {
  /** A summary covers the current UTC hour and the 23 before it. */
  HOURS: 24,
  /**
   * Hour items and posted markers live this long past their hour (DynamoDB TTL): longer than a
   * summary's 24 hours plus a day of missed runs, and short enough that a table holds three days.
   */
  TTL_SECONDS: 3 * 86_400,
} as const;
