import {
  type DailySummary,
  environmentSize,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  type Mute,
  SEVERITIES,
  type SlackRoute,
  validateDailySummary,
  validateMute,
  validateRoute,
  WatchdogDefaults,
  WatchdogLimits,
} from '@trailwatch/contract';
import { z } from 'zod';
import { AlerterTiming, minimumAlerterTimeoutSeconds, pacingIntervalMs } from './alerter-timing.js';
import { alerterEnvironmentFor, watchdogEnvironmentFor } from './derived.js';
import { DEFAULT_MEMBER_REGIONS, GLOBAL_EVENTS_REGION, SIGN_IN_REGIONS } from './regions.js';

// Each field carries its fix as the zod error, so a type mismatch, a failed check and a missing
// value all read `field: got <value> — <fix>`.

const ACCOUNT_ID_FIX =
  'must be a 12-digit AWS account id like "111122223333", as a string (a JSON number drops leading zeros)';
const REGION_FIX = 'must be an AWS region code like "eu-west-1"';
const SECRET_NAME_FIX =
  'must be a Secrets Manager secret name of 1-512 letters, digits or /_+=.@- like "trailwatch/slack/webhook"';
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const accountId = z.string({ error: ACCOUNT_ID_FIX }).regex(/^\d{12}$/, { error: ACCOUNT_ID_FIX });
const region = z
  .string({ error: REGION_FIX })
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { error: REGION_FIX })
  // GovCloud and China record global events in other regions and use other partitions and
  // sign-in endpoints; none of that is modelled, so refusing beats deploying blind.
  .refine((code) => !code.startsWith('cn-') && !code.startsWith('us-gov-'), {
    error:
      'must be a region of the standard "aws" partition: trailwatch does not support AWS GovCloud (us-gov-*) or China (cn-*) regions',
  });
const secretName = z
  .string({ error: SECRET_NAME_FIX })
  .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { error: SECRET_NAME_FIX });

