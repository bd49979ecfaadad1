import { loadRecord } from '@trailwatch/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detailTypeOf, parseEvent, sourceOf, toEnvelope } from '../src/index.js';
import { variant } from './helpers.js';

describe('Function: toEnvelope', () => {
  it('synthesizes the envelope EventBridge delivers for an API call', () => {
    const record = loadRecord('create-user');

    const envelope = toEnvelope(record);

    expect(envelope).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.iam',
      account: '123456789012',
      time: '2026-11-08T16:11:59Z',
      region: 'us-east-1',
      resources: [],
      detail: record,
    });
    expect(envelope.detail).toBe(record);
  });

  it('derives a deterministic id from eventID that differs from it', () => {
    const first = toEnvelope(loadRecord('create-user'));
    const again = toEnvelope(loadRecord('create-user'));
    const other = toEnvelope(loadRecord('delete-user'));

    expect(first.id).toBe(again.id);
    expect(first.id).not.toBe(other.id);
    expect(first.id).not.toBe('deadbeef-0014-4c3a-9c1e-2a51b7c1e014');
  });

  it('gives a UUID-shaped id to a record whose eventID is not a UUID, or that has none', () => {
    const odd = toEnvelope(variant('create-user', { eventID: 'not-a-uuid' }));
    const none = toEnvelope(variant('create-user', { eventID: undefined }));

    expect(odd.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(none.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(odd.id).not.toBe(none.id);
  });

  it('keeps envelope ids distinct for distinct UUID eventIDs', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        fc.pre(a !== b);
        const idA = toEnvelope({ eventID: a }).id;
        const idB = toEnvelope({ eventID: b }).id;
        expect(idA).not.toBe(idB);
        expect(idA).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }),
    );
  });

  it.each([
    ['console-login-root-success', 'AWS Console Sign In via CloudTrail', 'aws.signin'],
    ['console-login-iam-user-success-no-mfa', 'AWS Console Sign In via CloudTrail', 'aws.signin'],
    ['sso-user-authentication', 'AWS Service Event via CloudTrail', 'aws.signin'],
    ['sts-get-session-token', 'AWS API Call via CloudTrail', 'aws.sts'],
  ])('maps %s to detail-type %s and source %s', (name, detailType, source) => {
    const envelope = toEnvelope(loadRecord(name));

    expect(envelope['detail-type']).toBe(detailType);
    expect(envelope.source).toBe(source);
  });

  it('maps console actions and treats a missing eventType on an API call as an API call', () => {
    const action = variant('create-user', { eventType: 'AwsConsoleAction' });
    const untyped = variant('create-user', { eventType: undefined });

    expect(toEnvelope(action)['detail-type']).toBe('AWS Console Action via CloudTrail');
    expect(toEnvelope(untyped)['detail-type']).toBe('AWS API Call via CloudTrail');
  });

  it.each([
    ['console-login-root-success', 'AWS Console Sign In via CloudTrail'],
    ['console-login-iam-user-failure', 'AWS Console Sign In via CloudTrail'],
    ['check-mfa', 'AWS Console Sign In via CloudTrail'],
    ['switch-role', 'AWS Console Sign In via CloudTrail'],
    ['sso-user-authentication', 'AWS Service Event via CloudTrail'],
    ['sso-credential-verification-failure', 'AWS Service Event via CloudTrail'],
    ['sts-get-session-token', 'AWS API Call via CloudTrail'],
  ])(
    'infers the detail-type of %s without eventType from eventSource and eventName',
    (name, detailType) => {
      const untyped = variant(name, { eventType: undefined });

      expect(toEnvelope(untyped)['detail-type']).toBe(detailType);
      expect(
        detailTypeOf(undefined, untyped.eventSource as string, untyped.eventName as string),
      ).toBe(detailType);
    },
  );

  it('infers an API call for an unknown sign-in event name or a missing eventSource', () => {
    expect(detailTypeOf(undefined, 'signin.amazonaws.com', 'SomethingNew')).toBe(
      'AWS API Call via CloudTrail',
    );
    expect(detailTypeOf(undefined, undefined, 'ConsoleLogin')).toBe('AWS API Call via CloudTrail');
    // Names are case-sensitive in CloudTrail: a different casing is not the sign-in event.
    expect(detailTypeOf(undefined, 'signin.amazonaws.com', 'consolelogin')).toBe(
      'AWS API Call via CloudTrail',
    );
  });

  it('keeps a recorded eventType over the inference', () => {
    const record = variant('console-login-root-success', { eventType: 'AwsApiCall' });

    expect(toEnvelope(record)['detail-type']).toBe('AWS API Call via CloudTrail');
  });

  it('fills in the inferred detail-type for an envelope that lacks one', () => {
    const detail = variant('console-login-root-success', { eventType: undefined });
    const result = parseEvent({ source: 'aws.signin', detail });

    expect(result.ok && result.event.envelope['detail-type']).toBe(
      'AWS Console Sign In via CloudTrail',
    );
  });

  it('takes the account from the actor when recipientAccountId is missing', () => {
    const record = variant('create-user', { recipientAccountId: undefined });

    expect(toEnvelope(record).account).toBe('123456789012');
  });

  it('does not throw on a record that is not an object', () => {
    expect(toEnvelope(null as unknown as Record<string, unknown>)).toMatchObject({
      source: 'aws.unknown',
      account: '',
      detail: {},
    });
  });
});

describe('Function: sourceOf', () => {
  it.each([
    ['iam.amazonaws.com', 'aws.iam'],
    ['signin.amazonaws.com', 'aws.signin'],
    ['organizations.amazonaws.com', 'aws.organizations'],
    ['sso.amazonaws.com', 'aws.sso'],
    ['sso-directory.amazonaws.com', 'aws.sso-directory'],
    ['monitoring.amazonaws.com', 'aws.cloudwatch'],
    [undefined, 'aws.unknown'],
  ])('maps %s to %s', (eventSource, source) => {
    expect(sourceOf(eventSource)).toBe(source);
  });
});
