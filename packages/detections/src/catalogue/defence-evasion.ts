import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import {
  actorOf,
  rawRequestParameter,
  recordValue,
  requestParameter,
  safeDescribe,
  safeRefine,
} from './event-fields.js';
import { apiCallPattern, TRAILWATCH_PREFIX } from './patterns.js';
import { grantsPublicAccess, parsePolicyDocument } from './policy-document.js';
import { isAwsServiceLinked, looksSecurityRelated } from './security-names.js';
import { bucketOf, isTrailBucket, isTrailKey, kmsKeyOf } from './trail-resources.js';

const DISABLE_TOOLS = ['T1562.001'] as const;
const DISABLE_LOGS = ['T1562.008'] as const;

/**
 * Audit logs are commonly kept at least a year (PCI DSS 10.5.1 asks for 12 months); an expiration
 * shorter than this on the trail bucket lets evidence age out before anyone looks.
 */
export const TRAIL_LOG_MIN_RETENTION_DAYS = 365;

const PUBLIC_GROUPS = ['/global/AllUsers', '/global/AuthenticatedUsers'];
const PUBLIC_CANNED_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Whether a PutBucketAcl grants a public group or sets a public canned ACL (`x-amz-acl`). */
function aclIsPublic(event: CloudTrailEvent): boolean {
  const canned = asList(rawRequestParameter(event, 'x-amz-acl'));
  if (canned.some((acl) => typeof acl === 'string' && PUBLIC_CANNED_ACLS.includes(acl))) {
    return true;
  }
  const policy = asObject(rawRequestParameter(event, 'AccessControlPolicy'));
  const grants = asList(asObject(policy?.AccessControlList)?.Grant);
  return grants.some((grant) => {
    const uri = asObject(asObject(grant)?.Grantee)?.URI;
    return typeof uri === 'string' && PUBLIC_GROUPS.some((group) => uri.endsWith(group));
  });
}

/** Whether a PutBucketPublicAccessBlock turns any of the four protections off. */
function weakensPublicAccessBlock(event: CloudTrailEvent): boolean {
  const config = asObject(rawRequestParameter(event, 'PublicAccessBlockConfiguration'));
  if (!config) return false;
  return ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].some(
    (flag) => config[flag] === false || config[flag] === 'false',
  );
}

/** Whether the S3 call can make the bucket readable by anyone. */
export function exposesBucket(event: CloudTrailEvent): boolean {
  switch (event.eventName) {
    case 'PutBucketPolicy':
      return grantsPublicAccess(parsePolicyDocument(rawRequestParameter(event, 'bucketPolicy')));
    case 'PutBucketAcl':
      return aclIsPublic(event);
    case 'PutBucketPublicAccessBlock':
      return weakensPublicAccessBlock(event);
    case 'DeleteBucketPublicAccessBlock':
      return true;
    default:
      return false;
  }
}

/** The shortest enabled expiration (days) in a PutBucketLifecycle, or undefined when none. */
export function shortestExpirationDays(event: CloudTrailEvent): number | undefined {
  const configuration = asObject(rawRequestParameter(event, 'LifecycleConfiguration'));
  let shortest: number | undefined;
  for (const rule of asList(configuration?.Rule).map(asObject)) {
    if (rule?.Status !== 'Enabled') continue;
    for (const expiration of [
      asObject(rule.Expiration)?.Days,
      asObject(rule.NoncurrentVersionExpiration)?.NoncurrentDays,
    ]) {
      const days = typeof expiration === 'string' ? Number(expiration) : expiration;
      if (typeof days === 'number' && Number.isFinite(days) && days >= 0) {
        shortest = shortest === undefined ? days : Math.min(shortest, days);
      }
    }
  }
  return shortest;
}

function names(event: CloudTrailEvent, key: string): string[] {
  return asList(rawRequestParameter(event, key)).filter(
    (name): name is string => typeof name === 'string',
  );
}

