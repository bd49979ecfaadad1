import { describe, expect, it } from 'vitest';
import { type Actor, describeActor, permissionSetRole } from '../src/index.js';
import { parsed } from './helpers.js';

describe('Function: describeActor', () => {
  it('describes an IAM user', () => {
    expect(describeActor({ kind: 'iam-user', name: 'alice' })).toBe('alice (IAM user)');
    expect(describeActor(parsed('create-user').actor)).toBe('Alice (IAM user)');
  });

  it('describes the root user', () => {
    expect(describeActor(parsed('console-login-root-success').actor)).toBe('root');
  });

  it('describes an SSO user with the permission-set role, without its hash suffix', () => {
    const actor: Actor = {
      kind: 'sso',
      name: 'alice@corp',
      sessionName: 'alice@corp',
      sessionIssuer: { type: 'Role', name: 'AWSReservedSSO_Admin_0123456789abcdef' },
    };

    expect(describeActor(actor)).toBe('alice@corp via AWSReservedSSO_Admin (SSO)');
    expect(describeActor(parsed('console-login-sso-assumed-role').actor)).toBe(
      'alice@corp.example via AWSReservedSSO_AdministratorAccess (SSO)',
    );
  });

  it('describes an Identity Center sign-in, which has no role', () => {
    expect(describeActor(parsed('sso-user-authentication').actor)).toBe('user1 (SSO)');
  });

  it('describes a role session by role and session', () => {
    expect(describeActor(parsed('create-access-key-other-user').actor)).toBe(
      'role deploy / session ci-123',
    );
    expect(describeActor({ kind: 'assumed-role', name: 'deploy' })).toBe('role deploy');
  });

  it('names the service that used a role session', () => {
    expect(describeActor(parsed('create-user-cloudformation').actor)).toBe(
      'role cdk-hnb659fds-cfn-exec-role-123456789012-us-east-1 / session AWSCloudFormation via cloudformation.amazonaws.com',
    );
  });

  it('describes an AWS service', () => {
    expect(describeActor(parsed('aws-service-actor').actor)).toBe(
      'AWS service (config.amazonaws.com)',
    );
  });

  it('describes federated sessions and federated users', () => {
    expect(describeActor(parsed('console-login-saml').actor)).toBe(
      'tester@example.com via okta-admin (federated)',
    );
    expect(describeActor(parsed('create-user-federated-user').actor)).toBe(
      'contractor-dan (federated user)',
    );
  });

  it('shows a hidden user name as such', () => {
    expect(describeActor(parsed('console-login-hidden-user').actor)).toBe(
      '(hidden user name) (IAM user)',
    );
  });

  it('describes an unknown identity by its name', () => {
    expect(describeActor({ kind: 'unknown', name: 'AIDAOTHER' })).toBe(
      'AIDAOTHER (unknown identity)',
    );
  });
});

describe('Function: permissionSetRole', () => {
  it('strips only a trailing hex hash', () => {
    expect(permissionSetRole('AWSReservedSSO_Admin_0123456789abcdef')).toBe('AWSReservedSSO_Admin');
    expect(permissionSetRole('AWSReservedSSO_Read_Only_abcdef0123456789')).toBe(
      'AWSReservedSSO_Read_Only',
    );
    expect(permissionSetRole('AWSReservedSSO_Billing')).toBe('AWSReservedSSO_Billing');
  });
});
