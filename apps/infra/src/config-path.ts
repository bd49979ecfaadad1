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

/** A deploy was about to use the committed example configuration. */
export class ExampleConfigError extends Error {
  constructor() {
    super(
      'Refusing to deploy trailwatch.config.example.json: its account ids and OUs are placeholders. ' +
        'Copy it to trailwatch.config.json and edit it, or set TRAILWATCH_CONFIG=<file>.',
    );
    this.name = 'ExampleConfigError';
  }
}

/**
 * The configuration file for a deploy (the CDK CLI's entry point): as {@link resolveConfigPath},
 * but never the committed example, whose placeholder ids would deploy a pipeline that watches
 * nothing.
 *
 * @throws ExampleConfigError when only the example is there
 */
export function resolveDeployConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = resolveConfigPath(undefined, env);
  if (resolve(path) === resolve(EXAMPLE_CONFIG_FILE)) throw new ExampleConfigError();
  return path;
}
