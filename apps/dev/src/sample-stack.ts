import { type LocalStack, startLocalStack } from '@trailwatch/local-aws';
import { SAMPLE_DAILY_SUMMARY } from './sample-daily-summary.js';
import {
  alerterEnvironment,
  type WatchedOrganization,
  watchdogEnvironment,
} from './sample-environment.js';
import { accountIdsOf, regionsOf } from './sample-events.js';
import { heartbeatBodies } from './sample-heartbeats.js';
import {
  SAMPLE_MANAGEMENT_ACCOUNT_ID,
  SAMPLE_ROOT_ID,
  sampleOrganization,
} from './sample-organization.js';

const CRITICAL_SECRET_ID = 'trailwatch/slack/security-critical';

/** The stand-ins of a local run over the samples, and what the two functions run with. */
export interface SampleStack {
  readonly stack: LocalStack;
  readonly organization: WatchedOrganization;
  /** One heartbeat per sample account × member region, sent just now. */
  readonly heartbeats: readonly string[];
  readonly alerterEnv: Readonly<Record<string, string>>;
  readonly watchdogEnv: Readonly<Record<string, string>>;
}

/**
 * Starts the stand-ins for the sample organization, with a route sending critical alerts to a
 * second webhook and a daily summary on the default one, deployed to the regions the samples come
 * from. The caller closes `stack`.
 */
export async function startSampleStack(bodies: readonly string[]): Promise<SampleStack> {
  const seed = sampleOrganization(accountIdsOf(bodies));
  const stack = await startLocalStack({
    organization: seed,
    routes: [
      {
        webhookSecretName: CRITICAL_SECRET_ID,
        webhook: 'security-critical',
        severities: ['critical'],
      },
    ],
  });
  const organization: WatchedOrganization = {
    rootId: SAMPLE_ROOT_ID,
    managementAccountId: SAMPLE_MANAGEMENT_ACCOUNT_ID,
    memberRegions: regionsOf(bodies),
  };
  return {
    stack,
    organization,
    heartbeats: heartbeatBodies(
      seed.accounts.map((account) => account.id),
      organization.memberRegions,
      new Date(),
    ),
    alerterEnv: alerterEnvironment(stack.env, SAMPLE_DAILY_SUMMARY),
    watchdogEnv: watchdogEnvironment(stack.env, organization, SAMPLE_DAILY_SUMMARY),
  };
}
