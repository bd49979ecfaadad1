import { toEnvelope } from '@trailwatch/cloudtrail';
import { describe, expect, it } from 'vitest';
import { parseRecordBody } from '../src/parse-record.js';
import { recordVariant } from './helpers/alerts.js';

const record = recordVariant('create-user', { eventId: 'parse-1' });
const envelope = toEnvelope(record);

function eventIdOf(body: string): string | undefined {
  const parsed = parseRecordBody(body);
  return parsed.kind === 'event' ? parsed.event.eventId : undefined;
}

describe('Function: parseRecordBody', () => {
  it('reads an EventBridge envelope around a CloudTrail record', () => {
    expect(eventIdOf(JSON.stringify(envelope))).toBe('parse-1');
  });

  it('reads a body that is the envelope encoded twice', () => {
    expect(eventIdOf(JSON.stringify(JSON.stringify(envelope)))).toBe('parse-1');
  });

  it('reads an envelope whose detail is the record as a JSON string', () => {
    const parsed = parseRecordBody(JSON.stringify({ ...envelope, detail: JSON.stringify(record) }));
    expect(parsed.kind).toBe('event');
    if (parsed.kind !== 'event') return;
    expect(parsed.event.eventId).toBe('parse-1');
    expect(parsed.event.eventName).toBe('CreateUser');
    expect(parsed.event.account).toBe(envelope.account);
  });

  it('reads a raw CloudTrail record without an envelope, as EventBridge would deliver it', () => {
    const parsed = parseRecordBody(JSON.stringify(record));
    expect(parsed.kind).toBe('event');
    if (parsed.kind !== 'event') return;
    expect(parsed.event.eventId).toBe('parse-1');
    expect(parsed.event.account).toBe(record.recipientAccountId);
  });

  it.each([
    ['text', 'this is not json', /not JSON/],
    ['a JSON string of text', JSON.stringify('hello'), /not JSON/],
    ['an array', '[1,2,3]', /not a JSON object/],
    ['an object that is no record', '{"hello":"world"}', /not a CloudTrail record/],
    [
      'an envelope without detail',
      JSON.stringify({ ...envelope, detail: undefined }),
      /detail is missing/,
    ],
    [
      'an envelope whose detail string is not JSON',
      JSON.stringify({ ...envelope, detail: 'garbage' }),
      /not JSON/,
    ],
    [
      'an envelope whose detail string is a number',
      JSON.stringify({ ...envelope, detail: '42' }),
      /no detail object/,
    ],
    [
      'an envelope whose detail is a list',
      JSON.stringify({ ...envelope, detail: [1] }),
      /detail is/,
    ],
  ])('calls %s malformed with a reason', (_, body, reason) => {
    const parsed = parseRecordBody(body);
    expect(parsed.kind).toBe('malformed');
    if (parsed.kind === 'malformed') expect(parsed.reason).toMatch(reason);
  });
});
