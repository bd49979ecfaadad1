import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { TrailwatchConfig } from '@trailwatch/config';
import { cdkBootstrapCommand, managementMemberDeploy } from '../aws/cdk-commands.js';
import { clientConfig } from '../aws/client-config.js';
import { loadDeploymentConfig } from '../aws/deployment-config.js';
import { DeploymentNames, SILENT_AFTER_MS } from '../aws/deployment-names.js';
import { cellKey, getHeartbeats } from '../aws/heartbeats.js';
import { listOrganizationAccounts, type OrgAccount, rootId } from '../aws/organization.js';
import { checkOrganizationTrail } from '../aws/organization-trail.js';
import { listStackInstances, stackSetAccountHint } from '../aws/stack-instances.js';
import type { CommandContext } from '../command.js';
import type { AwsFlags } from '../commands/common-options.js';
import { CommandError, UsageError } from '../errors.js';
import { ExitCode } from '../io.js';
import { planOperations } from './plan-operations.js';
import { type OperationOutcome, runOperation } from './stack-set-operation.js';
import { type CellToVerify, waitForHeartbeats } from './verify-heartbeats.js';

export interface OnboardOptions extends AwsFlags {
  readonly accounts: readonly string[];
  /** Subset of memberRegions; default all. */
  readonly regions?: readonly string[];
  readonly securityProfile?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  /** Minutes to wait for heartbeats; 0 = do not verify. */
  readonly verifyMinutes: number;
  /** Minutes to wait for each StackSet operation (including waiting for its turn). */
  readonly timeoutMinutes: number;
  /** Skip the organization trail check (it needs CloudTrail read access in this account). */
  readonly skipTrailCheck: boolean;
  /** Seconds between looks at a running operation (and first wait for a busy StackSet). */
  readonly pollSeconds: number;
}

type AccountResult =
  | { id: string; name?: string; result: 'rejected'; reason: string; fix: string }
  | { id: string; name: string; result: 'management'; fix: string[]; covered: boolean }
  | {
      id: string;
      name: string;
      result: 'onboarded' | 'failed' | 'planned';
      regions: Record<
        string,
        {
          result: 'pass' | 'fail' | 'pending' | 'unverified';
          reason?: string;
          fix?: string;
          lastSeen?: string;
        }
      >;
    };

