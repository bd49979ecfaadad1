import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../src/enrichment/assume-role-credentials.js';

const sts = mockClient(STSClient);
const ROLE = 'arn:aws:iam::111111111111:role/trailwatch-organizations-read';

afterEach(() => {
  sts.reset();
});

function session(expiresAt: number) {
  return {
    Credentials: {
      AccessKeyId: `ASIA${expiresAt}`,
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(expiresAt),
    },
  };
}

describe('Function: assumeRoleCredentials', () => {
  it('assumes the configured role once and reuses the session', async () => {
    let now = 0;
    sts.on(AssumeRoleCommand).resolves(session(3_600_000));
    const provider = assumeRoleCredentials(
      new STSClient({ region: 'us-east-1' }),
      ROLE,
      'trailwatch-alerter',
      () => now,
    );
    const [first, second] = await Promise.all([provider(), provider()]);
    now = 1_000_000;
    const third = await provider();
    expect(first).toEqual({
      accessKeyId: 'ASIA3600000',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(3_600_000),
    });
    expect(second).toBe(first);
    expect(third).toBe(first);
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'trailwatch-alerter',
    });
  });

  it('refreshes shortly before the session expires', async () => {
    let now = 0;
    sts.on(AssumeRoleCommand).resolvesOnce(session(3_600_000)).resolves(session(7_200_000));
    const provider = assumeRoleCredentials(
      new STSClient({ region: 'us-east-1' }),
      ROLE,
      'trailwatch-alerter',
      () => now,
    );
    await provider();
    now = 3_600_000 - 60_000;
    expect((await provider()).accessKeyId).toBe('ASIA7200000');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('tries again after a failed AssumeRole', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(new Error('AccessDenied')).resolves(session(3_600_000));
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), ROLE);
    await expect(provider()).rejects.toThrow('AccessDenied');
    expect((await provider()).accessKeyId).toBe('ASIA3600000');
  });
});
