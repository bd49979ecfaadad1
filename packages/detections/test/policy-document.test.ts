import { describe, expect, it } from 'vitest';
import {
  grantsFullAdmin,
  grantsPublicAccess,
  outsidePrincipals,
  parsePolicyDocument,
  principalAccount,
} from '../src/catalogue/policy-document.js';

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

describe('Function: outsidePrincipals', () => {
  const allow = (Principal: unknown, Condition?: unknown) => ({
    Statement: [
      { Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) },
    ],
  });

  it('lists other accounts by id or ARN, not the own account or trusted ones', () => {
    const document = allow({
      AWS: [
        'arn:aws:iam::999988887777:root',
        '444455556666',
        'arn:aws:iam::111122223333:role/ci',
        'arn:aws:sts::555566667777:assumed-role/x/y',
      ],
    });
    expect(outsidePrincipals(document, '111122223333', ['444455556666'])).toEqual([
      'arn:aws:iam::999988887777:root',
      'arn:aws:sts::555566667777:assumed-role/x/y',
    ]);
  });

  it('lists "*" unless a condition pins it to an organization, account, source or endpoint', () => {
    expect(outsidePrincipals(allow('*'), '111122223333')).toEqual(['*']);
    expect(outsidePrincipals(allow({ AWS: '*' }), '111122223333')).toEqual(['*']);
    for (const key of ['aws:PrincipalOrgID', 'AWS:SourceAccount', 'aws:sourcevpce']) {
      expect(
        outsidePrincipals(allow('*', { StringEquals: { [key]: 'x' } }), '111122223333'),
      ).toEqual([]);
    }
    // A condition on something else does not keep strangers out.
    expect(
      outsidePrincipals(allow('*', { Bool: { 'aws:SecureTransport': 'true' } }), '111122223333'),
    ).toEqual(['*']);
  });

  it('ignores service and federated principals, Deny statements and bad input', () => {
    expect(outsidePrincipals(allow({ Service: 'lambda.amazonaws.com' }), '111122223333')).toEqual(
      [],
    );
    expect(
      outsidePrincipals(allow({ Federated: 'arn:aws:iam::111122223333:oidc-provider/x' }), '1'),
    ).toEqual([]);
    const deny = { Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] };
    expect(outsidePrincipals(deny, '111122223333')).toEqual([]);
    expect(outsidePrincipals(undefined, '111122223333')).toEqual([]);
    expect(outsidePrincipals({ Statement: 'nonsense' }, '111122223333')).toEqual([]);
  });
});

describe('Function: grantsPublicAccess', () => {
  it('is true for an unconditioned Allow to "*", false once scoped or for services', () => {
    const statement = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' };
    expect(grantsPublicAccess({ Statement: [statement] })).toBe(true);
    expect(
      grantsPublicAccess({
        Statement: [{ ...statement, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }],
      }),
    ).toBe(false);
    expect(
      grantsPublicAccess({
        Statement: [{ ...statement, Principal: { Service: 'cloudtrail.amazonaws.com' } }],
      }),
    ).toBe(false);
  });
});

describe('Function: principalAccount', () => {
  it('reads 12-digit ids and IAM/STS ARNs in any partition, nothing else', () => {
    expect(principalAccount('111122223333')).toBe('111122223333');
    expect(principalAccount('arn:aws-us-gov:iam::111122223333:root')).toBe('111122223333');
    expect(principalAccount('11112222333')).toBeUndefined();
    expect(principalAccount('arn:aws:s3:::bucket')).toBeUndefined();
  });
});
