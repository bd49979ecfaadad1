import { asObject, booleanAt, type JsonObject, lastSegment, objectAt, textAt } from './fields.js';
import { type Actor, ActorKind, type SessionIssuer } from './types.js';

/** What CloudTrail writes instead of the user name of a sign-in to a user that does not exist. */
export const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Role-name prefix of the roles IAM Identity Center creates for each permission set. */
export const SSO_ROLE_PREFIX = 'AWSReservedSSO_';

const SIGNIN_SOURCE = 'signin.amazonaws.com';
const IDENTITY_CENTER_SIGNIN_EVENTS: ReadonlySet<string> = new Set([
  'UserAuthentication',
  'CredentialChallenge',
  'CredentialVerification',
]);

function sessionIssuerOf(sessionContext: JsonObject | undefined): SessionIssuer | undefined {
  const issuer = objectAt(sessionContext, 'sessionIssuer');
  if (issuer === undefined) return undefined;
  const result: { -readonly [K in keyof SessionIssuer]: SessionIssuer[K] } = {};
  const type = textAt(issuer, 'type');
  const name = textAt(issuer, 'userName');
  const arn = textAt(issuer, 'arn');
  const accountId = textAt(issuer, 'accountId');
  if (type !== undefined) result.type = type;
  if (name !== undefined) result.name = name;
  if (arn !== undefined) result.arn = arn;
  if (accountId !== undefined) result.accountId = accountId;
  return result;
}

/** `<role>` of `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
function roleFromAssumedRoleArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const start = arn.indexOf(':assumed-role/');
  if (start < 0) return undefined;
  const from = start + ':assumed-role/'.length;
  const end = arn.indexOf('/', from);
  return end > from ? arn.slice(from, end) : undefined;
}

/** The session name: the ARN tail of a role session, else the part after `:` of the principal id. */
function sessionNameOf(
  arn: string | undefined,
  principalId: string | undefined,
): string | undefined {
  if (arn?.includes(':assumed-role/')) return lastSegment(arn);
  if (principalId === undefined) return undefined;
  const colon = principalId.indexOf(':');
  return colon >= 0 && colon < principalId.length - 1 ? principalId.slice(colon + 1) : undefined;
}

/**
 * The identity provider a role session was federated through: `additionalEventData.SamlProviderArn`
 * (SAML console sign-ins) or a populated `sessionContext.webIdFederationData` (OIDC). Ordinary
 * role sessions often carry an *empty* `webIdFederationData: {}`, which is not federation.
 */
function federationProviderOf(
  record: JsonObject,
  sessionContext: JsonObject | undefined,
): string | undefined {
  const saml = textAt(objectAt(record, 'additionalEventData'), 'SamlProviderArn');
  if (saml !== undefined) return saml;
  const webId = objectAt(sessionContext, 'webIdFederationData');
  if (webId === undefined) return undefined;
  const provider = textAt(webId, 'federatedProvider');
  if (provider !== undefined) return provider;
  for (const key in webId) {
    if (Object.hasOwn(webId, key)) return 'web-identity';
  }
  return undefined;
}

function isIdentityCenterSignIn(record: JsonObject): boolean {
  if (textAt(record, 'eventSource') !== SIGNIN_SOURCE) return false;
  const eventName = textAt(record, 'eventName');
  if (eventName !== undefined && IDENTITY_CENTER_SIGNIN_EVENTS.has(eventName)) return true;
  if (textAt(record, 'eventType') === 'AwsServiceEvent') return true;
  const loginTo = textAt(objectAt(record, 'additionalEventData'), 'LoginTo');
  return loginTo?.includes('.awsapps.com/') === true;
}

/** A service principal from a service-name `sourceIPAddress` (`config.amazonaws.com`). */
function servicePrincipalFromSource(record: JsonObject): string | undefined {
  const source = textAt(record, 'sourceIPAddress');
  return source?.endsWith('.amazonaws.com') ? source : undefined;
}