/** `trailwatch onboard`: membership and trail checks, batched StackSet work, heartbeat proof. */
export async function onboard(options: OnboardOptions, context: CommandContext): Promise<number> {
  const { config } = loadDeploymentConfig(options.config, context);
  const regions = chooseRegions(config, options.regions);
  const progress = (line: string): void => void context.io.stderr.write(`onboard: ${line}\n`);
  const profile = options.profile ? { profile: options.profile } : {};
  const organizations = new OrganizationsClient(clientConfig({ region: 'us-east-1', ...profile }));
  const cloudformation = new CloudFormationClient(
    clientConfig({ region: config.homeRegion, ...profile }),
  );
  const securityProfile = options.securityProfile ?? options.profile;
  const dynamo = new DynamoDBClient(
    clientConfig({
      region: options.region ?? config.homeRegion,
      ...(securityProfile ? { profile: securityProfile } : {}),
    }),
  );

  // 1. Who may be onboarded: active members of this organization, not the management account.
  const members = new Map((await listOrganizationAccounts(organizations)).map((a) => [a.id, a]));
  const results: AccountResult[] = [];
  const eligible: OrgAccount[] = [];
  for (const id of options.accounts) {
    const account = members.get(id);
    if (account === undefined) {
      results.push({
        id,
        result: 'rejected',
        reason: `not a member of organization ${config.organizationId}`,
        fix: `invite it from the management account: aws organizations invite-account-to-organization --target Id=${id},Type=ACCOUNT, then accept the invitation in ${id}`,
      });
    } else if (account.state !== 'ACTIVE') {
      results.push({
        id,
        name: account.name,
        result: 'rejected',
        reason: `its state is ${account.state}, not ACTIVE`,
        fix: 'StackSets skip suspended and closing accounts; onboard it once it is ACTIVE again',
      });
    } else if (id === config.managementAccountId) {
      results.push({
        id,
        name: account.name,
        result: 'management',
        fix: managementFix(config),
        covered: false,
      });
    } else {
      eligible.push(account);
    }
  }

  // 2. The trail every forwarding rule depends on.
  if (!options.skipTrailCheck && eligible.length > 0) {
    const trail = await checkOrganizationTrail(
      new CloudTrailClient(clientConfig({ region: config.homeRegion, ...profile })),
    ).catch((error: unknown) => {
      if (error instanceof CommandError) {
        progress(
          `warning: could not check the organization trail from here (${error.message}); run 'trailwatch doctor' with management credentials`,
        );
        return undefined;
      }
      throw error;
    });
    if (trail && !trail.ok) {
      throw new CommandError(
        `the organization trail does not cover the accounts${trail.trail ? ` (${trail.trail}: ${trail.problems.join('; ')})` : `: ${trail.problems.join('; ')}`}`,
        {
          hint: `${trail.fix ?? 'see docs/deploy.md, Prerequisites'}; without it no CloudTrail event reaches EventBridge, so onboarding would prove nothing`,
        },
      );
    }
    if (trail) progress(`organization trail ${trail.trail} logs management events in every region`);
  }

  // 3. What is missing, batched into O(regions) StackSet operations.
  const instances = eligible.length > 0 ? await listStackInstances(cloudformation, config) : [];
  if (instances === undefined) {
    throw new CommandError(`StackSet ${config.stackSet.name} does not exist`, {
      hint: `deploy TrailwatchStackSet first (docs/deploy.md); ${stackSetAccountHint(config)}`,
    });
  }
  const operations = planOperations(
    eligible.map((a) => a.id),
    regions,
    instances,
  );
  const touched = new Set<string>();
  for (const op of operations)
    for (const a of op.accounts) for (const r of op.regions) touched.add(cellKey(a, r));
  progress(
    `${eligible.length} account(s) × ${regions.length} region(s): ${touched.size} stack instance(s) to create or repair in ${operations.length} StackSet operation(s)`,
  );

  const management = results.find((r) => r.result === 'management');
  if (options.dryRun) {
    for (const account of eligible) {
      results.push({
        id: account.id,
        name: account.name,
        result: 'planned',
        regions: Object.fromEntries(
          regions.map((r) => [
            r,
            {
              result: 'pending' as const,
              reason: touched.has(cellKey(account.id, r))
                ? 'would be created or repaired'
                : 'already healthy',
            },
          ]),
        ),
      });
    }
    await report(
      context,
      options,
      config,
      results,
      operations.map((o) => ({ ...o, outcome: undefined })),
      true,
    );
    return results.some((r) => r.result === 'rejected') ? ExitCode.PROBLEMS : ExitCode.OK;
  }

  // 4. Run the operations one after another (a StackSet runs one operation at a time anyway).
  const started = context.now();
  const root = operations.length > 0 ? await rootId(organizations) : '';
  const outcomes: OperationOutcome[] = [];
  for (const operation of operations) {
    outcomes.push(
      await runOperation(cloudformation, config, operation, root, {
        sleep: context.sleep,
        now: context.now,
        progress,
        pollMs: options.pollSeconds * 1000,
        timeoutMs: options.timeoutMinutes * 60_000,
      }),
    );
  }
  const failedCells = new Map<string, string>();
  for (const outcome of outcomes)
    for (const f of outcome.failures) failedCells.set(cellKey(f.account, f.region), f.reason);

  // 5. Proof that each account × region forwards: a heartbeat after onboarding started.
  const cells: CellToVerify[] = [];
  for (const account of eligible) {
    for (const region of regions) {
      const key = cellKey(account.id, region);
      if (failedCells.has(key)) continue;
      cells.push({
        account: account.id,
        region,
        since: touched.has(key) ? started : context.now() - SILENT_AFTER_MS,
      });
    }
  }
  const verified =
    options.verifyMinutes > 0 && cells.length > 0
      ? await waitForHeartbeats(dynamo, cells, {
          timeoutMs: options.verifyMinutes * 60_000,
          pollMs: 60_000,
          sleep: context.sleep,
          now: context.now,
          progress,
        })
      : undefined;
  const passed = new Set(verified?.passed.map((c) => cellKey(c.account, c.region)));
  const lastSeen = new Map(
    verified?.failed
      .filter((c) => c.lastSeen !== undefined)
      .map((c) => [cellKey(c.account, c.region), c.lastSeen as number]),
  );
  for (const account of eligible) {
    const regionResults: Extract<AccountResult, { regions: unknown }>['regions'] = {};
    for (const region of regions) {
      const key = cellKey(account.id, region);
      const failure = failedCells.get(key);
      if (failure !== undefined) {
        regionResults[region] = {
          result: 'fail',
          reason: `stack instance failed: ${failure}`,
          fix: instanceFix(failure, account.id, region, config.stackSet.name),
        };
      } else if (verified === undefined) {
        regionResults[region] = {
          result: 'unverified',
          reason: 'heartbeat not checked (--verify-minutes 0)',
        };
      } else if (passed.has(key)) {
        regionResults[region] = { result: 'pass' };
      } else {
        const seen = lastSeen.get(key);
        regionResults[region] = {
          result: 'fail',
          reason: `no heartbeat within ${options.verifyMinutes} min${seen ? ` (last one ${new Date(seen).toISOString()})` : ''}`,
          fix: heartbeatFix(account.id, region),
          ...(seen ? { lastSeen: new Date(seen).toISOString() } : {}),
        };
      }
    }
    const failed = Object.values(regionResults).some((r) => r.result === 'fail');
    results.push({
      id: account.id,
      name: account.name,
      result: failed ? 'failed' : 'onboarded',
      regions: regionResults,
    });
  }
  if (management && management.result === 'management') {
    const seen = await getHeartbeats(
      dynamo,
      regions.map((region) => ({ account: management.id, region })),
      context.sleep,
    ).catch(() => new Map<string, number>());
    management.covered = regions.every(
      (r) => (seen.get(cellKey(management.id, r)) ?? 0) >= context.now() - SILENT_AFTER_MS,
    );
  }
  await report(
    context,
    options,
    config,
    results,
    operations.map((o, i) => ({ ...o, outcome: outcomes[i] })),
    false,
  );
  const bad = results.some(
    (r) =>
      r.result === 'rejected' || r.result === 'failed' || (r.result === 'management' && !r.covered),
  );
  return bad ? ExitCode.PROBLEMS : ExitCode.OK;
}

