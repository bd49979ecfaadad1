import { DetailType, recordDetailType } from './envelope.js';
import { asObject, booleanAt, type JsonObject, textAt } from './fields.js';
import type { CloudTrailRecord } from './types.js';

/**
 * Read-only by name, but EventBridge treats them as change events and delivers them anyway
 * ("events from the following AWS STS APIs are change events, even though they begin with the
 * verb Get") [D] eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html.
 */
const DELIVERED_READ_ONLY: ReadonlySet<string> = new Set(['GetSessionToken', 'GetFederationToken']);

/** Name prefixes of read-only calls, for records that don't carry `readOnly`. */
const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'Head', 'Lookup'] as const;

/** `readOnly` as recorded (a boolean, or `"true"`/`"false"` in some exports). */
export function parseReadOnly(record: JsonObject): boolean | undefined {
  return booleanAt(record, 'readOnly');
}

function looksReadOnly(eventName: string): boolean {
  for (const prefix of READ_ONLY_PREFIXES) {
    // `Get` must start a word: `Getaway` is not a read, `GetUser` is.
    if (eventName.startsWith(prefix)) {
      const next = eventName.charCodeAt(prefix.length);
      if (Number.isNaN(next) || (next >= 65 && next <= 90)) return true;
    }
  }
  return false;
}

/**
 * Whether EventBridge delivers this record to rules in the default `ENABLED` state, which drops
 * read-only *management* events (aws-facts.md §1). Console sign-ins are delivered; data events
 * (`managementEvent: false`) are not management events and are delivered when the trail logs them;
 * `GetSessionToken`/`GetFederationToken` are delivered although read-only. Records without
 * `readOnly` fall back to the name (`Get*`, `List*`, `Describe*`, `Head*`, `Lookup*`).
 */
export function isDeliveredByDefault(record: CloudTrailRecord): boolean {
  const rec = asObject(record);
  if (rec === undefined) return false;
  if (recordDetailType(rec) === DetailType.CONSOLE_SIGN_IN) return true;
  if (rec.managementEvent === false) return true;
  const category = textAt(rec, 'eventCategory');
  if (category !== undefined && category !== 'Management') return true;

  const eventName = textAt(rec, 'eventName') ?? '';
  if (DELIVERED_READ_ONLY.has(eventName)) return true;
  const readOnly = parseReadOnly(rec);
  if (readOnly !== undefined) return !readOnly;
  return !looksReadOnly(eventName);
}
