import type { QueueRunResult, SlackEmulator } from '@trailwatch/local-aws';
import type { CapturedLog } from './captured-output.js';

/** Everything the end-of-run summary reports. */
export interface RunFacts {
  readonly eventsIn: number;
  readonly live: QueueRunResult;
  /** The second pass: already-delivered events sent again. */
  readonly redelivered: {
    readonly sent: number;
    readonly posted: number;
    readonly run: QueueRunResult;
  };
  readonly slack: Pick<SlackEmulator, 'messages' | 'rejected'>;
  readonly organizationsCalls: number;
  /** The alerter's EMF metric totals. */
  readonly metrics: ReadonlyMap<string, number>;
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
  const noisy = facts.logs.filter((log) => log.level === 'WARN' || log.level === 'ERROR');
  const rows: [string, string][] = [
    ['events in', String(facts.eventsIn)],
    ['alerts delivered', `${metric('Alerts')} (events carried by Slack messages)`],
    ['digests', String(metric('Digests'))],
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
      `${metric('DedupHits')} (${facts.redelivered.sent} delivered events sent again → ${facts.redelivered.posted} new posts)`,
    ],
    ['enrichment fallbacks', String(metric('EnrichmentFallbacks'))],
    ['malformed records', String(metric('Malformed'))],
    ['Organizations calls', String(facts.organizationsCalls)],
    [
      'dead-letter queue',
      String(facts.live.deadLettered.length + facts.redelivered.run.deadLettered.length),
    ],
    ['invocations', String(facts.live.invocations + facts.redelivered.run.invocations)],
    ['alerter log', `${facts.logs.length} lines, ${noisy.length} warnings/errors`],
    ['webhook URL in logs', facts.webhookLeaked ? 'YES — LEAKED' : 'never'],
    ['time', `${(facts.elapsedMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = ['', '── Summary ──────────────────────────────────────────', ''];
  for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${value}`);
  if (noisy.length > 0) {
    lines.push('', '  Alerter warnings and errors:');
    for (const log of noisy.slice(0, LISTED_LOGS)) {
      const keys = ['detection', 'account', 'note', 'error']
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
