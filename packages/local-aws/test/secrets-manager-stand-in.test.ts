import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../src/index.js';

const WEBHOOK = 'http://127.0.0.1:9/services/T000/B000/fake-secret-value';
let sm: SecretsManagerStandIn;
let client: SecretsManagerClient;

beforeEach(async () => {
  sm = await startSecretsManagerStandIn({ 'trailwatch/slack/default': WEBHOOK });
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', sm.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  client = new SecretsManagerClient({ region: 'us-east-1' });
});
afterEach(async () => {
  client.destroy();
  vi.unstubAllEnvs();
  await sm.close();
});

describe('Function: startSecretsManagerStandIn', () => {
  it('returns the SecretString for a secret name or its ARN', async () => {
    // Act
    const byName = await client.send(
      new GetSecretValueCommand({ SecretId: 'trailwatch/slack/default' }),
    );
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: byName.ARN }));
    // Assess
    expect(byName.SecretString).toBe(WEBHOOK);
    expect(byName.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:trailwatch\/slack\/default-[\w-]{6}$/,
    );
    expect(byName.VersionStages).toEqual(['AWSCURRENT']);
    expect(byArn.SecretString).toBe(WEBHOOK);
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    // Act
    const error = await client
      .send(new GetSecretValueCommand({ SecretId: 'trailwatch/slack/missing' }))
      .catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(sm.calls[0]?.outcome).toBe('ResourceNotFoundException');
  });

  it('records the secret id of each call but never the value', async () => {
    // Act
    await client.send(new GetSecretValueCommand({ SecretId: 'trailwatch/slack/default' }));
    // Assess
    expect(sm.calls).toEqual([
      expect.objectContaining({
        action: 'GetSecretValue',
        params: { SecretId: 'trailwatch/slack/default' },
      }),
    ]);
    expect(JSON.stringify(sm.calls)).not.toContain(WEBHOOK);
  });

  it('serves the new value with a new version after a rotation', async () => {
    // Prepare
    const before = await client.send(
      new GetSecretValueCommand({ SecretId: 'trailwatch/slack/default' }),
    );
    // Act
    sm.putSecret('trailwatch/slack/default', `${WEBHOOK}-rotated`);
    const after = await client.send(
      new GetSecretValueCommand({ SecretId: 'trailwatch/slack/default' }),
    );
    // Assess
    expect(after.SecretString).toBe(`${WEBHOOK}-rotated`);
    expect(after.VersionId).not.toBe(before.VersionId);
  });

  it('answers AccessDeniedException in deny mode', async () => {
    // Prepare
    sm.setModes({ deny: true });
    // Act
    const error = await client
      .send(new GetSecretValueCommand({ SecretId: 'trailwatch/slack/default' }))
      .catch((e) => e);
    // Assess
    expect(error.name).toBe('AccessDeniedException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses unsigned requests', async () => {
    // Act
    const response = await fetch(sm.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: JSON.stringify({ SecretId: 'trailwatch/slack/default' }),
    });
    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });
});
