import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { stackSetAdminAccountId, type TrailwatchConfig } from '@trailwatch/config';
import { errorName, genericHint } from '../aws/aws-error.js';
import { cdkBootstrapCommand } from '../aws/cdk-commands.js';
import { clientConfig } from '../aws/client-config.js';
import { loadDeploymentConfig } from '../aws/deployment-config.js';
import { checkOrganizationTrail } from '../aws/organization-trail.js';
import type { CommandContext } from '../command.js';
import type { AwsFlags } from '../commands/common-options.js';
import { ExitCode } from '../io.js';
import { bootstrapTargets } from './bootstrap-targets.js';
import { type CheckResult, result } from './check-result.js';
import {
  checkBootstrap,
  checkBusPolicy,
  checkConcurrency,
  checkDelegatedAdmin,
  checkEventSourceMapping,
  checkSecrets,
  checkSignInRegions,
  checkTrustedAccess,
  securityStackDeployed,
} from './deployment-checks.js';

export interface DoctorOptions extends AwsFlags {
  readonly managementProfile?: string;
  readonly securityProfile?: string;
  readonly stackSetProfile?: string;
  readonly json: boolean;
}

/** Which account a profile's credentials belong to (undefined profile = the default chain). */
async function identify(
  profile: string | undefined,
): Promise<{ account?: string; error?: string }> {
  try {
    const client = new STSClient(
      clientConfig({ region: 'us-east-1', ...(profile ? { profile } : {}) }),
    );
    const identity = await client.send(new GetCallerIdentityCommand({}));
    return { account: identity.Account ?? '' };
  } catch (error) {
    return {
      error: `${errorName(error)}: ${(error as Error).message}${genericHint(error) ? ` (${genericHint(error)})` : ''}`,
    };
  }
}

