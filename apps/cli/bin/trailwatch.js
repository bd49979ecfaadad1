#!/usr/bin/env node
import { existsSync } from 'node:fs';

// The bundle is built by `pnpm build`; without it, say so instead of a module-not-found trace.
const bundle = new URL('../dist/trailwatch.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('trailwatch: the CLI bundle is missing: run `pnpm build` first\n');
  process.exit(1);
}
await import(bundle.href);
