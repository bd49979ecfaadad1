import { describe, expect, it } from 'vitest';
import { parsed, variant } from './helpers.js';

describe('Function: parseEvent (targetUser)', () => {
  it('reads requestParameters.userName', () => {
    expect(parsed('create-user').targetUser).toBe('Bob');
    expect(parsed('delete-user').targetUser).toBe('Bob');
    expect(parsed('create-access-key-other-user').targetUser).toBe('carol');
  });

  it('falls back to responseElements.user.userName', () => {
    const record = variant('create-user', { requestParameters: null });

    expect(parsed(record).targetUser).toBe('Bob');
  });

  it('falls back to responseElements.accessKey.userName when requestParameters is null', () => {
    expect(parsed('create-access-key-self').targetUser).toBe('bob');
  });

  it('takes the actor itself for a CreateAccessKey that names no user anywhere', () => {
    const record = variant('create-access-key-self', {
      responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLE', status: 'Active' } },
    });

    expect(parsed(record).targetUser).toBe('bob');
    expect(parsed('create-access-key-root').targetUser).toBe('root');
  });

  it('does not take a role session as the target of a self-defaulting call', () => {
    const record = variant('create-access-key-other-user', {
      requestParameters: null,
      responseElements: null,
      errorCode: 'ValidationError',
    });

    expect(parsed(record).targetUser).toBeUndefined();
  });

  it('has no target for sign-ins and calls on other resources', () => {
    expect(parsed('console-login-root-success').targetUser).toBeUndefined();
    expect(parsed('aws-service-actor').targetUser).toBeUndefined();
    expect(parsed('create-user-access-denied').targetUser).toBeUndefined();
  });
});
