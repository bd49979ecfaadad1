import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type StsStandIn, startStsStandIn } from '../src/index.js';

let sts: StsStandIn;
let client: STSClient;

beforeEach(async () => {
  sts = await startStsStandIn();
  vi.stubEnv('AWS_ENDPOINT_URL_STS', sts.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  client = new STSClient({ region: 'us-east-1' });
});
afterEach(async () => {
  client.destroy();
  vi.unstubAllEnvs();
  await sts.close();
});

describe('Function: startStsStandIn', () => {
  it('issues temporary credentials for AssumeRole', async () => {
    // Act
    const { Credentials, AssumedRoleUser } = await client.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111122223333:role/trailwatch-org-reader',
        RoleSessionName: 'trailwatch-alerter',
      }),
    );
    // Assess
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(Credentials?.Expiration).toBeInstanceOf(Date);
    expect(AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111122223333:assumed-role/trailwatch-org-reader/trailwatch-alerter',
    );
    expect(sts.issued).toEqual([
      {
        roleArn: 'arn:aws:iam::111122223333:role/trailwatch-org-reader',
        roleSessionName: 'trailwatch-alerter',
        accessKeyId: Credentials?.AccessKeyId,
      },
    ]);
  });

  it('answers AccessDenied when the trust policy does not allow the caller', async () => {
    // Prepare
    sts.setDeny(true);
    // Act
    const error = await client
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111122223333:role/trailwatch-org-reader',
          RoleSessionName: 'trailwatch-alerter',
        }),
      )
      .catch((e) => e);
    // Assess
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });
});
