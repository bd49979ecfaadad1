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

/** Exit codes, documented in `--help` and the README. */
export const ExitCode = {
  /** Records were read (alerts are output, not errors), or a valid input held none. */
  OK: 0,
  /** Bad arguments, or an unexpected internal error. */
  USAGE: 1,
  /** Nothing could be read: no records, and no input was valid but empty. */
  NO_INPUT: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
