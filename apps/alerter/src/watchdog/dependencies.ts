import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { createDynamoDbClient, createSecretsManagerClient } from '../aws-clients.js';
import { SlackSender } from '../delivery/slack-sender.js';
import { createWebhookResolver } from '../delivery/webhook-url.js';
import { createOrganizationsClient } from '../enrichment/create-organizations-client.js';
import type { Telemetry } from '../telemetry.js';
import type { WatchdogConfig } from './config.js';
import { DynamoDbLease } from './lease.js';
import type { WatchdogDependencies } from './run-watchdog.js';
import { SummaryTable } from './summary-table.js';
import { listTargetAccounts } from './target-accounts.js';
import type { WatchdogGauges } from './watchdog-metrics.js';
import { WatchdogTable } from './watchdog-table.js';

/**
 * The watchdog's real clients, built once per container. They honour the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how local runs reach stand-ins.
 */
export function createWatchdogDependencies(
  config: WatchdogConfig,
  telemetry: Telemetry,
  gauges: WatchdogGauges,
): WatchdogDependencies {
  const region = config.region === undefined ? {} : { region: config.region };
  const organizations = createOrganizationsClient({
    ...(config.organizationsRoleArn === undefined ? {} : { roleArn: config.organizationsRoleArn }),
    ...region,
  });
  const secrets = new SecretsProvider({
    awsSdkV3Client: createSecretsManagerClient(config.region),
  });
  const sender = new SlackSender({
    resolveWebhook: createWebhookResolver(secrets),
    telemetry,
    // Two messages per run plus one summary per summarised webhook a day: pacing only has to keep
    // posts to one webhook Slack's second apart.
    minIntervalMs: 1000,
    timeoutMs: config.slackTimeoutMs,
  });
  const dynamodb = createDynamoDbClient(config.region);
  const targets = {
    targetOuIds: config.targetOuIds,
    managementAccountId: config.managementAccountId,
  };
  return {
    listAccounts: () => listTargetAccounts(organizations, targets),
    lease: new DynamoDbLease(dynamodb, config.tableName),
    table: new WatchdogTable(dynamodb, config.tableName, telemetry.log),
    deliver: (messages, remainingMs) => sender.deliverAll(messages, remainingMs),
    telemetry,
    gauges,
    webhookSecretId: config.webhookSecretId,
    memberRegions: config.memberRegions,
    excludedAccounts: config.excludedAccounts,
    silenceMinutes: config.silenceMinutes,
    graceMinutes: config.graceMinutes,
    ...(config.dailySummaries.length === 0
      ? {}
      : {
          summaries: {
            targets: config.dailySummaries,
            store: new SummaryTable(dynamodb, config.tableName),
          },
        }),
  };
}
