import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { UsageError } from '../errors.js';
import { looksLikeUrl } from '../webhook/webhook-url.js';
import {
  AWS_OPTIONS,
  AWS_OPTIONS_HELP,
  awsCommandFlags,
  booleanFlag,
  stringFlag,
} from './common-options.js';

export const setWebhookCommand: Command = {
  name: 'set-webhook',
  summary: "Store a Slack webhook URL in a route's secret (stdin or hidden prompt)",
  // Positionals are accepted only to refuse them with a better message than parseArgs'.
  positionals: true,
  options: {
    ...AWS_OPTIONS,
    route: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  help: () => `Usage: trailwatch set-webhook [--route NAME] [options] < url.txt

Stores a Slack incoming webhook URL in the Secrets Manager secret of a route (security
account, home region). The URL is read from standard input, or from a prompt that does not
echo when stdin is a terminal. It is never accepted on the command line, where shell history
and \`ps\` would keep it, and never printed: the confirmation shows it masked.

The URL must be https://hooks.slack.com/services/T…/B…/… (what Slack shows under
"Incoming Webhooks").

Options:
  --route NAME        Which secret: "default" (slack.webhookSecretName, the default), a
                      route's number in slack.routes (1 = the first), or the secret name
  --dry-run           Validate and check that the secret exists; store nothing
  --json              Print the result as JSON
${AWS_OPTIONS_HELP}

Exit codes:
  0  stored (or, with --dry-run, it would have been)
  1  bad input (a URL on the command line, a malformed URL, an unknown route) or AWS refused

Examples:
  trailwatch set-webhook                                   # prompts, nothing is echoed
  pbpaste | trailwatch set-webhook --route 1 --profile security
  trailwatch set-webhook --route trailwatch/slack/prod-alerts --dry-run < url.txt
`,
  checkArgv(argv: readonly string[]): void {
    if (argv.some(looksLikeUrl)) refuseArgv();
  },
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    if (args.positionals.length > 0) refuseArgv();
    const { setWebhook } = await import('../webhook/set-webhook.js');
    return setWebhook(
      {
        ...awsCommandFlags(args),
        route: stringFlag(args, 'route') ?? 'default',
        dryRun: booleanFlag(args, 'dry-run'),
      },
      context,
    );
  },
};

/** Refuses a webhook URL (or anything) given as an argument, without repeating it. */
export function refuseArgv(): never {
  throw new UsageError('set-webhook does not take the URL (or anything else) as an argument', {
    hint: "a URL on the command line stays in shell history and is visible in `ps`: pipe it on stdin (pbpaste | trailwatch set-webhook) or run 'trailwatch set-webhook' to be prompted",
  });
}
