import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';

const SERVE = fileURLToPath(new URL('../src/bin/serve.ts', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

/** Starts `pnpm local-aws`'s script and returns the exported environment once it is ready. */
async function serve(
  args: string[] = [],
): Promise<{ env: Record<string, string>; output: string }> {
  child = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child!.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('# ready')) resolve();
    });
    child!.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${errors}`)));
  });
  const env: Record<string, string> = {};
  for (const match of output.matchAll(/^export ([A-Z0-9_]+)='([^']*)'$/gm))
    env[match[1]!] = match[2]!;
  return { env, output };
}

describe('pnpm local-aws (standalone stand-ins)', () => {
  it('prints the environment to export, and the servers behind it answer the real SDK clients', async () => {
    const { env, output } = await serve();
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'AWS_REGION',
        'AWS_ENDPOINT_URL_DYNAMODB',
        'AWS_ENDPOINT_URL_SECRETS_MANAGER',
        'AWS_ENDPOINT_URL_ORGANIZATIONS',
        'AWS_ENDPOINT_URL_SQS',
        'SLACK_WEBHOOK_SECRET_ID',
        'DEDUP_TABLE_NAME',
        'SLACK_MIN_INTERVAL_MS',
      ]),
    );
    const credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
    };
    const dynamo = new DynamoDBClient({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
      credentials,
    });
    const table = await dynamo.send(new DescribeTableCommand({ TableName: env.DEDUP_TABLE_NAME }));
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    dynamo.destroy();
    const secrets = new SecretsManagerClient({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      credentials,
    });
    const secret = await secrets.send(
      new GetSecretValueCommand({ SecretId: env.SLACK_WEBHOOK_SECRET_ID }),
    );
    secrets.destroy();
    // The webhook URL is in the secret, never in what the script prints.
    expect(secret.SecretString).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\//);
    expect(output).not.toContain(secret.SecretString!);
  }, 30_000);

  it('puts an external webhook URL into the default secret', async () => {
    const external = 'https://hooks.example.invalid/services/T000/B000/external';
    const { env } = await serve(['--webhook-url', external, '--max-concurrency', '3']);
    expect(env.SLACK_MIN_INTERVAL_MS).toBe('3000');
    const secrets = new SecretsManagerClient({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
      },
    });
    const secret = await secrets.send(
      new GetSecretValueCommand({ SecretId: env.SLACK_WEBHOOK_SECRET_ID }),
    );
    secrets.destroy();
    expect(secret.SecretString).toBe(external);
  }, 30_000);
});
