import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigFileError,
  centralBusArn,
  DEFAULT_MEMBER_REGIONS,
  loadConfig,
  minimumAlerterTimeoutSeconds,
  parseConfig,
  stackSetAdminAccountId,
  webhookSecretNames,
} from '../src/index.js';
import { minimal, rejectionOf } from './config-input.js';

const EXAMPLE = new URL('../../../trailwatch.config.example.json', import.meta.url).pathname;

function issuesOf(input: unknown): string[] {
  return rejectionOf(input).split('\n').slice(1);
}

describe('Function: loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trailwatch-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the committed example', () => {
    const config = loadConfig(EXAMPLE);
    expect(config.organizationId).toMatch(/^o-/);
    expect(config.identityCenter).toBeDefined();
    expect(config.slack.routes.length).toBeGreaterThan(0);
  });

  it('names the missing file and how to create it', () => {
    const path = join(dir, 'nope.json');
    expect(() => loadConfig(path)).toThrow(ConfigFileError);
    expect(() => loadConfig(path)).toThrow(/not found — copy trailwatch\.config\.example\.json/);
  });

  it('rejects a file that is not JSON, naming the file', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "organizationId": "o-a1b2c3d4e5", }');
    expect(() => loadConfig(path)).toThrow(new RegExp(`${path}: is not valid JSON`));
  });

  it('reports schema problems with the file path as the source', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ ...minimal, securityAccountId: '12345' }));
    expect(() => loadConfig(path)).toThrow(
      `Invalid trailwatch configuration in ${path} (1 problem):\n  - securityAccountId: got "12345" — must be a 12-digit AWS account id like "111122223333"`,
    );
  });
});

