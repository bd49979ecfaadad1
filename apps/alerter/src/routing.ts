import {
  InvalidRoutesError as ContractRoutesError,
  looksLikeWebhookUrl,
  parseRoutes as parseContractRoutes,
  type SlackRoute,
} from '@trailwatch/contract';
import type { Alert } from '@trailwatch/slack';
import { InvalidRoutesError } from './errors.js';

/** One entry of `SLACK_ROUTES`: the contract's route shape, validated by its one validator. */
export type Route = SlackRoute;

/**
 * The account fields routing reads; `ouIds` and `ouNames` are filled by enrichment when
 * Organizations answered. Names are a list, not the joined display path: an OU name may itself
 * contain "/", so splitting `ouPath` would invent OUs that do not exist.
 */
export interface RoutableAccount {
  readonly id: string;
  readonly ouPath?: string;
  readonly ouIds?: readonly string[];
  readonly ouNames?: readonly string[];
}

/**
 * Secret ids and ARNs never contain `://` or a Slack host; a value that does is the webhook URL
 * pasted where its secret's id belongs. Accepting it would put the URL in every log line.
 */
export const looksLikeUrl = looksLikeWebhookUrl;

/**
 * Parses and validates `SLACK_ROUTES` with the contract's validator. Unset or blank means no
 * routes (everything goes to the default webhook).
 *
 * @throws InvalidRoutesError naming the entry, the field and the problem, never the value.
 */
export function parseRoutes(json: string | undefined): Route[] {
  try {
    return parseContractRoutes(json);
  } catch (error) {
    if (error instanceof ContractRoutesError) throw new InvalidRoutesError(error.message);
    throw error;
  }
}

function matchesOu(route: Route, account: RoutableAccount): boolean {
  if (route.ous === undefined) return true;
  const names = account.ouNames ?? [];
  const ids = account.ouIds ?? [];
  return route.ous.some((ou) => ids.includes(ou) || names.includes(ou));
}

/** Whether `route` applies to `alert`. */
export function routeMatches(route: Route, alert: Alert & { account: RoutableAccount }): boolean {
  const { detection } = alert.match;
  return (
    (route.severities === undefined ||
      (route.severities as readonly string[]).includes(detection.severity)) &&
    (route.detections === undefined || route.detections.includes(detection.id)) &&
    (route.accounts === undefined || route.accounts.includes(alert.account.id)) &&
    matchesOu(route, alert.account)
  );
}

/**
 * The webhook secret id for an alert: the first matching route's, else the default. OU criteria
 * can only match when enrichment found the account's OU path.
 */
export function createRouter(
  routes: readonly Route[],
  defaultSecretId: string,
): (alert: Alert & { account: RoutableAccount }) => string {
  return (alert) =>
    routes.find((route) => routeMatches(route, alert))?.webhookSecretName ?? defaultSecretId;
}
