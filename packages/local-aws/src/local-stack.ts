import { createDedupTable, type LocalDynamoDb, startDynamoDb } from './dynamodb.js';
import { InvalidStandInOptionsError } from './errors.js';
import {
  type OrganizationsSeed,
  type OrganizationsStandIn,
  startOrganizationsStandIn,
} from './organizations-stand-in.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from './secrets-manager-stand-in.js';
import {
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from './slack-emulator.js';
import { type SqsStandIn, startSqsStandIn } from './sqs-stand-in.js';
import { type StsStandIn, startStsStandIn } from './sts-stand-in.js';

/** A Slack route of the alerter (`SLACK_ROUTES` entry) with its own emulated webhook. */
export interface LocalRoute {
  /** Secrets Manager id of the route's webhook. */
  readonly webhookSecretName: string;
  /** Name of the emulated webhook (channel) it posts to. */
  readonly webhook: string;
  readonly severities?: readonly string[];
  readonly detections?: readonly string[];
  readonly accounts?: readonly string[];
  readonly ous?: readonly string[];
}

/** What {@link startLocalStack} starts. */
export interface LocalStackOptions {
  /** The organization the Organizations stand-in serves. */
  readonly organization: OrganizationsSeed;
  /** @default - 1 message/s with a burst of 3 */
  readonly slack?: SlackEmulatorOptions;
  /** Extra routes, each with its own webhook and secret. @default [] */
  readonly routes?: readonly LocalRoute[];
  /** Store the default webhook secret as `{"url": "..."}` instead of the bare URL. @default false */
  readonly secretAsJson?: boolean;
  /** When set, the alerter assumes this role (through the STS stand-in) for Organizations. */
  readonly organizationsRoleArn?: string;
  /** @default 'trailwatch-dedup' */
  readonly dedupTableName?: string;
  /** @default 'trailwatch/slack/default' */
  readonly defaultSecretId?: string;
  /**
   * A webhook outside the stack (a real Slack channel, another emulator) for the default secret to
   * hold instead of the emulator's; routes still get emulated webhooks. Must be https, or http to
   * this machine, like the alerter accepts. @default - the emulator's `default` webhook
   */
  readonly webhookUrl?: string;
  /**
   * The event source mapping's maximum concurrency the run stands for: the environment paces each
   * alerter at `1000 × maxConcurrency` ms (`SLACK_MIN_INTERVAL_MS`), as the stack deploys it.
   * @default 2 (the configuration's default)
   */
  readonly maxConcurrency?: number;
}

/** The configuration's default `alerter.maxConcurrency` (packages/config/src/schema.ts). */
export const DEFAULT_MAX_CONCURRENCY = 2;

/** Every stand-in of a local run, and the alerter environment that points at them. */
export interface LocalStack {
  readonly slack: SlackEmulator;
  readonly organizations: OrganizationsStandIn;
  readonly secretsManager: SecretsManagerStandIn;
  readonly dynamodb: LocalDynamoDb;
  readonly sqs: SqsStandIn;
  readonly sts: StsStandIn;
  /**
   * The alerter's environment contract (secret id, table, queue URL, routes, role) plus
   * `AWS_ENDPOINT_URL_<SERVICE>` for every stand-in, a region and obviously fake static
   * credentials. Ids and URLs of stand-ins only: the webhook URL is in the secret, never here.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Secret id → webhook name, for saying where a message went. */
  readonly webhookOfSecret: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/** The external webhook must be one the alerter would accept; the error never quotes it. */
function checkExternalWebhook(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidStandInOptionsError('webhookUrl is not a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InvalidStandInOptionsError(
      `webhookUrl must be https (or http to this machine), got a ${url.protocol} URL`,
    );
  }
}

/** Fake static credentials: the stand-ins only check that requests are signed. */
const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'local-stand-in-secret-key-not-a-real-one',
} as const;

/**
 * Starts the Slack emulator, Organizations, Secrets Manager, STS and SQS stand-ins and dynalite
 * with the dedup table, and returns the environment under which the alerter bundle reaches all
 * of them. Used by `pnpm start` and the end-to-end tests.
 *
 * @example
 * const stack = await startLocalStack({ organization: { accounts: [{ id: '111122223333', name: 'prod' }] } });
 * Object.assign(process.env, stack.env);
 * const { handler } = await import('../apps/alerter/dist/index.mjs');
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  if (options.webhookUrl !== undefined) checkExternalWebhook(options.webhookUrl);
  const dedupTableName = options.dedupTableName ?? 'trailwatch-dedup';
  const defaultSecretId = options.defaultSecretId ?? 'trailwatch/slack/default';
  const started: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(service: T): T => {
    started.push(service);
    return service;
  };
  const close = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((service) => service.close()));
  };
  try {
    const slack = track(await startSlackEmulator(options.slack));
    const defaultUrl = options.webhookUrl ?? slack.url;
    const webhookOfSecret = new Map<string, string>([
      [defaultSecretId, options.webhookUrl === undefined ? 'default' : 'external'],
    ]);
    const secrets: Record<string, string> = {
      [defaultSecretId]: options.secretAsJson ? JSON.stringify({ url: defaultUrl }) : defaultUrl,
    };
    for (const route of options.routes ?? []) {
      secrets[route.webhookSecretName] = slack.addWebhook(route.webhook);
      webhookOfSecret.set(route.webhookSecretName, route.webhook);
    }
    const organizations = track(await startOrganizationsStandIn(options.organization));
    const secretsManager = track(await startSecretsManagerStandIn(secrets));
    const dynamodb = track(await startDynamoDb());
    await createDedupTable(dynamodb.url, dedupTableName);
    const sqs = track(await startSqsStandIn());
    const sts = track(await startStsStandIn());
    const env: Record<string, string> = {
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      ...LOCAL_CREDENTIALS,
      AWS_ENDPOINT_URL_ORGANIZATIONS: organizations.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      SLACK_WEBHOOK_SECRET_ID: defaultSecretId,
      DEDUP_TABLE_NAME: dedupTableName,
      QUEUE_URL: sqs.queueUrl,
      POWERTOOLS_SERVICE_NAME: 'trailwatch-alerter',
      POWERTOOLS_METRICS_NAMESPACE: 'Trailwatch',
      // As deployed (apps/infra alerter-environment.ts): each of maxConcurrency instances posts at
      // most once per interval, so the fleet stays at about one message per second.
      SLACK_MIN_INTERVAL_MS: String(1000 * (options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY)),
      // Local queues run on compressed time (visibility timeouts of a second or two), so the
      // alerter's redelivery backoff starts at 1 s instead of the deployed 30 s.
      REDELIVERY_BACKOFF_SECONDS: '1',
    };
    if (options.routes !== undefined && options.routes.length > 0) {
      env.SLACK_ROUTES = JSON.stringify(
        options.routes.map(({ webhook: _webhook, ...route }) => route),
      );
    }
    if (options.organizationsRoleArn !== undefined) {
      env.ORGANIZATIONS_ROLE_ARN = options.organizationsRoleArn;
    }
    return {
      slack,
      organizations,
      secretsManager,
      dynamodb,
      sqs,
      sts,
      env,
      webhookOfSecret,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
