import { once } from 'node:events';
import { isatty } from 'node:tty';
import { run } from './cli.js';
import { readHiddenLine } from './hidden-prompt.js';
import type { Io, Output } from './io.js';

// The bundle pins its AWS SDK, so the SDK's notice that *future* SDK releases will need Node 22
// says nothing about this CLI; on Node 20 it would precede every AWS command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let stderrOpen = true;

function output(stream: NodeJS.WriteStream, isOpen: () => boolean = () => true): Output {
  return {
    write: (text) => {
      if (!isOpen() || stream.write(text)) return undefined;
      // A pipe that breaks while we wait never drains; its error handler below decides.
      return once(stream, 'drain').then(
        () => undefined,
        () => undefined,
      );
    },
  };
}

// `trailwatch replay --json | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// `… 2>&1 | head` closes stderr too: the warnings are lost then, but the replay goes on.
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') stderrOpen = false;
  else throw error;
});

const io: Io = {
  stdout: output(process.stdout),
  stderr: output(process.stderr, () => stderrOpen),
  // Only touched when read, so a terminal stdin is never put into reading mode.
  stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
  stdinIsTTY: isatty(0),
  stderrIsTTY: isatty(2),
};

try {
  process.exitCode = await run(process.argv.slice(2), io, {
    ...(io.stdinIsTTY ? { readHidden: (prompt: string) => readHiddenLine(prompt) } : {}),
  });
} catch (error) {
  process.stderr.write(`trailwatch: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
