import type { Command, CommandContext, ParsedArgs } from '../command.js';
import {
  accountIds,
  booleanFlag,
  integerFlag,
  presentStringFlags,
  regionFlag,
  stringFlag,
} from './common-options.js';

export const testAlertCommand: Command = {
  name: 'test-alert',
  summary: 'Put a labelled test event on the central bus and wait for its delivery',
  positionals: false,
  options: {
    config: { type: 'string' },
    profile: { type: 'string' },
    account: { type: 'string' },
    region: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  help: () => `Usage: trailwatch test-alert [--account A --region R] [options]

Puts one event labelled "TEST — trailwatch test alert" on the central bus (security
account, home region) and follows it through the state table until the alerter marks it
DELIVERED, that is, until Slack accepted the message. It proves the path from the bus:
rule trailwatch-test-alerts → queue → alerter → route → webhook. It says which route and
webhook secret it went to (a Slack webhook does not reveal its channel).

The event uses the source trailwatch.test, which only the security account may put; it
never looks like a real detection. --account and --region set the account and region the
test alert is about, so you can check the route an account's alerts take.

Options:
  --account A       Account the test alert is about (default: the security account)
  --region R        Region it claims (default: homeRegion); the bus is always in homeRegion
  --timeout N       Seconds to wait for delivery (default 120)
  --dry-run         Print the event and its route; put nothing on the bus
  --json            Print the result as JSON
  --config <file>   Deployment configuration (default: $TRAILWATCH_CONFIG, then
                    ./trailwatch.config.json)
  --profile <name>  AWS profile for the security account (default: the standard chain)
  -h, --help        Show this help

Exit codes:
  0  delivered (or --dry-run)
  1  bad arguments, or AWS refused a call
  2  not delivered in time (the output says where it stopped and what to check)

Examples:
  trailwatch test-alert --profile security
  trailwatch test-alert --account 333344445555 --region eu-west-1 --profile security
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    // Checked before the AWS clients load: a mistyped id or region fails at once.
    const account = stringFlag(args, 'account');
    if (account !== undefined) accountIds([account], '--account');
    regionFlag(args);
    const { sendTestAlert } = await import('../test-alert/send-test-alert.js');
    return sendTestAlert(
      {
        ...presentStringFlags(args, {
          config: 'config',
          profile: 'profile',
          account: 'account',
          region: 'region',
        }),
        dryRun: booleanFlag(args, 'dry-run'),
        json: booleanFlag(args, 'json'),
        timeoutSeconds: integerFlag(args, 'timeout', 120, 1, 3600),
        pollSeconds: 2,
      },
      context,
    );
  },
};
