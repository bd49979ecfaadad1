import {
  AlerterVariable,
  buildAlerterEnvironment,
  buildWatchdogEnvironment,
  type DailySummary,
  dailySummaryTargets,
  parseRoutes,
  requiredVariable,
  WatchdogDefaults,
} from '@trailwatch/contract';

/**
 * The storm window of the local run, in seconds (deployed: 60). The samples' burst of failed
 * sign-ins is a storm, held for its window's digest (and the tail one window more); at the deployed
 * window that alone made `pnpm start` take two minutes.
 */
export const LOCAL_STORM_WINDOW_SECONDS = 10;

/** The stand-ins' environment (`LocalStack.env`): endpoints, credentials and the alerter's names. */
type StackEnvironment = Readonly<Record<string, string>>;

/**
 * The alerter's environment for the local run: the stand-ins' endpoints, with the contract part
 * rebuilt by the contract's builder (as the stacks deploy it) so the sample webhook's daily summary
 * reaches the alerter in the deployed form and the alerter counts its alerts into the table.
 */
export function alerterEnvironment(
  stack: StackEnvironment,
  dailySummary: DailySummary,
): Record<string, string> {
  return {
    ...stack,
    ...buildAlerterEnvironment({
      webhookSecretName: requiredVariable(stack, AlerterVariable.WEBHOOK_SECRET),
      routes: parseRoutes(stack[AlerterVariable.ROUTES]),
      tableName: requiredVariable(stack, AlerterVariable.TABLE),
      slackMinIntervalMs: Number(requiredVariable(stack, AlerterVariable.SLACK_MIN_INTERVAL_MS)),
      stormWindowSeconds: LOCAL_STORM_WINDOW_SECONDS,
      dailySummary,
    }),
  };
}

/** What the watchdog watches in the local run. */
export interface WatchedOrganization {
  /** The deployment's targets: the organization's root, so every account is expected. */
  readonly rootId: string;
  readonly managementAccountId: string;
  /** Regions the member stacks (and their heartbeats) are in. */
  readonly memberRegions: readonly string[];
}

/**
 * The watchdog's environment for the local run, built like the stacks build it: the alerter's
 * table and default webhook, the daily summaries of the same webhooks the alerter counts for, and
 * the configuration's default silence and grace.
 */
export function watchdogEnvironment(
  stack: StackEnvironment,
  organization: WatchedOrganization,
  dailySummary: DailySummary,
): Record<string, string> {
  const webhookSecretName = requiredVariable(stack, AlerterVariable.WEBHOOK_SECRET);
  return {
    ...stack,
    ...buildWatchdogEnvironment({
      tableName: requiredVariable(stack, AlerterVariable.TABLE),
      memberRegions: organization.memberRegions,
      targetOuIds: [organization.rootId],
      managementAccountId: organization.managementAccountId,
      webhookSecretName,
      excludedAccounts: [],
      silenceMinutes: WatchdogDefaults.SILENCE_MINUTES,
      graceMinutes: WatchdogDefaults.GRACE_MINUTES,
      dailySummaries: dailySummaryTargets(
        webhookSecretName,
        dailySummary,
        parseRoutes(stack[AlerterVariable.ROUTES]),
      ),
    }),
  };
}
