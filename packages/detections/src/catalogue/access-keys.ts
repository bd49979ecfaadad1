import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { ActorKind } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import {
  actorOf,
  fromIp,
  recordString,
  requestParameter,
  safeDescribe,
  safeRefine,
} from './event-fields.js';
import { apiCallPattern } from './patterns.js';

/**
 * Whether CreateAccessKey made a key for someone other than the caller. A principal creating
 * its own key sends no `userName` (requestParameters is null); naming yourself is the same thing.
 */
export function isKeyForOtherUser(event: CloudTrailEvent): boolean {
  const target = requestParameter(event, 'userName');
  if (target === undefined) return false;
  return !(event.actor.kind === ActorKind.IAM_USER && event.actor.name === target);
}

function keyId(event: CloudTrailEvent): string {
  const id = recordString(event, 'responseElements', 'accessKey', 'accessKeyId');
  return id ? ` (${id})` : '';
}

/** Access-key detections. */
export const accessKeyDetections: readonly Detection[] = [
  {
    id: 'access-key-created-for-self',
    title: 'Access key created (own user)',
    severity: Severity.LOW,
    rationale:
      'Long-lived access keys are what CIS asks to avoid (prefer roles and Identity Center); a new one is worth noticing, but people create their own keys routinely, which makes this loud in accounts that still use IAM users.',
    references: { cis: ['CIS 1.11', 'IAM.3'], mitre: ['T1098.001'] },
    pattern: apiCallPattern('iam', ['CreateAccessKey'], {
      detail: { userIdentity: { type: [{ 'anything-but': ['Root'] }] } },
    }),
    scope: Scope.US_EAST_1,
    refine: safeRefine((e) => !isKeyForOtherUser(e)),
    describe: safeDescribe((e) => `${actorOf(e)} created access key${keyId(e)} for themselves`),
  },
  {
    id: 'access-key-created-for-other-user',
    title: 'Access key created for another IAM user',
    severity: Severity.HIGH,
    rationale:
      'Creating a key for someone else is how attackers backdoor existing users: the new key works quietly next to the owner’s. People normally create their own keys.',
    references: { mitre: ['T1098.001'] },
    pattern: apiCallPattern('iam', ['CreateAccessKey'], {
      detail: { requestParameters: { userName: [{ exists: true }] } },
    }),
    scope: Scope.US_EAST_1,
    refine: safeRefine(isKeyForOtherUser),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} created access key${keyId(e)} for IAM user ${requestParameter(e, 'userName') ?? 'unknown'}`,
    ),
  },
  {
    id: 'root-access-key-created',
    title: 'Access key created for the root user',
    severity: Severity.CRITICAL,
    rationale:
      'A root access key is unrestricted, long-lived programmatic access to the whole account that no IAM policy can limit. CIS requires that none exist.',
    references: {
      cis: ['CIS 1.4', 'IAM.4'],
      guardDuty: ['Policy:IAMUser/RootCredentialUsage'],
      mitre: ['T1098.001'],
    },
    pattern: apiCallPattern('iam', ['CreateAccessKey'], {
      detail: { userIdentity: { type: ['Root'] } },
    }),
    scope: Scope.US_EAST_1,
    // Root creating a key for an IAM user names that user; that is access-key-created-for-other-user.
    refine: safeRefine((e) => requestParameter(e, 'userName') === undefined),
    describe: safeDescribe((e) => `root created a root access key${keyId(e)}${fromIp(e)}`),
  },
];
