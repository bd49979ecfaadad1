import { asObject, type JsonObject, objectAt, textAt } from './fields.js';
import { stableId } from './stable-id.js';
import {
  type Actor,
  ActorKind,
  type CloudTrailEvent,
  type EventBridgeEnvelope,
  type GuardDutyFinding,
  UserAgentClass,
} from './types.js';

/** EventBridge `source` and `detail-type` of a GuardDuty finding event. */
export const GUARDDUTY_SOURCE = 'aws.guardduty';
export const GUARDDUTY_FINDING_DETAIL_TYPE = 'GuardDuty Finding';
const GUARDDUTY_SERVICE = 'guardduty.amazonaws.com';

/** Whether `detail` is a GuardDuty finding (the `detail` of a `GuardDuty Finding` event). */
export function isFindingDetail(detail: JsonObject): boolean {
  return (
    typeof detail.type === 'string' &&
    typeof detail.severity === 'number' &&
    textAt(objectAt(detail, 'service'), 'serviceName') === 'guardduty'
  );
}

function numberAt(parent: JsonObject | undefined, key: string): number | undefined {
  const value = parent?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The resource a finding is about, in a few words: `instance i-…`, `access key ASIA… (alice)`. */
function resourceOf(resource: JsonObject | undefined): string | undefined {
  const type = textAt(resource, 'resourceType');
  const key = objectAt(resource, 'accessKeyDetails');
  const instance = textAt(objectAt(resource, 'instanceDetails'), 'instanceId');
  const buckets = resource?.s3BucketDetails;
  const bucket = Array.isArray(buckets) ? textAt(asObject(buckets[0]), 'name') : undefined;
  const cluster = textAt(objectAt(resource, 'eksClusterDetails'), 'name');
  if (instance) return `instance ${instance}`;
  if (bucket) return `S3 bucket ${bucket}`;
  if (cluster) return `EKS cluster ${cluster}`;
  if (key) {
    const id = textAt(key, 'accessKeyId');
    const user = textAt(key, 'userName');
    return `access key ${id ?? 'unknown'}${user ? ` (${user})` : ''}`;
  }
  return type;
}

/** The remote address of the finding's action, whatever kind of action it is. */
function remoteIpOf(service: JsonObject | undefined): string | undefined {
  const action = objectAt(service, 'action');
  // Port probes list their sources per probed port.
  const probes = objectAt(action, 'portProbeAction')?.portProbeDetails;
  if (Array.isArray(probes)) {
    const details = objectAt(asObject(probes[0]), 'remoteIpDetails');
    const ip = textAt(details, 'ipAddressV4') ?? textAt(details, 'ipAddressV6');
    if (ip) return ip;
  }
  for (const kind of [
    'awsApiCallAction',
    'networkConnectionAction',
    'kubernetesApiCallAction',
    'rdsLoginAttemptAction',
  ]) {
    const details = objectAt(objectAt(action, kind), 'remoteIpDetails');
    const ip = textAt(details, 'ipAddressV4') ?? textAt(details, 'ipAddressV6');
    if (ip) return ip;
  }
  return undefined;
}

const USER_TYPES: Readonly<Record<string, ActorKind>> = {
  Root: ActorKind.ROOT,
  IAMUser: ActorKind.IAM_USER,
  AssumedRole: ActorKind.ASSUMED_ROLE,
  FederatedUser: ActorKind.FEDERATED,
};

/** The principal whose credentials the finding involves, else GuardDuty as the reporter. */
function actorOf(resource: JsonObject | undefined): Actor {
  const key = objectAt(resource, 'accessKeyDetails');
  const userType = textAt(key, 'userType');
  const userName = textAt(key, 'userName');
  if (key === undefined || (userType === undefined && userName === undefined)) {
    return { kind: ActorKind.AWS_SERVICE, name: GUARDDUTY_SERVICE };
  }
  const actor: { -readonly [K in keyof Actor]: Actor[K] } = {
    kind: (userType && USER_TYPES[userType]) || ActorKind.UNKNOWN,
    name: userType === 'Root' ? 'root' : (userName ?? textAt(key, 'principalId') ?? 'unknown'),
  };
  if (userType !== undefined) actor.identityType = userType;
  const principalId = textAt(key, 'principalId');
  if (principalId !== undefined) actor.principalId = principalId;
  const accessKeyId = textAt(key, 'accessKeyId');
  if (accessKeyId !== undefined) actor.accessKeyId = accessKeyId;
  return actor;
}

function findingOf(detail: JsonObject): GuardDutyFinding {
  const service = objectAt(detail, 'service');
  const finding: { -readonly [K in keyof GuardDutyFinding]: GuardDutyFinding[K] } = {
    id: textAt(detail, 'id') ?? '',
    type: textAt(detail, 'type') ?? '',
    severity: numberAt(detail, 'severity') ?? 0,
  };
  const title = textAt(detail, 'title');
  if (title !== undefined) finding.title = title;
  const description = textAt(detail, 'description');
  if (description !== undefined) finding.description = description;
  const resource = resourceOf(objectAt(detail, 'resource'));
  if (resource !== undefined) finding.resource = resource;
  const count = numberAt(service, 'count');
  if (count !== undefined) finding.count = count;
  const firstSeen = textAt(service, 'eventFirstSeen');
  if (firstSeen !== undefined) finding.firstSeen = firstSeen;
  const lastSeen = textAt(service, 'eventLastSeen');
  if (lastSeen !== undefined) finding.lastSeen = lastSeen;
  return finding;
}

/**
 * The trailwatch view of a GuardDuty finding, delivered as a `GuardDuty Finding` event (or a raw
 * finding, whose envelope is synthesized). `eventName` is the finding type, `eventId`
 * `<finding id>@<updatedAt>` so GuardDuty's later updates of the same finding (count, last seen)
 * are new alerts while a redelivered event is a duplicate.
 */
export function buildFindingEvent(
  detail: JsonObject,
  delivered: JsonObject | undefined,
): CloudTrailEvent {
  const finding = findingOf(detail);
  const updatedAt = textAt(detail, 'updatedAt') ?? textAt(detail, 'createdAt');
  const time = updatedAt ?? textAt(delivered, 'time') ?? '';
  const account = textAt(detail, 'accountId') ?? textAt(delivered, 'account') ?? '';
  const region = textAt(detail, 'region') ?? textAt(delivered, 'region') ?? '';
  const eventId = finding.id
    ? `${finding.id}@${updatedAt ?? ''}`
    : (textAt(delivered, 'id') ?? stableId(JSON.stringify(detail)));
  const envelope: EventBridgeEnvelope =
    // Only GuardDuty's own envelope is kept; one synthesized for a bare record says nothing true.
    delivered?.source === GUARDDUTY_SOURCE && typeof delivered['detail-type'] === 'string'
      ? (delivered as unknown as EventBridgeEnvelope)
      : {
          version: '0',
          id: stableId(`envelope:${eventId}`),
          'detail-type': GUARDDUTY_FINDING_DETAIL_TYPE,
          source: GUARDDUTY_SOURCE,
          account,
          time,
          region,
          resources: [],
          detail,
        };
  const event: { -readonly [K in keyof CloudTrailEvent]: CloudTrailEvent[K] } = {
    eventId,
    eventName: finding.type,
    eventSource: GUARDDUTY_SERVICE,
    time,
    account,
    region,
    userAgentClass: UserAgentClass.UNKNOWN,
    actor: actorOf(objectAt(detail, 'resource')),
    outcome: { success: true },
    mfa: 'unknown',
    record: detail,
    envelope,
    finding,
  };
  const sourceIp = remoteIpOf(objectAt(detail, 'service'));
  if (sourceIp !== undefined) event.sourceIp = sourceIp;
  return event;
}