describe('Function: parseConfig', () => {
  it('accepts the shortest function timeout in which two paced posts fit, and not a second less', () => {
    expect(minimumAlerterTimeoutSeconds(2)).toBe(16); // 2 × (2000 + 5000 + 1000) ms
    expect(
      parseConfig({ ...minimal, alerter: { timeoutSeconds: 16 } }).alerter.timeoutSeconds,
    ).toBe(16);
    expect(() => parseConfig({ ...minimal, alerter: { timeoutSeconds: 15 } })).toThrow(
      /timeoutSeconds/,
    );
    expect(
      parseConfig({ ...minimal, alerter: { maxConcurrency: 200, timeoutSeconds: 412 } }).alerter
        .maxConcurrency,
    ).toBe(200);
  });

  it('fills every default for a minimal configuration', () => {
    const config = parseConfig(minimal);
    expect(config.memberRegions).toEqual([...DEFAULT_MEMBER_REGIONS]);
    expect(config.organizationsAccess).toEqual({ mode: 'delegation-policy' });
    expect(config.alerter).toEqual({
      batchSize: 100,
      maxBatchingWindowSeconds: 10,
      maxConcurrency: 2,
      timeoutSeconds: 120,
      memoryMb: 256,
      maxReceiveCount: 10,
      logRetentionDays: 90,
    });
    expect(config.stackSet).toEqual({
      name: 'trailwatch-member',
      callAs: 'SELF',
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        // A count, not a percentage: 10 % of an OU of fewer than 10 accounts rounds down to 0.
        failureToleranceCount: 5,
        maxConcurrentPercentage: 100,
      },
    });
    expect(config.slack.routes).toEqual([]);
    expect(config.watchdog).toEqual({
      silenceMinutes: 150,
      graceMinutes: 180,
      excludedAccounts: [],
    });
  });

  it('leaves GuardDuty forwarding and the trail resources unset unless configured', () => {
    const config = parseConfig(minimal);
    expect(config.guardDuty).toBeUndefined();
    expect(config.trail).toBeUndefined();
  });

  it('defaults the GuardDuty threshold to 7 (High) and accepts 1 and 10 inclusive', () => {
    const gd = (extra: Record<string, unknown>) =>
      parseConfig({ ...minimal, guardDuty: { adminAccountId: '333333333333', ...extra } })
        .guardDuty;
    expect(gd({})).toEqual({ adminAccountId: '333333333333', minSeverity: 7 });
    expect(gd({ minSeverity: 1 })?.minSeverity).toBe(1);
    expect(gd({ minSeverity: 10 })?.minSeverity).toBe(10);
    expect(gd({ minSeverity: 4.5 })?.minSeverity).toBe(4.5);
  });

  it('needs the GuardDuty administrator account', () => {
    expect(issuesOf({ ...minimal, guardDuty: {} }).join('\n')).toMatch(
      /guardDuty\.adminAccountId: got nothing \(the field is missing\) — must be a 12-digit AWS account id/,
    );
  });

  it.each([0.9, 10.1, '7'])('rejects GuardDuty threshold %j with the fix', (minSeverity) => {
    expect(
      issuesOf({ ...minimal, guardDuty: { adminAccountId: '333333333333', minSeverity } }),
    ).toEqual([
      expect.stringMatching(
        /^ {2}- guardDuty\.minSeverity: got .* — must be a GuardDuty severity from 1 to 10/,
      ),
    ]);
  });

  it('accepts the trail bucket and KMS key, and rejects malformed ones', () => {
    const trail = {
      bucketNames: ['aws-cloudtrail-logs-111122223333-org'],
      kmsKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    };
    expect(parseConfig({ ...minimal, trail }).trail).toEqual(trail);
    expect(issuesOf({ ...minimal, trail: { bucketNames: ['Trail_Bucket'] } })).toEqual([
      expect.stringMatching(
        /trail\.bucketNames\.0: got "Trail_Bucket" — must be an S3 bucket name/,
      ),
    ]);
    expect(issuesOf({ ...minimal, trail: { kmsKeyArns: ['alias/trail'] } })).toEqual([
      expect.stringMatching(/trail\.kmsKeyArns\.0: got "alias\/trail" — must be a KMS key ARN/),
    ]);
  });

  it('defaults the role name in role mode', () => {
    const config = parseConfig({ ...minimal, organizationsAccess: { mode: 'role' } });
    expect(config.organizationsAccess).toEqual({
      mode: 'role',
      roleName: 'trailwatch-organizations-read',
    });
  });

  it('lists every problem at once, each as field: got value — fix', () => {
    const lines = issuesOf({ ...minimal, organizationId: 'org-1', homeRegion: 'Ireland' });
    expect(lines).toEqual([
      expect.stringMatching(
        /^ {2}- organizationId: got "org-1" — must be an AWS Organizations id like "o-a1b2c3d4e5"/,
      ),
      '  - homeRegion: got "Ireland" — must be an AWS region code like "eu-west-1"',
    ]);
  });

  it.each([
    [
      'securityAccountId',
      '12345',
      /securityAccountId: got "12345" — must be a 12-digit AWS account id/,
    ],
    ['managementAccountId', 111111111111, /managementAccountId: got 111111111111 — .*as a string/],
    ['organizationId', 'o-ABC', /organizationId: got "o-ABC" — must be an AWS Organizations id/],
    ['homeRegion', 'eu_west_1', /homeRegion: got "eu_west_1" — must be an AWS region code/],
    ['targetOuIds', [], /targetOuIds: got \[\] — must list at least one OU id/],
    [
      'targetOuIds',
      ['ou-1'],
      /targetOuIds\.0: got "ou-1" — must be an OU id like "ou-ab12-cdef3456"/,
    ],
    [
      'memberRegions',
      ['eu-west-1'],
      /memberRegions: got \["eu-west-1"\] — must include "us-east-1"/,
    ],
    [
      'memberRegions',
      ['us-east-1', 'us-east-1'],
      /memberRegions\.1: got "us-east-1" — is listed twice; remove the duplicate/,
    ],
    [
      'slack',
      'https://hooks.slack.com/x',
      /slack: got "https:\/\/hooks\.slack\.com\/x" — must be an object/,
    ],
    [
      'slack',
      { webhookSecretName: 'has spaces' },
      /slack\.webhookSecretName: got "has spaces" — must be a Secrets Manager secret name/,
    ],
    [
      'slack',
      { webhookSecretName: 'a', routes: [{ webhookSecretName: 'b' }] },
      /slack\.routes\.0: got \{"webhookSecretName":"b"\} — a route needs at least one non-empty criterion/,
    ],
    [
      'slack',
      { webhookSecretName: 'a', routes: [{ severities: ['urgent'], webhookSecretName: 'b' }] },
      /slack\.routes\.0\.severities\.0: got "urgent" — must be one of "critical", "high"/,
    ],
    [
      'organizationsAccess',
      { mode: 'assume' },
      /organizationsAccess\.mode: got "assume" — must be \{"mode":"delegation-policy"\}/,
    ],
    [
      'organizationsAccess',
      { mode: 'role', roleName: 'has space' },
      /organizationsAccess\.roleName: got "has space" — must be an IAM role name/,
    ],
    [
      'identityCenter',
      { region: 'us-east-1' },
      /identityCenter\.accountId: got nothing \(the field is missing\) — must be a 12-digit/,
    ],
    [
      'alerter',
      { maxConcurrency: 1 },
      /alerter\.maxConcurrency: got 1 — must be an integer from 2 to 1000 \(2 is the lowest/,
    ],
    [
      'alerter',
      { timeoutSeconds: 901 },
      /alerter\.timeoutSeconds: got 901 — must be an integer from 1 to 900/,
    ],
    [
      'alerter',
      { maxConcurrency: 200, timeoutSeconds: 120 },
      /alerter\.timeoutSeconds: got 120 — must be at least 412 with maxConcurrency 200: each instance posts once per 200000 ms/,
    ],
    [
      'alerter',
      { maxConcurrency: 2, timeoutSeconds: 6 },
      /alerter\.timeoutSeconds: got 6 — must be at least 16 with maxConcurrency 2/,
    ],
    [
      'alerter',
      { maxConcurrency: 2, timeoutSeconds: 15 },
      /alerter\.timeoutSeconds: got 15 — must be at least 16/,
    ],
    [
      'alerter',
      { batchSize: 2.5 },
      /alerter\.batchSize: got 2\.5 — must be an integer from 1 to 10000/,
    ],
    [
      'alerter',
      { batchSize: 100, maxBatchingWindowSeconds: 0 },
      /alerter\.maxBatchingWindowSeconds: got 0 — must be 1 or more when batchSize \(100\) is above 10/,
    ],
    [
      'alerter',
      { logRetentionDays: 10 },
      /alerter\.logRetentionDays: got 10 — must be one of the CloudWatch Logs retention periods/,
    ],
    [
      'slack',
      { webhookSecretName: 'a', consoleSignInUrl: 'http://d-1.awsapps.com/start' },
      /slack\.consoleSignInUrl: got "http:\/\/d-1\.awsapps\.com\/start" — must be the https:\/\/ AWS access portal/,
    ],
    ['alarms', { email: 'secops' }, /alarms\.email: got "secops" — must be an email address/],
    ['alarms', { topicArn: 'oncall' }, /alarms\.topicArn: got "oncall" — must be an SNS topic ARN/],
    [
      'stackSet',
      { callAs: 'DELEGATED_ADMIN' },
      /stackSet\.delegatedAdminAccountId: got nothing \(the field is missing\) — must be the 12-digit id of the StackSets delegated administrator/,
    ],
    [
      'stackSet',
      { name: 'org-guardrails' },
      /stackSet\.name: got "org-guardrails" — must start with "trailwatch"/,
    ],
    [
      'stackSet',
      { callAs: 'ADMIN' },
      /stackSet\.callAs: got "ADMIN" — must be "SELF" .* or "DELEGATED_ADMIN"/,
    ],
    [
      'stackSet',
      { operationPreferences: { failureToleranceCount: 1, failureTolerancePercentage: 10 } },
      /stackSet\.operationPreferences\.failureToleranceCount: got 1 — set failureToleranceCount or failureTolerancePercentage, not both/,
    ],
    [
      'stackSet',
      { operationPreferences: { regionConcurrencyType: 'parallel' } },
      /stackSet\.operationPreferences\.regionConcurrencyType: got "parallel" — must be "PARALLEL" or "SEQUENTIAL"/,
    ],
  ])('rejects %s = %j with the field, the value and the fix', (field, value, expected) => {
    const lines = issuesOf({ ...minimal, [field]: value });
    expect(lines.join('\n')).toMatch(expected);
  });

  it.each([
    [{ silenceMinutes: 60 }, 'silenceMinutes', 60],
    [{ silenceMinutes: 10_080 }, 'silenceMinutes', 10_080],
    [{ graceMinutes: 0 }, 'graceMinutes', 0],
    [{ graceMinutes: 43_200 }, 'graceMinutes', 43_200],
  ] as const)('accepts watchdog %j, a bound', (watchdog, field, value) => {
    expect(parseConfig({ ...minimal, watchdog }).watchdog[field]).toBe(value);
  });

  it('reads the watchdog settings, own webhook and exclusions included', () => {
    const config = parseConfig({
      ...minimal,
      watchdog: {
        silenceMinutes: 240,
        graceMinutes: 1440,
        excludedAccounts: ['333333333333'],
        webhookSecretName: 'trailwatch/slack/ops',
      },
    });
    expect(config.watchdog).toEqual({
      silenceMinutes: 240,
      graceMinutes: 1440,
      excludedAccounts: ['333333333333'],
      webhookSecretName: 'trailwatch/slack/ops',
    });
  });

  it.each([
    [
      { silenceMinutes: 59 },
      'watchdog.silenceMinutes: got 59 — must be an integer from 60 to 10080 (heartbeats are hourly, so less reports healthy regions; their items are kept 7 days)',
    ],
    [
      { silenceMinutes: 10_081 },
      'watchdog.silenceMinutes: got 10081 — must be an integer from 60 to 10080',
    ],
    [{ silenceMinutes: 150.5 }, 'watchdog.silenceMinutes: got 150.5 — must be an integer from 60'],
    [{ silenceMinutes: '150' }, 'watchdog.silenceMinutes: got "150" — must be an integer from 60'],
    [
      { graceMinutes: -1 },
      'watchdog.graceMinutes: got -1 — must be an integer from 0 to 43200 (30 days)',
    ],
    [
      { graceMinutes: 43_201 },
      'watchdog.graceMinutes: got 43201 — must be an integer from 0 to 43200',
    ],
    [
      { excludedAccounts: ['12345'] },
      'watchdog.excludedAccounts.0: got "12345" — must be a 12-digit AWS account id',
    ],
    [
      { excludedAccounts: ['333333333333', '333333333333'] },
      'watchdog.excludedAccounts.1: got "333333333333" — is listed twice; remove the duplicate',
    ],
    [
      { excludedAccounts: '333333333333' },
      'watchdog.excludedAccounts: got "333333333333" — must be a list of account ids',
    ],
    [
      { webhookSecretName: 'https://hooks.slack.com/services/T0/B0/x' },
      'watchdog.webhookSecretName: got "https://hooks.slack.com/services/T0/B0/x" — must be a Secrets Manager secret name',
    ],
    [
      { silenceMinute: 200 },
      'watchdog.silenceMinute: got 200 — is not a trailwatch setting; remove it or correct its spelling',
    ],
    [
      'often',
      'watchdog: got "often" — must be an object like {"silenceMinutes":150,"graceMinutes":180,"excludedAccounts":[]}',
    ],
  ])('rejects watchdog %j with the field, the value and the fix', (watchdog, expected) => {
    expect(issuesOf({ ...minimal, watchdog }).join('\n')).toContain(expected);
  });

  it('reports a missing required field as missing', () => {
    const { securityAccountId: _, ...rest } = minimal;
    expect(issuesOf(rest)).toEqual([
      expect.stringContaining(
        'securityAccountId: got nothing (the field is missing) — must be a 12-digit',
      ),
    ]);
  });

  it('rejects unknown fields so typos do not silently fall back to defaults', () => {
    expect(issuesOf({ ...minimal, memberRegion: ['us-east-1'] })).toEqual([
      '  - memberRegion: got ["us-east-1"] — is not a trailwatch setting; remove it or correct its spelling',
    ]);
  });

  it('rejects a security account that is the management account', () => {
    expect(issuesOf({ ...minimal, securityAccountId: minimal.managementAccountId })).toEqual([
      expect.stringContaining(
        'securityAccountId: got "111111111111" — must differ from managementAccountId',
      ),
    ]);
  });

  it('rejects an alarm topic outside the home region, where CloudWatch alarms cannot notify it', () => {
    const topicArn = 'arn:aws:sns:us-east-1:222222222222:oncall';
    expect(issuesOf({ ...minimal, alarms: { topicArn } })).toEqual([
      `  - alarms.topicArn: got "${topicArn}" — must be a topic in homeRegion (eu-west-1): CloudWatch alarms only notify SNS topics in their own region`,
    ]);
    expect(
      parseConfig({ ...minimal, alarms: { topicArn: 'arn:aws:sns:eu-west-1:333333333333:oncall' } })
        .alarms.topicArn,
    ).toBe('arn:aws:sns:eu-west-1:333333333333:oncall');
  });

  it('rejects the management account as StackSets delegated administrator', () => {
    expect(
      issuesOf({
        ...minimal,
        stackSet: { callAs: 'DELEGATED_ADMIN', delegatedAdminAccountId: '111111111111' },
      }),
    ).toEqual([
      '  - stackSet.delegatedAdminAccountId: got "111111111111" — must not be managementAccountId: the management account cannot be its own delegated administrator; use callAs "SELF"',
    ]);
  });

  it('rejects a document that is not an object', () => {
    expect(issuesOf([])).toEqual([
      '  - (root): got [] — must be a JSON object with the trailwatch settings',
    ]);
  });
});

