import type { Classifier, Match } from '@trailwatch/detections';
import type { SQSRecord } from 'aws-lambda';
import type { ObservedEvent } from './correlate.js';
import { type HandBack, handBack } from './hand-back.js';
import { errorText, keysOf } from './log-keys.js';
import { parseRecordBody } from './parse-record.js';
import { MetricName, type Telemetry } from './telemetry.js';
import { testAlertMatch } from './test-alert.js';

/** A matched event with every SQS record of the batch that carried it. */
export interface MatchedEvent {
  readonly match: Match;
  readonly records: SQSRecord[];
}

/** A heartbeat and the record that carried it. */
export interface HeartbeatRecord {
  readonly record: SQSRecord;
  readonly account: string;
  readonly region: string;
  readonly time?: string;
}

/** A batch sorted into what needs work; everything not listed is acknowledged as it is. */
export interface SortedRecords {
  /** One entry per distinct eventID, in batch order. */
  readonly matched: MatchedEvent[];
  readonly heartbeats: HeartbeatRecord[];
  /** Records whose processing threw: handed back (queue default visibility). */
  readonly handedBack: HandBack[];
  /** Every CloudTrail event, matched or not, for the stateful detections (one per eventID). */
  readonly observed: ObservedEvent[];
}

/**
 * Parses and classifies each record. Malformed bodies are logged, counted and acknowledged; events
 * no detection matches are acknowledged; an event SQS delivered twice in the batch becomes one
 * entry carrying both records. A record that makes the code throw (not the input) is handed back,
 * so it reaches the DLQ + alarm rather than vanishing; the others carry on.
 */
export function sortRecords(
  records: readonly SQSRecord[],
  classifier: Classifier,
  telemetry: Telemetry,
): SortedRecords {
  const { log } = telemetry;
  const byEventId = new Map<string, MatchedEvent>();
  const heartbeats: HeartbeatRecord[] = [];
  const handedBack: HandBack[] = [];
  const observed = new Map<string, ObservedEvent>();
  for (const record of records) {
    try {
      const parsed = parseRecordBody(record.body);
      if (parsed.kind === 'malformed') {
        telemetry.count(MetricName.MALFORMED);
        log.warn('Malformed record acknowledged', {
          messageId: record.messageId,
          reason: parsed.reason,
        });
        continue;
      }
      if (parsed.kind === 'heartbeat') {
        const { account, region, time } = parsed;
        heartbeats.push(
          time === undefined ? { record, account, region } : { record, account, region, time },
        );
        continue;
      }
      const test = testAlertMatch(parsed.event);
      const matches = test ? [test] : classifier.classify(parsed.event);
      if (!test) {
        const seen = observed.get(parsed.event.eventId);
        if (seen) seen.records.push(record);
        else
          observed.set(parsed.event.eventId, { event: parsed.event, matches, records: [record] });
      }
      const [match, ...others] = matches;
      if (match === undefined) {
        log.debug('No detection matched', { eventId: parsed.event.eventId });
        continue;
      }
      if (others.length > 0) {
        log.info('Event matched several detections; alerting on the most severe', {
          ...keysOf(match),
          alsoMatched: others.map((other) => other.detection.id),
        });
      }
      const same = byEventId.get(match.event.eventId);
      if (same) same.records.push(record);
      else byEventId.set(match.event.eventId, { match, records: [record] });
    } catch (error) {
      handedBack.push(handBack(record));
      log.error('Record failed unexpectedly', {
        messageId: record.messageId,
        error: errorText(error),
      });
    }
  }
  return {
    matched: [...byEventId.values()],
    heartbeats,
    handedBack,
    observed: [...observed.values()],
  };
}
