import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { consoleLoginPattern } from '../catalogue/patterns.js';
import { Severity } from '../types.js';
import type { Observation, StatefulDetection } from './types.js';

const MINUTE = 60_000;

/** `account#user` of an IAM user's own sign-in; undefined when CloudTrail hid the name. */
function signInUser(event: CloudTrailEvent): string | undefined {
  if (event.actor.nameHidden || event.actor.kind !== 'iam-user') return undefined;
  return `${event.account}#${event.actor.name}`;
}

/** `account#user` of the IAM user a call acted on (`requestParameters.userName`). */
function targetUser(event: CloudTrailEvent): string | undefined {
  return event.targetUser === undefined ? undefined : `${event.account}#${event.targetUser}`;
}

/** `account#actor#user`: who did it, to whom. */
function actorAndTarget(event: CloudTrailEvent): string | undefined {
  const actor = event.actor.arn ?? event.actor.principalId;
  if (actor === undefined || event.targetUser === undefined) return undefined;
  return `${event.account}#${actor}#${event.targetUser}`;
}

function span(events: readonly Observation[]): string {
  if (events.length < 2) return '';
  const minutes = Math.round((events[events.length - 1]!.time - events[0]!.time) / MINUTE);
  return ` within ${minutes} min`;
}

function addresses(events: readonly Observation[]): string {
  const ips = [...new Set(events.map((e) => e.sourceIp).filter((ip) => ip !== undefined))];
  if (ips.length === 0) return '';
  return ips.length === 1 ? ` from ${ips[0]}` : ` from ${ips.length} addresses`;
}

/** The part of a key after `account#`. */
function subject(key: string): string {
  return key.slice(key.indexOf('#') + 1);
}

/**
 * Detections over several events of one key: evaluated by the alerter with state in the state
 * table and by `trailwatch replay` in memory, both in event time. Each fires once per window and
 * key; its alert lists the events that made it.
 */
export const statefulCatalogue: readonly StatefulDetection[] = Object.freeze([
  {
    kind: 'threshold',
    id: 'root-sign-in-brute-force',
    title: 'Repeated failed root sign-ins',
    severity: Severity.CRITICAL,
    rationale:
      'Five failed root console sign-ins within 15 minutes in one account is someone guessing the root password, not a typo. Each failure also alerts on its own (high).',
    references: { cis: ['CIS 4.6', 'CloudWatch.6'], mitre: ['T1110.001'] },
    windowMs: 15 * MINUTE,
    threshold: 5,
    step: {
      name: 'failed root sign-in',
      matches: { detections: ['root-console-sign-in-failed'] },
      key: (e) => e.account || undefined,
    },
    describe: (key, events) =>
      `${events.length} failed root console sign-ins in account ${key}${span(events)}${addresses(events)}`,
  },
  {
    kind: 'threshold',
    id: 'console-password-spraying',
    title: 'Password spraying: failed sign-ins for many users from one address',
    severity: Severity.HIGH,
    rationale:
      'Failed console sign-ins for ten or more different user names from one source address within an hour, anywhere in the organization, is password spraying. Names CloudTrail hides (users that do not exist) count one each.',
    references: { mitre: ['T1110.003'] },
    windowMs: 60 * MINUTE,
    threshold: 10,
    step: {
      name: 'failed sign-in',
      matches: { detections: ['console-sign-in-failed'] },
      key: (e) => e.sourceIp,
    },
    distinct: (e) => (e.actor.nameHidden ? `hidden:${e.eventId}` : `${e.account}#${e.actor.name}`),
    describe: (key, events) =>
      `failed console sign-ins for ${new Set(events.map((e) => e.distinct)).size} user names from ${key}${span(events)}`,
  },
  {
    kind: 'threshold',
    id: 'console-sign-in-brute-force',
    title: 'Repeated failed sign-ins for one IAM user',
    severity: Severity.MEDIUM,
    rationale:
      'Ten failed console sign-ins for one IAM user within 15 minutes: a password being guessed, or a script with a stale password locking someone out.',
    references: { cis: ['CIS 4.6'], mitre: ['T1110.001'] },
    windowMs: 15 * MINUTE,
    threshold: 10,
    step: {
      name: 'failed sign-in',
      matches: { detections: ['console-sign-in-failed'] },
      key: signInUser,
    },
    describe: (key, events) =>
      `${events.length} failed console sign-ins for IAM user ${subject(key)}${span(events)}${addresses(events)}`,
  },
  {
    kind: 'sequence',
    id: 'console-sign-in-after-failures',
    title: 'Successful sign-in after repeated failures',
    severity: Severity.HIGH,
    rationale:
      'Three or more failed console sign-ins followed by a success for the same IAM user within 30 minutes: the guessing may have worked. One typo then a success is everyday, hence three.',
    references: { mitre: ['T1110', 'T1078.004'] },
    windowMs: 30 * MINUTE,
    steps: [
      {
        name: 'failed sign-in',
        matches: { detections: ['console-sign-in-failed'] },
        key: signInUser,
        minCount: 3,
      },
      {
        name: 'successful sign-in',
        matches: {
          pattern: consoleLoginPattern('Success', { userIdentity: { type: ['IAMUser'] } }),
        },
        key: signInUser,
      },
    ],
    describe: (key, events) =>
      `IAM user ${subject(key)} signed in after ${events.length - 1} failed attempts${span(events)}${addresses(events)}`,
  },
  {
    kind: 'sequence',
    id: 'iam-user-created-armed',
    title: 'New IAM user made admin and given credentials',
    severity: Severity.CRITICAL,
    rationale:
      'One principal creating an IAM user, giving it administrator rights and a key or password within an hour is the classic persistence backdoor: a fresh, powerful identity the attacker controls.',
    references: { mitre: ['T1136.003', 'T1098.001', 'T1098.003'] },
    windowMs: 60 * MINUTE,
    steps: [
      {
        name: 'user created',
        matches: { detections: ['iam-user-created'] },
        key: actorAndTarget,
      },
      {
        name: 'admin rights granted',
        matches: {
          detections: ['admin-policy-attached', 'inline-admin-policy', 'user-added-to-admin-group'],
        },
        key: actorAndTarget,
      },
      {
        name: 'credentials created',
        matches: { detections: ['access-key-created-for-other-user', 'login-profile-created'] },
        key: actorAndTarget,
      },
    ],
    describe: (key, events) =>
      `${events[0]?.actor ?? 'someone'} created IAM user ${key.split('#').at(-1)}, made it admin and gave it credentials${span(events)}`,
  },
  {
    kind: 'sequence',
    id: 'sign-in-without-mfa-after-mfa-removed',
    title: 'Sign-in without MFA right after the user’s MFA was deactivated',
    severity: Severity.HIGH,
    rationale:
      'Deactivating an IAM user’s MFA and then signing in as that user without MFA within the hour is how a stolen password gets past MFA.',
    references: { mitre: ['T1556.006', 'T1078.004'] },
    windowMs: 60 * MINUTE,
    steps: [
      {
        name: 'MFA deactivated',
        matches: { detections: ['mfa-device-deactivated'] },
        key: targetUser,
      },
      {
        name: 'sign-in without MFA',
        matches: { detections: ['iam-user-console-sign-in-without-mfa'] },
        key: signInUser,
      },
    ],
    describe: (key, events) =>
      `IAM user ${subject(key)} signed in without MFA${span(events)} after its MFA device was deactivated`,
  },
]);
