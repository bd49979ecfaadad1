import { randomBytes } from 'node:crypto';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { TrailwatchConfig } from '@trailwatch/config';
import { type Mute, validateMute } from '@trailwatch/contract';
import { catalogue, statefulCatalogue } from '@trailwatch/detections';
import { awsError } from '../aws/aws-error.js';
import { type AwsTarget, clientConfig } from '../aws/client-config.js';
import { loadDeploymentConfig } from '../aws/deployment-config.js';
import type { CommandContext } from '../command.js';
import type { AwsFlags } from '../commands/common-options.js';
import { closest } from '../did-you-mean.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../io.js';
import { MuteTable } from './mute-table.js';

/** The mute's fields as the command line gives them (the contract's `Mute` shape), plus flags. */
export interface MuteOptions
  extends AwsFlags,
    Pick<Mute, 'detection' | 'account' | 'ou' | 'actor' | 'until' | 'reason'> {
  readonly includeCritical: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
}

const DETECTIONS = [...catalogue, ...statefulCatalogue];

function severityOf(id: string): string {
  const found = DETECTIONS.find((d) => d.id === id);
  if (found) return found.severity;
  const close = closest(
    id,
    DETECTIONS.map((d) => d.id),
  );
  throw new UsageError(`unknown detection '${id}'`, {
    hint: close ? `did you mean '${close}'?` : 'run trailwatch replay --help for the ids',
  });
}

/** `2026-12-31` means the end of that day (UTC): a person muting "until Friday" means all Friday. */
function untilOf(raw: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T23:59:59Z` : raw;
}

function describe(mute: Mute): string {
  const scope = [
    mute.account ? `account ${mute.account}` : mute.ou ? `OU ${mute.ou}` : 'every account',
    mute.actor ? `actor ${mute.actor}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${mute.id}  ${mute.detection}  ${scope}  until ${mute.until}  by ${mute.setBy}: ${mute.reason}${mute.includeCritical ? '  (includes critical)' : ''}`;
}

/** The deployment, and where its state table is: the home region unless `--region` says. */
function stateTableOf(
  options: AwsFlags,
  context: CommandContext,
): { config: TrailwatchConfig; target: AwsTarget } {
  const { config } = loadDeploymentConfig(options.config, context);
  const target = {
    region: options.region ?? config.homeRegion,
    ...(options.profile ? { profile: options.profile } : {}),
  };
  return { config, target };
}

async function caller(region: string, profile: string | undefined): Promise<string> {
  const identity = await new STSClient(
    clientConfig({ region, ...(profile ? { profile } : {}) }),
  ).send(new GetCallerIdentityCommand({}));
  return identity.Arn ?? 'unknown';
}

/** `trailwatch mute`: validates, names who set it, stores it in the state table. */
export async function addMute(options: MuteOptions, context: CommandContext): Promise<number> {
  const { target } = stateTableOf(options, context);
  const severity = severityOf(options.detection);
  if (severity === 'critical' && !options.includeCritical) {
    throw new UsageError(`${options.detection} is critical: a mute never hides it by default`, {
      hint: 'add --include-critical if you really mean to silence it, and say why in --reason',
    });
  }
  try {
    const setBy = await caller(target.region, options.profile);
    const mute: Mute = {
      id: `m-${randomBytes(4).toString('hex')}`,
      detection: options.detection,
      ...(options.account ? { account: options.account } : {}),
      ...(options.ou ? { ou: options.ou } : {}),
      ...(options.actor ? { actor: options.actor } : {}),
      until: untilOf(options.until),
      reason: options.reason,
      setBy,
      ...(options.includeCritical ? { includeCritical: true } : {}),
    };
    const problems = validateMute(mute, context.now());
    if (problems.length > 0) {
      throw new UsageError(
        problems.map((p) => `${p.path.join('.') || 'mute'} ${p.fix}`).join('; '),
        { hint: 'see trailwatch mute --help' },
      );
    }
    if (!options.dryRun) await new MuteTable(target).update((mutes) => [...mutes, mute]);
    await context.io.stdout.write(
      options.json
        ? `${JSON.stringify({ mute, stored: !options.dryRun })}\n`
        : `${options.dryRun ? 'would mute' : 'muted'}: ${describe(mute)}\n`,
    );
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw awsError(error, 'storing the mute');
  }
}

/** `trailwatch unmute <id>`. */
export async function removeMute(
  id: string,
  options: AwsFlags & { readonly dryRun: boolean },
  context: CommandContext,
): Promise<number> {
  const { config, target } = stateTableOf(options, context);
  try {
    const table = new MuteTable(target);
    const { mutes } = await table.read();
    const found = mutes.find((mute) => mute.id === id);
    if (found === undefined) {
      const inConfig = config.mutes.some((mute) => mute.id === id);
      throw new UsageError(`no mute '${id}' in the state table`, {
        hint: inConfig
          ? 'that mute is in trailwatch.config.json: remove it there and deploy'
          : 'trailwatch mutes lists them',
      });
    }
    if (!options.dryRun) await table.update((all) => all.filter((mute) => mute.id !== id));
    await context.io.stdout.write(
      `${options.dryRun ? 'would unmute' : 'unmuted'}: ${describe(found)}\n`,
    );
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw awsError(error, 'removing the mute');
  }
}

/** `trailwatch mutes`: the configuration file's and the state table's, expired ones marked. */
export async function listMutes(
  options: AwsFlags & { readonly json: boolean },
  context: CommandContext,
): Promise<number> {
  const { config, target } = stateTableOf(options, context);
  let stored: readonly Mute[];
  try {
    stored = (await new MuteTable(target).read()).mutes;
  } catch (error) {
    throw awsError(error, 'reading the mutes');
  }
  const now = context.now();
  const rows = [
    ...config.mutes.map((mute) => ({ source: 'config', mute })),
    ...stored.map((mute) => ({ source: 'cli', mute })),
  ].map((row) => ({ ...row, expired: Date.parse(row.mute.until) <= now }));
  if (options.json) {
    await context.io.stdout.write(`${JSON.stringify({ mutes: rows })}\n`);
  } else if (rows.length === 0) {
    await context.io.stdout.write('no mutes\n');
  } else {
    await context.io.stdout.write(
      rows
        .map((row) => `${row.expired ? 'expired ' : ''}[${row.source}] ${describe(row.mute)}\n`)
        .join(''),
    );
  }
  return ExitCode.OK;
}
