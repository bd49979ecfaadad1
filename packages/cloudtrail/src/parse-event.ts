import { parseActor } from './actor.js';
import { envelopeIdOf, toEnvelope } from './envelope.js';
import { asObject, type JsonObject, textAt } from './fields.js';
import { buildFindingEvent, GUARDDUTY_FINDING_DETAIL_TYPE, isFindingDetail } from './finding.js';
import { parseMfa } from './mfa.js';
import { parseOutcome } from './outcome.js';
import { parseReadOnly } from './read-only.js';
import { parseTargetUser } from './target-user.js';
import { ActorKind, type CloudTrailEvent, type EventBridgeEnvelope } from './types.js';
import { classifyUserAgent } from './user-agent.js';

/** The result of {@link parseEvent}: the view, or why the input holds no CloudTrail record. */
export type ParseResult = { ok: true; event: CloudTrailEvent } | { ok: false; error: string };

/** Fields of which a CloudTrail record has at least one; an object with none is not a record. */
const RECORD_MARKERS = [
  'eventName',
  'eventSource',
  'eventID',
  'userIdentity',
  'eventTime',
] as const;

function reasonOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable error';
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function hasRecordMarker(candidate: JsonObject): boolean {
  for (const key of RECORD_MARKERS) {
    if (candidate[key] !== undefined && candidate[key] !== null) return true;
  }
  return false;
}

/** An envelope has `detail-type` + `detail`; a CloudTrail record has neither. */
function isEnvelopeShaped(input: JsonObject): boolean {
  return input['detail-type'] !== undefined || ('detail' in input && !hasRecordMarker(input));
}

function isWellFormedEnvelope(input: JsonObject): boolean {
  return (
    typeof input.version === 'string' &&
    typeof input.id === 'string' &&
    typeof input['detail-type'] === 'string' &&
    typeof input.source === 'string' &&
    typeof input.account === 'string' &&
    typeof input.time === 'string' &&
    typeof input.region === 'string' &&
    Array.isArray(input.resources)
  );
}

/**
 * The envelope as delivered when its standard fields are well typed (no copy: the detections'
 * patterns must see exactly what EventBridge saw); otherwise a shallow copy with the missing or
 * mistyped standard fields filled in from the record.
 */
function normalizeEnvelope(input: JsonObject, record: JsonObject): EventBridgeEnvelope {
  if (isWellFormedEnvelope(input)) return input as unknown as EventBridgeEnvelope;
  const synthesized = toEnvelope(record);
  return {
    ...input,
    version: textAt(input, 'version') ?? synthesized.version,
    id: textAt(input, 'id') ?? synthesized.id,
    'detail-type': textAt(input, 'detail-type') ?? synthesized['detail-type'],
    source: textAt(input, 'source') ?? synthesized.source,
    account: textAt(input, 'account') ?? synthesized.account,
    time: textAt(input, 'time') ?? synthesized.time,
    region: textAt(input, 'region') ?? synthesized.region,
    resources: Array.isArray(input.resources) ? input.resources : [],
    detail: record,
  };
}

function buildEvent(
  record: JsonObject,
  envelope: EventBridgeEnvelope,
  delivered: JsonObject | undefined,
): CloudTrailEvent {
  const identity = asObject(record.userIdentity);
  const actor = parseActor(record);
  const userAgent = textAt(record, 'userAgent');
  const event: { -readonly [K in keyof CloudTrailEvent]: CloudTrailEvent[K] } = {
    eventId: textAt(record, 'eventID') ?? textAt(delivered, 'id') ?? envelopeIdOf(record),
    eventName: textAt(record, 'eventName') ?? '',
    eventSource: textAt(record, 'eventSource') ?? '',
    time: textAt(record, 'eventTime') ?? textAt(delivered, 'time') ?? '',
    account:
      textAt(record, 'recipientAccountId') ??
      textAt(delivered, 'account') ??
      textAt(identity, 'accountId') ??
      '',
    region: textAt(record, 'awsRegion') ?? textAt(delivered, 'region') ?? '',
    userAgentClass: classifyUserAgent(userAgent),
    actor,
    outcome: parseOutcome(record),
    mfa: parseMfa(record, identity),
    record,
    envelope,
  };
  const eventType = textAt(record, 'eventType');
  if (eventType !== undefined) event.eventType = eventType;
  const sourceIp = textAt(record, 'sourceIPAddress');
  if (sourceIp !== undefined) event.sourceIp = sourceIp;
  if (userAgent !== undefined) event.userAgent = userAgent;
  const targetUser = parseTargetUser(record, actor);
  if (targetUser !== undefined) event.targetUser = targetUser;
  const readOnly = parseReadOnly(record);
  if (readOnly !== undefined) event.readOnly = readOnly;
  return event;
}

