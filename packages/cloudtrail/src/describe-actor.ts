import { type Actor, ActorKind } from './types.js';

/** Identity Center suffixes each permission-set role with a hex hash: `…_Admin_0123456789abcdef`. */
const SSO_ROLE_HASH = /_[0-9a-f]{8,}$/;

/** Shown instead of `HIDDEN_DUE_TO_SECURITY_REASONS`. */
export const HIDDEN_NAME_LABEL = '(hidden user name)';

/** `AWSReservedSSO_Admin_0123456789abcdef` → `AWSReservedSSO_Admin`. */
export function permissionSetRole(role: string): string {
  return role.replace(SSO_ROLE_HASH, '');
}

function roleOf(actor: Actor): string | undefined {
  return actor.sessionIssuer?.name;
}

/**
 * One short line naming the actor for humans:
 * `alice (IAM user)`, `root`, `alice@corp via AWSReservedSSO_Admin (SSO)`,
 * `role deploy / session ci-123`, `AWS service (config.amazonaws.com)`,
 * `tester@example.com via okta-admin (federated)`, `dan (federated user)`.
 * The text is untrusted (session names are caller-chosen): escape it before rendering.
 */
export function describeActor(actor: Actor): string {
  const name = actor.nameHidden === true ? HIDDEN_NAME_LABEL : actor.name;
  const role = roleOf(actor);
  switch (actor.kind) {
    case ActorKind.ROOT:
      return 'root';
    case ActorKind.IAM_USER:
      return `${name} (IAM user)`;
    case ActorKind.SSO:
      return role === undefined ? `${name} (SSO)` : `${name} via ${permissionSetRole(role)} (SSO)`;
    case ActorKind.ASSUMED_ROLE: {
      const base =
        actor.sessionName === undefined
          ? `role ${role ?? name}`
          : `role ${role ?? name} / session ${actor.sessionName}`;
      return actor.invokedBy === undefined ? base : `${base} via ${actor.invokedBy}`;
    }
    case ActorKind.FEDERATED:
      if (actor.identityType === 'AssumedRole' && role !== undefined && role !== name) {
        return `${name} via ${role} (federated)`;
      }
      return `${name} (federated user)`;
    case ActorKind.AWS_SERVICE:
      return `AWS service (${name})`;
    default:
      return `${name} (unknown identity)`;
  }
}
