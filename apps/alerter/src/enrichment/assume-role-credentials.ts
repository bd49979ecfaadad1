import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';

/** Temporary credentials in the shape SDK clients accept. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Refresh this long before the session expires, so no request is signed with stale keys. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * A credential provider that assumes `roleArn` with the function's own credentials and caches the
 * session until shortly before it expires. `@aws-sdk/credential-providers` (`fromTemporaryCredentials`)
 * is not among the pinned packages; this is the part of it the alerter needs.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  sessionName = 'trailwatch-alerter',
  now: () => number = Date.now,
): () => Promise<TemporaryCredentials> {
  let current: Promise<TemporaryCredentials> | undefined;
  let expiresAt = 0;
  return () => {
    if (current === undefined || now() >= expiresAt - REFRESH_MARGIN_MS) {
      const pending = sts
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }))
        .then((answer) => {
          const credentials = answer.Credentials;
          if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
            throw new Error(`AssumeRole ${roleArn} returned no credentials`);
          }
          expiresAt = credentials.Expiration?.getTime() ?? now() + 15 * 60_000;
          return {
            accessKeyId: credentials.AccessKeyId,
            secretAccessKey: credentials.SecretAccessKey,
            sessionToken: credentials.SessionToken,
            expiration: credentials.Expiration,
          };
        });
      pending.catch(() => {
        if (current === pending) current = undefined;
      });
      current = pending;
      expiresAt = Number.POSITIVE_INFINITY;
    }
    return current;
  };
}
