import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type Detection, Scope, Severity } from '../types.js';
import {
  actorOf,
  recordString,
  requestParameter,
  safeDescribe,
  safeRefine,
} from './event-fields.js';
import { apiCallPattern, TRAILWATCH_PREFIX } from './patterns.js';

const CLOUDFORMATION = 'cloudformation.amazonaws.com';

/**
 * Whether CloudFormation made the call (a StackSet rollout updating trailwatch's own rules and
 * roles). Judged by `invokedBy`/`sourceIPAddress`, which AWS sets; `userAgent` is client-supplied
 * and could be forged. Rollouts themselves are reported once, by trailwatch-stack-set-updated.
 */
export function isCloudFormationDeployment(event: CloudTrailEvent): boolean {
  return (
    event.actor.invokedBy === CLOUDFORMATION ||
    recordString(event, 'userIdentity', 'invokedBy') === CLOUDFORMATION ||
    event.sourceIp === CLOUDFORMATION
  );
}

const TAMPER_REFERENCES = { mitre: ['T1562.001'] } as const;

/** EventBridge rule calls name the rule `name` (Put/Delete/Disable) or `rule` (targets). */
function ruleOf(event: CloudTrailEvent): string {
  return requestParameter(event, 'name') ?? requestParameter(event, 'rule') ?? 'a trailwatch rule';
}

/** `StackSet-trailwatch-member-…` out of a stack ARN; names pass through. */
function stackOf(event: CloudTrailEvent): string {
  const value = requestParameter(event, 'stackSetName') ?? requestParameter(event, 'stackName');
  if (!value) return 'the trailwatch stack';
  const marker = value.indexOf(':stack/');
  if (marker < 0) return value;
  const rest = value.slice(marker + ':stack/'.length);
  return rest.split('/')[0] || value;
}

const STACK_NAME_MATCH = [{ wildcard: '*trailwatch*' }];

/** Changes to trailwatch's own member-account resources: whoever blinds the watcher is reported. */
export const trailwatchTamperDetections: readonly Detection[] = [
  {
    id: 'trailwatch-rule-tampered',
    title: 'trailwatch EventBridge rule changed',
    severity: Severity.CRITICAL,
    rationale:
      'Deleting, disabling or re-targeting a trailwatch-* rule stops alerts from this account and region. The other trailwatch rule reports it.',
    references: TAMPER_REFERENCES,
    pattern: apiCallPattern(
      'events',
      ['DeleteRule', 'DisableRule', 'PutRule', 'RemoveTargets', 'PutTargets'],
      {
        detail: {
          $or: [
            { requestParameters: { name: [{ prefix: TRAILWATCH_PREFIX }] } },
            { requestParameters: { rule: [{ prefix: TRAILWATCH_PREFIX }] } },
          ],
        },
      },
    ),
    scope: Scope.EVERY_REGION,
    tamper: true,
    refine: safeRefine((e) => !isCloudFormationDeployment(e)),
    describe: safeDescribe((e) => `${actorOf(e)} called ${e.eventName} on rule ${ruleOf(e)}`),
  },
  {
    id: 'trailwatch-role-tampered',
    title: 'trailwatch IAM role changed',
    severity: Severity.CRITICAL,
    rationale:
      'The trailwatch-* forwarding role carries events to the central bus. Deleting it or changing its policies or trust silently breaks delivery.',
    references: TAMPER_REFERENCES,
    pattern: apiCallPattern(
      'iam',
      [
        'DeleteRole',
        'UpdateRole',
        'UpdateAssumeRolePolicy',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'PutRolePolicy',
        'DeleteRolePolicy',
        'PutRolePermissionsBoundary',
        'DeleteRolePermissionsBoundary',
      ],
      { detail: { requestParameters: { roleName: [{ prefix: TRAILWATCH_PREFIX }] } } },
    ),
    scope: Scope.US_EAST_1,
    tamper: true,
    refine: safeRefine((e) => !isCloudFormationDeployment(e)),
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} called ${e.eventName} on role ${requestParameter(e, 'roleName') ?? 'a trailwatch role'}`,
    ),
  },
  {
    id: 'trailwatch-stack-tampered',
    title: 'trailwatch stack or stack instance deleted',
    severity: Severity.CRITICAL,
    rationale:
      'Deleting the trailwatch stack, stack set or its stack instances removes every trailwatch rule from the affected accounts at once.',
    references: TAMPER_REFERENCES,
    pattern: apiCallPattern(
      'cloudformation',
      ['DeleteStack', 'DeleteStackInstances', 'DeleteStackSet'],
      {
        detail: {
          $or: [
            { requestParameters: { stackName: STACK_NAME_MATCH } },
            { requestParameters: { stackSetName: STACK_NAME_MATCH } },
          ],
        },
      },
    ),
    scope: Scope.EVERY_REGION,
    tamper: true,
    describe: safeDescribe((e) => `${actorOf(e)} called ${e.eventName} on ${stackOf(e)}`),
  },
  {
    id: 'trailwatch-stack-set-updated',
    title: 'trailwatch stack set updated',
    severity: Severity.MEDIUM,
    rationale:
      'Every trailwatch rollout is an UpdateStackSet, so this is usually expected — but an update can also strip rules from every member account. Check it matches a planned deployment.',
    references: TAMPER_REFERENCES,
    pattern: apiCallPattern('cloudformation', ['UpdateStackSet'], {
      detail: { requestParameters: { stackSetName: STACK_NAME_MATCH } },
    }),
    scope: Scope.EVERY_REGION,
    tamper: true,
    describe: safeDescribe(
      (e) =>
        `${actorOf(e)} updated stack set ${requestParameter(e, 'stackSetName') ?? 'trailwatch'}`,
    ),
  },
];
