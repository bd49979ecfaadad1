import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { UsageError } from '../errors.js';
import {
  AWS_OPTIONS,
  AWS_OPTIONS_HELP,
  awsCommandFlags,
  awsFlags,
  booleanFlag,
  stringFlag,
} from './common-options.js';

function required(args: ParsedArgs, name: string): string {
  const value = stringFlag(args, name);
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`--${name} is required`, { hint: 'see trailwatch mute --help' });
  }
  return value;
}

export const muteCommand: Command = {
  name: 'mute',
  summary: 'Quiet one detection for a while (account, OU or actor), with who and why',
  positionals: false,
  options: {
    ...AWS_OPTIONS,
    detection: { type: 'string' },
    account: { type: 'string' },
    ou: { type: 'string' },
    actor: { type: 'string' },
    until: { type: 'string' },
    reason: { type: 'string' },
    'include-critical': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  help: () => `Usage: trailwatch mute --detection ID [--account A | --ou OU] [--actor GLOB] --until DATE --reason TEXT

Stores a mute in the state table; the alerter skips matching alerts (and counts them in the
Muted metric) until DATE, then mutes stop by themselves. Every mute records who set it (the
caller's ARN) and why. A critical detection is never muted unless --include-critical says so.
Mutes reviewed in pull requests go in trailwatch.config.json ("mutes") instead.

Options:
  --detection ID      Detection id (single-event or stateful)
  --account A         Only this 12-digit account
  --ou OU             Only accounts under this OU (id or name)
  --actor GLOB        Only actors matching this glob, as alerts show them (e.g. "*terraform*")
  --until DATE        ISO date (end of that day, UTC) or time; at most 92 days ahead
  --reason TEXT       Why (3-500 characters); shown by trailwatch mutes
  --include-critical  Allow muting a critical detection
  --dry-run           Validate and show the mute; store nothing
  --json              Print the mute as JSON
${AWS_OPTIONS_HELP}

Examples:
  trailwatch mute --detection iam-user-created --actor '*terraform*' --until 2026-12-11 \\
    --reason "identity stack migration, CHG-1234" --profile security
  trailwatch mute --detection console-sign-in-failed --ou Sandbox --until 2026-12-05 --reason "pen test"
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const { addMute } = await import('../mutes/mute-actions.js');
    const account = stringFlag(args, 'account');
    const ou = stringFlag(args, 'ou');
    const actor = stringFlag(args, 'actor');
    return addMute(
      {
        ...awsCommandFlags(args),
        detection: required(args, 'detection'),
        until: required(args, 'until'),
        reason: required(args, 'reason'),
        ...(account === undefined ? {} : { account }),
        ...(ou === undefined ? {} : { ou }),
        ...(actor === undefined ? {} : { actor }),
        includeCritical: booleanFlag(args, 'include-critical'),
        dryRun: booleanFlag(args, 'dry-run'),
      },
      context,
    );
  },
};

export const unmuteCommand: Command = {
  name: 'unmute',
  summary: 'Remove a mute set with trailwatch mute',
  positionals: true,
  options: { ...AWS_OPTIONS, 'dry-run': { type: 'boolean' } },
  help: () => `Usage: trailwatch unmute <mute-id> [options]

Removes a mute from the state table (ids are listed by trailwatch mutes). Mutes from
trailwatch.config.json are removed there, in a pull request.

Options:
  --dry-run           Show what would be removed
${AWS_OPTIONS_HELP}

Examples:
  trailwatch unmute m-1a2b3c4d --profile security
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const [id, ...rest] = args.positionals;
    if (id === undefined || rest.length > 0) {
      throw new UsageError('unmute takes exactly one mute id', {
        hint: 'trailwatch mutes lists them',
      });
    }
    const { removeMute } = await import('../mutes/mute-actions.js');
    return removeMute(id, { ...awsFlags(args), dryRun: booleanFlag(args, 'dry-run') }, context);
  },
};

export const mutesCommand: Command = {
  name: 'mutes',
  summary: 'List the mutes in force: configuration file and state table',
  positionals: false,
  options: { ...AWS_OPTIONS, json: { type: 'boolean' } },
  help: () => `Usage: trailwatch mutes [options]

Lists every mute: those in trailwatch.config.json ([config]) and those set with trailwatch
mute ([cli]), with who set them, why and until when. Expired ones are marked; they mute
nothing.

Options:
  --json              Print as JSON
${AWS_OPTIONS_HELP}

Examples:
  trailwatch mutes --profile security
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const { listMutes } = await import('../mutes/mute-actions.js');
    return listMutes(awsCommandFlags(args), context);
  },
};
