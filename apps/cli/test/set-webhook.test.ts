import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { ExitCode } from '../src/io.js';
import { looksLikeUrl, maskWebhookUrl, webhookProblem } from '../src/webhook/webhook-url.js';
import { testContext } from './command-context.js';

const URL_OK = 'https://hooks.slack.com/services/TFAKE/BFAKE/FAKEtokenWXYZ';
const TOKEN = 'FAKEtokenWXYZ';
const sm = mockClient(SecretsManagerClient);

beforeEach(() => sm.reset());
afterEach(() => sm.reset());

describe('Function: webhookProblem', () => {
  it('accepts a Slack incoming webhook URL', () => {
    expect(webhookProblem(URL_OK)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['not a url', /whitespace/],
    ['hooks.slack.com/services/T1/B1/x', /not a URL/],
    ['http://hooks.slack.com/services/TFAKE/BFAKE/FAKEfakeFAKE', /https, not http/],
    [
      'https://hooks.slack.com.evil.example/services/TFAKE/BFAKE/FAKEfakeFAKE',
      /host must be hooks\.slack\.com/,
    ],
    ['https://hooks.slack.com:8443/services/TFAKE/BFAKE/FAKEfakeFAKE', /host must be/],
    ['https://user:pw@hooks.slack.com/services/TFAKE/BFAKE/FAKEfakeFAKE', /user name/],
    ['https://hooks.slack.com/services/TFAKE/BFAKE/FAKEfakeFAKE?x=1', /query string/],
    ['https://hooks.slack.com/workflows/TFAKE/A0GHIJKL2/FAKEfakeFAKE', /\/services\/T…\/B…/],
    ['https://hooks.slack.com/services/X0ABCDEF1/BFAKE/FAKEfakeFAKE', /\/services\/T…\/B…/],
    ['https://hooks.slack.com/services/TFAKE/BFAKE/short', /\/services\/T…\/B…/],
  ])('refuses %j', (input, problem) => {
    const found = webhookProblem(input);
    expect(found).toMatch(problem);
    // The token part of a near-miss URL is never repeated in the message.
    if (input.includes('FAKEfakeFAKE')) expect(found).not.toContain('FAKEfakeFAKE');
  });

  it('masks all but the last 4 characters of the token', () => {
    expect(maskWebhookUrl(URL_OK)).toBe(
      'https://hooks.slack.com/services/TFAKE/BFAKE/••••••••WXYZ',
    );
  });

  it('recognises URLs among argv tokens', () => {
    expect(looksLikeUrl(URL_OK)).toBe(true);
    expect(looksLikeUrl('hooks.slack.com/services/T/B/x')).toBe(true);
    expect(looksLikeUrl('--route')).toBe(false);
    expect(looksLikeUrl('trailwatch/slack/prod-alerts')).toBe(false);
  });
});

describe('Command: set-webhook', () => {
  it('refuses a URL on the command line, without repeating it, before any AWS call', async () => {
    for (const argv of [
      ['set-webhook', URL_OK],
      ['set-webhook', '--route', URL_OK],
      ['set-webhook', `--route=${URL_OK}`],
      ['set-webhook', '--url', URL_OK],
    ]) {
      const { context, io } = testContext({ stdin: URL_OK });
      expect(await run(argv, io, context)).toBe(ExitCode.USAGE);
      expect(io.err()).toMatch(/does not take the URL/);
      expect(io.err()).toMatch(/hint: .*pipe it on stdin/);
      expect(io.err() + io.out()).not.toContain(TOKEN);
    }
    expect(sm.calls()).toHaveLength(0);
  });

  it('stores the URL from stdin in the default secret and prints it masked', async () => {
    sm.on(DescribeSecretCommand).resolves({ Name: 'trailwatch/slack/security-alerts' });
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'v-2' });
    const { context, io } = testContext({ stdin: `${URL_OK}\n` });
    expect(await run(['set-webhook'], io, context)).toBe(ExitCode.OK);
    const calls = sm.calls().map((c) => c.args[0].constructor.name);
    expect(calls).toEqual(['DescribeSecretCommand', 'PutSecretValueCommand']);
    expect(sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'trailwatch/slack/security-alerts',
      SecretString: URL_OK,
    });
    expect(io.out()).toContain(
      'stored https://hooks.slack.com/services/TFAKE/BFAKE/••••••••WXYZ in secret trailwatch/slack/security-alerts',
    );
    expect(io.out() + io.err()).not.toContain(TOKEN);
  });

  it('reads from the hidden prompt when stdin is a terminal, and picks a route by number', async () => {
    sm.on(DescribeSecretCommand).resolves({});
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'v-3' });
    const { context, io } = testContext({ stdinIsTTY: true, hidden: ` ${URL_OK} ` });
    expect(await run(['set-webhook', '--route', '2', '--json'], io, context)).toBe(ExitCode.OK);
    expect(sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input.SecretId).toBe(
      'trailwatch/slack/prod-alerts',
    );
    expect(JSON.parse(io.out())).toMatchObject({
      secret: 'trailwatch/slack/prod-alerts',
      dryRun: false,
      versionId: 'v-3',
    });
  });

  it('with --dry-run checks the secret and writes nothing', async () => {
    sm.on(DescribeSecretCommand).resolves({});
    const { context, io } = testContext({ stdin: URL_OK });
    expect(
      await run(
        ['set-webhook', '--dry-run', '--route', 'trailwatch/slack/security-critical'],
        io,
        context,
      ),
    ).toBe(ExitCode.OK);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(io.out()).toMatch(
      /dry run: would store .*••••••••WXYZ in secret trailwatch\/slack\/security-critical/,
    );
  });

  it('rejects a malformed URL before calling AWS, and an unknown route with the known ones', async () => {
    let t = testContext({
      stdin: 'http://hooks.slack.com/services/TFAKE/BFAKE/FAKEfakeFAKE',
    });
    expect(await run(['set-webhook'], t.io, t.context)).toBe(ExitCode.USAGE);
    expect(t.io.err()).toMatch(/not a Slack incoming webhook URL: the URL must use https/);
    t = testContext({ stdin: URL_OK });
    expect(await run(['set-webhook', '--route', 'prod'], t.io, t.context)).toBe(ExitCode.USAGE);
    expect(t.io.err()).toMatch(
      /no route 'prod'.*\nhint: use one of: default \(trailwatch\/slack\/security-alerts\), 1 \(trailwatch\/slack\/security-critical\), 2 \(trailwatch\/slack\/prod-alerts\)/,
    );
    expect(sm.calls()).toHaveLength(0);
  });

  it('explains a missing secret: deploy the security stack, right account and region', async () => {
    sm.on(DescribeSecretCommand).rejects(
      new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret.",
        $metadata: {},
      }),
    );
    const { context, io } = testContext({ stdin: URL_OK });
    expect(await run(['set-webhook'], io, context)).toBe(ExitCode.FAILED);
    expect(io.err()).toMatch(
      /secret trailwatch\/slack\/security-alerts \(account 222222222222, eu-west-1\) does not exist/,
    );
    expect(io.err()).toMatch(/hint: deploy TrailwatchSecurity first/);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('reports a denied write with the permission it needs', async () => {
    sm.on(DescribeSecretCommand).resolves({});
    sm.on(PutSecretValueCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: secretsmanager:PutSecretValue'), {
        name: 'AccessDeniedException',
      }),
    );
    const { context, io } = testContext({ stdin: URL_OK });
    expect(await run(['set-webhook'], io, context)).toBe(ExitCode.FAILED);
    expect(io.err()).toMatch(/storing the webhook in secret .*: AccessDeniedException/);
    expect(io.err()).toMatch(/hint: the role needs secretsmanager:PutSecretValue/);
    expect(io.err()).not.toContain(TOKEN);
  });

  it('refuses to run without a configuration file, naming the ways to give one', async () => {
    const { context, io, dir } = testContext({ stdin: URL_OK });
    dir.remove();
    expect(await run(['set-webhook'], io, { ...context, cwd: '/nonexistent-trailwatch' })).toBe(
      ExitCode.FAILED,
    );
    expect(io.err()).toMatch(
      /no trailwatch.config.json in \/nonexistent-trailwatch\nhint: pass --config <file>, set TRAILWATCH_CONFIG/,
    );
  });
});
