/** Credentials as SDK clients consume them. */
export interface EnvironmentCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/**
 * The bundle's stand-in for `@aws-sdk/credential-provider-node`'s `defaultProvider`
 * (substituted by build.mjs). Lambda hands every function its role's credentials in
 * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, so the full chain
 * (profiles, SSO, IMDS, web identity) is dead weight: about 90 KB of the bundle, most of it
 * nested STS/SSO clients. Local runs set the same variables.
 */
export function defaultProvider(): () => Promise<EnvironmentCredentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      const error = new Error(
        'No AWS credentials in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); the alerter bundle reads credentials only from there, as Lambda provides them',
      );
      error.name = 'CredentialsProviderError';
      throw error;
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    const expiration = process.env.AWS_CREDENTIAL_EXPIRATION;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration: new Date(expiration) } : {}),
    };
  };
}
