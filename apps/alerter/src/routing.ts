import { Severity } from '@trailwatch/detections';
import type { Alert } from '@trailwatch/slack';
import { InvalidRoutesError } from './errors.js';

/** One entry of `SLACK_ROUTES`: every given criterion must match; absent criteria match anything. */
export interface Route {
  readonly secretId: string;
  readonly severities?: readonly Severity[];
  readonly detections?: readonly string[];
  readonly accounts?: readonly string[];
  /** OU ids (`ou-…`) or OU names anywhere on the account's path. */
  readonly ous?: readonly string[];
}

/**
 * The account fields routing reads; `ouIds` and `ouNames` are filled by enrichment when
 * Organizations answered. Names are a list, not the joined display path: an OU name may itself
 * contain "/", so splitting `ouPath` would invent OUs that do not exist.
 */
export interface RoutableAccount {
  readonly id: string;
  readonly ouPath?: string;
  readonly ouIds?: readonly string[];
  readonly ouNames?: readonly string[];
}

const ROUTE_KEYS = ['secretId', 'severities', 'detections', 'accounts', 'ous'] as const;
const SEVERITIES: readonly string[] = Object.values(Severity);

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * A webhook's host or its `/services/T…/B…/<token>` path, with or without a scheme. Secret names
 * may contain `/`, `.` and letters, so a pasted `hooks.slack.com/services/...` would pass a plain
 * `://` check and then be logged with every message naming its secret id.
 */
const WEBHOOK_SHAPE = /hooks\.slack(-gov)?\.com|(^|\/)services\/T[A-Z0-9]+\/B[A-Z0-9]+\//i;

/**
 * Secret ids and ARNs never contain `://` nor look like a Slack webhook; a value that does is the
 * webhook URL (with or without its scheme) pasted where its secret's id belongs. Accepting it
 * would put the URL in every log line that names the secret id.
 */
export function looksLikeUrl(value: string): boolean {
  return value.includes('://') || WEBHOOK_SHAPE.test(value);
}

/** The JSON type of a value, for error messages that must not quote a value (it may be a URL). */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function readStringList(entry: Record<string, unknown>, key: string, where: string): string[] {
  const value = entry[key];
  if (!Array.isArray(value) || value.length === 0 || !value.every(isNonEmptyString)) {
    throw new InvalidRoutesError(
      `${where}.${key} must be a non-empty array of strings, got ${
        !Array.isArray(value)
          ? typeOf(value)
          : value.length === 0
            ? 'an empty array'
            : 'an array with a blank or non-string item'
      }`,
    );
  }
  return value;
}

function parseRoute(entry: unknown, index: number): Route {
  const where = `SLACK_ROUTES[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new InvalidRoutesError(`${where} must be an object, got ${typeOf(entry)}`);
  }
  const record = entry as Record<string, unknown>;
  const unknownKey = Object.keys(record).find(
    (key) => !(ROUTE_KEYS as readonly string[]).includes(key),
  );
  if (unknownKey !== undefined) {
    throw new InvalidRoutesError(
      `${where} has unknown key "${unknownKey}"; allowed keys are ${ROUTE_KEYS.join(', ')}`,
    );
  }
  if (!isNonEmptyString(record.secretId)) {
    throw new InvalidRoutesError(
      `${where}.secretId must be a non-empty string (a secret id or ARN)`,
    );
  }
  const route: {
    secretId: string;
    severities?: Severity[];
    detections?: string[];
    accounts?: string[];
    ous?: string[];
  } = { secretId: record.secretId.trim() };
  if (looksLikeUrl(route.secretId)) {
    throw new InvalidRoutesError(
      `${where}.secretId holds a URL; it must be the id or ARN of the secret that holds the webhook URL`,
    );
  }
  if (record.severities !== undefined) {
    const severities = readStringList(record, 'severities', where);
    const bad = severities.find((severity) => !SEVERITIES.includes(severity));
    if (bad !== undefined) {
      throw new InvalidRoutesError(
        `${where}.severities contains "${bad}"; expected one of ${SEVERITIES.join(', ')}`,
      );
    }
    route.severities = severities as Severity[];
  }
  if (record.detections !== undefined)
    route.detections = readStringList(record, 'detections', where);
  if (record.accounts !== undefined) {
    const accounts = readStringList(record, 'accounts', where);
    const bad = accounts.find((account) => !/^\d{12}$/.test(account));
    if (bad !== undefined) {
      throw new InvalidRoutesError(`${where}.accounts contains "${bad}"; expected 12-digit ids`);
    }
    route.accounts = accounts;
  }
  if (record.ous !== undefined) route.ous = readStringList(record, 'ous', where);
  return route;
}

/**
 * Parses and validates `SLACK_ROUTES`. Unset or blank means no routes (everything goes to the
 * default webhook).
 *
 * @throws InvalidRoutesError naming the entry, the field and the offending value.
 */
export function parseRoutes(json: string | undefined): Route[] {
  if (json === undefined || json.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // V8's message quotes a slice of the input, which may be a pasted webhook URL.
    throw new InvalidRoutesError('SLACK_ROUTES is not valid JSON');
  }
  if (!Array.isArray(parsed)) {
    throw new InvalidRoutesError(
      'SLACK_ROUTES must be a JSON array of routes like [{"secretId":"…","severities":["critical"]}]',
    );
  }
  return parsed.map(parseRoute);
}

function matchesOu(route: Route, account: RoutableAccount): boolean {
  if (route.ous === undefined) return true;
  const names = account.ouNames ?? [];
  const ids = account.ouIds ?? [];
  return route.ous.some((ou) => ids.includes(ou) || names.includes(ou));
}

/** Whether `route` applies to `alert`. */
export function routeMatches(route: Route, alert: Alert & { account: RoutableAccount }): boolean {
  const { detection } = alert.match;
  return (
    (route.severities === undefined || route.severities.includes(detection.severity)) &&
    (route.detections === undefined || route.detections.includes(detection.id)) &&
    (route.accounts === undefined || route.accounts.includes(alert.account.id)) &&
    matchesOu(route, alert.account)
  );
}

/**
 * The webhook secret id for an alert: the first matching route's, else the default. OU criteria
 * can only match when enrichment found the account's OU path.
 */
export function createRouter(
  routes: readonly Route[],
  defaultSecretId: string,
): (alert: Alert & { account: RoutableAccount }) => string {
  return (alert) => routes.find((route) => routeMatches(route, alert))?.secretId ?? defaultSecretId;
}
