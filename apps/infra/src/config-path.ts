import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '@trailwatch/config';
import { EXAMPLE_CONFIG_FILE, REPO_ROOT } from './paths.js';

/**
 * Which configuration file to use: an explicit path (relative to the working directory), else
 * `TRAILWATCH_CONFIG`, else `trailwatch.config.json` at the repository root when it exists,
 * else the committed example (which is what a clean clone synthesizes).
 */
export function resolveConfigPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.TRAILWATCH_CONFIG;
  if (chosen) return isAbsolute(chosen) ? chosen : resolve(chosen);
  const local = join(REPO_ROOT, CONFIG_FILE_NAME);
  return existsSync(local) ? local : EXAMPLE_CONFIG_FILE;
}
