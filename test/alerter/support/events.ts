import { randomUUID } from 'node:crypto';
import { loadRecord } from '@trailwatch/fixtures';

type Json = Record<string, unknown>;

/** A deterministic, unique CloudTrail eventID (UUID v4 shape) for test event `n` of `series`. */
export function eventId(series: number, n: number): string {
  return `e2e0${String(series).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/**
 * The EventBridge envelope EventBridge delivers for a CloudTrail record: `source` from the
 * event source, detail-type from the event type, account = recipient account, region = awsRegion.
 */
export function envelope(record: Json): Json {
  const source = `aws.${String(record.eventSource).split('.')[0]}`;
  const detailType =
    record.eventType === 'AwsConsoleSignIn' || record.eventType === 'AwsConsoleSignin'
      ? 'AWS Console Sign In via CloudTrail'
      : record.eventType === 'AwsServiceEvent'
        ? 'AWS Service Event via CloudTrail'
        : 'AWS API Call via CloudTrail';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

/** Options of {@link createUserEvent}. */
export interface CreateUserOptions {
  readonly series: number;
  readonly n: number;
  /** @default '123456789012' */
  readonly account?: string;
  /** User name of the caller. @default 'deploy-script' */
  readonly actor?: string;
  /** Name of the created user. @default `svc-<n>` */
  readonly userName?: string;
}

/** A real-shaped CloudTrail CreateUser record (from the fixtures) with a unique eventID. */
export function createUserRecord(options: CreateUserOptions): Json {
  const account = options.account ?? '123456789012';
  const actor = options.actor ?? 'deploy-script';
  const userName = options.userName ?? `svc-${options.n}`;
  const record = JSON.parse(
    JSON.stringify(loadRecord('create-user')).split('123456789012').join(account),
  ) as Json;
  const second = String(options.n % 60).padStart(2, '0');
  return {
    ...record,
    userIdentity: {
      ...(record.userIdentity as Json),
      arn: `arn:aws:iam::${account}:user/${actor}`,
      userName: actor,
    },
    eventTime: `2026-11-27T09:${String(Math.floor(options.n / 60) % 60).padStart(2, '0')}:${second}Z`,
    requestParameters: { userName },
    responseElements: {
      user: {
        createDate: 'Nov 27, 2026, 9:00:00 AM',
        userName,
        arn: `arn:aws:iam::${account}:user/${userName}`,
        path: '/',
        userId: `AIDA5E2E${String(options.n).padStart(12, '0')}`,
      },
    },
    requestID: `${eventId(options.series, options.n).slice(0, 24)}aaaa00000000`,
    eventID: eventId(options.series, options.n),
  };
}

/** {@link createUserRecord} wrapped in its EventBridge envelope, serialized as an SQS body. */
export function createUserBody(options: CreateUserOptions): string {
  return JSON.stringify(envelope(createUserRecord(options)));
}

/** A fixture record with a fresh eventID, as an SQS body. */
export function fixtureBody(name: string, id: string, changes: Json = {}): string {
  return JSON.stringify(envelope({ ...loadRecord(name), eventID: id, ...changes }));
}
