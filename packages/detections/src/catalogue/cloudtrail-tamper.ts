import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import { actorOf, requestParameter, safeDescribe } from './event-fields.js';
import { apiCallPattern } from './patterns.js';

const TRAIL_REFERENCES = {
  cis: ['CIS 4.5', 'CloudWatch.5'],
  guardDuty: ['Stealth:IAMUser/CloudTrailLoggingDisabled'],
  mitre: ['T1562.008'],
} as const;

function trailOf(event: CloudTrailEvent): string {
  const name = requestParameter(event, 'name') ?? requestParameter(event, 'trailName');
  if (!name) return 'a trail';
  // Trails are often named by ARN; the tail is what people recognise.
  return name.includes(':trail/') ? name.slice(name.indexOf(':trail/') + ':trail/'.length) : name;
}

/** Changes to CloudTrail trails: without a logging trail, EventBridge (and trailwatch) go blind. */
export const cloudTrailTamperDetections: readonly Detection[] = [
  {
    id: 'cloudtrail-logging-stopped',
    title: 'CloudTrail logging stopped',
    severity: Severity.CRITICAL,
    rationale:
      'StopLogging silences the trail. No trail means no "via CloudTrail" events reach EventBridge, so every other detection goes quiet too.',
    references: TRAIL_REFERENCES,
    pattern: apiCallPattern('cloudtrail', ['StopLogging']),
    scope: Scope.EVERY_REGION,
    tamper: true,
    describe: safeDescribe((e) => `${actorOf(e)} stopped logging on trail ${trailOf(e)}`),
  },
  {
    id: 'cloudtrail-trail-deleted',
    title: 'CloudTrail trail deleted',
    severity: Severity.CRITICAL,
    rationale:
      'Deleting the trail ends audit logging and, with it, the event feed every detection depends on.',
    references: TRAIL_REFERENCES,
    pattern: apiCallPattern('cloudtrail', ['DeleteTrail']),
    scope: Scope.EVERY_REGION,
    tamper: true,
    describe: safeDescribe((e) => `${actorOf(e)} deleted trail ${trailOf(e)}`),
  },
  {
    id: 'cloudtrail-trail-updated',
    title: 'CloudTrail trail settings changed',
    severity: Severity.HIGH,
    rationale:
      'UpdateTrail can turn off multi-region or global-service logging, or point logs at a bucket the attacker controls, without stopping the trail.',
    references: TRAIL_REFERENCES,
    pattern: apiCallPattern('cloudtrail', ['UpdateTrail']),
    scope: Scope.EVERY_REGION,
    tamper: true,
    describe: safeDescribe((e) => `${actorOf(e)} changed the settings of trail ${trailOf(e)}`),
  },
  {
    id: 'cloudtrail-trail-created',
    title: 'CloudTrail trail created',
    severity: Severity.LOW,
    rationale:
      'CIS counts CreateTrail among the trail configuration changes to watch: a new trail can copy every event to a bucket outside the organization. Low because new accounts and landing-zone rollouts create trails routinely.',
    references: { cis: ['CIS 4.5', 'CloudWatch.5'], mitre: ['T1537'] },
    pattern: apiCallPattern('cloudtrail', ['CreateTrail']),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe((e) => {
      const bucket = requestParameter(e, 's3BucketName');
      return `${actorOf(e)} created trail ${trailOf(e)}${bucket ? ` writing to bucket ${bucket}` : ''}`;
    }),
  },
  {
    id: 'cloudtrail-logging-started',
    title: 'CloudTrail logging started',
    severity: Severity.LOW,
    rationale:
      'CIS counts StartLogging among the trail configuration changes: after a StopLogging it closes the blind window, otherwise it switches on a trail nobody announced. Low because it is usually the good news.',
    references: { cis: ['CIS 4.5', 'CloudWatch.5'], mitre: ['T1562.008'] },
    pattern: apiCallPattern('cloudtrail', ['StartLogging']),
    scope: Scope.EVERY_REGION,
    describe: safeDescribe((e) => `${actorOf(e)} started logging on trail ${trailOf(e)}`),
  },
  {
    id: 'cloudtrail-event-selectors-changed',
    title: 'CloudTrail event selectors changed',
    severity: Severity.HIGH,
    rationale:
      'PutEventSelectors can exclude management events (includeManagementEvents false) or whole event sources: the trail keeps "logging" while recording nothing useful.',
    references: { mitre: ['T1562.008'] },
    pattern: apiCallPattern('cloudtrail', ['PutEventSelectors']),
    scope: Scope.EVERY_REGION,
    tamper: true,
    describe: safeDescribe(
      (e) => `${actorOf(e)} changed the event selectors of trail ${trailOf(e)}`,
    ),
  },
];
