/** Where and as whom an AWS call is made. */
export interface AwsTarget {
  readonly region: string;
  /** A named profile; undefined = the SDK's standard credential chain. */
  readonly profile?: string;
}

/**
 * Client configuration for an AWS SDK v3 client. Endpoints come from the SDK itself, which also
 * honours `AWS_ENDPOINT_URL_<SERVICE>` (how the local stand-ins are reached).
 */
export function clientConfig(target: AwsTarget): {
  region: string;
  profile?: string;
  maxAttempts: number;
} {
  return {
    region: target.region,
    ...(target.profile === undefined ? {} : { profile: target.profile }),
    // Throttling on ListStackInstances and friends is normal at 1,000 accounts; retry it.
    maxAttempts: 8,
  };
}
