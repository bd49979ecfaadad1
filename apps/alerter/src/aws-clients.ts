import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Connection and per-attempt request timeouts of every AWS client the functions build. Without
 * them the SDK waits for ever on an endpoint that accepts and never answers, so a hung DynamoDB
 * would hold `claim` until Lambda kills the invocation, and neither "post anyway when the table
 * fails" nor the time budget would hold. Each call makes at most `MAX_ATTEMPTS` attempts, so the
 * worst case is about `MAX_ATTEMPTS × (CONNECTION + REQUEST)` plus the SDK's short backoff.
 */
export const AwsClientTimeouts = {
  /** TCP (and TLS) connection set-up; AWS endpoints connect in milliseconds. */
  CONNECTION_MS: 1000,
  /** One DynamoDB or SQS request: single-digit milliseconds when healthy. */
  REQUEST_MS: 2000,
  /** Attempts per call (the SDK's default is also 3, stated here so the worst case is known). */
  MAX_ATTEMPTS: 3,
} as const;

/** The options every AWS client gets: region (when known), timeouts, bounded attempts. */
export function awsClientOptions(region: string | undefined) {
  return {
    ...(region === undefined ? {} : { region }),
    maxAttempts: AwsClientTimeouts.MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: AwsClientTimeouts.CONNECTION_MS,
      requestTimeout: AwsClientTimeouts.REQUEST_MS,
      // Without this, current @smithy/node-http-handler only logs a warning when requestTimeout
      // passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

/** DynamoDB client for the state table, with {@link AwsClientTimeouts}. */
export function createDynamoDbClient(region: string | undefined): DynamoDBClient {
  return new DynamoDBClient(awsClientOptions(region));
}

/** Secrets Manager client for the webhook secrets, with {@link AwsClientTimeouts}. */
export function createSecretsManagerClient(region: string | undefined): SecretsManagerClient {
  return new SecretsManagerClient(awsClientOptions(region));
}

/** SQS client for visibility changes, with {@link AwsClientTimeouts}. */
export function createSqsClient(region: string | undefined): SQSClient {
  return new SQSClient(awsClientOptions(region));
}
