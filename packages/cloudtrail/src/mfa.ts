import { booleanAt, type JsonObject, objectAt, stringAt } from './fields.js';
import type { Mfa } from './types.js';

/** Identity Center `CredentialType` tokens that are a second factor. */
const SECOND_FACTOR_CREDENTIALS: readonly string[] = ['TOTP', 'WEBAUTHN'];

function fromMfaUsed(value: string): Mfa | undefined {
  if (value === 'Yes') return 'yes';
  if (value === 'No') return 'no';
  // Seen as "yes"/"YES" in exports and hand-written events; lower-case only on that slow path.
  const lower = value.trim().toLowerCase();
  return lower === 'yes' ? 'yes' : lower === 'no' ? 'no' : undefined;
}

/**
 * Identity Center `UserAuthentication` lists the factors in `CredentialType`
 * (`PASSWORD`, `PASSWORD,TOTP`, `EXTERNAL_IDP`…). An external IdP hides whether MFA happened.
 */
function fromCredentialType(record: JsonObject, value: string): Mfa | undefined {
  if (record.eventName !== 'UserAuthentication') return undefined;
  const upper = value.toUpperCase();
  if (upper.includes('EXTERNAL_IDP')) return undefined;
  for (const factor of SECOND_FACTOR_CREDENTIALS) {
    if (upper.includes(factor)) return 'yes';
  }
  return upper.includes('PASSWORD') ? 'no' : undefined;
}

/**
 * Whether MFA was used: `additionalEventData.MFAUsed` (any case), else Identity Center's
 * `CredentialType`, else the session's `sessionContext.attributes.mfaAuthenticated`; `unknown`
 * when none says. Federated console sign-ins always record `MFAUsed: "No"` because MFA happened
 * at the IdP (aws-facts.md §3) — callers judging MFA should look at the actor kind too.
 */
export function parseMfa(record: JsonObject, identity: JsonObject | undefined): Mfa {
  const additional = objectAt(record, 'additionalEventData');
  const mfaUsed = stringAt(additional, 'MFAUsed');
  if (mfaUsed !== undefined) {
    const parsed = fromMfaUsed(mfaUsed);
    if (parsed !== undefined) return parsed;
  }
  const credentialType = stringAt(additional, 'CredentialType');
  if (credentialType !== undefined) {
    const parsed = fromCredentialType(record, credentialType);
    if (parsed !== undefined) return parsed;
  }
  const attributes = objectAt(objectAt(identity, 'sessionContext'), 'attributes');
  const authenticated = booleanAt(attributes, 'mfaAuthenticated');
  if (authenticated === undefined) return 'unknown';
  return authenticated ? 'yes' : 'no';
}
