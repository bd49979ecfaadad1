import type { Context } from 'aws-lambda';
import { createPowertoolsTelemetry } from '../telemetry.js';
import { loadWatchdogConfig } from './config.js';
import { createWatchdogDependencies } from './dependencies.js';
import { runWatchdog, type WatchdogDependencies } from './run-watchdog.js';
import { createPowertoolsGauges, WATCHDOG_SERVICE_NAME } from './watchdog-metrics.js';

const environment = {
  ...process.env,
  POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? WATCHDOG_SERVICE_NAME,
};
const telemetry = createPowertoolsTelemetry(environment);
const gauges = createPowertoolsGauges(environment);
let dependencies: WatchdogDependencies | undefined;

/** Reads the environment on the first invocation, so a bad value fails that run (error alarm). */
function getDependencies(): WatchdogDependencies {
  if (dependencies === undefined) {
    try {
      dependencies = createWatchdogDependencies(loadWatchdogConfig(process.env), telemetry, gauges);
    } catch (error) {
      telemetry.log.error('Invalid watchdog configuration', {
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
  return dependencies;
}

/**
 * Lambda entry (`watchdog.handler`), invoked hourly by an EventBridge schedule whose input is
 * ignored. Runs under a lease in the state table, so an overlapping run returns without posting.
 * Throws when the run could not finish (AWS error, Slack refused a message), so the
 * function's error alarm fires.
 */
export async function handler(_event: unknown, context: Context): Promise<void> {
  telemetry.addContext?.(context);
  try {
    await runWatchdog(getDependencies(), {
      id: context.awsRequestId,
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
  } catch (error) {
    telemetry.log.error('Watchdog run failed', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    throw error;
  } finally {
    telemetry.flush();
    gauges.flush();
  }
}
