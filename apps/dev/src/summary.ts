import { AlerterMetric, ServiceName, WatchdogMetric } from '@trailwatch/contract';
import type { QueueRunResult, SlackEmulator } from '@trailwatch/local-aws';
import type { CapturedLog } from './captured-output.js';

/** Everything the end-of-run summary reports. */
export interface RunFacts {
  readonly eventsIn: number;
  /** Heartbeats sent before the samples, one per account × member region. */
  readonly heartbeatsIn: number;
  readonly heartbeats: QueueRunResult;
  readonly live: QueueRunResult;
  /** The second pass: already-delivered events sent again. */
  readonly redelivered: {
    readonly sent: number;
    readonly posted: number;
    readonly run: QueueRunResult;
  };
  /** The one watchdog run: messages it posted, and its error when it failed. */
  readonly watchdog: { readonly posted: number; readonly error?: string };
  readonly slack: Pick<SlackEmulator, 'messages' | 'rejected'>;
  readonly organizationsCalls: number;
  /** The alerter's EMF metric totals and the watchdog's gauges (their names differ). */
  readonly metrics: ReadonlyMap<string, number>;
  /** The alerter's and the watchdog's JSON logs, told apart by their `service`. */
  readonly logs: readonly CapturedLog[];
  readonly webhookLeaked: boolean;
  readonly elapsedMs: number;
}

/** Most warnings and errors listed one by one; the rest are counted. */
const LISTED_LOGS = 8;

/** The summary printed after a local run: counts from the queue, the Slack emulator and the alerter's own metrics. */
export function formatSummary(facts: RunFacts): string {
  const metric = (name: string): number => facts.metrics.get(name) ?? 0;
  const byWebhook = new Map<string, number>();
  for (const message of facts.slack.messages) {
    byWebhook.set(message.webhook, (byWebhook.get(message.webhook) ?? 0) + 1);
  }
  const rateLimited = facts.slack.rejected.filter((r) => r.status === 429).length;
  const otherRejections = facts.slack.rejected.length - rateLimited;
  const handedBack = facts.live.receives - facts.eventsIn;
  const isNoisy = (log: CapturedLog) => log.level === 'WARN' || log.level === 'ERROR';
  const noisy = facts.logs.filter(isNoisy);
  const watchdogLogs = facts.logs.filter((log) => log.fields.service === ServiceName.WATCHDOG);
  const alerterLogs = facts.logs.filter((log) => log.fields.service !== ServiceName.WATCHDOG);
  const logRow = (logs: readonly CapturedLog[]) =>
    `${logs.length} lines, ${logs.filter(isNoisy).length} warnings/errors`;
  const rows: [string, string][] = [
    ['events in', String(facts.eventsIn)],
    [
      'heartbeats',
      `${metric(AlerterMetric.HEARTBEATS)} recorded (${facts.heartbeatsIn} sent: every account × member region)`,
    ],
    ['alerts delivered', `${metric(AlerterMetric.ALERTS)} (events carried by Slack messages)`],
    ['digests', String(metric(AlerterMetric.DIGESTS))],
    [
      'messages posted',
      `${facts.slack.messages.length} (${[...byWebhook].map(([hook, n]) => `#${hook} ${n}`).join(', ')})`,
    ],
    [
      '429s handled',
      `${rateLimited} (records handed back and redelivered: ${Math.max(0, handedBack)})`,
    ],
    ['other Slack errors', String(otherRejections)],
    [
      'dedup hits',
      `${metric(AlerterMetric.DEDUP_HITS)} (${facts.redelivered.sent} delivered events sent again → ${facts.redelivered.posted} new posts)`,
    ],
    ['enrichment fallbacks', String(metric(AlerterMetric.ENRICHMENT_FALLBACKS))],
    ['malformed records', String(metric(AlerterMetric.MALFORMED))],
    ['Organizations calls', String(facts.organizationsCalls)],
    [
      'dead-letter queue',
      String(facts.live.deadLettered.length + facts.redelivered.run.deadLettered.length),
    ],
    [
      'invocations',
      String(
        facts.heartbeats.invocations + facts.live.invocations + facts.redelivered.run.invocations,
      ),
    ],
    [
      'watchdog',
      facts.watchdog.error === undefined
        ? `1 run, ${facts.watchdog.posted} ${facts.watchdog.posted === 1 ? 'message' : 'messages'} posted (silent account × regions ` +
          `${metric(WatchdogMetric.SILENT_ACCOUNT_REGIONS)}, uncovered accounts ` +
          `${metric(WatchdogMetric.UNCOVERED_ACCOUNTS)})`
        : `run FAILED after ${facts.watchdog.posted} messages: ${facts.watchdog.error}`,
    ],
    ['alerter log', logRow(alerterLogs)],
    ['watchdog log', logRow(watchdogLogs)],
    ['webhook URL in logs', facts.webhookLeaked ? 'YES — LEAKED' : 'never'],
    ['time', `${(facts.elapsedMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = ['', '── Summary ──────────────────────────────────────────', ''];
  for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${value}`);
  if (noisy.length > 0) {
    lines.push('', '  Alerter and watchdog warnings and errors:');
    for (const log of noisy.slice(0, LISTED_LOGS)) {
      const keys = ['detection', 'account', 'pairs', 'note', 'error']
        .filter((key) => log.fields[key] !== undefined)
        .map((key) => `${key}=${String(log.fields[key])}`);
      lines.push(
        `    ${log.level} ${log.message}${keys.length > 0 ? ` (${keys.join(', ')})` : ''}`,
      );
    }
    if (noisy.length > LISTED_LOGS) lines.push(`    … and ${noisy.length - LISTED_LOGS} more`);
  }
  lines.push('');
  return lines.join('\n');
}
