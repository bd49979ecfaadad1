import { describe, expect, it } from 'vitest';
import { parsed, variant } from './helpers.js';

describe('Function: parseEvent (outcome)', () => {
  it('reports a successful API call', () => {
    expect(parsed('create-user').outcome).toEqual({ success: true });
  });

  it('reports a failed API call with its errorCode and errorMessage', () => {
    expect(parsed('create-user-access-denied').outcome).toEqual({
      success: false,
      errorCode: 'AccessDenied',
      errorMessage: expect.stringContaining('is not authorized to perform: iam:CreateUser'),
    });
  });

  it('reports a failed console sign-in, which has an errorMessage but no errorCode', () => {
    expect(parsed('console-login-iam-user-failure').outcome).toEqual({
      success: false,
      errorMessage: 'Failed authentication',
    });
    expect(parsed('console-login-root-failure').outcome.success).toBe(false);
    expect(parsed('console-login-hidden-user').outcome).toEqual({
      success: false,
      errorMessage: 'No username found in supplied account',
    });
  });

  it('reports a failure from responseElements.ConsoleLogin alone', () => {
    const record = variant('console-login-iam-user-failure', { errorMessage: undefined });

    expect(parsed(record).outcome).toEqual({ success: false });
  });

  it('reports a failed root password change, recorded with errorMessage and no errorCode', () => {
    expect(parsed('det-root-activity-neg-failed-password-change').outcome).toEqual({
      success: false,
      errorMessage: 'Password does not conform to the account password policy.',
    });
    expect(parsed('det-root-activity-pos-password-updated').outcome).toEqual({ success: true });
  });

  it('reports a failed external-IdP sign-in from responseElements.<eventName> alone', () => {
    const record = variant('det-root-activity-neg-external-idp-failure', {
      errorMessage: undefined,
    });

    expect(parsed(record).outcome).toEqual({ success: false });
  });

  it('does not read "Failure" under a key other than the event name or a sign-in step', () => {
    const record = variant('create-user', { responseElements: { status: 'Failure' } });

    expect(parsed(record).outcome).toEqual({ success: true });
  });

  it('treats an errorMessage without errorCode as a failure, but not an empty one', () => {
    expect(parsed(variant('create-user', { errorMessage: 'Throttled' })).outcome.success).toBe(
      false,
    );
    expect(parsed(variant('create-user', { errorMessage: '' })).outcome.success).toBe(true);
  });

  it('reports a failed MFA check', () => {
    const record = variant('check-mfa', { responseElements: { CheckMfa: 'Failure' } });

    expect(parsed('check-mfa').outcome.success).toBe(true);
    expect(parsed(record).outcome.success).toBe(false);
  });

  it('reports a failed Identity Center credential verification', () => {
    expect(parsed('sso-credential-verification-failure').outcome).toEqual({ success: false });
    expect(parsed('sso-user-authentication').outcome).toEqual({ success: true });
  });

  it('reports a failed Identity Center user authentication', () => {
    const record = variant('sso-user-authentication', {
      serviceEventDetails: { UserAuthentication: 'Failure' },
    });

    expect(parsed(record).outcome.success).toBe(false);
  });

  it('reads a null responseElements as success', () => {
    expect(parsed('delete-user').outcome).toEqual({ success: true });
  });
});
