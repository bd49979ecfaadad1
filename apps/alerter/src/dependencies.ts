import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { Correlator, catalogue, createClassifier } from '@trailwatch/detections';
import {
  createDynamoDbClient,
  createSecretsManagerClient,
  createSqsClient,
} from './aws-clients.js';
import type { AlerterConfig } from './config.js';
import { DynamoCorrelationStore } from './correlation-store.js';
import { DedupStore } from './dedup.js';
import { SlackSender } from './delivery/slack-sender.js';
import { createVisibilityChanger } from './delivery/visibility.js';
import { SharedWebhookSchedule } from './delivery/webhook-schedule.js';
import { createWebhookResolver } from './delivery/webhook-url.js';
import { AccountDirectory } from './enrichment/account-directory.js';
import { createOrganizationsClient } from './enrichment/create-organizations-client.js';
import { createOrganizationsSource } from './enrichment/organizations-source.js';
import { HeartbeatStore } from './heartbeat.js';
import { MuteStore } from './mute-store.js';
import type { PipelineDependencies } from './process-batch.js';
import { createRouter } from './routing.js';
import { StormStore } from './storm/storm-store.js';
import { SummaryCounterStore } from './summary/summary-counter-store.js';
import type { Telemetry } from './telemetry.js';

/**
 * Builds the real clients and collaborators once per container. Every AWS client honours the
 * standard `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how local runs reach stand-ins.
 */
export function createDependencies(
  config: AlerterConfig,
  telemetry: Telemetry,
): PipelineDependencies {
  const dynamo = createDynamoDbClient(config.region);
  const directory = new AccountDirectory(
    createOrganizationsSource(
      createOrganizationsClient({ roleArn: config.organizationsRoleArn, region: config.region }),
    ),
    { ttlMs: config.accountCacheTtlSeconds * 1000 },
  );
  const secrets = new SecretsProvider({
    awsSdkV3Client: createSecretsManagerClient(config.region),
  });
  const sender = new SlackSender({
    resolveWebhook: createWebhookResolver(secrets),
    telemetry,
    minIntervalMs: config.slackMinIntervalMs,
    timeoutMs: config.slackTimeoutMs,
    schedule: new SharedWebhookSchedule(dynamo, config.dedupTableName, config.slackFleetIntervalMs),
  });
  const counters = new SummaryCounterStore(dynamo, config.dedupTableName);
  const summaries: PipelineDependencies['summaries'] =
    config.summaryWebhookSecretIds.length === 0
      ? undefined
      : {
          routes: new Set(config.summaryWebhookSecretIds),
          add: (tally, nowMs) => counters.add(tally, nowMs),
        };
  const deps: PipelineDependencies = {
    ...(summaries === undefined ? {} : { summaries }),
    classifier: createClassifier(catalogue, config.detectionContext),
    lookupAccount: (accountId) => directory.lookup(accountId),
    organizationAccountIds: () => directory.organizationAccountIds(),
    route: createRouter(config.routes, config.defaultSecretId),
    dedup: new DedupStore(dynamo, config.dedupTableName),
    heartbeats: new HeartbeatStore(dynamo, config.dedupTableName),
    deliver: (messages, remainingMs) => sender.deliverAll(messages, remainingMs),
    telemetry,
    correlator: new Correlator({
      store: new DynamoCorrelationStore(dynamo, config.dedupTableName),
    }),
    mutes: new MuteStore({
      client: dynamo,
      tableName: config.dedupTableName,
      configMutes: config.mutes,
      log: telemetry.log,
    }),
    renderOptions: config.render,
    redeliveryBackoffSeconds: config.redeliveryBackoffSeconds,
    storms: {
      windows: new StormStore(dynamo, config.dedupTableName),
      windowMs: config.stormWindowSeconds * 1000,
    },
  };
  if (config.queueUrl === undefined) return deps;
  const sqs = createSqsClient(config.region);
  return { ...deps, delayRedelivery: createVisibilityChanger(sqs, config.queueUrl, telemetry.log) };
}
