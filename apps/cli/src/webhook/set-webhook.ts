import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { TrailwatchConfig } from '@trailwatch/config';
import { awsError, isAwsError } from '../aws/aws-error.js';
import { clientConfig } from '../aws/client-config.js';
import { loadDeploymentConfig } from '../aws/deployment-config.js';
import type { CommandContext } from '../command.js';
import type { AwsFlags } from '../commands/common-options.js';
import { CommandError, UsageError } from '../errors.js';
import { ExitCode } from '../io.js';
import { maskWebhookUrl, webhookProblem } from './webhook-url.js';

export interface SetWebhookOptions extends AwsFlags {
  /** `default`, a 1-based route number, or a secret name. */
  readonly route: string;
  readonly dryRun: boolean;
  readonly json: boolean;
}

/** A webhook URL is short; anything longer on stdin is not one. */
const MAX_INPUT_BYTES = 4096;

/** The secret name a `--route` value designates. */
export function routeSecretName(config: TrailwatchConfig, route: string): string {
  const routes = config.slack.routes;
  if (route === 'default') return config.slack.webhookSecretName;
  if (/^\d+$/.test(route)) {
    const index = Number(route);
    const chosen = routes[index - 1];
    if (index >= 1 && chosen) return chosen.webhookSecretName;
  }
  const names = [config.slack.webhookSecretName, ...routes.map((r) => r.webhookSecretName)];
  if (names.includes(route)) return route;
  const listed = [
    `default (${config.slack.webhookSecretName})`,
    ...routes.map((r, i) => `${i + 1} (${r.webhookSecretName})`),
  ].join(', ');
  throw new UsageError(`no route '${route}' in the configuration`, {
    hint: `use one of: ${listed}`,
  });
}

async function readStdin(stdin: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    size += chunk.length;
    if (size > MAX_INPUT_BYTES) {
      throw new UsageError(`standard input is longer than ${MAX_INPUT_BYTES} bytes`, {
        hint: 'pipe only the webhook URL',
      });
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The URL from stdin, or from a hidden prompt when stdin is a terminal. */
async function readUrl(context: CommandContext): Promise<string> {
  if (context.io.stdinIsTTY) {
    if (!context.readHidden) {
      throw new UsageError('no terminal to prompt on', { hint: 'pipe the URL on stdin' });
    }
    return (await context.readHidden('Slack webhook URL (input is hidden): ')).trim();
  }
  // One trailing newline (echo, a file) is expected; anything else is checked as part of the URL.
  return (await readStdin(context.io.stdin)).replace(/\r?\n$/, '').trim();
}

/** `trailwatch set-webhook`: validates a URL from stdin or a prompt and stores it. */
export async function setWebhook(
  options: SetWebhookOptions,
  context: CommandContext,
): Promise<number> {
  const { config } = loadDeploymentConfig(options.config, context);
  const secretName = routeSecretName(config, options.route);
  const url = await readUrl(context);
  const problem = webhookProblem(url);
  if (problem !== undefined) {
    throw new UsageError(`not a Slack incoming webhook URL: ${problem}`, {
      hint: 'copy the URL from Slack (app settings → Incoming Webhooks); it looks like https://hooks.slack.com/services/T…/B…/…',
    });
  }
  const masked = maskWebhookUrl(url);
  const region = options.region ?? config.homeRegion;
  const client = new SecretsManagerClient(
    clientConfig({ region, ...(options.profile ? { profile: options.profile } : {}) }),
  );
  const where = `secret ${secretName} (account ${config.securityAccountId}, ${region})`;
  try {
    const described = await client.send(new DescribeSecretCommand({ SecretId: secretName }));
    if (described.DeletedDate !== undefined) {
      throw new CommandError(`${where} is scheduled for deletion`, {
        hint: `restore it first: aws secretsmanager restore-secret --secret-id ${secretName} --region ${region}`,
      });
    }
  } catch (error) {
    if (error instanceof CommandError) throw error;
    if (isAwsError(error, 'ResourceNotFoundException')) {
      throw new CommandError(`${where} does not exist`, {
        cause: error,
        hint: `deploy TrailwatchSecurity first (it creates the secret, empty), and use credentials for the security account ${config.securityAccountId} in ${config.homeRegion} (--profile, --region)`,
      });
    }
    throw awsError(error, `looking up ${where}`);
  }

  let versionId: string | undefined;
  if (!options.dryRun) {
    try {
      const put = await client.send(
        new PutSecretValueCommand({ SecretId: secretName, SecretString: url }),
      );
      versionId = put.VersionId;
    } catch (error) {
      throw awsError(
        error,
        `storing the webhook in ${where}`,
        `the role needs secretsmanager:PutSecretValue on ${secretName} (and kms:Encrypt if the secret uses a customer key)`,
      );
    }
  }
  const out = context.io.stdout;
  if (options.json) {
    await out.write(
      `${JSON.stringify({ secret: secretName, region, webhook: masked, dryRun: options.dryRun, ...(versionId ? { versionId } : {}) })}\n`,
    );
  } else if (options.dryRun) {
    await out.write(`dry run: would store ${masked} in ${where}; nothing was written\n`);
  } else {
    await out.write(
      `stored ${masked} in ${where}${versionId ? `, version ${versionId}` : ''}\nthe alerter picks it up within five minutes (its secret cache); then run 'trailwatch test-alert' to check delivery\n`,
    );
  }
  return ExitCode.OK;
}
