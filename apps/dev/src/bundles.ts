import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real Lambda bundles a local run executes (`pnpm --filter @trailwatch/alerter build`). */
export const Bundle = {
  ALERTER: fileURLToPath(new URL('../../alerter/dist/index.mjs', import.meta.url)),
  WATCHDOG: fileURLToPath(new URL('../../alerter/dist/watchdog.mjs', import.meta.url)),
} as const;

/** The bundles not built yet. */
export function missingBundles(): string[] {
  return Object.values(Bundle).filter((path) => !existsSync(path));
}
