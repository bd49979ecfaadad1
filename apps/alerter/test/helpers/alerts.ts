import { parseEvent, toEnvelope } from '@trailwatch/cloudtrail';
import { createClassifier, type Match } from '@trailwatch/detections';
import { loadRecord } from '@trailwatch/fixtures';
import type { Alert } from '@trailwatch/slack';
import type { SQSRecord } from 'aws-lambda';

const classifier = createClassifier();

/** A fixture record with a fresh eventID (and optionally another account). */
export function recordVariant(
  name: string,
  overrides: { eventId?: string; account?: string; userName?: string } = {},
): Record<string, unknown> {
  const record = structuredClone(loadRecord(name));
  if (overrides.eventId !== undefined) record.eventID = overrides.eventId;
  if (overrides.account !== undefined) record.recipientAccountId = overrides.account;
  if (overrides.userName !== undefined) {
    record.requestParameters = { userName: overrides.userName };
  }
  return record;
}

const RUN_START = Date.parse('2026-11-20T08:00:00Z');

/** The `i`th of a run of failed root sign-ins, one a minute from 2026-11-20 08:00 UTC. */
export function rootSignInFailure(i: number): Record<string, unknown> {
  const record = structuredClone(loadRecord('det-root-console-sign-in-failed-pos-wrong-password'));
  record.eventID = `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`;
  record.eventTime = new Date(RUN_START + i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return record;
}

/** The most severe catalogue match of a record; fails the test when nothing matches. */
export function matchOf(record: Record<string, unknown>): Match {
  const parsed = parseEvent(toEnvelope(record));
  if (!parsed.ok) throw new Error(`fixture does not parse: ${parsed.error}`);
  const [match] = classifier.classify(parsed.event);
  if (match === undefined) throw new Error('fixture matches no detection');
  return match;
}

/** An alert for a fixture record with a bare account. */
export function alertOf(record: Record<string, unknown>): Alert {
  const match = matchOf(record);
  return { match, account: { id: match.event.account } };
}

let sequence = 0;

/** An SQS record whose body is `body` (a string as SQS delivers it, or an object to JSON-encode). */
export function sqsRecord(body: unknown): SQSRecord {
  sequence += 1;
  return {
    messageId: `msg-${sequence}`,
    receiptHandle: `handle-${sequence}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1700000000000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1700000000000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:trailwatch-alerts',
    awsRegion: 'us-east-1',
  };
}

/** An SQS record carrying a fixture record in its EventBridge envelope. */
export function eventRecord(record: Record<string, unknown>): SQSRecord {
  return sqsRecord(toEnvelope(record));
}
