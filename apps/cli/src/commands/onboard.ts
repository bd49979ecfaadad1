import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { UsageError } from '../errors.js';
import {
  AWS_OPTIONS,
  AWS_OPTIONS_HELP,
  accountIds,
  awsCommandFlags,
  booleanFlag,
  integerFlag,
  stringFlag,
} from './common-options.js';

export const onboardCommand: Command = {
  name: 'onboard',
  summary: 'Add accounts to the StackSet in every member region and verify they forward',
  positionals: true,
  options: {
    ...AWS_OPTIONS,
    regions: { type: 'string' },
    'security-profile': { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'verify-minutes': { type: 'string' },
    'no-verify': { type: 'boolean' },
    timeout: { type: 'string' },
    'skip-trail-check': { type: 'boolean' },
    'poll-seconds': { type: 'string' },
  },
  help: () => `Usage: trailwatch onboard <account-id>... [options]

For accounts outside the target OUs, accounts that just joined, or accounts whose stack
instances failed:
  1. checks each account is an ACTIVE member of the organization, and that the
     organization trail logs management events in every region;
  2. creates missing stack instances of the member StackSet in every member region, and
     redeploys unhealthy ones. Work is batched: accounts that need the same regions share
     one operation, so 1,000 accounts cost at most 2 operations per region. When another
     operation holds the StackSet, onboard waits its turn;
  3. waits for each account × region's first heartbeat (hourly) in the state table, which
     proves the whole path: member rule → role → central bus → queue → alerter.
The management account cannot get StackSet instances; onboard says so and prints the cdk
commands for its plain TrailwatchManagementMember-* stacks.

Credentials: --profile for the StackSet administrator (the management account, or the
delegated admin with callAs DELEGATED_ADMIN), which also reads Organizations;
--security-profile for the security account's state table (default: --profile).

Options:
  --regions r1,r2       Only these member regions (default: all memberRegions)
  --security-profile P  Profile for the security account (heartbeats)
  --verify-minutes N    How long to wait for heartbeats (default 70; 0 = do not wait)
  --no-verify           Same as --verify-minutes 0
  --timeout N           Minutes to wait for each StackSet operation, its turn included
                        (default 60)
  --skip-trail-check    Do not look for the organization trail (needs CloudTrail read)
  --poll-seconds N      How often to look at a running operation (default 15)
  --dry-run             Check and print the planned operations; change nothing
  --json                Print the result as JSON
${AWS_OPTIONS_HELP}

Exit codes:
  0  every account onboarded and verified (or, with --dry-run, nothing rejected)
  1  bad arguments, or AWS refused a call (the message says which and why)
  2  an account was rejected, an instance failed, a heartbeat did not arrive, or the
     management account still needs its plain stacks

Examples:
  trailwatch onboard 333344445555 --profile management --security-profile security
  trailwatch onboard 333344445555 444455556666 --dry-run
  trailwatch onboard 333344445555 --regions us-east-1,eu-west-1 --no-verify
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const accounts = accountIds(args.positionals, 'account id');
    if (accounts.length === 0) {
      throw new UsageError('no account ids given', {
        hint: "name the accounts: 'trailwatch onboard 333344445555'",
      });
    }
    const regions = stringFlag(args, 'regions')
      ?.split(',')
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    const verifyMinutes = booleanFlag(args, 'no-verify')
      ? 0
      : integerFlag(args, 'verify-minutes', 70, 0, 24 * 60);
    const { onboard } = await import('../onboard/onboard.js');
    return onboard(
      {
        ...awsCommandFlags(args, { securityProfile: 'security-profile' }),
        accounts,
        ...(regions ? { regions } : {}),
        dryRun: booleanFlag(args, 'dry-run'),
        verifyMinutes,
        timeoutMinutes: integerFlag(args, 'timeout', 60, 1, 24 * 60),
        skipTrailCheck: booleanFlag(args, 'skip-trail-check'),
        pollSeconds: integerFlag(args, 'poll-seconds', 15, 1, 300),
      },
      context,
    );
  },
};
