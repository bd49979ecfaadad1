import { type DailySummary, validateDailySummary } from './daily-summary.js';
import { type ContractIssue, formatPath } from './issue.js';
import { SEVERITIES, type SeverityName } from './severity.js';

/**
 * A Slack route: an alert matching every listed criterion goes to the route's webhook; absent
 * criteria match anything. The configuration file, the alerter's `SLACK_ROUTES` and the CLI all
 * use this shape and {@link validateRoute}.
 */
export interface SlackRoute {
  /** Secrets Manager name (or ARN) of the secret holding the route's webhook URL. */
  readonly webhookSecretName: string;
  readonly severities?: readonly SeverityName[];
  /** Detection ids from the catalogue. */
  readonly detections?: readonly string[];
  /** 12-digit account ids. */
  readonly accounts?: readonly string[];
  /** OU ids (`ou-…`), the root id (`r-…`) or OU names, anywhere on the account's path. */
  readonly ous?: readonly string[];
  /** A daily summary of what reached this route's webhook; absent = none. Not a criterion. */
  readonly dailySummary?: DailySummary;
}

/** The keys of a route, in the order they are documented. */
export const ROUTE_KEYS = [
  'webhookSecretName',
  'severities',
  'detections',
  'accounts',
  'ous',
  'dailySummary',
] as const;

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const DETECTION_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
/**
 * An OU name: what people read in the console (it may contain "/": routing compares whole names,
 * never a split path). Id-shaped text must be a well-formed id.
 */
const OU_NAME = /^(?!ou-|r-)[^\p{Cc}]{1,128}$/u;

/**
 * A webhook's host or its `/services/T…/B…/<token>` path, with or without a scheme. Secret names
 * may contain `/`, `.` and letters, so a pasted `hooks.slack.com/services/...` would pass a plain
 * `://` check and then be logged with every message naming its secret.
 */
const WEBHOOK_SHAPE = /hooks\.slack(-gov)?\.com|(^|\/)services\/T[A-Z0-9]+\/B[A-Z0-9]+\//i;

/**
 * Secret names and ARNs never contain `://` nor a Slack host; a value that does is the webhook
 * URL pasted where its secret's name belongs, and would leak into every log line naming it.
 */
export function looksLikeWebhookUrl(value: string): boolean {
  return value.includes('://') || WEBHOOK_SHAPE.test(value);
}

/** The JSON type of a value, for messages that must not quote a value (it may be a URL). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function checkList(
  value: unknown,
  key: string,
  what: string,
  accepts: (item: string) => boolean,
  issues: ContractIssue[],
): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path: [key], fix: `must be a non-empty list of ${what}` });
    return;
  }
  const seen = new Set<unknown>();
  value.forEach((item, index) => {
    if (typeof item !== 'string' || !accepts(item)) {
      issues.push({ path: [key, index], fix: `must be one of ${what}` });
    } else if (seen.has(item)) {
      issues.push({ path: [key, index], fix: 'is listed twice; remove the duplicate' });
    }
    seen.add(item);
  });
}

/**
 * Every problem with one route, or none. The one validator for routes, wherever they come from.
 *
 * @example
 * validateRoute({ severities: ['critical'], webhookSecretName: 'trailwatch/slack/critical' }); // []
 */
export function validateRoute(value: unknown): ContractIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      {
        path: [],
        fix: `must be an object like {"severities":["critical"],"webhookSecretName":"…"}, got ${describeType(value)}`,
      },
    ];
  }
  const route = value as Record<string, unknown>;
  const issues: ContractIssue[] = [];
  for (const key of Object.keys(route)) {
    if (!(ROUTE_KEYS as readonly string[]).includes(key)) {
      issues.push({
        path: [key],
        fix: `is not a route setting; allowed keys are ${ROUTE_KEYS.join(', ')}`,
      });
    }
  }
  const secret = route.webhookSecretName;
  // The URL check comes first: a pasted URL also fails the name pattern, but must be named as such.
  if (typeof secret === 'string' && looksLikeWebhookUrl(secret)) {
    issues.push({
      path: ['webhookSecretName'],
      fix: 'holds a webhook URL; it must name the secret that holds the URL (set the URL with `trailwatch set-webhook`)',
    });
  } else if (typeof secret !== 'string' || !SECRET_NAME.test(secret)) {
    issues.push({
      path: ['webhookSecretName'],
      fix: 'must be a Secrets Manager secret name of 1-512 letters, digits or /_+=.@- like "trailwatch/slack/webhook"',
    });
  }
  checkList(
    route.severities,
    'severities',
    SEVERITIES.map((s) => `"${s}"`).join(', '),
    (item) => (SEVERITIES as readonly string[]).includes(item),
    issues,
  );
  checkList(
    route.detections,
    'detections',
    'kebab-case detection ids',
    (item) => DETECTION_ID.test(item),
    issues,
  );
  checkList(
    route.accounts,
    'accounts',
    '12-digit account ids',
    (item) => ACCOUNT_ID.test(item),
    issues,
  );
  checkList(
    route.ous,
    'ous',
    'OU ids like "ou-ab12-cdef3456", root ids like "r-ab12", or OU names like "Production"',
    (item) => OU_ID.test(item) || OU_NAME.test(item),
    issues,
  );
  if (route.dailySummary !== undefined) {
    for (const issue of validateDailySummary(route.dailySummary)) {
      issues.push({ path: ['dailySummary', ...issue.path], fix: issue.fix });
    }
  }
  const criteria = [route.severities, route.detections, route.accounts, route.ous];
  if (criteria.every((list) => list === undefined)) {
    issues.push({
      path: [],
      fix: 'a route needs at least one non-empty criterion: severities, detections, accounts or ous',
    });
  }
  return issues;
}

/** Thrown by {@link parseRoutes} with every problem, paths below `SLACK_ROUTES`. */
export class InvalidRoutesError extends Error {
  readonly issues: readonly string[];

  public constructor(issues: readonly string[]) {
    super(issues.join('; '));
    this.name = 'InvalidRoutesError';
    this.issues = issues;
  }
}

/**
 * Parses routes serialised as JSON (the alerter's `SLACK_ROUTES`). Unset or blank means none.
 *
 * @throws InvalidRoutesError naming each entry and field at fault, never quoting a value.
 */
export function parseRoutes(json: string | undefined, base = 'SLACK_ROUTES'): SlackRoute[] {
  if (json === undefined || json.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // V8's message quotes a slice of the input, which may be a pasted webhook URL.
    throw new InvalidRoutesError([`${base} is not valid JSON`]);
  }
  if (!Array.isArray(parsed)) {
    throw new InvalidRoutesError([
      `${base} must be a JSON array of routes like [{"webhookSecretName":"…","severities":["critical"]}], got ${describeType(parsed)}`,
    ]);
  }
  const problems = parsed.flatMap((entry, index) =>
    validateRoute(entry).map(
      (issue) => `${formatPath(`${base}[${index}]`, issue.path)} ${issue.fix}`,
    ),
  );
  if (problems.length > 0) throw new InvalidRoutesError(problems);
  return parsed as SlackRoute[];
}
