import { AlerterMetric, AlerterVariable, WatchdogMetric } from '@trailwatch/contract';
import { statefulCatalogue } from '@trailwatch/detections';
import { samplesDir } from '@trailwatch/fixtures';
import type { SlackEmulator } from '@trailwatch/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlerterRun, runAlerter } from '../src/alerter-run.js';
import { missingBundles } from '../src/bundles.js';
import { type CapturedOutput, captureOutput } from '../src/captured-output.js';
import { renderSlackText } from '../src/render-slack-text.js';
import { eventIdOf, loadSampleBodies } from '../src/sample-events.js';
import { type SampleStack, startSampleStack } from '../src/sample-stack.js';
import { runWatchdog } from '../src/watchdog-run.js';

type Message = SlackEmulator['messages'][number];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const STATEFUL = new Set(statefulCatalogue.map((detection) => detection.id));
const bodies = loadSampleBodies(samplesDir);
/** Sample event id → its account, to read what a Slack message carries. */
const accountOfEvent = new Map(
  bodies.flatMap((body) => {
    const id = eventIdOf(body);
    return id === undefined ? [] : [[id, (JSON.parse(body) as { account: string }).account]];
  }),
);

let sample: SampleStack;
let output: CapturedOutput;
let alerter: AlerterRun;
/** What Slack received from the alerter, then from the watchdog. */
let fromAlerter: Message[];
let fromWatchdog: Message[];

/** The detection a message is about, from its context line, and the sample events it carries. */
function carried(message: Message): { detection: string; events: string[] } {
  const detection = /\(trailwatch · ([a-z0-9-]+)/.exec(renderSlackText(message.payload))?.[1];
  const ids = JSON.stringify(message.payload).match(UUID) ?? [];
  return {
    detection: detection ?? '',
    events: [...new Set(ids)].filter((id) => accountOfEvent.has(id)),
  };
}

/** The alerts Slack received on one webhook, counted like a daily summary should count them. */
function receivedOn(webhook: string) {
  const alerts = { total: 0, byDetection: new Map<string, number>() };
  const byAccount = new Map<string, number>();
  const stateful = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) =>
    map.set(key, (map.get(key) ?? 0) + n);
  for (const message of fromAlerter.filter((m) => m.webhook === webhook)) {
    const { detection, events } = carried(message);
    if (STATEFUL.has(detection)) {
      add(stateful, detection, 1);
      continue;
    }
    alerts.total += events.length;
    add(alerts.byDetection, detection, events.length);
    for (const id of events) add(byAccount, accountOfEvent.get(id)!, 1);
  }
  return { ...alerts, byAccount, stateful };
}

/** The `• … value ×count` lines under a section title of the rendered summary. */
function listed(text: string, title: string): Map<string, number> {
  const lines = text.split('\n');
  const entries = new Map<string, number>();
  for (const line of lines.slice(lines.indexOf(title) + 1)) {
    const match = /^• (?:.* )?(\S+) ×([\d,]+)$/.exec(line);
    if (match === null) break;
    entries.set(match[1]!, Number(match[2]!.replaceAll(',', '')));
  }
  return entries;
}

function summaryText(): string {
  return renderSlackText(fromWatchdog[0]!.payload);
}

beforeAll(async () => {
  if (missingBundles().length > 0) throw new Error('Run `pnpm build` first: a bundle is missing');
  // As in start.ts: the SDK's notice about an older local Node is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  sample = await startSampleStack(bodies);
  output = captureOutput();
  alerter = await runAlerter(sample.stack, sample.alerterEnv, {
    heartbeats: sample.heartbeats,
    bodies,
  });
  fromAlerter = [...sample.stack.slack.messages];
  await runWatchdog(sample.watchdogEnv);
  output.restore();
  fromWatchdog = sample.stack.slack.messages.slice(fromAlerter.length);
}, 300_000);

afterAll(async () => {
  output?.restore();
  await sample?.stack.close();
});

describe('pnpm start pipeline: the daily summary of the sample run', () => {
  it('the watchdog posts one message, the daily summary of the default webhook, dated today in UTC', () => {
    const defaultHook = sample.stack.webhookOfSecret.get(
      sample.alerterEnv[AlerterVariable.WEBHOOK_SECRET]!,
    );
    expect(fromWatchdog.map((message) => message.webhook)).toEqual([defaultHook]);
    expect(summaryText().split('\n')[0]).toBe(
      `Daily summary · ${new Date().toISOString().slice(0, 10)} (UTC)`,
    );
  });

  it('its total is the alerts Slack received on that webhook, single alerts and digest items, redeliveries not again', () => {
    const received = receivedOn('default');
    expect(alerter.redelivered).toMatchObject({ sent: 10, posted: 0 });
    expect(received.total).toBeGreaterThan(0);
    expect(summaryText()).toContain(`${received.total} alerts posted · `);
    // Every alert went to one of the two webhooks: the critical ones are not in this summary.
    const critical = receivedOn('security-critical');
    expect(received.total + critical.total).toBe(output.metrics.get(AlerterMetric.ALERTS));
  });

  it('its detections and accounts are those of the alerts Slack received, planted ones included', () => {
    const received = receivedOn('default');
    const detections = listed(summaryText(), 'Top detections');
    expect(detections).toEqual(received.byDetection);
    expect(listed(summaryText(), 'Top accounts')).toEqual(received.byAccount);
    for (const planted of [
      'root-console-sign-in-failed',
      'access-key-created-for-other-user',
      'admin-policy-attached',
      'iam-user-created',
      'console-sign-in-failed',
    ]) {
      expect(detections.get(planted)).toBeGreaterThan(0);
    }
    // Routed to #security-critical: that webhook has no summary.
    for (const critical of ['root-console-sign-in', 'cloudtrail-logging-stopped']) {
      expect(detections.has(critical)).toBe(false);
      expect(receivedOn('security-critical').byDetection.get(critical)).toBe(1);
    }
  });

  it('its stateful detections are the stateful alerts Slack received on that webhook', () => {
    const { stateful } = receivedOn('default');
    expect(stateful.get('console-password-spraying')).toBe(1);
    expect(listed(summaryText(), 'Stateful detections that fired')).toEqual(stateful);
    const count = [...stateful.values()].reduce((sum, n) => sum + n, 0);
    expect(summaryText()).toContain(` · ${count} stateful alert${count === 1 ? '' : 's'} · `);
  });

  it('the heartbeats cover every sample account × member region: nothing is silent or uncovered', () => {
    expect(output.metrics.get(AlerterMetric.HEARTBEATS)).toBe(sample.heartbeats.length);
    expect(output.metrics.get(WatchdogMetric.SILENT_ACCOUNT_REGIONS)).toBe(0);
    expect(output.metrics.get(WatchdogMetric.UNCOVERED_ACCOUNTS)).toBe(0);
    expect(summaryText()).toContain('0 silent account × regions');
  });
});