/** Not done by an AWS service through its service-linked role (its own housekeeping). */
function byPerson(event: CloudTrailEvent): boolean {
  return !isAwsServiceLinked(event);
}

function detectorOf(event: CloudTrailEvent): string {
  return requestParameter(event, 'detectorId') ?? 'a detector';
}

const GUARDDUTY_VERBS: Readonly<Record<string, string>> = {
  DeleteDetector: 'deleted GuardDuty detector',
  UpdateDetector: 'disabled GuardDuty detector',
  DisassociateMembers: 'disassociated member accounts from GuardDuty detector',
  DeleteMembers: 'deleted member accounts from GuardDuty detector',
  StopMonitoringMembers: 'stopped monitoring member accounts of GuardDuty detector',
  DisassociateFromMasterAccount: 'left the GuardDuty administrator with detector',
  DisassociateFromAdministratorAccount: 'left the GuardDuty administrator with detector',
};

function describeGuardDuty(event: CloudTrailEvent): string {
  const accounts = names(event, 'accountIds');
  const verb = GUARDDUTY_VERBS[event.eventName] ?? `called ${event.eventName} on`;
  return `${actorOf(event)} ${verb} ${detectorOf(event)}${accounts.length > 0 ? ` (${accounts.join(', ')})` : ''}`;
}

