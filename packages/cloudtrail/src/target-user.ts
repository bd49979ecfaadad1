import { type JsonObject, objectAt, textAt } from './fields.js';
import { type Actor, ActorKind } from './types.js';

/**
 * IAM calls whose `UserName` is optional and defaults to the caller ("If you do not specify a user
 * name, IAM determines the user name implicitly based on the AWS access key ID signing the
 * request"); CloudTrail then logs `requestParameters: null`.
 */
const SELF_DEFAULT_CALLS: ReadonlySet<string> = new Set([
  'CreateAccessKey',
  'DeleteAccessKey',
  'UpdateAccessKey',
  'ListAccessKeys',
  'UploadSigningCertificate',
  'UpdateSigningCertificate',
  'DeleteSigningCertificate',
  'ListSigningCertificates',
  'ListMFADevices',
  'GetUser',
  'ChangePassword',
]);

/**
 * The IAM user acted upon: `requestParameters.userName`, else `responseElements.user.userName`,
 * else `responseElements.accessKey.userName`; for a caller-defaulting IAM call (see
 * `SELF_DEFAULT_CALLS`) with no user name anywhere, the actor itself when it is an IAM user or root.
 */
export function parseTargetUser(record: JsonObject, actor: Actor): string | undefined {
  const fromRequest = textAt(objectAt(record, 'requestParameters'), 'userName');
  if (fromRequest !== undefined) return fromRequest;
  const response = objectAt(record, 'responseElements');
  const fromResponse =
    textAt(objectAt(response, 'user'), 'userName') ??
    textAt(objectAt(response, 'accessKey'), 'userName');
  if (fromResponse !== undefined) return fromResponse;

  const eventName = record.eventName;
  if (
    typeof eventName === 'string' &&
    SELF_DEFAULT_CALLS.has(eventName) &&
    record.eventSource === 'iam.amazonaws.com' &&
    (actor.kind === ActorKind.IAM_USER || actor.kind === ActorKind.ROOT)
  ) {
    return actor.name;
  }
  return undefined;
}
