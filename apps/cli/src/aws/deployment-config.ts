import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  CONFIG_FILE_NAME,
  ConfigFileError,
  InvalidConfigError,
  loadConfig,
  type TrailwatchConfig,
} from '@trailwatch/config';
import type { CommandContext } from '../command.js';
import { CommandError } from '../errors.js';

/** The variable naming the configuration file, shared with `pnpm synth` and the CDK app. */
export const CONFIG_ENV = 'TRAILWATCH_CONFIG';

/**
 * Loads the deployment configuration: `--config`, then `$TRAILWATCH_CONFIG`, then
 * `./trailwatch.config.json`. Unlike synth, the CLI never falls back to the committed example:
 * it would act on example account ids.
 */
export function loadDeploymentConfig(
  flag: string | undefined,
  context: CommandContext,
): { config: TrailwatchConfig; path: string } {
  const given = flag ?? context.env[CONFIG_ENV];
  const path = given ?? CONFIG_FILE_NAME;
  const resolved = isAbsolute(path) ? path : join(context.cwd, path);
  if (given === undefined && !existsSync(resolved)) {
    throw new CommandError(`no ${CONFIG_FILE_NAME} in ${context.cwd}`, {
      hint: `pass --config <file>, set ${CONFIG_ENV}, or run from the directory that holds ${CONFIG_FILE_NAME} (copy trailwatch.config.example.json to start one)`,
    });
  }
  try {
    return { config: loadConfig(resolved), path: resolved };
  } catch (error) {
    if (error instanceof ConfigFileError || error instanceof InvalidConfigError) {
      throw new CommandError(error.message, {
        cause: error,
        hint: 'fix the file (`pnpm synth` validates it the same way), or pass another with --config',
      });
    }
    throw error;
  }
}
