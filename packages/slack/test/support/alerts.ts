import { type CloudTrailEvent, parseEvent } from '@trailwatch/cloudtrail';
import { catalogue, type Detection, type Severity } from '@trailwatch/detections';
import { loadRecord } from '@trailwatch/fixtures';
import type { AccountInfo, Alert } from '../../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: patches reach into untyped CloudTrail JSON (it is untyped in production too)
type Json = Record<string, any>;
type RecordPatch = (record: Json) => void;

/** A catalogue detection by id (fails the test when the catalogue has no such id). */
export function detection(id: string, severity?: Severity): Detection {
  const found = catalogue.find((d) => d.id === id);
  if (found === undefined) throw new Error(`no detection ${id} in the catalogue`);
  return severity === undefined ? found : { ...found, severity };
}

/** A fixture record, optionally changed, parsed the way the alerter parses it. */
export function eventOf(fixture: string, patch?: RecordPatch): CloudTrailEvent {
  const record = structuredClone(loadRecord(fixture)) as Json;
  patch?.(record);
  const parsed = parseEvent(record);
  if (!parsed.ok) throw new Error(`fixture ${fixture} does not parse: ${parsed.error}`);
  return parsed.event;
}

export const PROD_PAYMENTS: AccountInfo = {
  id: '111122223333',
  name: 'prod-payments',
  ouPath: 'Root/Workloads/Prod',
  tags: { Owner: 'payments-team@example.com', team: 'payments', Environment: 'prod' },
};

export interface AlertSpec {
  readonly fixture: string;
  readonly detection: string;
  readonly severity?: Severity;
  readonly patch?: RecordPatch;
  readonly account?: Partial<AccountInfo>;
}

/** An alert built like the alerter builds it: parsed fixture, catalogue detection, its summary. */
export function alertOf(spec: AlertSpec): Alert {
  const event = eventOf(spec.fixture, spec.patch);
  const found = detection(spec.detection, spec.severity);
  return {
    match: { detection: found, event, summary: found.describe(event, {}) },
    account: { ...PROD_PAYMENTS, id: event.account, ...spec.account },
  };
}

/** Every string inside a rendered payload (texts, colours, …), depth first. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

/** The mrkdwn links (`<url|label>`) in a text, with `&amp;` in the URL decoded as Slack does. */
export function linksIn(text: string): { url: URL; label: string }[] {
  return [...text.matchAll(/<(https:\/\/[^|<>\s]+)\|([^<>]*)>/g)].map((m) => ({
    url: new URL(m[1]!.replaceAll('&amp;', '&')),
    label: m[2]!,
  }));
}

/** Hosts our links may point at. */
export const LINK_HOSTS = /^(?:[a-z0-9-]+\.)?console\.aws\.amazon\.com$|\.awsapps\.com$/;

/**
 * Removes the Slack tokens the renderer generates itself — date tokens and links to allowed
 * hosts — so that any `<` or `>` left over came from input.
 */
export function withoutOwnTokens(text: string): string {
  return text
    .replace(/<!date\^\d+\^\{date_short_pretty\} \{time_secs\}\|\d{4}-\d\d-\d\dT[\d:.]+Z>/g, '')
    .replace(/<(https:\/\/[^|<>\s]+)\|[^<>]*>/g, (token, url: string) =>
      LINK_HOSTS.test(new URL(url.replaceAll('&amp;', '&')).hostname) ? '' : token,
    );
}
