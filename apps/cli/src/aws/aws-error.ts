import { CommandError } from '../errors.js';

/** The name an AWS SDK error carries (`AccessDeniedException`, `CredentialsProviderError`, …). */
export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : 'Error';
}

/** Whether the error is one of the named AWS error types. */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  return names.includes(errorName(error));
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
]);

/** A hint for errors that have the same fix whatever the call was. */
export function genericHint(error: unknown): string | undefined {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials were found: pass --profile <name>, set AWS_PROFILE, or run `aws sso login --profile <name>`';
  }
  if (/ExpiredToken|TokenRefreshRequired|expired/i.test(name) || /token.*expired/i.test(message)) {
    return 'the session has expired: run `aws sso login --profile <name>` (or refresh your credentials) and try again';
  }
  if (ACCESS_DENIED.has(name)) {
    return 'the credentials in use may not make this call: use --profile for the account named above, with a role that allows it';
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/.test(`${name} ${message}`)) {
    return 'the AWS endpoint could not be reached: check the network, --region, and any AWS_ENDPOINT_URL_* variables';
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId') {
    return 'the credentials are not valid in this partition/region: check --profile and --region';
  }
  return undefined;
}

/**
 * Wraps an AWS SDK failure as a {@link CommandError} that names what was attempted, the cause
 * (`Name: message`) and a hint.
 */
export function awsError(error: unknown, attempted: string, hint?: string): CommandError {
  const message = error instanceof Error ? error.message : String(error);
  const generic = genericHint(error);
  // Missing credentials or no network beat any call-specific advice; a denial is best explained
  // by the caller, who knows which permission the call needed.
  const chosen =
    generic !== undefined && !ACCESS_DENIED.has(errorName(error)) ? generic : (hint ?? generic);
  return new CommandError(`${attempted}: ${errorName(error)}: ${message}`, {
    cause: error,
    ...(chosen === undefined ? {} : { hint: chosen }),
  });
}