function integer(min: number, max: number, fix: string) {
  const error = `must be an integer from ${min} to ${max}${fix ? ` ${fix}` : ''}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, { error: `must be a list of ${what}` }).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((value, index) => {
      const key = JSON.stringify(value);
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          input: value,
          message: 'is listed twice; remove the duplicate',
        });
      }
      seen.add(key);
    });
  });
}

const OU_FIX = 'must be an OU id like "ou-ab12-cdef3456" or a root id like "r-ab12"';
const ouId = z
  .string({ error: OU_FIX })
  .regex(/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/, { error: OU_FIX });

/**
 * A Slack route, checked by the contract's one route validator (the alerter checks
 * `SLACK_ROUTES` with the same function), so file and function never disagree.
 */
const route = z.unknown().transform((value, ctx): SlackRoute => {
  for (const issue of validateRoute(value)) {
    ctx.addIssue({ code: 'custom', path: [...issue.path], input: value, message: issue.fix });
  }
  return value as SlackRoute;
});

/** A daily summary of the default webhook, checked by the contract's validator like a route's. */
const dailySummary = z.unknown().transform((value, ctx): DailySummary => {
  for (const issue of validateDailySummary(value)) {
    ctx.addIssue({ code: 'custom', path: [...issue.path], input: value, message: issue.fix });
  }
  return value as DailySummary;
});

/**
 * A mute reviewed in a pull request, checked by the contract's validator like CLI mutes. Its
 * end date is not checked against today: an expired one mutes nothing, and synth must not start
 * failing on the day a mute ends.
 */
const mute = z.unknown().transform((value, ctx): Mute => {
  for (const issue of validateMute(value, Date.now(), { checkTime: false })) {
    ctx.addIssue({ code: 'custom', path: [...issue.path], input: value, message: issue.fix });
  }
  return value as Mute;
});

const ROLE_NAME_FIX = 'must be an IAM role name of 1-64 letters, digits or +=,.@_-';
const organizationsAccess = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('delegation-policy') }),
    z.strictObject({
      mode: z.literal('role'),
      roleName: z
        .string({ error: ROLE_NAME_FIX })
        .regex(/^[\w+=,.@-]{1,64}$/, { error: ROLE_NAME_FIX })
        .default('trailwatch-organizations-read'),
    }),
  ],
  {
    error:
      'must be {"mode":"delegation-policy"} (an Organizations resource policy) or {"mode":"role","roleName":"…"} (a read-only role in the management account)',
  },
);

const SIGN_IN_URL_FIX =
  'must be the https:// AWS access portal (Identity Center start) URL like "https://d-1234567890.awsapps.com/start"';
const CONSOLE_ROLE_FIX =
  'must be the permission set (role) name alert links sign in with, like "SecurityAudit"';
const EMAIL_FIX = 'must be an email address like "secops@example.com"';
const TOPIC_FIX = 'must be an SNS topic ARN like "arn:aws:sns:eu-west-1:111122223333:oncall"';

const GUARDDUTY_SEVERITY_FIX =
  'must be a GuardDuty severity from 1 to 10 (4 = Medium and above, 7 = High and above, 9 = Critical only)';
const BUCKET_FIX = 'must be an S3 bucket name of 3-63 lowercase letters, digits, dots or hyphens';
const bucketName = z
  .string({ error: BUCKET_FIX })
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: BUCKET_FIX });
const KMS_KEY_FIX =
  'must be a KMS key ARN like "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"';
const kmsKeyArn = z
  .string({ error: KMS_KEY_FIX })
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: KMS_KEY_FIX });

const PERCENT_FIX = 'must be an integer percentage from 0 to 100';
/** Failed stack instances per region a StackSet operation tolerates unless configured. */
export const DEFAULT_FAILURE_TOLERANCE_COUNT = 5;
const operationPreferences = z
  .strictObject({
    regionConcurrencyType: z
      .enum(['PARALLEL', 'SEQUENTIAL'], { error: 'must be "PARALLEL" or "SEQUENTIAL"' })
      .default('PARALLEL'),
    concurrencyMode: z
      .enum(['STRICT_FAILURE_TOLERANCE', 'SOFT_FAILURE_TOLERANCE'], {
        error: 'must be "STRICT_FAILURE_TOLERANCE" or "SOFT_FAILURE_TOLERANCE"',
      })
      .default('SOFT_FAILURE_TOLERANCE'),
    failureToleranceCount: integer(0, 1000, '').optional(),
    failureTolerancePercentage: z
      .number({ error: PERCENT_FIX })
      .int({ error: PERCENT_FIX })
      .min(0, { error: PERCENT_FIX })
      .max(100, { error: PERCENT_FIX })
      .optional(),
    maxConcurrentCount: integer(1, 1000, '').optional(),
    maxConcurrentPercentage: z
      .number({ error: 'must be an integer percentage from 1 to 100' })
      .int({ error: 'must be an integer percentage from 1 to 100' })
      .min(1, { error: 'must be an integer percentage from 1 to 100' })
      .max(100, { error: 'must be an integer percentage from 1 to 100' })
      .optional(),
  })
  .transform((value, ctx) => {
    if (
      value.failureToleranceCount !== undefined &&
      value.failureTolerancePercentage !== undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['failureToleranceCount'],
        input: value.failureToleranceCount,
        message: 'set failureToleranceCount or failureTolerancePercentage, not both',
      });
    }
    if (value.maxConcurrentCount !== undefined && value.maxConcurrentPercentage !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxConcurrentCount'],
        input: value.maxConcurrentCount,
        message: 'set maxConcurrentCount or maxConcurrentPercentage, not both',
      });
    }
    // A count, not a percentage: CloudFormation rounds a percentage down per region, so 10 % of
    // an OU of fewer than ten accounts is 0, and one account whose SCP denies a region stops the
    // operation there. Five failed accounts per region lets the rest of the region deploy; SOFT
    // mode keeps concurrency independent of it, and failed instances stay visible in
    // list-stack-instances (docs/deploy.md).
    const failureTolerance =
      value.failureToleranceCount === undefined && value.failureTolerancePercentage === undefined
        ? { failureToleranceCount: DEFAULT_FAILURE_TOLERANCE_COUNT }
        : {};
    const maxConcurrent =
      value.maxConcurrentCount === undefined && value.maxConcurrentPercentage === undefined
        ? { maxConcurrentPercentage: 100 }
        : {};
    return { ...value, ...failureTolerance, ...maxConcurrent };
  });

/**
 * The heartbeat watchdog's settings. Defaults and bounds are the contract's `WatchdogDefaults` /
 * `WatchdogLimits`, which the function's own environment checks use too, so a value synth accepts
 * never fails the function at run time.
 */
const watchdog = z
  .strictObject(
    {
      silenceMinutes: integer(
        WatchdogLimits.SILENCE_MINUTES.min,
        WatchdogLimits.SILENCE_MINUTES.max,
        '(heartbeats are hourly, so less reports healthy regions; their items are kept 7 days)',
      ).default(WatchdogDefaults.SILENCE_MINUTES),
      graceMinutes: integer(
        WatchdogLimits.GRACE_MINUTES.min,
        WatchdogLimits.GRACE_MINUTES.max,
        '(30 days)',
      ).default(WatchdogDefaults.GRACE_MINUTES),
      excludedAccounts: uniqueList(accountId, 'account ids').default([]),
      webhookSecretName: secretName.optional(),
    },
    {
      error:
        'must be an object like {"silenceMinutes":150,"graceMinutes":180,"excludedAccounts":[]}',
    },
  )
  .prefault({});

/**
 * The deployment configuration schema (`trailwatch.config.json`). Parsing fills every default,
 * so the output type has no optional tuning fields.
 */
export const configSchema = z
  .strictObject(
    {
      organizationId: z
        .string({ error: 'must be an AWS Organizations id like "o-a1b2c3d4e5"' })
        .regex(/^o-[a-z0-9]{10,32}$/, {
          error:
            'must be an AWS Organizations id like "o-a1b2c3d4e5" (aws organizations describe-organization --query Organization.Id)',
        }),
      managementAccountId: accountId,
      securityAccountId: accountId,
      homeRegion: region,
      memberRegions: uniqueList(region, 'region codes')
        .refine((list) => list.includes(GLOBAL_EVENTS_REGION), {
          error: `must include "${GLOBAL_EVENTS_REGION}": IAM, Organizations and root sign-in events arrive only there`,
        })
        .superRefine((list, ctx) => {
          const missing = SIGN_IN_REGIONS.filter((code) => !list.includes(code));
          if (missing.length > 0 && list.includes(GLOBAL_EVENTS_REGION)) {
            ctx.addIssue({
              code: 'custom',
              input: list,
              message: `must include ${missing.map((code) => `"${code}"`).join(', ')}: IAM-user console sign-ins through the global endpoint are recorded in ${SIGN_IN_REGIONS.join(', ')} (the console picks one by latency), so without a member rule there those sign-in alerts are lost`,
            });
          }
        })
        .default([...DEFAULT_MEMBER_REGIONS]),
      targetOuIds: uniqueList(ouId, 'OU or root ids').refine((list) => list.length > 0, {
        error: 'must list at least one OU id ("ou-…") or the root id ("r-…") to deploy to',
      }),
      slack: z.strictObject(
        {
          webhookSecretName: secretName,
          routes: z
            .array(route, { error: 'must be a list of routes' })
            .max(50, { error: 'must have at most 50 routes' })
            .default([]),
          dailySummary: dailySummary.optional(),
          consoleSignInUrl: z
            .string({ error: SIGN_IN_URL_FIX })
            .regex(/^https:\/\/[^\s]+$/, { error: SIGN_IN_URL_FIX })
            .optional(),
          consoleRoleName: z
            .string({ error: CONSOLE_ROLE_FIX })
            .regex(/^[\w+=,.@-]{1,64}$/, { error: CONSOLE_ROLE_FIX })
            .optional(),
        },
        { error: 'must be an object like {"webhookSecretName":"trailwatch/slack/webhook"}' },
      ),
      mutes: z
        .array(mute, { error: 'must be a list of mutes' })
        .superRefine((list, ctx) => {
          const seen = new Set<string>();
          list.forEach((entry, index) => {
            if (seen.has(entry.id)) {
              ctx.addIssue({
                code: 'custom',
                path: [index, 'id'],
                input: entry.id,
                message: 'is used twice',
              });
            }
            seen.add(entry.id);
          });
        })
        .default([]),
      organizationsAccess: organizationsAccess.default({ mode: 'delegation-policy' }),
      guardDuty: z
        .strictObject(
          {
            // GuardDuty rates findings 1.0-10.0; 7 forwards High and Critical ones.
            minSeverity: z
              .number({ error: GUARDDUTY_SEVERITY_FIX })
              .min(1, { error: GUARDDUTY_SEVERITY_FIX })
              .max(10, { error: GUARDDUTY_SEVERITY_FIX })
              .default(7),
            // The delegated GuardDuty administrator sees every member's findings, per region.
            adminAccountId: accountId,
            regions: uniqueList(region, 'region codes').optional(),
          },
          {
            error:
              'must be an object like {"adminAccountId":"222222222222","minSeverity":7}: GuardDuty findings at least this severe are forwarded from the GuardDuty administrator account',
          },
        )
        .optional(),
      trail: z
        .strictObject(
          {
            bucketNames: uniqueList(bucketName, 'S3 bucket names').optional(),
            kmsKeyArns: uniqueList(kmsKeyArn, 'KMS key ARNs').optional(),
          },
          {
            error:
              'must be an object like {"bucketNames":["aws-cloudtrail-logs-111122223333-org"],"kmsKeyArns":["arn:aws:kms:…:key/…"]} naming where the organization trail writes',
          },
        )
        .optional(),
      identityCenter: z
        .strictObject(
          { region, accountId },
          {
            error:
              'must be an object like {"region":"us-east-1","accountId":"111122223333"} naming where IAM Identity Center runs',
          },
        )
        .optional(),
      alerter: z
        .strictObject(
          {
            batchSize: integer(
              1,
              10_000,
              '(above 10 needs maxBatchingWindowSeconds of 1 or more)',
              // A batch of one detection is one digest of up to 100 (SlackLimits.DIGEST_ITEMS):
              // 1,000 queued events reach Slack in about 10 messages instead of 1,000.
            ).default(100),
            maxBatchingWindowSeconds: integer(0, 300, '').default(10),
            maxConcurrency: integer(
              2,
              1000,
              '(2 is the lowest maximum concurrency AWS accepts for an SQS event source)',
            ).default(2),
            timeoutSeconds: integer(1, 900, '(the Lambda limit)').default(120),
            memoryMb: integer(128, 10_240, '').default(256),
            // Every Slack 429 hand-back costs a receive; 10 leaves room for rate-limit storms before the
            // DLQ takes a record that was never undeliverable.
            maxReceiveCount: integer(1, 1000, '').default(10),
            logRetentionDays: z
              .union(
                LOG_RETENTION_DAYS.map((days) => z.literal(days)),
                {
                  error: `must be one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
                },
              )
              .default(90),
          },
          { error: 'must be an object of alerter tuning values' },
        )
        .prefault({})
        .superRefine((value, ctx) => {
          if (value.batchSize > 10 && value.maxBatchingWindowSeconds < 1) {
            ctx.addIssue({
              code: 'custom',
              path: ['maxBatchingWindowSeconds'],
              input: value.maxBatchingWindowSeconds,
              message: `must be 1 or more when batchSize (${value.batchSize}) is above 10`,
            });
          }
          const minimum = minimumAlerterTimeoutSeconds(value.maxConcurrency);
          if (value.timeoutSeconds < minimum) {
            ctx.addIssue({
              code: 'custom',
              path: ['timeoutSeconds'],
              input: value.timeoutSeconds,
              message: `must be at least ${minimum} with maxConcurrency ${value.maxConcurrency}: each instance posts once per ${pacingIntervalMs(value.maxConcurrency)} ms (1000 × maxConcurrency), and ${AlerterTiming.POSTS_PER_INVOCATION} paced posts (interval + ${AlerterTiming.SLACK_TIMEOUT_MS} ms Slack timeout + ${AlerterTiming.RESERVE_MS} ms margin each) must fit in one invocation; raise timeoutSeconds or lower maxConcurrency`,
            });
          }
        }),
      watchdog,
      alarms: z
        .strictObject(
          {
            email: z
              .string({ error: EMAIL_FIX })
              .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: EMAIL_FIX })
              .optional(),
            topicArn: z
              .string({ error: TOPIC_FIX })
              .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, {
                error: TOPIC_FIX,
              })
              .optional(),
          },
          { error: 'must be an object like {"email":"secops@example.com"}' },
        )
        .prefault({}),
      stackSet: z
        .strictObject(
          {
            name: z
              .string({
                error: 'must be a StackSet name: a letter, then up to 127 letters, digits or -',
              })
              .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, {
                error: 'must be a StackSet name: a letter, then up to 127 letters, digits or -',
              })
              // The tamper detections recognise trailwatch's stack set and its instances by name.
              .regex(/^trailwatch/, {
                error:
                  'must start with "trailwatch" (e.g. "trailwatch-member"), so that deleting the stack set or its instances is reported as tampering',
              })
              .default('trailwatch-member'),
            callAs: z
              .enum(['SELF', 'DELEGATED_ADMIN'], {
                error:
                  'must be "SELF" (deployed from the management account) or "DELEGATED_ADMIN" (from a registered StackSets delegated administrator)',
              })
              .default('SELF'),
            delegatedAdminAccountId: accountId.optional(),
            operationPreferences: operationPreferences.prefault({}),
          },
          { error: 'must be an object like {"callAs":"SELF"}' },
        )
        .prefault({})
        .superRefine((value, ctx) => {
          if (value.callAs === 'DELEGATED_ADMIN' && value.delegatedAdminAccountId === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['delegatedAdminAccountId'],
              input: undefined,
              message:
                'must be the 12-digit id of the StackSets delegated administrator account when callAs is "DELEGATED_ADMIN"',
            });
          }
          if (value.callAs === 'SELF' && value.delegatedAdminAccountId !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['delegatedAdminAccountId'],
              input: value.delegatedAdminAccountId,
              message: 'remove it, or set callAs to "DELEGATED_ADMIN"',
            });
          }
        }),
    },
    { error: 'must be a JSON object with the trailwatch settings' },
  )
  .superRefine((value, ctx) => {
    if (value.managementAccountId === value.securityAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['securityAccountId'],
        input: value.securityAccountId,
        message:
          'must differ from managementAccountId: run the alerter in a dedicated security account',
      });
    }
    // Organizations refuses to register the management account as a delegated administrator
    // (CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR); from there StackSets expect SELF.
    if (value.stackSet.delegatedAdminAccountId === value.managementAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['stackSet', 'delegatedAdminAccountId'],
        input: value.stackSet.delegatedAdminAccountId,
        message:
          'must not be managementAccountId: the management account cannot be its own delegated administrator; use callAs "SELF"',
      });
    }
    // PutMetricAlarm rejects a topic elsewhere ("Invalid region … specified. Only <region> is
    // supported"), so the security stack would fail to deploy.
    // Lambda refuses a function whose environment passes 4 KB, at deploy time; refuse it here.
    const environment = alerterEnvironmentFor(value);
    const size = environmentSize(environment);
    if (size > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['slack', 'routes'],
        input: `${value.slack.routes.length} routes`,
        message: `make the routes shorter: the alerter's environment would be ${size} bytes and Lambda allows ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} (SLACK_ROUTES alone is ${environmentSize({ SLACK_ROUTES: environment.SLACK_ROUTES ?? '' })}); list OUs instead of many accounts, or merge routes that share a webhook`,
      });
    }
    // The summary is counted and posted per webhook, so every route to one webhook must agree.
    const summaries = new Map<string, string>();
    const summaryOwners = [
      {
        name: value.slack.webhookSecretName,
        summary: value.slack.dailySummary,
        path: ['slack', 'dailySummary'],
      },
      ...value.slack.routes.map((route, index) => ({
        name: route.webhookSecretName,
        summary: route.dailySummary,
        path: ['slack', 'routes', index, 'dailySummary'],
      })),
    ];
    for (const { name, summary, path } of summaryOwners) {
      if (summary === undefined) continue;
      const text = JSON.stringify({ hour: summary.hour, timeZone: summary.timeZone });
      const first = summaries.get(name);
      if (first !== undefined && first !== text) {
        ctx.addIssue({
          code: 'custom',
          path,
          input: summary,
          message: `differs from the daily summary (${first}) set for the same webhook "${name}" before it: one webhook gets one summary, so give every route to it the same setting or set it once`,
        });
      }
      if (first === undefined) summaries.set(name, text);
    }
    const watchdogSize = environmentSize(watchdogEnvironmentFor(value));
    if (watchdogSize > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['slack'],
        input: `${summaries.size} daily summaries`,
        message: `set fewer daily summaries or shorter secret names: the watchdog's environment would be ${watchdogSize} bytes and Lambda allows ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}`,
      });
    }
    const topicRegion = value.alarms.topicArn?.split(':')[3];
    if (topicRegion !== undefined && topicRegion !== value.homeRegion) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarms', 'topicArn'],
        input: value.alarms.topicArn,
        message: `must be a topic in homeRegion (${value.homeRegion}): CloudWatch alarms only notify SNS topics in their own region`,
      });
    }
  });

/** The configuration as written in the file (defaults may be omitted). */
export type TrailwatchConfigInput = z.input<typeof configSchema>;
/** The validated configuration with every default filled in. */
export type TrailwatchConfig = z.output<typeof configSchema>;
/** A Slack route after validation (the contract's one route shape). */
export type { SlackRoute };
/** Slack severities a route can match. */
export const ROUTE_SEVERITIES = SEVERITIES;
