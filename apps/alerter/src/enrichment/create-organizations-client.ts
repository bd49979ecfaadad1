import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { awsClientOptions } from '../aws-clients.js';
import { assumeRoleCredentials } from './assume-role-credentials.js';

/** Organizations' only endpoint for reads from member and delegated-admin accounts. */
export const ORGANIZATIONS_REGION = 'us-east-1';

/**
 * Organizations client in us-east-1, with the function's own credentials (delegation policy) or an
 * assumed read-only role. Requests time out so a hung endpoint turns into a fallback, not a stall;
 * `AWS_ENDPOINT_URL_ORGANIZATIONS` / `AWS_ENDPOINT_URL_STS` are honoured by the SDK itself.
 */
export function createOrganizationsClient(options: {
  roleArn?: string;
  region?: string;
}): OrganizationsClient {
  const config = {
    region: ORGANIZATIONS_REGION,
    maxAttempts: 3,
    // Organizations answers slower than DynamoDB; the shared options with a longer request timeout.
    requestHandler: { ...awsClientOptions(undefined).requestHandler, requestTimeout: 3000 },
  };
  if (options.roleArn === undefined) return new OrganizationsClient(config);
  const sts = new STSClient(awsClientOptions(options.region ?? ORGANIZATIONS_REGION));
  return new OrganizationsClient({
    ...config,
    credentials: assumeRoleCredentials(sts, options.roleArn),
  });
}