/**
 * The actor of a CloudTrail record, from `userIdentity`. Never throws; every field is optional and
 * the name falls back `userName` → `sessionIssuer.userName` → ARN tail → `principalId` → `unknown`
 * (with per-kind exceptions documented in the README).
 */
export function parseActor(record: JsonObject): Actor {
  const identity = asObject(record.userIdentity);
  const type = textAt(identity, 'type');
  const userName = textAt(identity, 'userName');
  const arn = textAt(identity, 'arn');
  const principalId = textAt(identity, 'principalId');
  const accountId = textAt(identity, 'accountId');
  const accessKeyId = textAt(identity, 'accessKeyId');
  const invokedBy = textAt(identity, 'invokedBy');
  const sessionContext = objectAt(identity, 'sessionContext');
  const sessionIssuer = sessionIssuerOf(sessionContext);
  const mfaAuthenticated = booleanAt(objectAt(sessionContext, 'attributes'), 'mfaAuthenticated');

  let kind: Actor['kind'];
  let name: string | undefined;
  let sessionName: string | undefined;
  let federationProvider: string | undefined;

  switch (type) {
    case 'Root':
      kind = ActorKind.ROOT;
      name = 'root';
      break;
    case 'IAMUser':
      kind = ActorKind.IAM_USER;
      name = userName ?? lastSegment(arn) ?? principalId;
      break;
    case 'AssumedRole': {
      sessionName = sessionNameOf(arn, principalId);
      const role = sessionIssuer?.name ?? roleFromAssumedRoleArn(arn);
      if (role?.startsWith(SSO_ROLE_PREFIX)) {
        kind = ActorKind.SSO;
        name = sessionName ?? userName ?? role;
        break;
      }
      federationProvider = federationProviderOf(record, sessionContext);
      if (federationProvider !== undefined) {
        // The federated human is the session name (often an e-mail); the role is in sessionIssuer.
        kind = ActorKind.FEDERATED;
        name = sessionName ?? userName ?? role;
      } else {
        kind = ActorKind.ASSUMED_ROLE;
        name = userName ?? role ?? lastSegment(arn) ?? principalId;
      }
      break;
    }
    case 'FederatedUser':
      // sessionIssuer.userName is the IAM user who called GetFederationToken, not this user.
      kind = ActorKind.FEDERATED;
      sessionName = sessionNameOf(arn, principalId);
      name = lastSegment(arn) ?? sessionName ?? userName ?? principalId;
      break;
    case 'AWSService':
      kind = ActorKind.AWS_SERVICE;
      name = invokedBy ?? servicePrincipalFromSource(record) ?? principalId;
      break;
    case 'AWSAccount':
      if (invokedBy !== undefined) {
        kind = ActorKind.AWS_SERVICE;
        name = invokedBy;
      } else {
        kind = ActorKind.UNKNOWN;
        name = userName ?? lastSegment(arn) ?? principalId ?? accountId;
      }
      break;
    default:
      kind =
        userName !== undefined && isIdentityCenterSignIn(record)
          ? ActorKind.SSO
          : ActorKind.UNKNOWN;
      name = userName ?? sessionIssuer?.name ?? lastSegment(arn) ?? principalId;
  }

  const actor: { -readonly [K in keyof Actor]: Actor[K] } = { kind, name: name ?? 'unknown' };
  if (type !== undefined) actor.identityType = type;
  if (userName === HIDDEN_USER_NAME) actor.nameHidden = true;
  if (arn !== undefined) actor.arn = arn;
  if (principalId !== undefined) actor.principalId = principalId;
  if (accountId !== undefined) actor.accountId = accountId;
  if (accessKeyId !== undefined) actor.accessKeyId = accessKeyId;
  if (sessionIssuer !== undefined) actor.sessionIssuer = sessionIssuer;
  if (sessionName !== undefined) actor.sessionName = sessionName;
  if (invokedBy !== undefined) actor.invokedBy = invokedBy;
  if (mfaAuthenticated !== undefined) actor.mfaAuthenticated = mfaAuthenticated;
  if (federationProvider !== undefined) actor.federationProvider = federationProvider;
  return actor;
}
