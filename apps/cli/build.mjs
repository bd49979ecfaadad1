// Bundles the CLI so `bin/trailwatch.js` runs without tsx or the workspace. Code splitting puts
// each command's AWS SDK clients in their own chunks, loaded only when that command runs, so
// `replay` and `--help` start without parsing them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { trailwatch: 'src/bin.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Some SDK dependencies are CommonJS that call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __twCreateRequire } from 'node:module'; const require = __twCreateRequire(import.meta.url);",
  },
  absWorkingDir: import.meta.dirname,
});
