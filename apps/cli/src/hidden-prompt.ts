/**
 * Reads one line from a terminal without echoing it: for secrets, so they never reach the
 * screen, scrollback or a screen recording. Ctrl-C and Ctrl-D abort with an empty answer.
 */
export function readHiddenLine(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    output.write(prompt);
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    const finish = (value: string): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish(answer);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish('');
          return;
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ') answer += char;
      }
    };
    input.on('data', onData);
  });
}
