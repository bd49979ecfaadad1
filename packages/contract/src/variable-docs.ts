import { AlerterDefaults, AlerterVariable } from './alerter-environment.js';

/** One environment variable as the operator reads about it. */
export interface VariableDoc {
  readonly name: string;
  /** `required`, `set by Lambda`, or the default value. */
  readonly presence: string;
  readonly meaning: string;
}

/** Every alerter variable; a test keeps this list equal to {@link AlerterVariable}. */
export const ALERTER_VARIABLE_DOCS: readonly VariableDoc[] = [
  {
    name: AlerterVariable.WEBHOOK_SECRET,
    presence: 'required',
    meaning: 'Secrets Manager name or ARN of the default webhook (never the URL itself)',
  },
  {
    name: AlerterVariable.ROUTES,
    presence: 'no routes',
    meaning:
      'JSON list of routes `[{webhookSecretName, severities?, detections?, accounts?, ous?, dailySummary?}]`; first match wins',
  },
  {
    name: AlerterVariable.DAILY_SUMMARY,
    presence: 'none',
    meaning:
      'JSON `{"hour":8,"timeZone":"Europe/Berlin"}` from `slack.dailySummary`: count what reaches the default webhook for its daily summary (the watchdog posts it)',
  },
  {
    name: AlerterVariable.MUTES,
    presence: 'none',
    meaning:
      'JSON list of mutes from `trailwatch.config.json` (`mutes`); CLI mutes live in the state table',
  },
  {
    name: AlerterVariable.TABLE,
    presence: 'required',
    meaning:
      'state table: dedup claims, heartbeats, watchdog states, leases and daily-summary counts',
  },
  {
    name: AlerterVariable.QUEUE_URL,
    presence: 'unset',
    meaning: 'the events queue, for setting the visibility of handed-back records',
  },
  {
    name: AlerterVariable.ORGANIZATIONS_ROLE_ARN,
    presence: 'unset',
    meaning:
      'read-only role in the management account to assume for Organizations; unset = own credentials',
  },
  {
    name: AlerterVariable.ACCOUNT_CACHE_TTL_SECONDS,
    presence: String(AlerterDefaults.ACCOUNT_CACHE_TTL_SECONDS),
    meaning: 'lifetime of cached account names, OU paths and tags',
  },
  {
    name: AlerterVariable.SLACK_MIN_INTERVAL_MS,
    presence: String(AlerterDefaults.SLACK_MIN_INTERVAL_MS),
    meaning:
      'pause between posts to one webhook per instance; the stack sets 1000 × maxConcurrency',
  },
  {
    name: AlerterVariable.SLACK_TIMEOUT_MS,
    presence: String(AlerterDefaults.SLACK_TIMEOUT_MS),
    meaning: 'Slack request timeout',
  },
  {
    name: AlerterVariable.SLACK_FLEET_INTERVAL_MS,
    presence: String(AlerterDefaults.SLACK_FLEET_INTERVAL_MS),
    meaning:
      'pause between posts to one webhook for the whole fleet, shared through the state table (Slack allows one message per second)',
  },
  {
    name: AlerterVariable.REDELIVERY_BACKOFF_SECONDS,
    presence: String(AlerterDefaults.REDELIVERY_BACKOFF_SECONDS),
    meaning: 'first backoff of a record handed back after a failure (doubling, at most 15 min)',
  },
  {
    name: AlerterVariable.STORM_WINDOW_SECONDS,
    presence: String(AlerterDefaults.STORM_WINDOW_SECONDS),
    meaning:
      'storm window: from the 3rd alert of one detection × route within it, alerts are held and posted as one digest per window (0 = never hold)',
  },
  {
    name: AlerterVariable.CONSOLE_SIGNIN_URL,
    presence: 'unset',
    meaning: 'AWS access portal URL for Identity Center deep links into the right account',
  },
  {
    name: AlerterVariable.CONSOLE_ROLE_NAME,
    presence: 'unset',
    meaning: 'permission set the deep links sign in with',
  },
  {
    name: AlerterVariable.TRAIL_BUCKET_NAMES,
    presence: 'unset',
    meaning:
      "comma-separated, from the configuration's `trail.bucketNames`: the organization trail's bucket(s); unset = buckets named `*cloudtrail*`",
  },
  {
    name: AlerterVariable.TRAIL_KMS_KEY_ARNS,
    presence: 'unset',
    meaning:
      "comma-separated, from the configuration's `trail.kmsKeyArns`: the KMS key(s) encrypting the trail; unset = no key known",
  },
  {
    name: AlerterVariable.SERVICE_NAME,
    presence: 'trailwatch-alerter',
    meaning: 'Powertools service: log field and metric dimension (the alarms expect the default)',
  },
  {
    name: AlerterVariable.METRICS_NAMESPACE,
    presence: 'Trailwatch',
    meaning: 'CloudWatch namespace of the metrics (the alarms expect the default)',
  },
  {
    name: AlerterVariable.LOG_LEVEL,
    presence: 'INFO',
    meaning: 'Powertools log level; `DEBUG` also logs events no detection matched',
  },
  {
    name: AlerterVariable.REGION,
    presence: 'set by Lambda',
    meaning: "the function's region; local runs must export it",
  },
];

function table(docs: readonly VariableDoc[]): string {
  const rows = docs.map((doc) => `| \`${doc.name}\` | ${doc.presence} | ${doc.meaning} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The generated `docs/environment.md`. */
export function renderEnvironmentDocs(
  sections: readonly { readonly title: string; readonly docs: readonly VariableDoc[] }[] = [
    { title: 'Alerter (`trailwatch-alerter`)', docs: ALERTER_VARIABLE_DOCS },
  ],
): string {
  return [
    '# Function environments',
    '',
    '<!-- Generated by `pnpm contract:docs` from packages/contract; do not edit by hand. -->',
    '',
    'The stacks set these from `trailwatch.config.json` with the builders in `@trailwatch/contract`,',
    "and each function reads them with that package's parser; a round-trip test proves the two",
    'agree for every synthesized function. Only names and ids: the webhook URL lives in Secrets',
    'Manager and is never in an environment, a template or a log line.',
    '',
    ...sections.flatMap(({ title, docs }) => [`## ${title}`, '', table(docs), '']),
  ].join('\n');
}
