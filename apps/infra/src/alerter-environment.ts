import type { TrailwatchConfig } from '@trailwatch/config';
import { Powertools } from './constants.js';

/** Resource identifiers the alerter's environment points at. */
export interface AlerterResources {
  readonly tableName: string;
  readonly queueUrl: string;
  /** Set when Organizations is read through a role in the management account. */
  readonly organizationsRoleArn?: string;
}

/**
 * The alerter's environment contract. Secrets are passed by id only; the webhook URL itself is
 * read from Secrets Manager at run time and never appears here.
 */
export function alerterEnvironment(
  config: TrailwatchConfig,
  resources: AlerterResources,
): Record<string, string> {
  const routes = config.slack.routes.map(({ webhookSecretName, ...criteria }) => ({
    ...criteria,
    secretId: webhookSecretName,
  }));
  return {
    SLACK_WEBHOOK_SECRET_ID: config.slack.webhookSecretName,
    SLACK_ROUTES: JSON.stringify(routes),
    DEDUP_TABLE_NAME: resources.tableName,
    QUEUE_URL: resources.queueUrl,
    // Each concurrent instance posts at most once per interval, so the fleet stays at ≤ 1 msg/s.
    SLACK_MIN_INTERVAL_MS: String(1000 * config.alerter.maxConcurrency),
    POWERTOOLS_SERVICE_NAME: Powertools.SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: Powertools.METRICS_NAMESPACE,
    ...(config.slack.consoleSignInUrl ? { CONSOLE_SIGNIN_URL: config.slack.consoleSignInUrl } : {}),
    ...(config.slack.consoleRoleName ? { CONSOLE_ROLE_NAME: config.slack.consoleRoleName } : {}),
    ...(resources.organizationsRoleArn
      ? { ORGANIZATIONS_ROLE_ARN: resources.organizationsRoleArn }
      : {}),
  };
}
