/**
 * `pnpm start`: the whole pipeline on loopback, no AWS account needed. Starts the stand-ins
 * (Slack webhook emulator at Slack's 1 message/s, Organizations, Secrets Manager, STS, SQS,
 * dynalite), seeds the sample organization, runs the bundled alerter (`apps/alerter/dist/index.mjs`)
 * over the member stacks' heartbeats and the bundled EventBridge samples through SQS semantics
 * (batches of 100), prints every Slack message as it would read and where it went, redelivers a few
 * events (EventBridge and SQS are at-least-once) to show dedup, runs the bundled watchdog
 * (`apps/alerter/dist/watchdog.mjs`) once so it posts the default webhook's daily summary of the
 * run, prints a summary, and replays yesterday's CloudTrail log file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { replay } from '@trailwatch/cli';
import { AlerterVariable } from '@trailwatch/contract';
import { samplesDir } from '@trailwatch/fixtures';
import { QUEUE, runAlerter } from './alerter-run.js';
import { missingBundles } from './bundles.js';
import { captureOutput } from './captured-output.js';
import { renderSlackText } from './render-slack-text.js';
import { SAMPLE_DAILY_SUMMARY } from './sample-daily-summary.js';
import { LOCAL_STORM_WINDOW_SECONDS } from './sample-environment.js';
import { loadSampleBodies } from './sample-events.js';
import { startSampleStack } from './sample-stack.js';
import { formatSummary } from './summary.js';
import { runWatchdog } from './watchdog-run.js';

const missing = missingBundles();
if (missing.length > 0) {
  process.stderr.write(
    `The Lambda bundles are missing: run \`pnpm build\` first (${missing.join(', ')}).\n`,
  );
  process.exit(1);
}

// The deployed functions run on nodejs22.x; the SDK's notice about an older local Node is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const startedAt = Date.now();
const bodies = loadSampleBodies(samplesDir);
const sample = await startSampleStack(bodies);
const { stack } = sample;
const out = captureOutput();
let exitCode = 0;
try {
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
    `trailwatch local pipeline: ${bodies.length} sample events (after ${sample.heartbeats.length} ` +
      `heartbeats) → SQS (batch ${QUEUE.batchSize}, maxReceiveCount ${QUEUE.maxReceiveCount}) → ` +
      `alerter bundle (storm window ${LOCAL_STORM_WINDOW_SECONDS} s; deployed 60 s) → Slack emulator (1 msg/s)\n`,
  );
  const alerter = await runAlerter(
    stack,
    sample.alerterEnv,
    { heartbeats: sample.heartbeats, bodies },
    printNewMessages,
  );
  const alerterMessages = stack.slack.messages.length;

  const summaryHook = stack.webhookOfSecret.get(
    sample.alerterEnv[AlerterVariable.WEBHOOK_SECRET] ?? '',
  );
  const { hour, timeZone } = SAMPLE_DAILY_SUMMARY;
  out.print(
    `\n── Watchdog bundle, run once as its hourly schedule would: heartbeat coverage, and the daily ` +
      `summary of #${summaryHook} (due from ${String(hour).padStart(2, '0')}:00 ${timeZone}) ──\n`,
  );
  let watchdogError: string | undefined;
  try {
    await runWatchdog(sample.watchdogEnv);
  } catch (error) {
    watchdogError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  printNewMessages();
  out.restore();

  const leaked = [stack.slack.url, ...stack.slack.messages.map((m) => m.path)].some((secret) =>
    out.raw.some((chunk) => chunk.includes(secret)),
  );
  process.stdout.write(
    formatSummary({
      eventsIn: bodies.length,
      heartbeatsIn: sample.heartbeats.length,
      ...alerter,
      watchdog: {
        posted: stack.slack.messages.length - alerterMessages,
        ...(watchdogError === undefined ? {} : { error: watchdogError }),
      },
      slack: stack.slack,
      organizationsCalls: stack.organizations.calls.length,
      metrics: out.metrics,
      logs: out.logs,
      webhookLeaked: leaked,
      elapsedMs: Date.now() - startedAt,
    }),
  );
  if (leaked || alerter.live.deadLettered.length > 0 || watchdogError !== undefined) exitCode = 1;

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
