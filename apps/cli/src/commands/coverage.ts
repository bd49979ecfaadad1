import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { AWS_OPTIONS, AWS_OPTIONS_HELP, awsCommandFlags, booleanFlag } from './common-options.js';

export const coverageCommand: Command = {
  name: 'coverage',
  summary: 'Accounts × regions: stack instances, heartbeats, drift (--json, --html)',
  positionals: false,
  options: {
    ...AWS_OPTIONS,
    'security-profile': { type: 'string' },
    ou: { type: 'string' },
    json: { type: 'boolean' },
    html: { type: 'string' },
    all: { type: 'boolean' },
  },
  help: () => `Usage: trailwatch coverage [options]

Shows, for every ACTIVE account of the organization and every member region, the member
StackSet's instance status, its drift status and the last heartbeat in the state table.
A cell is covered when a stack is there and a heartbeat arrived within 150 minutes (the
watchdog's threshold). Accounts with no stack instance at all are listed first.

Cell status, worst first: missing (no instance; for the management account, no heartbeat
from its plain stack), failed (last operation failed), silent (no heartbeat within 150
min), outdated (update pending), drifted (changed by hand), ok.

Credentials: --profile for the StackSet administrator, which also reads Organizations;
--security-profile for the state table (default: --profile).

Options:
  --ou <id>             Only accounts under this OU or root id (nested OUs included)
  --security-profile P  Profile for the security account (heartbeats)
  --all                 Also list covered accounts (default: only uncovered ones)
  --json                The whole report as JSON on stdout
  --html FILE           Also write a self-contained page (no network) with a heat map,
                        sortable and filterable by OU and status
${AWS_OPTIONS_HELP}

Exit codes:
  0  every account in scope is covered
  1  bad arguments, or AWS refused a call
  2  at least one account in scope is uncovered (for scheduled jobs)

Examples:
  trailwatch coverage --profile management --security-profile security
  trailwatch coverage --ou ou-ab12-prod1234 --json | jq '.accounts[] | select(.covered|not) | .id'
  trailwatch coverage --html coverage.html && open coverage.html
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const { coverage } = await import('../coverage/coverage.js');
    return coverage(
      {
        ...awsCommandFlags(args, { ou: 'ou', html: 'html', securityProfile: 'security-profile' }),
        all: booleanFlag(args, 'all'),
      },
      context,
    );
  },
};
