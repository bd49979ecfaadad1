import { type JsonObject, objectAt, stringAt, textAt } from './fields.js';
import type { Outcome } from './types.js';

/**
 * `responseElements` keys whose value `"Failure"` marks a failed sign-in step. CloudTrail names the
 * key after the event (`{"PasswordUpdated": "Failure"}`, `{"ExternalIdPDirectoryLogin":
 * "Failure"}`), so the event's own name is checked too.
 */
const CONSOLE_RESULT_KEYS = ['ConsoleLogin', 'CheckMfa', 'SwitchRole'] as const;
const FAILURE = 'Failure';

function hasServiceEventFailure(details: JsonObject | undefined): boolean {
  if (details === undefined) return false;
  // Identity Center writes {"CredentialVerification": "Failure"}, {"UserAuthentication": …}, …
  for (const key in details) {
    if (Object.hasOwn(details, key) && details[key] === FAILURE) return true;
  }
  return false;
}

function hasResponseFailure(record: JsonObject): boolean {
  const response = objectAt(record, 'responseElements');
  if (response === undefined) return false;
  const eventName = textAt(record, 'eventName');
  if (eventName !== undefined && Object.hasOwn(response, eventName)) {
    if (response[eventName] === FAILURE) return true;
  }
  for (const key of CONSOLE_RESULT_KEYS) {
    if (response[key] === FAILURE) return true;
  }
  return false;
}

/**
 * Success or failure. API calls fail with `errorCode`. Sign-in steps fail without one: console
 * sign-ins, root password changes (`PasswordUpdated`) and external-IdP assertions
 * (`ExternalIdPDirectoryLogin`) with `errorMessage` and `responseElements.<eventName>: "Failure"`;
 * Identity Center sign-ins with `serviceEventDetails.<step>: "Failure"` (aws-facts.md §3). CloudTrail
 * writes `errorMessage` only for failures, so one without an `errorCode` is a failure too.
 */
export function parseOutcome(record: JsonObject): Outcome {
  const errorCode = textAt(record, 'errorCode');
  const errorMessage = stringAt(record, 'errorMessage');
  let failed = errorCode !== undefined || (errorMessage !== undefined && errorMessage !== '');
  if (!failed) failed = hasResponseFailure(record);
  if (!failed) failed = hasServiceEventFailure(objectAt(record, 'serviceEventDetails'));

  if (errorCode === undefined && errorMessage === undefined) return { success: !failed };
  const outcome: { -readonly [K in keyof Outcome]: Outcome[K] } = { success: !failed };
  if (errorCode !== undefined) outcome.errorCode = errorCode;
  if (errorMessage !== undefined) outcome.errorMessage = errorMessage;
  return outcome;
}
