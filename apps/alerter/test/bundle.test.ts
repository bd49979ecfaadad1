import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { toEnvelope } from '@trailwatch/cloudtrail';
import {
  createDedupTable,
  type LocalDynamoDb,
  type OrganizationsStandIn,
  type SecretsManagerStandIn,
  type SlackEmulator,
  startDynamoDb,
  startOrganizationsStandIn,
  startSecretsManagerStandIn,
  startSlackEmulator,
} from '@trailwatch/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordVariant } from './helpers/alerts.js';

const run = promisify(execFile);
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(appDir, 'dist', 'index.mjs');

/** Runs the bundle's handler once in a fresh `node` with `env`, on an SQS event of `bodies`. */
async function invokeBundle(bodies: string[], env: Record<string, string>) {
  const script = `
    const { handler } = await import(${JSON.stringify(bundle)});
    const event = { Records: ${JSON.stringify(bodies)}.map((body, i) => ({
      messageId: 'm-' + i, receiptHandle: 'rh-' + i, body, attributes: {}, messageAttributes: {},
      md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:q', awsRegion: 'us-east-1' })) };
    const deadline = Date.now() + 60000;
    const result = await handler(event, { getRemainingTimeInMillis: () => deadline - Date.now() });
    process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
  `;
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });
  const resultLine = stdout.split('\n').find((line) => line.startsWith('RESULT '));
  if (resultLine === undefined) throw new Error(`no result; stderr: ${stderr}`);
  return { result: JSON.parse(resultLine.slice('RESULT '.length)), output: stdout + stderr };
}

beforeAll(async () => {
  if (!existsSync(bundle))
    await run(process.execPath, [join(appDir, 'build.mjs')], { cwd: appDir });
}, 120_000);

describe('Bundle: dist/index.mjs', () => {
  it('imports cleanly in a fresh node process and exports handler', async () => {
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
    ]);
    expect(stdout.trim()).toBe('function');
  });

  describe('against stand-ins on loopback', () => {
    let dynamo: LocalDynamoDb;
    let org: OrganizationsStandIn;
    let secrets: SecretsManagerStandIn;
    let slack: SlackEmulator;
    let env: Record<string, string>;

    beforeAll(async () => {
      dynamo = await startDynamoDb();
      await createDedupTable(dynamo.url, 'trailwatch-dedup');
      slack = await startSlackEmulator();
      secrets = await startSecretsManagerStandIn({
        'trailwatch/slack': JSON.stringify({ url: slack.url }),
      });
      org = await startOrganizationsStandIn({
        accounts: [{ id: '123456789012', name: 'payments-prod', parentId: 'ou-ab12-prod0001' }],
        ous: [{ id: 'ou-ab12-prod0001', name: 'Prod' }],
        tags: { '123456789012': { owner: 'payments-team' } },
      });
      env = {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIALOCALSTANDIN',
        AWS_SECRET_ACCESS_KEY: 'local-stand-in-secret',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
        AWS_ENDPOINT_URL_ORGANIZATIONS: org.url,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        SLACK_WEBHOOK_SECRET_ID: 'trailwatch/slack',
        DEDUP_TABLE_NAME: 'trailwatch-dedup',
        SLACK_MIN_INTERVAL_MS: '1000',
      };
    }, 30_000);

    afterAll(async () => {
      await Promise.all([dynamo?.close(), org?.close(), secrets?.close(), slack?.close()]);
    });

    it('delivers an enriched alert, acknowledges garbage, and never logs the webhook', async () => {
      const body = JSON.stringify(
        toEnvelope(recordVariant('create-user', { eventId: 'bundle-1' })),
      );
      const { result, output } = await invokeBundle(['not json', '{"detail-type":"x"}', body], env);
      expect(result).toEqual({ batchItemFailures: [] });
      expect(slack.messages).toHaveLength(1);
      const text = JSON.stringify(slack.messages[0]!.payload);
      expect(text).toContain('payments-prod');
      expect(text).toContain('123456789012');
      expect(output).toContain('"Malformed"');
      expect(output).not.toContain(new URL(slack.url).pathname);
    }, 60_000);

    it('still alerts with the bare account id when Organizations denies', async () => {
      org.setModes({ deny: true });
      const body = JSON.stringify(
        toEnvelope(recordVariant('delete-user', { eventId: 'bundle-denied' })),
      );
      const { result } = await invokeBundle([body], env);
      org.setModes({ deny: false });
      expect(result).toEqual({ batchItemFailures: [] });
      const text = JSON.stringify(slack.messages.at(-1)!.payload);
      expect(text).toContain('123456789012');
      expect(text).toContain('Organizations denied');
    }, 60_000);
  });
});
