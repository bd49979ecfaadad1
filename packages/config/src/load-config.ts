import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigFileError, type ConfigIssue, InvalidConfigError } from './errors.js';
import { configSchema, type TrailwatchConfig } from './schema.js';

/** The file name `pnpm synth` reads by default, at the repository root. */
export const CONFIG_FILE_NAME = 'trailwatch.config.json';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

function toIssues(input: unknown, issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: joinPath([...issue.path, key]),
      value: valueAt(input, [...issue.path, key]),
      fix: 'is not a trailwatch setting; remove it or correct its spelling',
    }));
  }
  return [
    {
      path: joinPath(issue.path),
      // The raw file's value, not zod's: for unions zod reports the enclosing object.
      value: valueAt(input, issue.path) ?? ('input' in issue ? issue.input : undefined),
      fix: issue.message,
    },
  ];
}

/**
 * Validates an already-parsed configuration object.
 *
 * @param input - the parsed JSON
 * @param source - names the input in error messages (usually the file path)
 * @throws {@link InvalidConfigError} listing every problem as `field: got <value> — fix`
 * @example
 * const config = parseConfig(JSON.parse(text), 'trailwatch.config.json');
 */
export function parseConfig(input: unknown, source = 'configuration'): TrailwatchConfig {
  const result = configSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new InvalidConfigError(
    source,
    result.error.issues.flatMap((issue) => toIssues(input, issue)),
  );
}

/**
 * Reads and validates a `trailwatch.config.json` file.
 *
 * @throws {@link ConfigFileError} when the file is missing or not JSON
 * @throws {@link InvalidConfigError} when it breaks the schema
 * @example
 * const config = loadConfig('trailwatch.config.json');
 */
export function loadConfig(path: string): TrailwatchConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigFileError(
      path,
      code === 'ENOENT'
        ? `not found — copy trailwatch.config.example.json to ${CONFIG_FILE_NAME} and edit it, or pass --config <path>`
        : `cannot be read (${code ?? String(cause)})`,
      { cause },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ConfigFileError(
      path,
      `is not valid JSON (${(cause as Error).message}) — comments and trailing commas are not allowed`,
      { cause },
    );
  }
  return parseConfig(parsed, path);
}
