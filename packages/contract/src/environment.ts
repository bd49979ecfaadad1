import { EnvironmentError } from './issue.js';
import { looksLikeWebhookUrl } from './route.js';

/** A function's environment: `process.env` in Lambda, a plain object in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

const UTF8 = new TextEncoder();

/** Lambda's limit on a function's environment: keys and values together, in bytes. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** The size Lambda counts for an environment (UTF-8 bytes of every key and value). */
export function environmentSize(env: Readonly<Record<string, string>>): number {
  return Object.entries(env).reduce(
    (total, [key, value]) => total + UTF8.encode(key).length + UTF8.encode(value).length,
    0,
  );
}

/** A required variable, trimmed. */
export function requiredVariable(env: Environment, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new EnvironmentError(name, `Environment variable ${name} is required`);
  return value;
}

/** An optional variable, `undefined` when unset or blank. */
export function optionalVariable(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** An optional non-negative integer variable with a default. */
export function integerVariable(env: Environment, name: string, fallback: number): number {
  const raw = optionalVariable(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new EnvironmentError(
      name,
      `Environment variable ${name} must be a non-negative integer, got "${raw}"`,
    );
  }
  return Number(raw);
}

/** A secret name variable; a webhook URL pasted in its place is refused without quoting it. */
export function secretNameVariable(env: Environment, name: string): string {
  const value = requiredVariable(env, name);
  if (looksLikeWebhookUrl(value)) {
    throw new EnvironmentError(
      name,
      `Environment variable ${name} holds a URL; it must be the id or ARN of the Secrets Manager secret that holds the webhook URL`,
    );
  }
  return value;
}

/**
 * A JSON array of strings, each matching `pattern`, duplicates dropped; `undefined` when unset.
 * `what` names the list's entries, `one` a single entry in the message about an entry.
 */
export function stringListVariable(
  env: Environment,
  name: string,
  pattern: RegExp,
  what: string,
  one = `one of ${what}`,
): string[] | undefined {
  const raw = optionalVariable(env, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new EnvironmentError(
      name,
      `Environment variable ${name} must be a JSON array of ${what}`,
    );
  }
  if (!Array.isArray(parsed)) {
    throw new EnvironmentError(
      name,
      `Environment variable ${name} must be a JSON array of ${what}`,
    );
  }
  parsed.forEach((value, index) => {
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new EnvironmentError(
        name,
        `Environment variable ${name}[${index}] must be ${one}, got ${JSON.stringify(value)}`,
      );
    }
  });
  return [...new Set(parsed as string[])];
}
