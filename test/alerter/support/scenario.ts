import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type LocalStack,
  type LocalStackOptions,
  type OrganizationsSeed,
  type QueueOptions,
  type QueueRunResult,
  runQueue,
  type SqsHandler,
  startLocalStack,
} from '@trailwatch/local-aws';
import { vi } from 'vitest';

/** The alerter bundle under test: the file the CDK stack deploys. */
export const BUNDLE_PATH = fileURLToPath(
  new URL('../../../apps/alerter/dist/index.mjs', import.meta.url),
);

/** The organization most scenarios run in. */
export const ORGANIZATION: OrganizationsSeed = {
  accounts: [
    { id: '111122223333', name: 'acme-management', parentId: 'ou-a1b2-security' },
    { id: '123456789012', name: 'acme-payments-prod', parentId: 'ou-a1b2-prod0001' },
    { id: '210987654321', name: 'acme-payments-staging', parentId: 'ou-a1b2-nonprod1' },
  ],
  ous: [
    { id: 'ou-a1b2-security', name: 'Security' },
    { id: 'ou-a1b2-workload', name: 'Workloads' },
    { id: 'ou-a1b2-prod0001', name: 'Prod', parentId: 'ou-a1b2-workload' },
    { id: 'ou-a1b2-nonprod1', name: 'NonProd', parentId: 'ou-a1b2-workload' },
  ],
  tags: {
    '123456789012': { owner: 'payments-team', environment: 'production' },
    '210987654321': { owner: 'payments-team', environment: 'staging' },
  },
  managementAccountId: '111122223333',
};

/** A structured log line the bundle wrote (Powertools Logger JSON). */
export type LogLine = Record<string, unknown> & { level: string; message: string };

/** One isolated run of the real bundle against fresh stand-ins. */
export interface Scenario {
  readonly stack: LocalStack;
  readonly handler: SqsHandler;
  /** Everything the bundle wrote to stdout and stderr, verbatim. */
  readonly output: string[];
  /** The structured log lines among {@link output}. */
  logs(): LogLine[];
  /** EMF metric totals among {@link output}. */
  metric(name: string): number;
  /** Feeds bodies through SQS semantics (defaults: batch 100, maxReceiveCount 5, visibility 1.5 s). */
  run(bodies: readonly string[], options?: Partial<QueueOptions>): Promise<QueueRunResult>;
  /**
   * Stops capturing output, restores the environment and stops the stand-ins; then fails if any
   * webhook URL (or its secret path segment) was written to stdout or stderr.
   */
  close(): Promise<void>;
}

/** Options of {@link startScenario}. */
export interface ScenarioOptions extends Partial<LocalStackOptions> {
  /** Extra alerter environment, over the fast test defaults. */
  readonly env?: Readonly<Record<string, string>>;
}

let imports = 0;

/**
 * Starts every stand-in, points the alerter environment at them, captures stdout/stderr and
 * imports a fresh instance of the bundle (its caches, pacing state and clients are per module
 * instance, so scenarios never share them). Defaults are fast: Slack at 20 messages/s with the
 * alerter pacing at 50 ms, no storm holding; scenarios about pacing set both back to Slack's real
 * 1/s, and storm scenarios set `STORM_WINDOW_SECONDS`.
 */
export async function startScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  if (!existsSync(BUNDLE_PATH)) {
    throw new Error(
      `The alerter bundle is missing at ${BUNDLE_PATH}: run \`pnpm --filter @trailwatch/alerter build\``,
    );
  }
  const stack = await startLocalStack({
    organization: ORGANIZATION,
    slack: { ratePerSecond: 20, burst: 5 },
    ...options,
  });
  const env: Record<string, string> = {
    ...stack.env,
    SLACK_MIN_INTERVAL_MS: '50',
    SLACK_FLEET_INTERVAL_MS: '50',
    SLACK_TIMEOUT_MS: '2000',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Storm windows hold alerts for a whole window; scenarios about other things post at once,
    // and the storm scenarios set their own (compressed) window.
    STORM_WINDOW_SECONDS: '0',
    ...options.env,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  // Powertools logs through `console` in dev mode, which the test runner would swallow.
  vi.stubEnv('POWERTOOLS_DEV', undefined);

  const output: string[] = [];
  const capture = (chunk: unknown): boolean => {
    output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);

  imports += 1;
  const module = (await import(
    /* @vite-ignore */ `${pathToFileURL(BUNDLE_PATH).href}?scenario=${imports}`
  )) as { handler: SqsHandler };

  const lines = (): Record<string, unknown>[] =>
    output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });

  return {
    stack,
    handler: module.handler,
    output,
    logs: () => lines().filter((line): line is LogLine => typeof line.level === 'string'),
    metric: (name) =>
      lines()
        .filter((line) => line._aws !== undefined)
        .reduce((total, line) => {
          const value = line[name];
          if (Array.isArray(value)) return total + value.reduce((a: number, b) => a + Number(b), 0);
          return total + (typeof value === 'number' ? value : 0);
        }, 0),
    run: (bodies, overrides = {}) =>
      runQueue({
        handler: module.handler,
        bodies,
        batchSize: 100,
        maxReceiveCount: 5,
        visibilityTimeoutMs: 1500,
        sqs: stack.sqs,
        ...overrides,
      }),
    async close() {
      stdout.mockRestore();
      stderr.mockRestore();
      vi.unstubAllEnvs();
      await stack.close();
      const written = output.join('');
      const leaked = webhookSecrets(stack).filter((secret) => written.includes(secret));
      if (leaked.length > 0) {
        throw new Error(`the alerter wrote ${leaked.length} webhook secret(s) to its output`);
      }
    },
  };
}

/** How many delivered messages mention `id` (in any block, field, attachment or text). */
export function messagesMentioning(stack: LocalStack, id: string): number {
  return stack.slack.messages.filter((message) => JSON.stringify(message.payload).includes(id))
    .length;
}

/** The secret parts of every webhook URL the scenario's Slack emulator hands out. */
export function webhookSecrets(stack: LocalStack): string[] {
  const urls = [stack.slack.url, ...stack.webhookOfSecret.values()].map((hook) =>
    hook === 'default' ? stack.slack.url : stack.slack.addWebhook(hook),
  );
  return [...new Set(urls.flatMap((url) => [url, new URL(url).pathname.split('/').pop() ?? url]))];
}
