import { describe, expect, it } from 'vitest';
import { grantsFullAdmin, parsePolicyDocument } from '../src/catalogue/policy-document.js';

const admin = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

describe('Function: parsePolicyDocument', () => {
  it('reads plain JSON, URL-encoded JSON (also with + for spaces) and objects', () => {
    const json = JSON.stringify(admin, null, 1);
    expect(parsePolicyDocument(json)).toEqual(admin);
    expect(parsePolicyDocument(encodeURIComponent(json))).toEqual(admin);
    expect(parsePolicyDocument(encodeURIComponent(json).replace(/%20/g, '+'))).toEqual(admin);
    expect(parsePolicyDocument(admin)).toEqual(admin);
  });

  it('returns undefined for anything that is not a JSON object', () => {
    for (const bad of ['', '%7B%22broken', '%E0%A4%A', '[1,2]', 'null', 42, null, undefined]) {
      expect(parsePolicyDocument(bad)).toBeUndefined();
    }
  });
});

describe('Function: grantsFullAdmin', () => {
  it('is true for Allow * on * as strings, lists or a single statement object', () => {
    expect(grantsFullAdmin(admin)).toBe(true);
    expect(
      grantsFullAdmin({ Statement: { Effect: 'Allow', Action: ['*'], Resource: ['*'] } }),
    ).toBe(true);
  });

  it('is false for scoped, denied or malformed statements', () => {
    for (const statement of [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' },
      { Effect: 'Deny', Action: '*', Resource: '*' },
      { Effect: 'Allow', Action: '*' },
      'Allow * *',
      null,
    ]) {
      expect(grantsFullAdmin({ Statement: [statement] })).toBe(false);
    }
    expect(grantsFullAdmin(undefined)).toBe(false);
    expect(grantsFullAdmin({})).toBe(false);
  });
});
