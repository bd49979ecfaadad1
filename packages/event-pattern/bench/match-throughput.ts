// Measures matching cost against the budget the CLI replay has: parsing a CloudTrail event and
// matching ~30 patterns must run at ≥ 0.5× the speed of JSON.parse alone.
// Run: npx tsx packages/event-pattern/bench/match-throughput.ts
import { compilePattern } from '../src/index.js';

const EVENT_NAMES = [
  'CreateUser',
  'DeleteUser',
  'CreateAccessKey',
  'AttachUserPolicy',
  'PutUserPolicy',
  'ConsoleLogin',
  'AssumeRole',
  'GetCallerIdentity',
  'DescribeInstances',
  'PutObject',
  'StopLogging',
  'UpdateTrail',
  'CreateLoginProfile',
  'DeactivateMFADevice',
  'LeaveOrganization',
  'ListBuckets',
];
const SOURCES = ['iam', 'sts', 'signin', 'ec2', 's3', 'cloudtrail', 'organizations'];
const IDENTITY_TYPES = ['IAMUser', 'AssumedRole', 'Root', 'AWSService', 'FederatedUser'];

function syntheticEvent(i: number): string {
  const source = SOURCES[i % SOURCES.length] as string;
  const type = IDENTITY_TYPES[i % IDENTITY_TYPES.length] as string;
  return JSON.stringify({
    version: '0',
    id: `0c0e5a1b-37c7-5b3a-8cce-${String(i).padStart(12, '0')}`,
    'detail-type':
      source === 'signin' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: `aws.${source}`,
    account: '111122223333',
    time: '2026-11-20T09:14:02Z',
    region: i % 3 === 0 ? 'us-east-1' : 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type,
        principalId: 'AIDACKCEVSQ6C2EXAMPLE',
        arn:
          type === 'Root'
            ? 'arn:aws:iam::111122223333:root'
            : `arn:aws:sts::111122223333:assumed-role/role-${i % 7}/session`,
        accountId: '111122223333',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        ...(type === 'IAMUser' ? { userName: `user${i % 11}` } : {}),
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            userName: `role-${i % 7}`,
            arn: 'arn:aws:iam::111122223333:role/x',
          },
          attributes: {
            creationDate: '2026-11-20T08:00:00Z',
            mfaAuthenticated: i % 2 === 0 ? 'true' : 'false',
          },
        },
      },
      eventTime: '2026-11-20T09:14:02Z',
      eventSource: `${source}.amazonaws.com`,
      eventName: EVENT_NAMES[i % EVENT_NAMES.length],
      awsRegion: 'us-east-1',
      sourceIPAddress: `198.51.100.${i % 250}`,
      userAgent: 'aws-cli/2.17.0 Python/3.12.4 Linux/6.1 exe/x86_64.amzn.2023',
      ...(i % 9 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'User is not authorized' } : {}),
      requestParameters: {
        userName: `user${i % 5}`,
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
      responseElements: i % 4 === 0 ? null : { ConsoleLogin: i % 8 === 0 ? 'Failure' : 'Success' },
      additionalEventData: {
        MFAUsed: i % 2 === 0 ? 'Yes' : 'No',
        LoginTo: 'https://console.aws.amazon.com',
      },
      requestID: '8d3c0c4b-2f7e-4b8e-9a1f-6b0a3c2d1e00',
      eventID: 'a5c7f1d2-0e8b-4c6a-b2f3-9d8e7c6b5a41',
      readOnly: i % 5 === 0,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `${source}.amazonaws.com`,
      },
    },
  });
}

const iamCall = (eventName: unknown[], extra: Record<string, unknown> = {}) => ({
  source: ['aws.iam'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventSource: ['iam.amazonaws.com'], eventName, ...extra },
});

