/**
 * `pnpm local-aws`: the stand-ins as standalone servers on loopback, for running the alerter bundle
 * (or anything using the AWS SDK) from another shell. Prints the environment to export, then every
 * message the Slack emulator accepts, until Ctrl-C.
 *
 *   pnpm local-aws [--organization org.json] [--webhook-url https://…] [--max-concurrency 2]
 *
 * `--organization` is an `OrganizationsSeed` as JSON (default: one account, 111122223333);
 * `--webhook-url` makes the default secret hold that webhook instead of the emulator's.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InvalidStandInOptionsError } from '../errors.js';
import { startLocalStack } from '../local-stack.js';
import type { OrganizationsSeed } from '../organizations-stand-in.js';

const DEFAULT_ORGANIZATION: OrganizationsSeed = {
  accounts: [{ id: '111122223333', name: 'local-management' }],
};

/** Shell-quotes a value for `export NAME='value'`. */
function quote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

const { values } = parseArgs({
  options: {
    organization: { type: 'string' },
    'webhook-url': { type: 'string' },
    'max-concurrency': { type: 'string' },
  },
});
const maxConcurrency =
  values['max-concurrency'] === undefined ? undefined : Number(values['max-concurrency']);
if (maxConcurrency !== undefined && !(Number.isInteger(maxConcurrency) && maxConcurrency >= 1)) {
  throw new InvalidStandInOptionsError('--max-concurrency must be an integer ≥ 1');
}
const organization =
  values.organization === undefined
    ? DEFAULT_ORGANIZATION
    : (JSON.parse(readFileSync(values.organization, 'utf8')) as OrganizationsSeed);

const stack = await startLocalStack({
  organization,
  ...(values['webhook-url'] === undefined ? {} : { webhookUrl: values['webhook-url'] }),
  ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
});
const out = (line: string) => process.stdout.write(`${line}\n`);
out('# trailwatch local stand-ins are running. In another shell:');
for (const [name, value] of Object.entries(stack.env)) out(`export ${name}=${quote(value)}`);
out(
  `# Slack emulator on ${new URL(stack.slack.url).origin} (webhook URL kept in the secret, not shown)`,
);
out('# ready');

let shown = 0;
const timer = setInterval(() => {
  for (const message of stack.slack.messages.slice(shown)) {
    shown += 1;
    out(`# slack #${message.webhook}: ${String(message.payload.text ?? '').slice(0, 200)}`);
  }
}, 250);

const stop = async () => {
  clearInterval(timer);
  await stack.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
