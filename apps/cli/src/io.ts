/** Somewhere text goes; a returned promise means "wait before writing more" (backpressure). */
export interface Output {
  write(text: string): void | Promise<void>;
}

/** The process boundary, passed in so commands run in tests without spawning. */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly stdin: AsyncIterable<Uint8Array>;
  readonly stdinIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** Exit codes, documented in each command's `--help` and the README. */
export const ExitCode = {
  /** Done: records were read, every check passed, every account is covered. */
  OK: 0,
  /** Bad arguments, or an unexpected internal error. */
  USAGE: 1,
  /** replay: nothing could be read. */
  NO_INPUT: 2,
  /** A command could not do its job (AWS refused, configuration missing): same code as usage. */
  FAILED: 1,
  /** doctor, onboard, coverage, test-alert: it ran, and found a problem (a failed check, an uncovered account). */
  PROBLEMS: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
