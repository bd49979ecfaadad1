import type { ParseArgsOptionsConfig } from 'node:util';
import type { Io } from './io.js';

/** What a command may use besides its arguments; tests pass their own. */
export interface CommandContext {
  readonly io: Io;
  /** Environment variables (only names trailwatch documents are read). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Waits between polls; tests make it instant. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /**
   * Reads one line from the terminal without echoing it (for secrets). Undefined when there is
   * no terminal to prompt on.
   */
  readonly readHidden?: (prompt: string) => Promise<string>;
}

/** Values and positionals as `node:util` parseArgs returns them. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * One `trailwatch <name>` command. `cli.ts` parses argv against `options` and calls `handler`;
 * the handler loads its AWS clients itself, so other commands never pay for them.
 */
export interface Command {
  readonly name: string;
  /** One line for `trailwatch --help`. */
  readonly summary: string;
  readonly options: ParseArgsOptionsConfig;
  /** Whether positionals are accepted at all. */
  readonly positionals: boolean;
  /**
   * Looks at the raw argv before it is parsed, to refuse what must never be on a command line
   * (a secret) with a message that does not repeat it.
   */
  checkArgv?(argv: readonly string[]): void;
  /** The full `--help` text, ending with examples. */
  help(): string;
  /** Runs the command and returns the exit code. Throws UsageError / CommandError. */
  handler(args: ParsedArgs, context: CommandContext): Promise<number>;
}
