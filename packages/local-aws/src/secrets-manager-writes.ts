import { randomUUID } from 'node:crypto';
import { type ActionHandler, requireString } from './aws-json-service.js';
import { AwsServiceError } from './errors.js';

/** What the write actions need from the Secrets Manager stand-in's store. */
export interface SecretStore {
  find(secretId: string): string | undefined;
  arnOf(name: string): string;
  versionOf(name: string): string | undefined;
  put(name: string, value: string, versionId: string): void;
}

function notFound(): AwsServiceError {
  return new AwsServiceError(
    'ResourceNotFoundException',
    "Secrets Manager can't find the specified secret.",
  );
}

/**
 * `DescribeSecret` and `PutSecretValue`, for operator tooling (`trailwatch set-webhook`) run
 * against the stand-in. A secret created empty (as the security stack does) is described with no
 * versions, like the real service.
 */
export function secretWriteActions(store: SecretStore): Record<string, ActionHandler> {
  return {
    DescribeSecret: (params) => {
      const name = store.find(requireString(params, 'SecretId', 'InvalidParameterException'));
      if (name === undefined) throw notFound();
      const version = store.versionOf(name);
      return {
        ARN: store.arnOf(name),
        Name: name,
        VersionIdsToStages: version === undefined ? {} : { [version]: ['AWSCURRENT'] },
      };
    },
    PutSecretValue: (params) => {
      const name = store.find(requireString(params, 'SecretId', 'InvalidParameterException'));
      if (name === undefined) throw notFound();
      const value = requireString(params, 'SecretString', 'InvalidParameterException');
      const versionId = randomUUID();
      store.put(name, value, versionId);
      return {
        ARN: store.arnOf(name),
        Name: name,
        VersionId: versionId,
        VersionStages: ['AWSCURRENT'],
      };
    },
  };
}
