import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Writes a generated Markdown file, or with `--check` exits 1 when the committed one is stale.
 * `command` is what regenerates it, for the message.
 */
export function writeGeneratedDoc(target: string, markdown: string, command: string): void {
  const name = relative(process.cwd(), target) || target;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // a missing file is stale
    }
    if (current !== markdown) {
      process.stderr.write(`${name} is stale: run \`${command}\`\n`);
      process.exit(1);
    }
    process.stdout.write(`${name} is up to date\n`);
  } else {
    writeFileSync(target, markdown);
    process.stdout.write(`wrote ${target}\n`);
  }
}
