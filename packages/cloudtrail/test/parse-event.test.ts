import { loadRecord, recordNames } from '@trailwatch/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeActor, isDeliveredByDefault, parseEvent, toEnvelope } from '../src/index.js';
import { parsed, variant } from './helpers.js';

function envelopeAround(detail: unknown, extra: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account: '999988887777',
    time: '2026-11-08T16:12:01Z',
    region: 'us-east-1',
    resources: [],
    detail,
    ...extra,
  };
}

describe('Function: parseEvent', () => {
  it('parses every record fixture', () => {
    for (const name of recordNames()) {
      const result = parseEvent(loadRecord(name));
      expect(result, name).toMatchObject({ ok: true });
    }
  });

  it('reads the common fields of a raw record', () => {
    const event = parsed('create-user');

    expect(event).toMatchObject({
      eventId: 'deadbeef-0014-4c3a-9c1e-2a51b7c1e014',
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      eventType: 'AwsApiCall',
      time: '2026-11-08T16:11:59Z',
      account: '123456789012',
      region: 'us-east-1',
      sourceIp: '192.0.2.15',
      readOnly: false,
    });
    expect(event.userAgent).toMatch(/^aws-cli\/2\./);
  });

  it('keeps the input record by reference instead of copying it', () => {
    const record = loadRecord('create-user');

    const event = parsed(record);

    expect(event.record).toBe(record);
    expect(event.envelope.detail).toBe(record);
  });

  it('synthesizes the envelope of a raw record', () => {
    const record = loadRecord('create-user');

    expect(parsed(record).envelope).toEqual(toEnvelope(record));
  });

  it('reads the record inside an EventBridge envelope and keeps that envelope as delivered', () => {
    const record = loadRecord('create-user');
    const envelope = envelopeAround(record);

    const event = parsed(envelope);

    expect(event.record).toBe(record);
    expect(event.envelope).toBe(envelope);
    expect(event.eventName).toBe('CreateUser');
  });

  it('fills the missing standard fields of a partial envelope from the record', () => {
    const record = loadRecord('create-user');
    const envelope = { 'detail-type': 'AWS API Call via CloudTrail', detail: record, extra: 1 };

    const event = parsed(envelope);

    expect(event.envelope).toMatchObject({
      version: '0',
      source: 'aws.iam',
      account: '123456789012',
      region: 'us-east-1',
      time: '2026-11-08T16:11:59Z',
      resources: [],
      extra: 1,
    });
    expect(event.envelope.detail).toBe(record);
  });

  it('takes the account from recipientAccountId, then the envelope, then the actor account', () => {
    const inEnvelope = parsed(
      envelopeAround(variant('create-user', { recipientAccountId: undefined })),
    );
    const rawOnly = parsed(variant('create-user', { recipientAccountId: undefined }));
    const recorded = parsed(envelopeAround(loadRecord('create-user')));

    expect(recorded.account).toBe('123456789012');
    expect(inEnvelope.account).toBe('999988887777');
    expect(rawOnly.account).toBe('123456789012');
  });

  it('never takes the account from the actor when recipientAccountId says otherwise', () => {
    const record = loadRecord('create-user');
    record.recipientAccountId = '444455556666';

    expect(parsed(record).account).toBe('444455556666');
  });

  it('takes the region and time from the envelope when the record lacks them', () => {
    const record = variant('create-user', { awsRegion: undefined, eventTime: undefined });

    const event = parsed(envelopeAround(record, { region: 'eu-west-1' }));

    expect(event.region).toBe('eu-west-1');
    expect(event.time).toBe('2026-11-08T16:12:01Z');
  });

  it('leaves time, region and account empty when nothing says', () => {
    const event = parsed({ eventName: 'CreateUser' });

    expect(event).toMatchObject({ time: '', region: '', account: '', eventSource: '' });
  });

  it('falls back to the envelope id, then to a stable hash, when eventID is missing', () => {
    const record = variant('create-user', { eventID: undefined });

    const fromEnvelope = parsed(envelopeAround(record));
    const first = parsed(record);
    const second = parsed(variant('create-user', { eventID: undefined }));
    const other = parsed(variant('delete-user', { eventID: undefined }));

    expect(fromEnvelope.eventId).toBe('7bf73129-1428-4cd3-a780-95db273d1602');
    expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(second.eventId).toBe(first.eventId);
    expect(other.eventId).not.toBe(first.eventId);
  });

  it('treats a non-string field as missing rather than failing', () => {
    const event = parsed(
      variant('create-user', {
        eventName: 42,
        userAgent: { nested: true },
        userIdentity: 'Alice',
        requestParameters: ['Bob'],
        readOnly: 'yes',
      }),
    );

    expect(event.eventName).toBe('');
    expect(event.userAgent).toBeUndefined();
    expect(event.userAgentClass).toBe('unknown');
    expect(event.actor).toEqual({ kind: 'unknown', name: 'unknown' });
    expect(event.targetUser).toBe('Bob');
    expect(event.readOnly).toBeUndefined();
  });

  it.each([
    [null, 'null'],
    [undefined, 'a undefined'],
    ['{"eventName":"CreateUser"}', 'a string'],
    [42, 'a number'],
    [[loadRecord('create-user')], 'an array'],
  ])('rejects %j, which is not an object', (input, shown) => {
    const result = parseEvent(input);

    expect(result).toEqual({ ok: false, error: expect.stringContaining(`got ${shown}`) });
  });

  it('rejects an object that has none of the CloudTrail record fields', () => {
    const result = parseEvent({ hello: 'world' });

    expect(result).toEqual({ ok: false, error: expect.stringMatching(/not a CloudTrail record/) });
  });

  it.each([
    ['missing', (e: Record<string, unknown>) => delete e.detail, /detail is missing/],
    ['null', (e: Record<string, unknown>) => (e.detail = null), /detail is null/],
    ['a string', (e: Record<string, unknown>) => (e.detail = '{}'), /detail is a string/],
    ['an array', (e: Record<string, unknown>) => (e.detail = []), /detail is an array/],
  ])('rejects an envelope whose detail is %s', (_, mutate, reason) => {
    const envelope: Record<string, unknown> = envelopeAround(loadRecord('create-user'));
    mutate(envelope);

    const result = parseEvent(envelope);

    expect(result).toEqual({ ok: false, error: expect.stringMatching(reason) });
  });

  it('rejects an envelope whose detail is not a CloudTrail record, naming the detail-type', () => {
    const heartbeat = envelopeAround(
      {},
      { 'detail-type': 'Scheduled Event', source: 'aws.events' },
    );

    const result = parseEvent(heartbeat);

    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/'Scheduled Event' envelope has no CloudTrail record/),
    });
  });

  it('reads an AWS service event that is not a CloudTrail record (alarm state change)', () => {
    // Real shape: CloudWatch User Guide, "Alarm events and EventBridge".
    const envelope = {
      version: '0',
      id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '123456789012',
      time: '2019-10-02T17:04:40Z',
      region: 'eu-west-1',
      resources: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:trailwatch-forwarding-dlq'],
      detail: {
        alarmName: 'trailwatch-forwarding-dlq',
        state: {
          value: 'ALARM',
          reason: 'Threshold Crossed',
          timestamp: '2019-10-02T17:04:40.989+0000',
        },
        previousState: { value: 'OK' },
      },
    };

    const result = parseEvent(envelope);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event).toMatchObject({
      eventId: envelope.id,
      eventName: 'CloudWatch Alarm State Change',
      eventSource: 'aws.cloudwatch',
      account: '123456789012',
      region: 'eu-west-1',
      time: '2019-10-02T17:04:40Z',
      actor: { kind: 'aws-service', name: 'aws.cloudwatch' },
      outcome: { success: true },
    });
    expect(result.event.envelope).toBe(envelope);
    expect(result.event.record).toBe(envelope.detail);
  });

  it('still rejects a service envelope that is not from AWS or has an empty detail', () => {
    const custom = {
      version: '0',
      id: '1',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'acme.fake',
      account: '123456789012',
      time: '2019-10-02T17:04:40Z',
      region: 'eu-west-1',
      resources: [],
      detail: { alarmName: 'x' },
    };
    expect(parseEvent(custom).ok).toBe(false);
    expect(parseEvent({ ...custom, source: 'aws.events', detail: {} }).ok).toBe(false);
  });

  it('reports a throwing input instead of throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
      },
    );

    expect(parseEvent(hostile)).toEqual({ ok: false, error: 'could not read the input: boom' });
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseEvent(value);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('parses a record with arbitrary values in any CloudTrail field, never throwing downstream', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const record = fc.record(
      {
        eventName: fc.string(),
        eventSource: field,
        eventType: field,
        eventID: field,
        eventTime: field,
        userAgent: field,
        readOnly: field,
        errorCode: field,
        recipientAccountId: field,
        requestParameters: field,
        responseElements: field,
        additionalEventData: field,
        serviceEventDetails: field,
        userIdentity: fc.oneof(
          field,
          fc.record(
            {
              type: fc.oneof(
                fc.constantFrom('Root', 'IAMUser', 'AssumedRole', 'FederatedUser', 'AWSService'),
                fc.constantFrom('AWSAccount', 'Unknown'),
                field,
              ),
              userName: field,
              arn: fc.oneof(fc.string(), fc.constant('arn:aws:sts::1:assumed-role/r/'), field),
              principalId: field,
              invokedBy: field,
              sessionContext: field,
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: ['eventName'] },
    );
    fc.assert(
      fc.property(record, fc.boolean(), (value, wrap) => {
        const result = parseEvent(wrap ? envelopeAround(value) : value);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.event.actor.name.length).toBeGreaterThan(0);
        expect(describeActor(result.event.actor).length).toBeGreaterThan(0);
        expect(typeof isDeliveredByDefault(result.event.record)).toBe('boolean');
        expect(toEnvelope(result.event.record).detail).toBe(result.event.record);
      }),
      { numRuns: 2000 },
    );
  });
});