describe('Function: centralBusArn', () => {
  it('builds the bus ARN from the security account and home region', () => {
    expect(centralBusArn(parseConfig(minimal))).toBe(
      'arn:aws:events:eu-west-1:222222222222:event-bus/trailwatch',
    );
  });
});

describe('Function: webhookSecretNames', () => {
  it('lists the default secret first and each route secret once', () => {
    const config = parseConfig({
      ...minimal,
      slack: {
        webhookSecretName: 'a',
        routes: [
          { severities: ['critical'], webhookSecretName: 'b' },
          { detections: ['root-sign-in'], webhookSecretName: 'b' },
          { accounts: ['333333333333'], webhookSecretName: 'a' },
        ],
      },
    });
    expect(webhookSecretNames(config)).toEqual(['a', 'b']);
  });
});

describe('Function: stackSetAdminAccountId', () => {
  it('is the delegated administrator when callAs is DELEGATED_ADMIN', () => {
    const config = parseConfig({
      ...minimal,
      stackSet: { callAs: 'DELEGATED_ADMIN', delegatedAdminAccountId: '333333333333' },
    });
    expect(stackSetAdminAccountId(config)).toBe('333333333333');
  });

  it('is the management account otherwise', () => {
    expect(stackSetAdminAccountId(parseConfig(minimal))).toBe('111111111111');
  });
});