/** `trailwatch doctor`: read-only preflight and post-deploy checks, each with its fix. */
export async function doctor(options: DoctorOptions, context: CommandContext): Promise<number> {
  const { config, path } = loadDeploymentConfig(options.config, context);
  const profiles = {
    management: options.managementProfile ?? options.profile,
    security: options.securityProfile ?? options.profile,
    stackSet:
      options.stackSetProfile ??
      (config.stackSet.callAs === 'SELF'
        ? (options.managementProfile ?? options.profile)
        : options.profile),
  };
  const distinct = [...new Set(Object.values(profiles))];
  const identities = new Map(
    await Promise.all(distinct.map(async (p) => [p, await identify(p)] as const)),
  );
  // A profile is used for an account only when its credentials really belong to that account.
  const profileFor = (account: string): { profile?: string } | undefined => {
    for (const p of distinct)
      if (identities.get(p)?.account === account) return p ? { profile: p } : {};
    return undefined;
  };
  const skipped = (
    id: string,
    title: string,
    account: string,
    flag: string,
    fix?: string,
  ): CheckResult => {
    const seen = [...identities]
      .map(([p, i]) => `${p ?? 'default chain'}: ${i.account ?? i.error}`)
      .join('; ');
    return result(
      id,
      title,
      'skip',
      `no credentials for account ${account} (${seen}); pass ${flag}`,
      fix,
    );
  };

  const checks: CheckResult[] = [checkSignInRegions(config)];
  const home = config.homeRegion;
  const management = profileFor(config.managementAccountId);
  const security = profileFor(config.securityAccountId);
  const stackSetAdmin = profileFor(stackSetAdminAccountId(config));

  if (stackSetAdmin) {
    checks.push(
      await checkTrustedAccess(
        new CloudFormationClient(clientConfig({ region: home, ...stackSetAdmin })),
        config,
      ),
    );
  } else {
    checks.push(
      skipped(
        'stacksets-trusted-access',
        'StackSets trusted access with Organizations',
        stackSetAdminAccountId(config),
        config.stackSet.callAs === 'SELF' ? '--management-profile' : '--stackset-profile',
      ),
    );
  }
  if (config.stackSet.callAs === 'DELEGATED_ADMIN') {
    checks.push(
      management
        ? await checkDelegatedAdmin(
            new OrganizationsClient(clientConfig({ region: 'us-east-1', ...management })),
            config,
          )
        : skipped(
            'stacksets-delegated-admin',
            'StackSets delegated administrator registered',
            config.managementAccountId,
            '--management-profile',
          ),
    );
  }
  if (management) {
    try {
      const trail = await checkOrganizationTrail(
        new CloudTrailClient(clientConfig({ region: home, ...management })),
      );
      checks.push(
        result(
          'organization-trail',
          'Organization trail logs management events in every region',
          trail.ok ? 'pass' : 'fail',
          trail.ok
            ? `${trail.trail}: multi-region, global service events, logging`
            : `${trail.trail ? `${trail.trail}: ` : ''}${trail.problems.join('; ')}`,
          trail.fix,
        ),
      );
    } catch (error) {
      checks.push(
        result(
          'organization-trail',
          'Organization trail logs management events in every region',
          'fail',
          (error as Error).message,
          (error as { hint?: string }).hint,
        ),
      );
    }
  } else {
    checks.push(
      skipped(
        'organization-trail',
        'Organization trail logs management events in every region',
        config.managementAccountId,
        '--management-profile',
      ),
    );
  }

  for (const target of bootstrapTargets(config)) {
    const creds = profileFor(target.account);
    const title = `CDK bootstrap in ${target.account}/${target.region} (${target.stacks.join(', ')})`;
    if (!creds) {
      checks.push(
        skipped(
          `cdk-bootstrap:${target.account}:${target.region}`,
          title,
          target.account,
          'a profile for it',
          cdkBootstrapCommand(target.account, [target.region]),
        ),
      );
      continue;
    }
    const check = await checkBootstrap(
      new CloudFormationClient(clientConfig({ region: target.region, ...creds })),
      target.account,
      target.region,
    );
    checks.push({ ...check, title });
  }

  if (security) {
    const region = options.region ?? home;
    const deployed = await securityStackDeployed(
      new CloudFormationClient(clientConfig({ region, ...security })),
    );
    const isDeployed = deployed === true;
    checks.push(
      deployed instanceof Error
        ? result(
            'security-stack',
            'TrailwatchSecurity stack',
            'fail',
            `${errorName(deployed)}: ${deployed.message}`,
            'use --security-profile with cloudformation:DescribeStacks',
          )
        : result(
            'security-stack',
            'TrailwatchSecurity stack',
            isDeployed ? 'pass' : 'not-deployed',
            isDeployed ? 'deployed' : 'not deployed yet',
            isDeployed ? undefined : 'cd apps/infra && npx cdk deploy TrailwatchSecurity',
          ),
    );
    const lambda = new LambdaClient(clientConfig({ region, ...security }));
    checks.push(await checkConcurrency(lambda, config, isDeployed));
    checks.push(
      ...(await checkSecrets(
        new SecretsManagerClient(clientConfig({ region, ...security })),
        config,
        isDeployed,
      )),
    );
    checks.push(
      await checkBusPolicy(
        new EventBridgeClient(clientConfig({ region, ...security })),
        config,
        isDeployed,
      ),
    );
    checks.push(await checkEventSourceMapping(lambda, isDeployed));
  } else {
    for (const [id, title] of [
      ['lambda-concurrency', 'Unreserved Lambda concurrency'],
      ['webhook-secrets', 'Webhook secrets have a value'],
      ['central-bus-policy', 'Central bus policy'],
      ['alerter-event-source', 'Alerter event source mapping'],
    ] as const) {
      checks.push(skipped(id, title, config.securityAccountId, '--security-profile'));
    }
  }
  await report(context, config, path, identities, checks, options.json);
  return checks.some((c) => c.status === 'fail') ? ExitCode.PROBLEMS : ExitCode.OK;
}

const LABEL: Record<CheckResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
  'not-deployed': 'TODO',
};

async function report(
  context: CommandContext,
  config: TrailwatchConfig,
  path: string,
  identities: Map<string | undefined, { account?: string; error?: string }>,
  checks: readonly CheckResult[],
  json: boolean,
): Promise<void> {
  const counts = Object.fromEntries(
    Object.keys(LABEL).map((s) => [s, checks.filter((c) => c.status === s).length]),
  );
  if (json) {
    await context.io.stdout.write(`${JSON.stringify({ config: path, counts, checks })}\n`);
    return;
  }
  const lines = [
    `trailwatch doctor — ${path}`,
    `organization ${config.organizationId} · management ${config.managementAccountId} · security ${config.securityAccountId} · home ${config.homeRegion}`,
    `credentials: ${[...identities].map(([p, i]) => `${p ?? 'default chain'} → ${i.account ?? 'none'}`).join(' · ')}`,
    '',
  ];
  for (const check of checks) {
    lines.push(`${LABEL[check.status]}  ${check.title}: ${check.detail}`);
    if (check.fix && check.status !== 'pass') lines.push(`      fix: ${check.fix}`);
  }
  lines.push(
    '',
    `${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped (no credentials), ${counts['not-deployed']} not deployed yet`,
  );
  await context.io.stdout.write(`${lines.join('\n')}\n`);
}
