import { once } from 'node:events';
import { isatty } from 'node:tty';
import { run } from './cli.js';
import type { Io, Output } from './io.js';

function output(stream: NodeJS.WriteStream): Output {
  return {
    write: (text) => (stream.write(text) ? undefined : once(stream, 'drain').then(() => undefined)),
  };
}

// `trailwatch replay --json | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const io: Io = {
  stdout: output(process.stdout),
  stderr: output(process.stderr),
  // Only touched when read, so a terminal stdin is never put into reading mode.
  stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
  stdinIsTTY: isatty(0),
  stderrIsTTY: isatty(2),
};

try {
  process.exitCode = await run(process.argv.slice(2), io);
} catch (error) {
  process.stderr.write(`trailwatch: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
