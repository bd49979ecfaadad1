import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import type { CorrelationAlert, Detection, Match } from '@trailwatch/detections';
import { renderCorrelation } from '@trailwatch/slack';
import type { SQSRecord } from 'aws-lambda';
import type { DeliveryOutcome } from './delivery/slack-sender.js';
import type { EnrichedAccount } from './enrichment/account-directory.js';
import { type HandBack, handBack } from './hand-back.js';
import { errorText } from './log-keys.js';
import { mutedBy } from './mutes.js';
import type { PipelineDependencies } from './process-batch.js';
import type { SummaryTally } from './summary/summary-tally.js';
import { MetricName } from './telemetry.js';

/** A parsed CloudTrail event of the batch, with its single-event matches and its records. */
export interface ObservedEvent {
  readonly event: CloudTrailEvent;
  readonly matches: readonly Match[];
  readonly records: SQSRecord[];
}

/** Seconds a record waits before it is offered again after a correlation failure. */
const RETRY_SECONDS = 30;

function retryAfter(outcome: DeliveryOutcome | undefined): number {
  if (outcome?.status !== 'handed-back') return RETRY_SECONDS;
  return Math.max(1, outcome.retryAfterSeconds ?? outcome.pacingWaitSeconds ?? RETRY_SECONDS);
}

/**
 * Feeds every CloudTrail event of the batch to the stateful detections (in event time) and posts
 * what fires. When the state table fails, the event is not counted (an ERROR log says so) and its
 * single-event alert stands. A fired alert that Slack did not accept gives its firing back and hands back the
 * record of the event that completed it: the redelivery fires it again (its single-event alert is
 * a dedup hit by then), so a stateful alert is never lost to a failed post.
 */
export async function deliverCorrelations(
  observed: readonly ObservedEvent[],
  deps: PipelineDependencies,
  remainingMs: () => number,
  tally?: SummaryTally,
): Promise<HandBack[]> {
  const { correlator, telemetry } = deps;
  if (correlator === undefined) return [];
  const ordered = [...observed].sort(
    (a, b) => (Date.parse(a.event.time) || 0) - (Date.parse(b.event.time) || 0),
  );
  const handedBack: HandBack[] = [];
  for (const { event, matches, records } of ordered) {
    let alerts: CorrelationAlert[];
    try {
      alerts = await correlator.observe(event, matches);
    } catch (error) {
      // Its single-event alert is settled already; handing the record back would repost it while
      // the table (and so dedup) is down. The window misses this event: said loudly, not retried.
      telemetry.log.error('Stateful detections could not count this event (state table failed)', {
        eventId: event.eventId,
        error: errorText(error),
      });
      continue;
    }
    for (const alert of alerts) {
      const back = await deliverOne(alert, event, deps, remainingMs, tally);
      handedBack.push(...(back === undefined ? [] : records.map((r) => handBack(r, back))));
    }
  }
  return handedBack;
}

/** Posts one stateful alert; the seconds to hand its event back for, or undefined when done. */
async function deliverOne(
  alert: CorrelationAlert,
  event: CloudTrailEvent,
  deps: PipelineDependencies,
  remainingMs: () => number,
  tally: SummaryTally | undefined,
): Promise<number | undefined> {
  const { telemetry } = deps;
  const keys = { detection: alert.detection.id, key: alert.key, eventId: event.eventId };
  const accountIds = [...new Set(alert.events.map((e) => e.account))];
  const accounts = new Map<string, EnrichedAccount>();
  for (const id of accountIds) {
    accounts.set(
      id,
      await deps.lookupAccount(id).catch(() => ({ id, fallback: true }) as EnrichedAccount),
    );
  }
  const account = accounts.get(event.account) ?? { id: event.account };
  const mute = mutedBy(
    (await deps.mutes?.current().catch(() => [])) ?? [],
    {
      detectionId: alert.detection.id,
      severity: alert.detection.severity,
      actor: event.actor,
      account,
    },
    Date.now(),
  );
  // Routing reads a detection's id and severity and the account, as for any alert.
  const match = {
    detection: alert.detection as unknown as Detection,
    event,
    summary: alert.summary,
  };
  const route = deps.route({ match, account });
  if (mute !== undefined) {
    tally?.muted(route, alert.detection.id);
    telemetry.count(MetricName.MUTED, 1, { detection: alert.detection.id });
    telemetry.log.info('Stateful alert muted', { ...keys, mute: mute.id, reason: mute.reason });
    return undefined;
  }
  const infos = new Map(
    [...accounts].map(([id, a]) => [
      id,
      { id, name: a.name, ouPath: a.ouPath, tags: a.tags, note: a.note },
    ]),
  );
  let outcome: DeliveryOutcome | undefined;
  try {
    [outcome] = await deps.deliver(
      [
        {
          webhookSecretId: route,
          message: renderCorrelation(alert, infos, deps.renderOptions),
          describe: { ...keys, kind: 'correlation', count: alert.events.length },
        },
      ],
      remainingMs,
    );
  } catch (error) {
    telemetry.log.error('Stateful alert delivery failed unexpectedly', {
      ...keys,
      error: errorText(error),
    });
  }
  if (outcome?.status === 'delivered') {
    tally?.stateful(route, alert.detection.id);
    telemetry.count(MetricName.CORRELATIONS);
    telemetry.log.info('Stateful alert posted', { ...keys, events: alert.events.length });
    return undefined;
  }
  try {
    await deps.correlator?.reopen(alert);
  } catch (error) {
    telemetry.log.error('Stateful alert not posted and its firing could not be given back', {
      ...keys,
      error: errorText(error),
    });
  }
  telemetry.log.warn('Stateful alert not posted; handing its event back', keys);
  return retryAfter(outcome);
}