const PATTERNS = [
  iamCall(['CreateUser']),
  iamCall(['DeleteUser']),
  iamCall(['CreateAccessKey'], { errorCode: [{ exists: false }] }),
  iamCall(['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy'], {
    requestParameters: { policyArn: [{ suffix: '/AdministratorAccess' }] },
  }),
  iamCall(['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy']),
  iamCall(['CreateLoginProfile', 'UpdateLoginProfile']),
  iamCall(['DeactivateMFADevice', 'DeleteVirtualMFADevice']),
  iamCall([{ prefix: 'Delete' }], { userIdentity: { type: [{ 'anything-but': 'AWSService' }] } }),
  iamCall([{ wildcard: 'Create*Provider' }]),
  iamCall([{ 'equals-ignore-case': 'updateassumerolepolicy' }]),
  {
    source: ['aws.signin'],
    'detail-type': ['AWS Console Sign In via CloudTrail'],
    detail: { eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] } },
  },
  {
    source: ['aws.signin'],
    detail: {
      eventName: ['ConsoleLogin'],
      $or: [
        { userIdentity: { type: ['Root'] } },
        { additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] } },
      ],
    },
  },
  {
    detail: {
      userIdentity: { type: ['Root'] },
      eventType: [{ 'anything-but': 'AwsServiceEvent' }],
    },
  },
  {
    source: ['aws.cloudtrail'],
    detail: { eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail'] },
  },
  {
    source: ['aws.organizations'],
    detail: { eventName: ['LeaveOrganization', 'RemoveAccountFromOrganization'] },
  },
  {
    source: ['aws.sts'],
    detail: { eventName: ['AssumeRole'], sourceIPAddress: [{ cidr: '203.0.113.0/24' }] },
  },
  { source: ['aws.ec2'], detail: { eventName: [{ prefix: 'AuthorizeSecurityGroup' }] } },
  { source: ['aws.s3'], detail: { eventName: ['PutBucketPolicy', 'PutBucketAcl'] } },
  { detail: { errorCode: ['AccessDenied', { prefix: 'Unauthorized' }], readOnly: [false] } },
  { source: ['aws.kms'], detail: { eventName: ['ScheduleKeyDeletion', 'DisableKey'] } },
  {
    source: ['aws.guardduty'],
    detail: { eventName: [{ prefix: 'Delete' }, { prefix: 'Disable' }] },
  },
  { source: ['aws.config'], detail: { eventName: ['StopConfigurationRecorder'] } },
  {
    source: ['aws.iam'],
    detail: {
      userIdentity: { sessionContext: { attributes: { mfaAuthenticated: ['false'] } } },
      eventName: ['CreateRole'],
    },
  },
  {
    source: ['aws.iam'],
    detail: {
      userIdentity: { arn: [{ wildcard: 'arn:aws:sts::*:assumed-role/AWSReservedSSO_*' }] },
    },
  },
  {
    region: [{ 'anything-but': ['us-east-1', 'eu-west-1'] }],
    detail: { eventName: ['RunInstances'] },
  },
  {
    source: ['aws.iam'],
    detail: {
      eventName: ['CreateUser'],
      requestParameters: { userName: [{ prefix: { 'equals-ignore-case': 'ADMIN' } }] },
    },
  },
  { source: ['aws.sso'], detail: { eventName: ['CreatePermissionSet'] } },
  { source: ['aws.ec2'], detail: { eventName: ['CreateKeyPair', 'ImportKeyPair'] } },
  {
    source: ['aws.iam'],
    detail: { eventName: ['CreateAccessKey'], userIdentity: { type: ['Root'] } },
  },
  {
    source: ['aws.signin'],
    detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } },
  },
];

const compiled = PATTERNS.map((pattern) => compilePattern(pattern));
const texts = Array.from({ length: 5000 }, (_, i) => syntheticEvent(i));
const ROUNDS = 20;

function parseOnly(): number {
  let sink = 0;
  for (const text of texts) sink += (JSON.parse(text) as { id: string }).id.length;
  return sink;
}

function parseAndMatch(): number {
  let sink = 0;
  for (const text of texts) {
    const event = JSON.parse(text) as unknown;
    for (const pattern of compiled) if (pattern.matches(event)) sink++;
  }
  return sink;
}

function time(run: () => number): number {
  run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const parseMs = time(parseOnly);
const matchMs = time(parseAndMatch);
const events = texts.length * ROUNDS;
const bytes = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;
console.log(`events: ${events} (avg ${Math.round(bytes)} bytes), patterns: ${compiled.length}`);
console.log(`JSON.parse only:       ${Math.round(events / (parseMs / 1000))} events/s`);
console.log(
  `parse + ${compiled.length} matches:   ${Math.round(events / (matchMs / 1000))} events/s`,
);
console.log(
  `matching alone:        ${(((matchMs - parseMs) * 1e6) / (events * compiled.length)).toFixed(1)} ns per pattern per event`,
);
console.log(`speed vs bare parse:   ${(parseMs / matchMs).toFixed(2)}× (budget ≥ 0.50×)`);

const parsed = texts.map((t) => JSON.parse(t) as unknown);
const matchOnlyMs = time(() => {
  let sink = 0;
  for (const event of parsed) for (const pattern of compiled) if (pattern.matches(event)) sink++;
  return sink;
});
console.log(
  `matching pre-parsed:   ${((matchOnlyMs * 1e6) / (events * compiled.length)).toFixed(1)} ns per pattern per event`,
);
