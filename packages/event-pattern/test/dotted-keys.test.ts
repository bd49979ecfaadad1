import { describe, expect, it } from 'vitest';
import { compilePattern, validatePattern } from '../src/index.js';
import { ec2StateChange } from './fixtures/aws-doc-events.js';

const matches = (pattern: object, event: unknown) => compilePattern(pattern).matches(event);

describe('Function: compilePattern (dotted keys)', () => {
  it('reads a dotted pattern key as the nested path, as EventBridge does', () => {
    expect(matches({ 'detail.state': ['terminated'] }, ec2StateChange)).toBe(true);
    expect(matches({ 'detail.state': ['running'] }, ec2StateChange)).toBe(false);
  });

  it('reads a dotted event key as the nested path', () => {
    const flat = { source: 'aws.ec2', 'detail.state': 'terminated' };
    expect(matches({ detail: { state: ['terminated'] } }, flat)).toBe(true);
    expect(matches({ detail: { state: ['running'] } }, flat)).toBe(false);
  });

  it('matches a dotted pattern against a dotted event, split at different dots', () => {
    const event = { 'a.b': { c: 'x' } };
    expect(matches({ a: { 'b.c': ['x'] } }, event)).toBe(true);
    expect(matches({ 'a.b.c': ['x'] }, event)).toBe(true);
    expect(matches({ 'a.b.c': ['y'] }, event)).toBe(false);
  });

  it('merges a dotted key with its nested siblings, so every field must still match', () => {
    const pattern = {
      'detail.state': ['terminated'],
      detail: { 'instance-id': ['i-1234567890abcdef0'] },
    };
    expect(matches(pattern, ec2StateChange)).toBe(true);
    const other = { ...ec2StateChange, detail: { ...ec2StateChange.detail, 'instance-id': 'i-x' } };
    expect(matches(pattern, other)).toBe(false);
  });

  it('treats the same path given both ways in an event as two values of one field', () => {
    const event = { a: { b: 'x' }, 'a.b': 'y' };
    expect(matches({ a: { b: ['x'] } }, event)).toBe(true);
    expect(matches({ a: { b: ['y'] } }, event)).toBe(true);
    expect(matches({ a: { b: ['z'] } }, event)).toBe(false);
  });

  it('keeps exists:false true only when the dotted field is absent too', () => {
    const pattern = { detail: { errorCode: [{ exists: false }] } };
    expect(matches(pattern, { detail: {} })).toBe(true);
    expect(matches(pattern, { 'detail.errorCode': 'AccessDenied' })).toBe(false);
  });

  it('expands dotted keys inside $or alternatives and inside arrays of objects', () => {
    const pattern = { $or: [{ 'a.b': ['1'] }, { 'c.d': ['2'] }] };
    expect(matches(pattern, { c: { d: '2' } })).toBe(true);
    expect(
      matches({ items: { name: ['x'] } }, { items: [{ 'name.first': 'y' }, { name: 'x' }] }),
    ).toBe(true);
    expect(matches({ 'items.name': ['x'] }, { items: [{ name: 'x' }] })).toBe(true);
  });

  it('leaves keys with an empty segment whole ("a.", ".a", "a..b")', () => {
    expect(matches({ 'a.': ['x'] }, { 'a.': 'x' })).toBe(true);
    expect(matches({ 'a.': ['x'] }, { a: { '': 'x' } })).toBe(false);
    expect(matches({ 'a..b': ['x'] }, { 'a..b': 'x' })).toBe(true);
  });

  it('does not change the event it matched', () => {
    const event = { 'detail.state': 'terminated' };
    compilePattern({ detail: { state: ['terminated'] } }).matches(event);
    expect(event).toEqual({ 'detail.state': 'terminated' });
  });
});

describe('Function: validatePattern (dotted keys)', () => {
  it('refuses a pattern that names one field twice, dotted and nested', () => {
    expect(validatePattern({ 'detail.state': ['a'], detail: { state: ['b'] } })).toEqual([
      {
        path: 'detail.state',
        problem: expect.stringContaining('names the same field twice'),
      },
    ]);
  });

  it('accepts dotted and nested keys that name different fields', () => {
    expect(validatePattern({ 'detail.state': ['a'], detail: { other: ['b'] } })).toEqual([]);
  });
});
