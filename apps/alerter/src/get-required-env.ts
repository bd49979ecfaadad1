import { ConfigurationError } from './errors.js';

/** The environment the alerter reads: `process.env` in Lambda, a plain object in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The value of a required environment variable.
 *
 * @throws ConfigurationError naming the variable when it is unset or blank.
 */
export function getRequiredEnv(env: Environment, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigurationError(`Environment variable ${name} is required`);
  return value;
}

/** An optional variable, `undefined` when unset or blank. */
export function getOptionalEnv(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * An optional non-negative integer variable.
 *
 * @throws ConfigurationError naming the variable and the value when it is not a non-negative integer.
 */
export function getIntegerEnv(env: Environment, name: string, fallback: number): number {
  const raw = getOptionalEnv(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new ConfigurationError(
      `Environment variable ${name} must be a non-negative integer, got "${raw}"`,
    );
  }
  return Number(raw);
}
