import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { catalogue, createClassifier } from '@trailwatch/detections';
import type { AlerterConfig } from './config.js';
import { DedupStore } from './dedup.js';
import { SlackSender } from './delivery/slack-sender.js';
import { createVisibilityChanger } from './delivery/visibility.js';
import { createWebhookResolver } from './delivery/webhook-url.js';
import { AccountDirectory } from './enrichment/account-directory.js';
import { createOrganizationsClient } from './enrichment/create-organizations-client.js';
import { createOrganizationsSource } from './enrichment/organizations-source.js';
import { HeartbeatStore } from './heartbeat.js';
import type { PipelineDependencies } from './process-batch.js';
import { createRouter } from './routing.js';
import type { Telemetry } from './telemetry.js';

/**
 * Builds the real clients and collaborators once per container. Every AWS client honours the
 * standard `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how local runs reach stand-ins.
 */
export function createDependencies(
  config: AlerterConfig,
  telemetry: Telemetry,
): PipelineDependencies {
  const region = config.region === undefined ? {} : { region: config.region };
  const dynamo = new DynamoDBClient({ ...region, maxAttempts: 3 });
  const directory = new AccountDirectory(
    createOrganizationsSource(
      createOrganizationsClient({ roleArn: config.organizationsRoleArn, region: config.region }),
    ),
    { ttlMs: config.accountCacheTtlSeconds * 1000 },
  );
  const secrets = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ ...region }) });
  const sender = new SlackSender({
    resolveWebhook: createWebhookResolver(secrets),
    telemetry,
    minIntervalMs: config.slackMinIntervalMs,
    timeoutMs: config.slackTimeoutMs,
  });
  const deps: PipelineDependencies = {
    classifier: createClassifier(catalogue, config.detectionContext),
    lookupAccount: (accountId) => directory.lookup(accountId),
    route: createRouter(config.routes, config.defaultSecretId),
    dedup: new DedupStore(dynamo, config.dedupTableName),
    heartbeats: new HeartbeatStore(dynamo, config.dedupTableName),
    deliver: (messages, remainingMs) => sender.deliverAll(messages, remainingMs),
    telemetry,
    renderOptions: config.render,
    redeliveryBackoffSeconds: config.redeliveryBackoffSeconds,
  };
  if (config.queueUrl === undefined) return deps;
  const sqs = new SQSClient({ ...region });
  return { ...deps, delayRedelivery: createVisibilityChanger(sqs, config.queueUrl, telemetry.log) };
}