/**
 * An event an AWS service sends to EventBridge directly, not through CloudTrail (a CloudWatch
 * alarm state change): a well-formed envelope from an `aws.` source — which only AWS can emit, a
 * PutEvents caller cannot — with a non-empty detail. Heartbeats (`Scheduled Event`, `detail: {}`)
 * stay out, and so does a `GuardDuty Finding` whose detail is not a finding (malformed, not some
 * other service event).
 */
function isServiceEvent(envelope: JsonObject, detail: JsonObject): boolean {
  return (
    isWellFormedEnvelope(envelope) &&
    (envelope.source as string).startsWith('aws.') &&
    envelope['detail-type'] !== GUARDDUTY_FINDING_DETAIL_TYPE &&
    Object.keys(detail).length > 0
  );
}

/**
 * The view of a service event: the detail-type stands in for the event name and the source for
 * the event source (what an alert shows), the emitting service is the actor, and there is no
 * failed call to report.
 */
function buildServiceEvent(envelope: EventBridgeEnvelope): CloudTrailEvent {
  return {
    eventId: envelope.id,
    eventName: envelope['detail-type'],
    eventSource: envelope.source,
    time: envelope.time,
    account: envelope.account,
    region: envelope.region,
    userAgentClass: classifyUserAgent(undefined),
    actor: { kind: ActorKind.AWS_SERVICE, name: envelope.source },
    outcome: { success: true },
    mfa: 'unknown',
    record: envelope.detail,
    envelope,
  };
}

function parseUnsafe(input: unknown): ParseResult {
  const object = asObject(input);
  if (object === undefined) {
    return {
      ok: false,
      error: `expected a CloudTrail record or an EventBridge envelope (an object), got ${describeValue(input)}`,
    };
  }
  if (isEnvelopeShaped(object)) {
    const detail = asObject(object.detail);
    const detailType = textAt(object, 'detail-type');
    const what = detailType === undefined ? 'EventBridge envelope' : `'${detailType}' envelope`;
    if (detail === undefined) {
      return {
        ok: false,
        error: `${what} has no CloudTrail record: detail is ${'detail' in object ? describeValue(object.detail) : 'missing'}`,
      };
    }
    if (isFindingDetail(detail)) return { ok: true, event: buildFindingEvent(detail, object) };
    if (!hasRecordMarker(detail)) {
      if (isServiceEvent(object, detail)) {
        return { ok: true, event: buildServiceEvent(object as unknown as EventBridgeEnvelope) };
      }
      return {
        ok: false,
        error: `${what} has no CloudTrail record: detail has none of ${RECORD_MARKERS.join(', ')}`,
      };
    }
    return { ok: true, event: buildEvent(detail, normalizeEnvelope(object, detail), object) };
  }
  if (isFindingDetail(object)) return { ok: true, event: buildFindingEvent(object, undefined) };
  if (!hasRecordMarker(object)) {
    return {
      ok: false,
      error: `not a CloudTrail record: the object has none of ${RECORD_MARKERS.join(', ')}`,
    };
  }
  return { ok: true, event: buildEvent(object, toEnvelope(object), undefined) };
}

/**
 * Parses a raw CloudTrail record (S3 log file entry, `lookup-events` `CloudTrailEvent`, CloudTrail
 * Lake row) or an EventBridge envelope whose `detail` is one, into the defensive
 * {@link CloudTrailEvent} view. `ok: false` only when the input is not an object or holds no
 * record at all (an envelope whose `detail` is missing or not a record); odd or missing fields
 * never fail. GuardDuty findings (a `GuardDuty Finding` event or a raw finding) parse too, with
 * `finding` set. Never throws, on any input. Keeps references to the input (no copies).
 *
 * @example
 * const result = parseEvent(JSON.parse(line));
 * if (result.ok) console.log(describeActor(result.event.actor));
 */
export function parseEvent(input: unknown): ParseResult {
  try {
    return parseUnsafe(input);
  } catch (error) {
    // Only reachable with caller-built objects (throwing getters, proxies): JSON can't do this.
    return { ok: false, error: `could not read the input: ${reasonOf(error)}` };
  }
}
