import { loadRecord } from '@trailwatch/fixtures';
import { describe, expect, it } from 'vitest';
import { HIDDEN_USER_NAME, parseActor } from '../src/index.js';
import { parsed } from './helpers.js';

function withIdentity(name: string, identity: unknown): Record<string, unknown> {
  const record = loadRecord(name);
  record.userIdentity = identity;
  return record;
}

describe('Function: parseActor', () => {
  it('names the root user `root` although the record has no userName', () => {
    const { actor } = parsed('console-login-root-success');

    expect(actor).toMatchObject({
      kind: 'root',
      name: 'root',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
      identityType: 'Root',
    });
  });

  it('treats an empty accessKeyId as absent', () => {
    expect(parsed('console-login-root-success').actor.accessKeyId).toBeUndefined();
    expect(parsed('create-user').actor.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
  });

  it('names an IAM user by userName', () => {
    expect(parsed('console-login-iam-user-success-no-mfa').actor).toMatchObject({
      kind: 'iam-user',
      name: 'anaya',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    });
  });

  it('reads an IAM user on a failed sign-in whose userIdentity has no arn', () => {
    const { actor } = parsed('console-login-iam-user-failure');

    expect(actor).toMatchObject({ kind: 'iam-user', name: 'anaya' });
    expect(actor.arn).toBeUndefined();
  });

  it('falls back to the ARN tail, then the principal id, when an IAM user has no userName', () => {
    const byArn = parseActor(
      withIdentity('create-user', { type: 'IAMUser', arn: 'arn:aws:iam::1:user/ops/alice' }),
    );
    const byPrincipal = parseActor(
      withIdentity('create-user', { type: 'IAMUser', arn: '', principalId: 'AIDAEXAMPLE' }),
    );
    const byNothing = parseActor(withIdentity('create-user', { type: 'IAMUser' }));

    expect(byArn.name).toBe('alice');
    expect(byPrincipal.name).toBe('AIDAEXAMPLE');
    expect(byNothing.name).toBe('unknown');
  });

  it('keeps the hidden user name as recorded and flags it', () => {
    const { actor } = parsed('console-login-hidden-user');

    expect(actor).toMatchObject({ kind: 'iam-user', name: HIDDEN_USER_NAME, nameHidden: true });
    expect(parsed('create-user').actor.nameHidden).toBeUndefined();
  });

  it('names a plain role session by its role and keeps the session name', () => {
    const { actor } = parsed('console-login-assumed-role');

    expect(actor).toMatchObject({
      kind: 'assumed-role',
      name: 'my-role',
      sessionName: 'my-session-name',
      mfaAuthenticated: false,
      sessionIssuer: {
        type: 'Role',
        name: 'my-role',
        arn: 'arn:aws:iam::123456789012:role/my-role',
        accountId: '123456789012',
      },
    });
  });

  it('does not mistake the empty webIdFederationData of ordinary role sessions for federation', () => {
    expect(parsed('create-access-key-other-user').actor).toMatchObject({
      kind: 'assumed-role',
      name: 'deploy',
      sessionName: 'ci-123',
    });
  });

  it('takes the role from the ARN when the sessionIssuer is missing', () => {
    const actor = parseActor(
      withIdentity('create-user', {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::123456789012:assumed-role/deploy/ci-123',
      }),
    );

    expect(actor).toMatchObject({ kind: 'assumed-role', name: 'deploy', sessionName: 'ci-123' });
  });

  it('takes the session name from the principal id when the ARN is missing', () => {
    const actor = parseActor(
      withIdentity('create-user', {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:ci-456',
        sessionContext: { sessionIssuer: { userName: 'deploy' } },
      }),
    );

    expect(actor).toMatchObject({ name: 'deploy', sessionName: 'ci-456' });
  });

  it('keeps invokedBy of a role session that a service used', () => {
    expect(parsed('create-user-cloudformation').actor).toMatchObject({
      kind: 'assumed-role',
      invokedBy: 'cloudformation.amazonaws.com',
    });
  });

  it('recognizes an Identity Center permission-set role as SSO, named by the session (e-mail)', () => {
    const { actor } = parsed('console-login-sso-assumed-role');

    expect(actor).toMatchObject({
      kind: 'sso',
      name: 'alice@corp.example',
      sessionName: 'alice@corp.example',
      sessionIssuer: { name: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef' },
    });
  });

  it('recognizes an SSO role session from its ARN alone', () => {
    const actor = parseActor(
      withIdentity('create-user', {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_ReadOnly_abcdef0123456789/bob@corp',
      }),
    );

    expect(actor).toMatchObject({ kind: 'sso', name: 'bob@corp' });
  });

  it('recognizes a SAML console sign-in as federated, named by the session', () => {
    const { actor } = parsed('console-login-saml');

    expect(actor).toMatchObject({
      kind: 'federated',
      name: 'tester@example.com',
      federationProvider: 'arn:aws:iam::123456789012:saml-provider/Okta',
      sessionIssuer: { name: 'okta-admin' },
    });
  });

  it('recognizes a web-identity (OIDC) role session as federated', () => {
    expect(parsed('create-user-web-identity-role').actor).toMatchObject({
      kind: 'federated',
      name: 'GitHubActions',
      federationProvider:
        'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    });
  });

  it('names a federated user by its own name, not by the IAM user that issued it', () => {
    expect(parsed('create-user-federated-user').actor).toMatchObject({
      kind: 'federated',
      name: 'contractor-dan',
      sessionIssuer: { type: 'IAMUser', name: 'Alice' },
    });
  });

  it('names an AWS service by invokedBy', () => {
    expect(parsed('aws-service-actor').actor).toEqual({
      kind: 'aws-service',
      name: 'config.amazonaws.com',
      identityType: 'AWSService',
      invokedBy: 'config.amazonaws.com',
    });
  });

  it('names an AWS service by its service-name source address when invokedBy is missing', () => {
    const record = withIdentity('aws-service-actor', { type: 'AWSService' });

    expect(parseActor(record).name).toBe('config.amazonaws.com');
  });

  it('treats an AWSAccount identity with invokedBy as an AWS service', () => {
    const service = parseActor(
      withIdentity('create-user', { type: 'AWSAccount', invokedBy: 'sso.amazonaws.com' }),
    );
    const account = parseActor(
      withIdentity('create-user', { type: 'AWSAccount', principalId: 'AIDAOTHER', accountId: '9' }),
    );

    expect(service).toMatchObject({ kind: 'aws-service', name: 'sso.amazonaws.com' });
    expect(account).toMatchObject({ kind: 'unknown', name: 'AIDAOTHER' });
  });

  it('recognizes the Unknown identity of an Identity Center sign-in as SSO, named by userName', () => {
    const success = parsed('sso-user-authentication').actor;
    const failure = parsed('sso-credential-verification-failure').actor;

    expect(success).toMatchObject({ kind: 'sso', name: 'user1', identityType: 'Unknown' });
    expect(success.arn).toBeUndefined();
    expect(failure).toMatchObject({ kind: 'sso', name: 'user1' });
  });

  it('leaves an Unknown identity outside sign-in as unknown', () => {
    const record = loadRecord('sso-user-authentication');
    record.eventSource = 'sts.amazonaws.com';
    record.eventName = 'AssumeRoleWithWebIdentity';
    record.eventType = 'AwsApiCall';
    record.additionalEventData = null;

    expect(parseActor(record)).toMatchObject({ kind: 'unknown', name: 'user1' });
  });

  it('reads mfaAuthenticated of the session, as a string or a boolean', () => {
    expect(parsed('switch-role').actor.mfaAuthenticated).toBe(true);
    const actor = parseActor(
      withIdentity('create-user', {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::1:assumed-role/r/s',
        sessionContext: { attributes: { mfaAuthenticated: true } },
      }),
    );
    expect(actor.mfaAuthenticated).toBe(true);
    expect(parsed('create-user').actor.mfaAuthenticated).toBeUndefined();
  });
});
