import { fileURLToPath } from 'node:url';

/** Repository root, from this file's location. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where `pnpm build` writes the alerter bundle. */
export const DEFAULT_ALERTER_BUNDLE_DIR = fileURLToPath(
  new URL('../../alerter/dist', import.meta.url),
);
/** Where `pnpm synth` writes the cloud assembly. */
export const DEFAULT_OUTDIR = fileURLToPath(new URL('../cdk.out', import.meta.url));
/** The committed example configuration. */
export const EXAMPLE_CONFIG_FILE = fileURLToPath(
  new URL('../../../trailwatch.config.example.json', import.meta.url),
);
