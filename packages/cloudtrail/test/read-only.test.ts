import { loadRecord } from '@trailwatch/fixtures';
import { describe, expect, it } from 'vitest';
import { isDeliveredByDefault } from '../src/index.js';
import { parsed, variant } from './helpers.js';

describe('Function: isDeliveredByDefault', () => {
  it('delivers write calls', () => {
    expect(isDeliveredByDefault(loadRecord('create-user'))).toBe(true);
    expect(isDeliveredByDefault(loadRecord('delete-user'))).toBe(true);
  });

  it('drops read-only management events', () => {
    expect(isDeliveredByDefault(loadRecord('iam-list-users'))).toBe(false);
    expect(isDeliveredByDefault(loadRecord('aws-service-actor'))).toBe(false);
  });

  it('delivers GetSessionToken and GetFederationToken although they are read-only', () => {
    const federation = variant('sts-get-session-token', { eventName: 'GetFederationToken' });

    expect(isDeliveredByDefault(loadRecord('sts-get-session-token'))).toBe(true);
    expect(isDeliveredByDefault(federation)).toBe(true);
  });

  it('delivers console sign-in events, whatever readOnly says', () => {
    const claimedReadOnly = variant('console-login-root-success', { readOnly: true });

    expect(isDeliveredByDefault(loadRecord('console-login-assumed-role'))).toBe(true);
    expect(isDeliveredByDefault(loadRecord('console-login-iam-user-success-no-mfa'))).toBe(true);
    expect(isDeliveredByDefault(claimedReadOnly)).toBe(true);
  });

  it('delivers Identity Center sign-in service events', () => {
    expect(isDeliveredByDefault(loadRecord('sso-user-authentication'))).toBe(true);
  });

  it('delivers read-only data events, which are not management events', () => {
    const dataEvent = variant('iam-list-users', {
      eventName: 'GetObject',
      eventSource: 's3.amazonaws.com',
      managementEvent: false,
      eventCategory: 'Data',
    });

    expect(isDeliveredByDefault(dataEvent)).toBe(true);
  });

  it('guesses from the event name when the record does not carry readOnly', () => {
    const guess = (eventName: string) =>
      isDeliveredByDefault(variant('create-user', { eventName, readOnly: undefined }));

    expect(guess('ListUsers')).toBe(false);
    expect(guess('GetUser')).toBe(false);
    expect(guess('DescribeAccount')).toBe(false);
    expect(guess('LookupEvents')).toBe(false);
    expect(guess('Get')).toBe(false);
    expect(guess('CreateUser')).toBe(true);
    expect(guess('Getaway')).toBe(true);
    expect(guess('GetSessionToken')).toBe(true);
  });

  it('does not deliver something that is not a record', () => {
    expect(isDeliveredByDefault(null as unknown as Record<string, unknown>)).toBe(false);
  });

  it('agrees with the readOnly the parsed view reports', () => {
    expect(parsed('iam-list-users').readOnly).toBe(true);
    expect(parsed('console-login-assumed-role').readOnly).toBeUndefined();
    expect(parsed(variant('create-user', { readOnly: 'TRUE' })).readOnly).toBe(true);
  });
});
