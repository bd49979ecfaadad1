/**
 * `pnpm start`: the whole pipeline on loopback, no AWS account needed. Starts the stand-ins
 * (Slack webhook emulator at Slack's 1 message/s, Organizations, Secrets Manager, STS, SQS,
 * dynalite), seeds the sample organization, runs the bundled alerter (`apps/alerter/dist/index.mjs`)
 * over the bundled EventBridge samples through SQS semantics (batches of 100), prints every Slack
 * message as it would read and where it went, then redelivers a few events (EventBridge and SQS
 * are at-least-once) to show dedup, prints a summary, and replays yesterday's CloudTrail log file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { replay } from '@trailwatch/cli';
import { samplesDir } from '@trailwatch/fixtures';
import { runQueue, type SqsHandler, startLocalStack } from '@trailwatch/local-aws';
import { captureOutput } from './captured-output.js';
import { renderSlackText } from './render-slack-text.js';
import { accountIdsOf, eventIdOf, loadSampleBodies } from './sample-events.js';
import { sampleOrganization } from './sample-organization.js';
import { formatSummary } from './summary.js';

const BUNDLE = fileURLToPath(new URL('../../alerter/dist/index.mjs', import.meta.url));
/**
 * The deployment's event source mapping and DLQ defaults — keep in step with the `alerter`
 * defaults in `packages/config/src/schema.ts` (batchSize 100, maxReceiveCount 10), which
 * `@trailwatch/config` does not export on their own — with the visibility timeout scaled from
 * minutes to seconds.
 */
const QUEUE = { batchSize: 100, maxReceiveCount: 10, visibilityTimeoutMs: 3000 } as const;
/** How many already-delivered events are sent again to show dedup. */
const REDELIVERED = 10;
const CRITICAL_SECRET_ID = 'trailwatch/slack/security-critical';

if (!existsSync(BUNDLE)) {
  process.stderr.write(`The alerter bundle is missing: run \`pnpm build\` first (${BUNDLE}).\n`);
  process.exit(1);
}

// The deployed function runs on nodejs22.x; the SDK's notice about an older local Node is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const startedAt = Date.now();
const bodies = loadSampleBodies(samplesDir);
const stack = await startLocalStack({
  organization: sampleOrganization(accountIdsOf(bodies)),
  routes: [
    {
      webhookSecretName: CRITICAL_SECRET_ID,
      webhook: 'security-critical',
      severities: ['critical'],
    },
  ],
});
const out = captureOutput();
let exitCode = 0;
try {
  Object.assign(process.env, stack.env);
  const { handler } = (await import(BUNDLE)) as { handler: SqsHandler };
  const secretOf = new Map([...stack.webhookOfSecret].map(([secret, hook]) => [hook, secret]));
  let printed = 0;
  const printNewMessages = (): void => {
    for (const message of stack.slack.messages.slice(printed)) {
      printed += 1;
      const where = `#${message.webhook} (webhook from secret ${secretOf.get(message.webhook)})`;
      out.print(`\n── message ${printed} → ${where} ${'─'.repeat(20)}\n`);
      out.print(`${renderSlackText(message.payload)}\n`);
    }
  };
  out.print(
    `trailwatch local pipeline: ${bodies.length} sample events → SQS (batch ${QUEUE.batchSize}, ` +
      `maxReceiveCount ${QUEUE.maxReceiveCount}) → alerter bundle → Slack emulator (1 msg/s)\n`,
  );
  const live = await runQueue({
    handler,
    bodies,
    ...QUEUE,
    sqs: stack.sqs,
    onInvoke: printNewMessages,
  });
  printNewMessages();

  const postedBefore = stack.slack.messages.length;
  const posted = stack.slack.messages.map((message) => JSON.stringify(message.payload));
  const deliveredBodies = bodies.filter((body) => {
    const id = eventIdOf(body);
    return id !== undefined && posted.some((payload) => payload.includes(id));
  });
  const again = await runQueue({
    handler,
    bodies: deliveredBodies.slice(0, REDELIVERED),
    ...QUEUE,
    sqs: stack.sqs,
  });
  printNewMessages();
  out.restore();

  const leaked = [stack.slack.url, ...stack.slack.messages.map((m) => m.path)].some((secret) =>
    out.raw.some((chunk) => chunk.includes(secret)),
  );
  process.stdout.write(
    formatSummary({
      eventsIn: bodies.length,
      live,
      redelivered: {
        sent: REDELIVERED,
        posted: stack.slack.messages.length - postedBefore,
        run: again,
      },
      slack: stack.slack,
      organizationsCalls: stack.organizations.calls.length,
      metrics: out.metrics,
      logs: out.logs,
      webhookLeaked: leaked,
      elapsedMs: Date.now() - startedAt,
    }),
  );
  if (leaked || live.deadLettered.length > 0) exitCode = 1;

  const history = readdirSync(samplesDir)
    .filter((file) => file.endsWith('.json.gz'))
    .map((file) => join(samplesDir, file));
  process.stdout.write(
    `\n── Replay of yesterday's CloudTrail log (trailwatch replay ${history.map((p) => p.split('/').pop()).join(' ')}) ──\n`,
  );
  const replayed = await replay(
    { paths: history, progress: false },
    {
      stdout: { write: (text) => void process.stdout.write(text) },
      stderr: { write: (text) => void process.stderr.write(text) },
      stdin: process.stdin,
      stdinIsTTY: isatty(0),
      stderrIsTTY: isatty(2),
    },
  );
  exitCode ||= replayed.exitCode;
} finally {
  out.restore();
  await stack.close();
}
process.exitCode = exitCode;
