import { WatchdogNames } from '@trailwatch/contract';
import { createLambdaContext } from '@trailwatch/local-aws';
import { Bundle } from './bundles.js';

/**
 * Invokes the real watchdog bundle once under `env`, as its hourly schedule does on Lambda: it
 * checks heartbeat coverage, posts what changed, and posts the daily summaries that are due.
 *
 * @throws what the handler throws: on Lambda that is the function's error alarm.
 */
export async function runWatchdog(env: Readonly<Record<string, string>>): Promise<void> {
  // The bundle names its service from the environment at import, and reads the rest on the first
  // invocation: both must see the watchdog's variables, not the alerter's.
  Object.assign(process.env, env);
  const { handler } = (await import(Bundle.WATCHDOG)) as {
    handler: (event: unknown, context: ReturnType<typeof createLambdaContext>) => Promise<void>;
  };
  await handler(
    { source: 'aws.events', 'detail-type': 'Scheduled Event' },
    createLambdaContext({ functionName: WatchdogNames.FUNCTION }),
  );
}
