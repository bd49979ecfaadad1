import type { CorrelationAlert } from '@trailwatch/detections';
import {
  contextBlock,
  field,
  fieldsSection,
  headerBlock,
  mrkdwnSection,
  packLines,
  plainSection,
} from './blocks.js';
import { detectionContext, notes } from './context.js';
import { codeBlockLine, codeSpan, inlineText } from './escape.js';
import { accountLabel } from './facts.js';
import { SlackLimits } from './limits.js';
import { deepLinkSetting } from './links.js';
import { severityStyle } from './severity-style.js';
import { slackDate } from './slack-date.js';
import type { AccountInfo, RenderOptions, SlackMessage } from './types.js';

/** Caps for untrusted values in the event lines. */
const VALUE_MAX = 120;
const EVENT_ID_MAX = 200;

function windowText(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}

/**
 * A stateful (threshold or sequence) detection that fired: what it means, the key it grouped by,
 * and every event that made it (time, step, event, actor, address, account, region, id), so the
 * reader can check the pattern without opening CloudTrail.
 *
 * @param accounts - enrichment of the accounts the events happened in, by account id
 */
export function renderCorrelation(
  alert: CorrelationAlert,
  accounts: ReadonlyMap<string, AccountInfo> = new Map(),
  options?: RenderOptions,
): SlackMessage {
  const { detection, events } = alert;
  const style = severityStyle(detection.severity);
  const setting = deepLinkSetting(options);
  const steps = detection.kind === 'threshold' ? [detection.step] : detection.steps;
  const accountIds = [...new Set(events.map((e) => e.account))];
  const accountInfos = accountIds.map((id) => accounts.get(id) ?? { id });
  const lines = events.map((e) => {
    const when = slackDate(new Date(e.time).toISOString(), false);
    const step = steps[e.step]?.name ?? `step ${e.step + 1}`;
    const from = e.sourceIp ? ` from ${codeSpan(e.sourceIp, VALUE_MAX)}` : '';
    return `• ${when} ${inlineText(step, VALUE_MAX)}: ${codeSpan(e.eventName, VALUE_MAX)} by ${codeSpan(e.actor, VALUE_MAX)}${from} in ${codeSpan(e.account, 20)} ${codeSpan(e.region, 30)}`;
  });
  const listed = packLines(lines, SlackLimits.SECTION_TEXT, {
    first: `*The ${events.length} events that made it*\n`,
    prefix: '',
    suffix: '',
  });
  const ids = packLines(
    events.map((e) => codeBlockLine(e.eventId, EVENT_ID_MAX)),
    SlackLimits.SECTION_TEXT,
    { first: '*Event ids*\n', prefix: '```\n', suffix: '\n```' },
  );
  const fields = [
    field('Grouped by', codeSpan(alert.key, VALUE_MAX)),
    field('Window', windowText(detection.windowMs)),
    field('Accounts', accountInfos.map((a) => inlineText(accountLabel(a), VALUE_MAX)).join('\n')),
    field('Kind', detection.kind === 'threshold' ? 'threshold' : 'sequence'),
  ];
  const title = `${style.emoji} ${detection.title}`;
  return {
    text: `${style.emoji} [${style.label}] ${inlineText(detection.title, 300)} — ${inlineText(alert.summary, 1000)}`,
    blocks: [headerBlock(title), plainSection(alert.summary)],
    attachments: [
      {
        color: style.color,
        blocks: [
          fieldsSection(fields),
          ...listed.map(mrkdwnSection),
          ...ids.map(mrkdwnSection),
          contextBlock([...detectionContext(detection), ...notes(accountInfos, setting)]),
        ],
      },
    ],
  };
}
