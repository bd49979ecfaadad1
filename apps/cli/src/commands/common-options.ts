import type { ParsedArgs } from '../command.js';
import { UsageError } from '../errors.js';

/** Options every AWS-facing command takes. */
export const AWS_OPTIONS = {
  config: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const AWS_OPTIONS_HELP = `  --config <file>     Deployment configuration (default: $TRAILWATCH_CONFIG, then
                      ./trailwatch.config.json)
  --profile <name>    AWS profile (default: the standard credential chain:
                      AWS_PROFILE, environment keys, SSO, instance role)
  --region <region>   Region for security-account calls (default: homeRegion)
  -h, --help          Show this help`;

/** The `--profile`/`--region` pair shared by AWS commands. */
export interface AwsFlags {
  readonly config?: string;
  readonly profile?: string;
  readonly region?: string;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/**
 * The string flags given a value, under the names the command's options use. An empty value
 * counts as not given, so it never overrides a default further down.
 */
export function presentStringFlags<K extends string>(
  args: ParsedArgs,
  names: Readonly<Record<K, string>>,
): Partial<Record<K, string>> {
  const present: Partial<Record<K, string>> = {};
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    const value = stringFlag(args, name);
    if (value) present[key] = value;
  }
  return present;
}

/** `--region`, refused unless it looks like a region code. */
export function regionFlag(args: ParsedArgs): string | undefined {
  const region = stringFlag(args, 'region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    throw new UsageError(`--region '${region}' is not an AWS region code`, {
      hint: 'use a code like eu-west-1',
    });
  }
  return region;
}

export function awsFlags(args: ParsedArgs): AwsFlags {
  const config = stringFlag(args, 'config');
  const profile = stringFlag(args, 'profile');
  const region = regionFlag(args);
  return {
    ...(config === undefined ? {} : { config }),
    ...(profile === undefined ? {} : { profile }),
    ...(region === undefined ? {} : { region }),
  };
}

/** A positive integer flag, with its default and bounds. */
export function integerFlag(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/** Account ids given as positionals or a flag: 12 digits each, duplicates dropped. */
export function accountIds(values: readonly string[], what: string): string[] {
  for (const value of values) {
    if (!/^\d{12}$/.test(value)) {
      throw new UsageError(`${what} '${value}' is not a 12-digit AWS account id`, {
        hint: 'write the id with its leading zeros, like 012345678901',
      });
    }
  }
  return [...new Set(values)];
}

/**
 * The options every AWS command passes on: `--config`, `--profile`, `--region`, `--json`, and
 * those of its own string flags that were given a value (`names` maps option to flag).
 */
export function awsCommandFlags<K extends string = never>(
  args: ParsedArgs,
  names: Readonly<Record<K, string>> = {} as Record<K, string>,
  // NoInfer: called without names inside a spread, K would be guessed from the target type.
): AwsFlags & { readonly [P in NoInfer<K>]?: string } & { readonly json: boolean } {
  return {
    ...awsFlags(args),
    ...presentStringFlags(args, names),
    json: booleanFlag(args, 'json'),
  };
}
