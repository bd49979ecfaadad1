import { describe, expect, it } from 'vitest';
import { parsed, variant } from './helpers.js';

describe('Function: parseEvent (mfa)', () => {
  it('reads MFAUsed Yes and No', () => {
    expect(parsed('console-login-iam-user-success-mfa').mfa).toBe('yes');
    expect(parsed('console-login-iam-user-success-no-mfa').mfa).toBe('no');
    expect(parsed('console-login-root-success').mfa).toBe('no');
  });

  it('reads MFAUsed in any case', () => {
    expect(parsed('console-login-mfa-used-lowercase').mfa).toBe('yes');
    expect(parsed('console-login-mfa-used-uppercase').mfa).toBe('yes');
    const noInCaps = variant('console-login-iam-user-success-no-mfa', {
      additionalEventData: { MFAUsed: 'NO' },
    });
    expect(parsed(noInCaps).mfa).toBe('no');
  });

  it('falls back to the session mfaAuthenticated when MFAUsed is absent', () => {
    expect(parsed('switch-role').mfa).toBe('yes');
    expect(parsed('create-access-key-other-user').mfa).toBe('no');
  });

  it('prefers MFAUsed over the session attribute', () => {
    // A SAML console sign-in says MFAUsed "No" and mfaAuthenticated "false" alike; make them differ.
    const record = variant('console-login-assumed-role', {
      additionalEventData: { MFAUsed: 'Yes' },
    });

    expect(parsed(record).mfa).toBe('yes');
  });

  it('reads the second factor of an Identity Center sign-in from CredentialType', () => {
    const passwordOnly = variant('sso-user-authentication', {
      additionalEventData: { CredentialType: 'PASSWORD' },
    });
    const externalIdp = variant('sso-user-authentication', {
      additionalEventData: { CredentialType: 'EXTERNAL_IDP' },
    });

    expect(parsed('sso-user-authentication').mfa).toBe('yes');
    expect(parsed(passwordOnly).mfa).toBe('no');
    expect(parsed(externalIdp).mfa).toBe('unknown');
  });

  it('says unknown when nothing records MFA', () => {
    expect(parsed('create-user').mfa).toBe('unknown');
    expect(parsed('check-mfa').mfa).toBe('unknown');
    const garbage = variant('console-login-root-success', { additionalEventData: { MFAUsed: 1 } });
    expect(parsed(garbage).mfa).toBe('unknown');
  });
});
