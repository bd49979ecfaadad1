import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { AWS_OPTIONS, AWS_OPTIONS_HELP, awsCommandFlags } from './common-options.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check the prerequisites and the deployment, with the fix for each failure',
  positionals: false,
  options: {
    ...AWS_OPTIONS,
    'management-profile': { type: 'string' },
    'security-profile': { type: 'string' },
    'stackset-profile': { type: 'string' },
    json: { type: 'boolean' },
  },
  help: () => `Usage: trailwatch doctor [options]

Read-only checks of everything trailwatch depends on, before the first deploy and after
it. Each failure prints the exact command that fixes it:
  - member regions include the console sign-in regions (us-east-1, us-east-2,
    eu-north-1, ap-southeast-2)
  - StackSets trusted access with Organizations, and the delegated administrator
    (with callAs DELEGATED_ADMIN)
  - an organization trail: multi-region, global service events, logging, management events
  - CDK bootstrap (version >= 6) in every account × region that gets a CDK stack
  - unreserved Lambda concurrency in the security account
  - after deploy: the webhook secrets have a value (never shown), the central bus policy
    admits the organization, the alerter's event source mapping is enabled
Resources that the security stack creates are "TODO: not deployed yet" until it exists.

Each check runs with the credentials of its account: --management-profile,
--security-profile and --stackset-profile (all default to --profile). A check whose
account has no matching credentials is skipped, naming the flag to pass.

Options:
  --management-profile P  Profile for the management account
  --security-profile P    Profile for the security account
  --stackset-profile P    Profile for the StackSets delegated administrator
  --json                  Print the checks as JSON
${AWS_OPTIONS_HELP}

Exit codes:
  0  no check failed (skipped and not-yet-deployed checks do not fail)
  1  bad arguments or configuration
  2  at least one check failed

Examples:
  trailwatch doctor --management-profile management --security-profile security
  trailwatch doctor --json | jq '.checks[] | select(.status=="fail")'
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const { doctor } = await import('../doctor/doctor.js');
    return doctor(
      awsCommandFlags(args, {
        managementProfile: 'management-profile',
        securityProfile: 'security-profile',
        stackSetProfile: 'stackset-profile',
      }),
      context,
    );
  },
};