/** Defence evasion: switching off the services that would notice (Config, GuardDuty, …). */
export const defenceEvasionDetections: readonly Detection[] = [
  {
    id: 'config-recording-stopped',
    title: 'AWS Config recording stopped',
    severity: Severity.HIGH,
    rationale:
      'Stopping or deleting the configuration recorder, or deleting the delivery channel, ends the resource history that Config rules, Security Hub and investigations rely on (CIS 4.9).',
    references: { cis: ['CIS 4.9', 'CloudWatch.9', 'Config.1'], mitre: [...DISABLE_LOGS] },
    pattern: apiCallPattern('config', [
      'StopConfigurationRecorder',
      'DeleteConfigurationRecorder',
      'DeleteDeliveryChannel',
    ]),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe((e) => {
      const recorder = requestParameter(e, 'configurationRecorderName');
      const channel = requestParameter(e, 'deliveryChannelName');
      const what =
        e.eventName === 'DeleteDeliveryChannel'
          ? `deleted Config delivery channel ${channel ?? 'default'}`
          : `${e.eventName === 'StopConfigurationRecorder' ? 'stopped' : 'deleted'} Config recorder ${recorder ?? 'default'}`;
      return `${actorOf(e)} ${what} in ${e.region || 'a region'}`;
    }),
  },
  {
    id: 'guardduty-disabled',
    title: 'GuardDuty detector deleted or disabled',
    severity: Severity.CRITICAL,
    rationale:
      'Without a detector GuardDuty stops analysing CloudTrail, VPC flow and DNS logs in that region: the first thing an intruder who expects to be noticed switches off.',
    references: { cis: ['GuardDuty.1'], mitre: [...DISABLE_TOOLS] },
    pattern: apiCallPattern('guardduty', ['DeleteDetector', 'UpdateDetector'], {
      detail: {
        $or: [{ eventName: ['DeleteDetector'] }, { requestParameters: { enable: [false] } }],
      },
    }),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe(describeGuardDuty),
  },
  {
    id: 'guardduty-members-disassociated',
    title: 'GuardDuty member accounts disassociated',
    severity: Severity.HIGH,
    rationale:
      'A member that leaves (or is removed from) the GuardDuty administrator no longer sends it findings: the security account goes blind to that account while its detector may still run.',
    references: { mitre: [...DISABLE_TOOLS] },
    pattern: apiCallPattern('guardduty', [
      'DisassociateMembers',
      'DeleteMembers',
      'StopMonitoringMembers',
      'DisassociateFromMasterAccount',
      'DisassociateFromAdministratorAccount',
    ]),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe(describeGuardDuty),
  },
  {
    id: 'guardduty-findings-suppressed',
    title: 'GuardDuty findings suppressed',
    severity: Severity.MEDIUM,
    rationale:
      'A suppression rule (filter with action ARCHIVE) or a trusted IP list silences findings before anyone sees them, and deleting a threat list removes what they are matched against. Legitimate tuning happens, so check it was planned.',
    references: { mitre: [...DISABLE_TOOLS] },
    pattern: apiCallPattern('guardduty', [
      'CreateFilter',
      'UpdateFilter',
      'CreateIPSet',
      'UpdateIPSet',
      'DeleteThreatIntelSet',
    ]),
    scope: Scope.EVERY_REGION,
    // Only filters that archive suppress; a NOOP filter is a saved search.
    refine: safeRefine(
      (e) => !e.eventName.endsWith('Filter') || requestParameter(e, 'action') === 'ARCHIVE',
    ),
    describe: safeDescribe((e) => {
      const name = requestParameter(e, 'name') ?? requestParameter(e, 'filterName');
      const what: Readonly<Record<string, string>> = {
        CreateFilter: 'created GuardDuty suppression rule',
        UpdateFilter: 'changed GuardDuty suppression rule',
        CreateIPSet: 'added trusted IP list',
        UpdateIPSet: 'changed trusted IP list',
        DeleteThreatIntelSet: 'deleted threat list',
      };
      const target =
        name ??
        requestParameter(e, 'ipSetId') ??
        requestParameter(e, 'threatIntelSetId') ??
        'unnamed';
      return `${actorOf(e)} ${what[e.eventName] ?? `called ${e.eventName}`} ${target} on ${detectorOf(e)}`;
    }),
  },
  {
    id: 'securityhub-disabled',
    title: 'Security Hub disabled',
    severity: Severity.HIGH,
    rationale:
      'DisableSecurityHub turns off every standard and integration in the region and deletes its findings view: the organization loses its compliance picture for that account and region.',
    references: { mitre: [...DISABLE_TOOLS] },
    pattern: apiCallPattern('securityhub', ['DisableSecurityHub']),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe(
      (e) => `${actorOf(e)} disabled Security Hub in ${e.region || 'a region'}`,
    ),
  },
  {
    id: 'securityhub-standards-disabled',
    title: 'Security Hub standard disabled',
    severity: Severity.MEDIUM,
    rationale:
      'Disabling a standard (CIS, AWS Foundational Security Best Practices) stops every control in it from being checked, so the drift it would report stays invisible.',
    references: { mitre: [...DISABLE_TOOLS] },
    pattern: apiCallPattern('securityhub', ['BatchDisableStandards']),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe((e) => {
      // …:subscription/cis-aws-foundations-benchmark/v/1.4.0 → cis-aws-foundations-benchmark/v/1.4.0
      const arns = names(e, 'StandardsSubscriptionArns').map(
        (arn) => arn.split(':subscription/')[1] ?? arn,
      );
      return `${actorOf(e)} disabled Security Hub standard ${arns.join(', ') || '(unknown)'}`;
    }),
  },
  {
    id: 'trail-kms-key-disabled',
    title: "Trail's KMS key disabled or scheduled for deletion",
    severity: Severity.CRITICAL,
    rationale:
      'The trail encrypts its logs with this key: disabled, CloudTrail can no longer write them; deleted, every log it encrypted becomes unreadable for good (CIS 4.7). Known only when the configuration names the trail keys.',
    references: { cis: ['CIS 4.7', 'CloudWatch.7', 'KMS.3'], mitre: [...DISABLE_LOGS, 'T1485'] },
    pattern: apiCallPattern('kms', ['DisableKey', 'ScheduleKeyDeletion']),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e, context) => isTrailKey(e, context)),
    describe: safeDescribe(describeKey),
  },
  {
    id: 'kms-key-disabled',
    title: 'KMS key disabled or scheduled for deletion',
    severity: Severity.MEDIUM,
    rationale:
      'Data encrypted under a deleted customer managed key is lost; a disabled key stops every service that uses it (CIS 4.7). Usually a planned clean-up, which the waiting period exists to double-check.',
    references: { cis: ['CIS 4.7', 'CloudWatch.7', 'KMS.3'], mitre: ['T1485'] },
    pattern: apiCallPattern('kms', ['DisableKey', 'ScheduleKeyDeletion']),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e, context) => !isTrailKey(e, context)),
    describe: safeDescribe(describeKey),
  },
  {
    id: 'trail-bucket-made-public',
    title: 'Trail bucket made public',
    severity: Severity.CRITICAL,
    rationale:
      'A bucket policy for Principal "*", a public ACL, or public access block switched off on the bucket holding CloudTrail logs exposes the account\'s whole activity history (CIS 3.3). The trail bucket is the configured one, else a bucket named *cloudtrail*.',
    references: { cis: ['CIS 3.3', 'CloudTrail.6', 'CIS 4.8', 'CloudWatch.8'], mitre: ['T1530'] },
    pattern: apiCallPattern('s3', [
      'PutBucketPolicy',
      'PutBucketAcl',
      'PutBucketPublicAccessBlock',
      'DeleteBucketPublicAccessBlock',
    ]),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e, context) => isTrailBucket(bucketOf(e), context) && exposesBucket(e)),
    describe: safeDescribe(
      (e) => `${actorOf(e)} made trail bucket ${bucketOf(e) ?? 'unknown'} public (${e.eventName})`,
    ),
  },
  {
    id: 'trail-bucket-policy-changed',
    title: 'Trail bucket policy or ACL changed',
    severity: Severity.HIGH,
    rationale:
      'Whoever controls the trail bucket policy decides who can read, overwrite or delete the logs (CIS 4.8). The trail bucket is the configured one, else a bucket named *cloudtrail*.',
    references: { cis: ['CIS 4.8', 'CloudWatch.8'], mitre: [...DISABLE_LOGS] },
    pattern: apiCallPattern('s3', ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl']),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e, context) => isTrailBucket(bucketOf(e), context)),
    describe: safeDescribe(
      (e) => `${actorOf(e)} called ${e.eventName} on trail bucket ${bucketOf(e) ?? 'unknown'}`,
    ),
  },
  {
    id: 'trail-bucket-lifecycle-shortened',
    title: 'Short expiration put on the trail bucket',
    severity: Severity.HIGH,
    rationale: `A lifecycle rule expiring objects in fewer than ${TRAIL_LOG_MIN_RETENTION_DAYS} days on the trail bucket deletes audit logs before they are due (PCI DSS keeps 12 months): evidence destruction that needs no delete permission on the objects.`,
    references: { cis: ['CIS 4.8', 'CloudWatch.8'], mitre: ['T1070', 'T1485'] },
    pattern: apiCallPattern('s3', ['PutBucketLifecycle']),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e, context) => {
      const days = shortestExpirationDays(e);
      return (
        isTrailBucket(bucketOf(e), context) &&
        days !== undefined &&
        days < TRAIL_LOG_MIN_RETENTION_DAYS
      );
    }),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} set trail bucket ${bucketOf(e) ?? 'unknown'} to expire logs after ${shortestExpirationDays(e)} days`,
    ),
  },
  {
    id: 'security-rule-disabled',
    title: 'Security EventBridge rule deleted or disabled',
    severity: Severity.MEDIUM,
    rationale:
      'EventBridge rules route GuardDuty, Security Hub and CloudTrail events to responders; deleting or disabling one silences that route. Recognised by name (security, guardduty, cloudtrail, cis, audit…), so names without those words are missed; trailwatch-* rules have their own, critical detection.',
    references: { mitre: [...DISABLE_TOOLS] },
    pattern: apiCallPattern('events', ['DeleteRule', 'DisableRule']),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e) => {
      const name = requestParameter(e, 'name');
      return (
        name !== undefined &&
        !name.startsWith(TRAILWATCH_PREFIX) &&
        looksSecurityRelated(name) &&
        byPerson(e)
      );
    }),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} ${e.eventName === 'DisableRule' ? 'disabled' : 'deleted'} EventBridge rule ${requestParameter(e, 'name')}`,
    ),
  },
  {
    id: 'security-alarm-disabled',
    title: 'Security CloudWatch alarm deleted or silenced',
    severity: Severity.MEDIUM,
    rationale:
      'The CIS 4.x metric-filter alarms (root use, unauthorized calls, console without MFA…) only help while they exist and their actions are on. Recognised by name (cis, security, cloudtrail, unauthorized, root, mfa…).',
    references: { mitre: [...DISABLE_TOOLS] },
    pattern: apiCallPattern('cloudwatch', ['DeleteAlarms', 'DisableAlarmActions'], {
      eventSource: 'monitoring.amazonaws.com',
    }),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e) => names(e, 'alarmNames').some(looksSecurityRelated) && byPerson(e)),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} ${e.eventName === 'DeleteAlarms' ? 'deleted' : 'disabled the actions of'} alarm ${names(e, 'alarmNames').filter(looksSecurityRelated).join(', ')}`,
    ),
  },
  {
    id: 'security-log-group-deleted',
    title: 'Security log group or metric filter deleted',
    severity: Severity.HIGH,
    rationale:
      'Deleting the CloudTrail log group (or its CIS metric filters) destroys the logs and every alarm built on them. Recognised by name (cloudtrail, security, guardduty, flow logs, audit…).',
    references: { mitre: [...DISABLE_LOGS] },
    pattern: apiCallPattern('logs', ['DeleteLogGroup', 'DeleteMetricFilter']),
    scope: Scope.EVERY_REGION,
    refine: safeRefine((e) => looksSecurityRelated(requestParameter(e, 'logGroupName') ?? '')),
    describe: safeDescribe((e) => {
      const group = requestParameter(e, 'logGroupName') ?? 'unknown';
      const filter = requestParameter(e, 'filterName');
      return e.eventName === 'DeleteMetricFilter'
        ? `${actorOf(e)} deleted metric filter ${filter ?? 'unknown'} of log group ${group}`
        : `${actorOf(e)} deleted log group ${group}`;
    }),
  },
  {
    id: 'vpc-flow-logs-deleted',
    title: 'VPC flow logs deleted',
    severity: Severity.MEDIUM,
    rationale:
      'Flow logs are the network record of the VPC (CIS 3.9) and one of GuardDuty’s sources; deleting them hides exfiltration and lateral movement that follows.',
    references: { cis: ['CIS 3.9', 'EC2.6'], mitre: [...DISABLE_LOGS] },
    pattern: apiCallPattern('ec2', ['DeleteFlowLogs']),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe((e) => {
      const request = recordValue(e, 'requestParameters', 'DeleteFlowLogsRequest', 'FlowLogId');
      const ids = asList(request)
        .map((item) => asObject(item)?.content ?? item)
        .filter((id): id is string => typeof id === 'string');
      return `${actorOf(e)} deleted VPC flow logs ${ids.join(', ') || '(unknown)'}`;
    }),
  },
];

function describeKey(event: CloudTrailEvent): string {
  const key = kmsKeyOf(event) ?? 'a key';
  if (event.eventName === 'ScheduleKeyDeletion') {
    const days = recordValue(event, 'requestParameters', 'pendingWindowInDays');
    return `${actorOf(event)} scheduled KMS key ${key} for deletion${typeof days === 'number' ? ` in ${days} days` : ''}`;
  }
  return `${actorOf(event)} disabled KMS key ${key}`;
}
