import { type JsonObject, objectAt, stringAt, textAt } from './fields.js';
import type { Outcome } from './types.js';

/** `responseElements` keys whose value `"Failure"` marks a failed console sign-in step. */
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

/**
 * Success or failure. API calls fail with `errorCode`; console sign-ins fail with only
 * `errorMessage` and `responseElements.ConsoleLogin: "Failure"`; Identity Center sign-ins with
 * `serviceEventDetails.<step>: "Failure"` (aws-facts.md §3).
 */
export function parseOutcome(record: JsonObject): Outcome {
  const errorCode = textAt(record, 'errorCode');
  const errorMessage = stringAt(record, 'errorMessage');
  let failed = errorCode !== undefined;
  if (!failed) {
    const response = objectAt(record, 'responseElements');
    if (response !== undefined) {
      for (const key of CONSOLE_RESULT_KEYS) {
        if (response[key] === FAILURE) {
          failed = true;
          break;
        }
      }
    }
  }
  if (!failed) failed = hasServiceEventFailure(objectAt(record, 'serviceEventDetails'));

  if (errorCode === undefined && errorMessage === undefined) return { success: !failed };
  const outcome: { -readonly [K in keyof Outcome]: Outcome[K] } = { success: !failed };
  if (errorCode !== undefined) outcome.errorCode = errorCode;
  if (errorMessage !== undefined) outcome.errorMessage = errorMessage;
  return outcome;
}
