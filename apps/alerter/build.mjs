// Bundles the alerter Lambda into dist/index.mjs (handler export `handler`, so `index.handler`)
// and the heartbeat watchdog into dist/watchdog.mjs (`watchdog.handler`), same asset directory.
// The AWS SDK is bundled at the versions pinned in pnpm-workspace.yaml, not taken from the runtime.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const outfile = join(root, 'dist', 'index.mjs');

await mkdir(dirname(outfile), { recursive: true });
/** Build-time substitutions that keep the bundle inside its 400 KB budget without changing behaviour in Lambda. */
const slimSdk = {
  name: 'slim-sdk',
  setup(plugin) {
    // Lambda provides credentials in the environment; see src/lambda-credentials.ts.
    plugin.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(root, 'src', 'lambda-credentials.ts'),
    }));
    // Loaded lazily, only by event-stream operations; see src/event-streams-unavailable.ts.
    plugin.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, () => ({
      path: join(root, 'src', 'event-streams-unavailable.ts'),
    }));
    // DynamoDB's endpoint cache needs five methods of mnemonist's LRU; see src/lru-cache.ts.
    plugin.onResolve({ filter: /^mnemonist\/lru-cache$/ }, () => ({
      path: join(root, 'src', 'lru-cache.ts'),
    }));
    // parameters@2.35 and logger/metrics@2.36 each bring their own commons; one copy (the newer,
    // same major) serves all three.
    const loggerDir = dirname(fileURLToPath(import.meta.resolve('@aws-lambda-powertools/logger')));
    plugin.onResolve({ filter: /^@aws-lambda-powertools\/commons(\/.*)?$/ }, (args) =>
      args.pluginData === 'commons'
        ? undefined
        : plugin.resolve(args.path, {
            kind: args.kind,
            resolveDir: loggerDir,
            pluginData: 'commons',
          }),
    );
    // SDK clients read only name and version from their package.json (user agent).
    plugin.onLoad({ filter: /[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ }, async (args) => {
      const { name, version } = JSON.parse(await readFile(args.path, 'utf8'));
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/** Options both bundles share; the watchdog reuses the alerter's substitutions and modules. */
const shared = {
  plugins: [slimSdk],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // ESM builds of the SDK and Powertools tree-shake far better than their CommonJS builds.
  mainFields: ['module', 'main'],
  conditions: ['module', 'import'],
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  // Raw UTF-8 instead of \u escapes for the catalogue's and renderer's non-ASCII text.
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
  // No banner: no bundled dependency calls `require` (esbuild would emit `__require` for one, and
  // would then need `import { createRequire } from 'node:module'` as a banner).
};

const result = await build({
  ...shared,
  entryPoints: [join(root, 'src', 'handler.ts')],
  outfile,
});
// A separate build, not a second entry point, so index.mjs comes out exactly as before.
const watchdogOutfile = join(root, 'dist', 'watchdog.mjs');
const watchdogResult = await build({
  ...shared,
  entryPoints: [join(root, 'src', 'watchdog', 'handler.ts')],
  outfile: watchdogOutfile,
});
for (const file of [outfile, watchdogOutfile]) {
  if ((await readFile(file, 'utf8')).includes('Dynamic require of')) {
    throw new Error(
      `A bundled dependency of ${file} calls require(); add a createRequire banner to build.mjs before deploying`,
    );
  }
}
// `--meta` writes esbuild's metafile (what takes the bytes) outside dist/, which is deployed as-is.
if (process.argv.includes('--meta')) {
  await mkdir(join(root, '.bench'), { recursive: true });
  await writeFile(join(root, '.bench', 'alerter-meta.json'), JSON.stringify(result.metafile));
}
const bytes = Object.entries(result.metafile.outputs).find(([key]) => key.endsWith('index.mjs'))[1]
  .bytes;
console.log(`alerter bundle: ${outfile} (${(bytes / 1024).toFixed(1)} KB)`);
const watchdogBytes = Object.entries(watchdogResult.metafile.outputs).find(([key]) =>
  key.endsWith('watchdog.mjs'),
)[1].bytes;
console.log(`watchdog bundle: ${watchdogOutfile} (${(watchdogBytes / 1024).toFixed(1)} KB)`);