function chooseRegions(config: TrailwatchConfig, wanted: readonly string[] | undefined): string[] {
  if (wanted === undefined) return [...config.memberRegions];
  const unknown = wanted.filter((r) => !config.memberRegions.includes(r));
  if (unknown.length > 0) {
    throw new UsageError(`--regions ${unknown.join(', ')} not in memberRegions`, {
      hint: `the StackSet deploys only to memberRegions (${config.memberRegions.join(', ')}); add the region to the configuration and redeploy TrailwatchStackSet first`,
    });
  }
  return [...new Set(wanted)];
}

function managementFix(config: TrailwatchConfig): string[] {
  return [
    cdkBootstrapCommand(config.managementAccountId, [
      ...new Set(['us-east-1', ...config.memberRegions]),
    ]),
    managementMemberDeploy(),
  ];
}

function instanceFix(reason: string, account: string, region: string, stackSet: string): string {
  if (/opt.?in|not enabled|region.*disabled/i.test(reason)) {
    return `enable ${region} in ${account} (aws account enable-region --account-id ${account} --region-name ${region}) or remove it from memberRegions`;
  }
  if (/already exists/i.test(reason)) {
    return `a resource of the member template already exists in ${account}/${region} (a trailwatch-* rule or role left behind): delete it, then run onboard again`;
  }
  return `read the events of the StackSet-${stackSet}-* stack in ${account}/${region} (aws cloudformation describe-stack-events), fix the cause, then run onboard again`;
}

function heartbeatFix(account: string, region: string): string {
  return `in ${account}: aws events describe-rule --name ${DeploymentNames.HEARTBEAT_RULE} --region ${region} (must be ENABLED), check the member dead-letter queue for errors, and that ${region} is enabled in the account; heartbeats are hourly, so rerun 'trailwatch coverage' later`;
}

async function report(
  context: CommandContext,
  options: OnboardOptions,
  config: TrailwatchConfig,
  results: readonly AccountResult[],
  operations: readonly (ReturnType<typeof planOperations>[number] & {
    outcome: OperationOutcome | undefined;
  })[],
  dryRun: boolean,
): Promise<void> {
  const out = context.io.stdout;
  if (options.json) {
    await out.write(
      `${JSON.stringify({
        stackSet: config.stackSet.name,
        dryRun,
        operations: operations.map((o) => ({
          kind: o.kind,
          accounts: o.accounts.length,
          regions: o.regions,
          ...(o.outcome ? { operationId: o.outcome.operationId, status: o.outcome.status } : {}),
        })),
        accounts: results,
      })}\n`,
    );
    return;
  }
  const lines: string[] = [];
  lines.push(
    `StackSet ${config.stackSet.name} (${config.stackSet.callAs}, ${config.homeRegion})${dryRun ? ' — dry run, nothing changed' : ''}`,
  );
  lines.push(`Operations: ${operations.length}`);
  for (const o of operations) {
    lines.push(
      `  ${o.kind.padEnd(6)} ${o.accounts.length} account(s) × ${o.regions.length} region(s)${o.outcome ? `  ${o.outcome.status} (${o.outcome.operationId})` : ''}`,
    );
  }
  for (const r of results) {
    lines.push('');
    if (r.result === 'rejected') {
      lines.push(`✘ ${r.id}${r.name ? ` ${r.name}` : ''}: not onboarded — ${r.reason}`);
      lines.push(`    fix: ${r.fix}`);
    } else if (r.result === 'management') {
      lines.push(`ℹ ${r.id} ${r.name} is the management account: StackSets never deploy there.`);
      lines.push(
        r.covered
          ? '    its plain TrailwatchManagementMember-* stacks already send heartbeats in every region.'
          : '    It gets the member template as plain stacks instead; with management credentials, in apps/infra:',
      );
      if (!r.covered) for (const command of r.fix) lines.push(`    ${command}`);
    } else {
      const icon = r.result === 'failed' ? '✘' : r.result === 'planned' ? '•' : '✔';
      lines.push(`${icon} ${r.id} ${r.name}: ${r.result}`);
      for (const [region, cell] of Object.entries(r.regions)) {
        lines.push(
          `    ${region.padEnd(15)} ${cell.result.toUpperCase().padEnd(10)} ${cell.reason ?? 'heartbeat received'}`,
        );
        if (cell.fix) lines.push(`    ${''.padEnd(15)} fix: ${cell.fix}`);
      }
    }
  }
  await out.write(`${lines.join('\n')}\n`);
}
