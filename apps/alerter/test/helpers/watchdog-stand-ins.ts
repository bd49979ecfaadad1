import {
  createLambdaContext,
  type OrganizationsSeed,
  type OrganizationsStandIn,
  type SecretsManagerStandIn,
  type SlackEmulator,
  startOrganizationsStandIn,
  startSecretsManagerStandIn,
  startSlackEmulator,
} from '@trailwatch/local-aws';
import { type MockInstance, vi } from 'vitest';
import { type LocalStateTable, startStateTable } from './state-table.js';

/** The webhook secret the stand-ins hold: the Slack emulator's URL. */
export const WATCHDOG_SECRET = 'trailwatch/slack';

/** Everything the watchdog calls, on loopback. */
export interface WatchdogStandIns {
  readonly table: LocalStateTable;
  readonly org: OrganizationsStandIn;
  readonly secrets: SecretsManagerStandIn;
  readonly slack: SlackEmulator;
  /** The watchdog's environment: `variables` plus the ones that point it at the stand-ins. */
  environment(variables: Readonly<Record<string, string>>): Record<string, string>;
  close(): Promise<void>;
}

/** Starts dynalite with the state table, Organizations (seeded), Secrets Manager and Slack. */
export async function startWatchdogStandIns(
  organization: OrganizationsSeed,
  tableName = 'trailwatch-state',
): Promise<WatchdogStandIns> {
  const [table, slack] = await Promise.all([startStateTable(tableName), startSlackEmulator()]);
  const org = await startOrganizationsStandIn(organization);
  const secrets = await startSecretsManagerStandIn({ [WATCHDOG_SECRET]: slack.url });
  return {
    table,
    org,
    secrets,
    slack,
    environment: (variables) => ({
      AWS_ACCESS_KEY_ID: 'AKIALOCALSTANDIN',
      AWS_SECRET_ACCESS_KEY: 'local-stand-in-secret',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: table.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      DEDUP_TABLE_NAME: tableName,
      SLACK_WEBHOOK_SECRET_ID: WATCHDOG_SECRET,
      ...variables,
    }),
    async close() {
      await Promise.all([table.close(), org.close(), secrets.close(), slack.close()]);
    },
  };
}

/** The watchdog's handler running in this process against the stand-ins. */
export interface InProcessWatchdog extends WatchdogStandIns {
  /** One scheduled invocation. */
  invoke(): Promise<void>;
  /** What the run wrote (Powertools: EMF and INFO on stdout, WARN and ERROR on stderr). */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** Both streams, in the order written. */
  readonly written: readonly string[];
}

/**
 * Starts the stand-ins, points `process.env` at them and loads the handler. The handler reads
 * the environment when it is imported, hence the order. `close` puts the environment and the
 * output streams back.
 */
export async function startInProcessWatchdog(
  organization: OrganizationsSeed,
  variables: Readonly<Record<string, string>>,
  tableName?: string,
): Promise<InProcessWatchdog> {
  const standIns = await startWatchdogStandIns(organization, tableName);
  const savedEnv = { ...process.env };
  Object.assign(process.env, standIns.environment(variables));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written: string[] = [];
  const spies: MockInstance[] = [];
  for (const [stream, into] of [
    [process.stdout, stdout],
    [process.stderr, stderr],
  ] as const) {
    spies.push(
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        into.push(String(chunk));
        written.push(String(chunk));
        return true;
      }),
    );
  }
  const { handler } = await import('../../src/watchdog/handler.js');
  return {
    ...standIns,
    stdout,
    stderr,
    written,
    invoke: () => handler({}, createLambdaContext({ functionName: 'trailwatch-watchdog' })),
    async close() {
      for (const spy of spies) spy.mockRestore();
      process.env = savedEnv;
      await standIns.close();
    },
  };
}
