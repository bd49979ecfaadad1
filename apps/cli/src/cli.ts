import { parseArgs } from 'node:util';
import type { Command, CommandContext, ParsedArgs } from './command.js';
import { closest } from './did-you-mean.js';
import { CommandError, UsageError } from './errors.js';
import { ExitCode, type Io } from './io.js';

export const VERSION = '0.1.0';

/** A command as `trailwatch --help` lists it; its module is loaded only when it runs. */
interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// The only list of commands. Modules load lazily so `replay` and `--help` never parse the AWS
// SDK; a test checks that each module's name and summary match its entry here.
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'replay',
    summary: 'Run the detection catalogue over historical CloudTrail records',
    load: async () => (await import('./commands/replay-command.js')).replayCommand,
  },
  {
    name: 'doctor',
    summary: 'Check the prerequisites and the deployment, with the fix for each failure',
    load: async () => (await import('./commands/doctor.js')).doctorCommand,
  },
  {
    name: 'onboard',
    summary: 'Add accounts to the StackSet in every member region and verify they forward',
    load: async () => (await import('./commands/onboard.js')).onboardCommand,
  },
  {
    name: 'coverage',
    summary: 'Accounts × regions: stack instances, heartbeats, drift (--json, --html)',
    load: async () => (await import('./commands/coverage.js')).coverageCommand,
  },
  {
    name: 'test-alert',
    summary: 'Put a labelled test event on the central bus and wait for its delivery',
    load: async () => (await import('./commands/test-alert.js')).testAlertCommand,
  },
  {
    name: 'set-webhook',
    summary: "Store a Slack webhook URL in a route's secret (stdin or hidden prompt)",
    load: async () => (await import('./commands/set-webhook.js')).setWebhookCommand,
  },
  {
    name: 'redrive',
    summary: 'Move dead-lettered events back to the alerter queue (--dry-run lists them)',
    load: async () => (await import('./commands/redrive.js')).redriveCommand,
  },
  {
    name: 'mute',
    summary: 'Quiet one detection for a while (account, OU or actor), with who and why',
    load: async () => (await import('./commands/mute.js')).muteCommand,
  },
  {
    name: 'unmute',
    summary: 'Remove a mute set with trailwatch mute',
    load: async () => (await import('./commands/mute.js')).unmuteCommand,
  },
  {
    name: 'mutes',
    summary: 'List the mutes in force: configuration file and state table',
    load: async () => (await import('./commands/mute.js')).mutesCommand,
  },
];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`);
  return `Usage: trailwatch <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help     Show help (also: trailwatch <command> --help)
  -v, --version  Show the version

AWS commands use the standard credential chain; --profile and --region override it.
Every command that writes has --dry-run.

Examples:
  trailwatch doctor --profile management
  trailwatch coverage --html coverage.html
  pbpaste | trailwatch set-webhook --route trailwatch/slack/security-critical
`;
}

/** Parses one command's argv against its options; parse errors become {@link UsageError}s. */
export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: command.options,
      allowPositionals: command.positionals,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    throw usageFromParseArgs(error, command);
  }
}

function usageFromParseArgs(error: unknown, command: Command): UsageError {
  const e = error as Error & { code?: string };
  const help = `run 'trailwatch ${command.name} --help'`;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(e.message)?.[1] ?? '?';
    const flags = Object.keys(command.options).map((o) => `--${o}`);
    const close = closest(option, flags);
    return new UsageError(`unknown option '${option}'`, {
      cause: error,
      hint: close ? `did you mean '${close}'?` : help,
    });
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    // parseArgs quotes the argument; it is not repeated, in case it was something secret.
    return new UsageError(`'${command.name}' takes no positional arguments`, {
      cause: error,
      hint: help,
    });
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UsageError(e.message.replace(/^Option/, 'option'), { cause: error, hint: help });
  }
  return new UsageError(e.message, { cause: error, hint: help });
}

function defaultContext(io: Io): CommandContext {
  return {
    io,
    env: process.env,
    cwd: process.cwd(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
  };
}

/**
 * Runs the command line against the given process boundary and returns the exit code. Usage and
 * command errors are printed here with their hint; nothing else prints or exits.
 */
export async function run(
  argv: readonly string[],
  io: Io,
  context: Partial<CommandContext> = {},
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    await io.stdout.write(mainHelp());
    return ExitCode.OK;
  }
  if (name === '-v' || name === '--version') {
    await io.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  try {
    if (entry === undefined) {
      const close = closest(
        name,
        COMMANDS.map((c) => c.name),
      );
      throw new UsageError(`unknown command '${name}'`, {
        hint: close
          ? `did you mean '${close}'? run 'trailwatch --help'`
          : `commands: ${COMMANDS.map((c) => c.name).join(', ')}; run 'trailwatch --help'`,
      });
    }
    const command = await entry.load();
    command.checkArgv?.(rest);
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      await io.stdout.write(command.help());
      return ExitCode.OK;
    }
    return await command.handler(args, { ...defaultContext(io), ...context, io });
  } catch (error) {
    if (error instanceof UsageError || error instanceof CommandError) {
      await io.stderr.write(`trailwatch: error: ${error.message}\n`);
      if (error.hint) await io.stderr.write(`hint: ${error.hint}\n`);
      return error instanceof UsageError ? ExitCode.USAGE : ExitCode.FAILED;
    }
    throw error;
  }
}
