import {
  type LocalStack,
  type QueueRunResult,
  runQueue,
  type SqsHandler,
} from '@trailwatch/local-aws';
import { Bundle } from './bundles.js';
import { eventIdOf } from './sample-events.js';

/**
 * The deployment's event source mapping and DLQ defaults — keep in step with the `alerter`
 * defaults in `packages/config/src/schema.ts` (batchSize 100, maxReceiveCount 10), which
 * `@trailwatch/config` does not export on their own — with the visibility timeout scaled from
 * minutes to seconds.
 */
export const QUEUE = { batchSize: 100, maxReceiveCount: 10, visibilityTimeoutMs: 3000 } as const;
/** How many already-delivered events are sent again to show dedup. */
export const REDELIVERED = 10;

/** What the alerter bundle did with the heartbeats, the samples and the redelivered events. */
export interface AlerterRun {
  readonly heartbeats: QueueRunResult;
  readonly live: QueueRunResult;
  readonly redelivered: {
    readonly sent: number;
    /** Slack messages the redelivery caused (dedup makes it 0). */
    readonly posted: number;
    readonly run: QueueRunResult;
  };
}

/**
 * Runs the real alerter bundle under `env` over the member stacks' heartbeats, then the sample
 * bodies, then {@link REDELIVERED} already-delivered bodies again (EventBridge and SQS are
 * at-least-once). `onInvoke` runs after each invocation, when Slack may have new messages.
 */
export async function runAlerter(
  stack: LocalStack,
  env: Readonly<Record<string, string>>,
  input: { readonly heartbeats: readonly string[]; readonly bodies: readonly string[] },
  onInvoke: () => void = () => undefined,
): Promise<AlerterRun> {
  // The bundle reads its environment on the first invocation, as on Lambda.
  Object.assign(process.env, env);
  const { handler } = (await import(Bundle.ALERTER)) as { handler: SqsHandler };
  const run = (bodies: readonly string[], after?: () => void) =>
    runQueue({
      handler,
      bodies: [...bodies],
      ...QUEUE,
      sqs: stack.sqs,
      ...(after === undefined ? {} : { onInvoke: after }),
    });
  const heartbeats = await run(input.heartbeats);
  const live = await run(input.bodies, onInvoke);
  onInvoke();

  const postedBefore = stack.slack.messages.length;
  const posted = stack.slack.messages.map((message) => JSON.stringify(message.payload));
  const delivered = input.bodies.filter((body) => {
    const id = eventIdOf(body);
    return id !== undefined && posted.some((payload) => payload.includes(id));
  });
  const again = await run(delivered.slice(0, REDELIVERED));
  onInvoke();
  return {
    heartbeats,
    live,
    redelivered: {
      sent: REDELIVERED,
      posted: stack.slack.messages.length - postedBefore,
      run: again,
    },
  };
}
