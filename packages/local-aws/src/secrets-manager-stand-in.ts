import { createHash, randomUUID } from 'node:crypto';
import {
  type AwsJsonStandIn,
  type FaultModes,
  pickFaultModes,
  requireString,
  startAwsJsonService,
} from './aws-json-service.js';
import { AwsServiceError } from './errors.js';
import { secretWriteActions } from './secrets-manager-writes.js';

/** A running Secrets Manager stand-in. */
export interface SecretsManagerStandIn extends AwsJsonStandIn {
  /** ARN the stand-in gives the secret named `name` (name + `-` + 6 characters, like the real one). */
  arnOf(name: string): string;
  /** Creates or rotates a secret: later reads return the new value under a new VersionId. */
  putSecret(name: string, value: string): void;
}

/** Options beyond the secrets themselves. */
export interface SecretsManagerOptions extends Partial<FaultModes> {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
}

/**
 * Starts a Secrets Manager stand-in on loopback speaking AWS JSON 1.1
 * (`X-Amz-Target: secretsmanager.GetSecretValue`), reached by the real
 * `@aws-sdk/client-secrets-manager` through `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 *
 * `secrets` maps a secret name to its `SecretString`; a secret is found by name or by ARN.
 * Unknown ids answer `ResourceNotFoundException`. The call log keeps `SecretId` only, never a value.
 *
 * @example
 * const sm = await startSecretsManagerStandIn({ 'trailwatch/slack': 'https://hooks.example/x' });
 * process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
 */
export async function startSecretsManagerStandIn(
  secrets: Readonly<Record<string, string>>,
  options: SecretsManagerOptions = {},
): Promise<SecretsManagerStandIn> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const store = new Map<string, { value: string; versionId: string; createdAt: number }>();
  const arnOf = (name: string): string => {
    const suffix = createHash('sha256').update(name).digest('base64url').slice(0, 6);
    return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
  };
  const putSecret = (name: string, value: string): void => {
    store.set(name, { value, versionId: randomUUID(), createdAt: Date.now() / 1000 });
  };
  for (const [name, value] of Object.entries(secrets)) {
    putSecret(name, value);
  }
  const find = (secretId: string): string | undefined => {
    if (store.has(secretId)) {
      return secretId;
    }
    // A partial ARN (without the random suffix) is also accepted by the real service.
    return [...store.keys()].find(
      (name) => arnOf(name) === secretId || `${arnOf(name).slice(0, -7)}` === secretId,
    );
  };

  const service = await startAwsJsonService(
    {
      targetPrefix: 'secretsmanager',
      jsonVersion: '1.1',
      throttling: { type: 'ThrottlingException', message: 'Rate exceeded' },
      denyMessage: (action) =>
        `User: arn:aws:sts::${accountId}:assumed-role/trailwatch-alerter/local is not authorized to perform: secretsmanager:${action} because no identity-based policy allows the secretsmanager:${action} action`,
      recordParams: (_action, params) => ({ SecretId: params.SecretId }),
      actions: {
        ...secretWriteActions({
          find,
          arnOf,
          versionOf: (name) => store.get(name)?.versionId,
          put: (name, value, versionId) =>
            store.set(name, { value, versionId, createdAt: Date.now() / 1000 }),
        }),
        GetSecretValue: (params) => {
          const secretId = requireString(params, 'SecretId', 'InvalidParameterException');
          const name = find(secretId);
          const secret = name === undefined ? undefined : store.get(name);
          if (name === undefined || secret === undefined) {
            throw new AwsServiceError(
              'ResourceNotFoundException',
              "Secrets Manager can't find the specified secret.",
            );
          }
          return {
            ARN: arnOf(name),
            Name: name,
            VersionId: secret.versionId,
            SecretString: secret.value,
            VersionStages: ['AWSCURRENT'],
            CreatedDate: secret.createdAt,
          };
        },
      },
    },
    pickFaultModes(options),
  );
  return Object.assign(service, { arnOf, putSecret });
}
