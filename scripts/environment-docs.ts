/**
 * Writes docs/environment.md from the contract (`pnpm contract:docs`).
 * `--check` exits 1 instead of writing when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The root package depends on no workspace package, so the script reaches the source directly.
import { renderEnvironmentDocs } from '../packages/contract/src/index.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'environment.md');
const markdown = renderEnvironmentDocs();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // a missing file is stale
  }
  if (current !== markdown) {
    process.stderr.write('docs/environment.md is stale: run `pnpm contract:docs`\n');
    process.exit(1);
  }
  process.stdout.write('docs/environment.md is up to date\n');
} else {
  writeFileSync(target, markdown);
  process.stdout.write(`wrote ${target}\n`);
}
