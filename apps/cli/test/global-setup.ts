import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Builds the bundle once before any test file runs it (files run in parallel; one build). */
export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs'], {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
