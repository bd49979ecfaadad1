import {
  buildAlerterEnvironment,
  buildWatchdogEnvironment,
  type DailySummaryTarget,
  dailySummaryTargets,
  partitionOf,
  queueUrl,
  SecurityNames,
} from '@trailwatch/contract';
import { pacingIntervalMs } from './alerter-timing.js';
import type { TrailwatchConfig } from './schema.js';

/** Name of the central event bus in the security account. */
export const CENTRAL_BUS_NAME = SecurityNames.BUS;

/** ARN of the central bus, known before anything is deployed. */
export function centralBusArn(config: TrailwatchConfig): string {
  return `arn:${partitionOf(config.homeRegion)}:events:${config.homeRegion}:${config.securityAccountId}:event-bus/${CENTRAL_BUS_NAME}`;
}

/** Every distinct webhook secret name: the default one first, then the routes' in order. */
export function webhookSecretNames(config: TrailwatchConfig): string[] {
  return [
    ...new Set([
      config.slack.webhookSecretName,
      ...config.slack.routes.map((route) => route.webhookSecretName),
    ]),
  ];
}

/** The account that owns the StackSet: the management account, or the delegated administrator. */
export function stackSetAdminAccountId(config: TrailwatchConfig): string {
  return config.stackSet.callAs === 'DELEGATED_ADMIN' && config.stackSet.delegatedAdminAccountId
    ? config.stackSet.delegatedAdminAccountId
    : config.managementAccountId;
}

/** ARN of the management account's Organizations read role, in role mode. */
export function organizationsRoleArn(config: TrailwatchConfig): string | undefined {
  if (config.organizationsAccess.mode !== 'role') return undefined;
  return `arn:${partitionOf(config.homeRegion)}:iam::${config.managementAccountId}:role/${config.organizationsAccess.roleName}`;
}

/**
 * The alerter's environment exactly as the security stack deploys it. Every value is a fixed
 * name, so the schema can measure it against Lambda's 4 KB limit before anything is deployed.
 */
export function alerterEnvironmentFor(config: TrailwatchConfig): Record<string, string> {
  const roleArn = organizationsRoleArn(config);
  return buildAlerterEnvironment({
    webhookSecretName: config.slack.webhookSecretName,
    routes: config.slack.routes,
    ...(config.slack.dailySummary ? { dailySummary: config.slack.dailySummary } : {}),
    mutes: config.mutes,
    tableName: SecurityNames.TABLE,
    queueUrl: queueUrl(config.homeRegion, config.securityAccountId, SecurityNames.EVENTS_QUEUE),
    // Each concurrent instance posts at most once per interval, so the fleet stays at ≤ 1 msg/s.
    slackMinIntervalMs: pacingIntervalMs(config.alerter.maxConcurrency),
    ...(roleArn ? { organizationsRoleArn: roleArn } : {}),
    ...(config.slack.consoleSignInUrl ? { consoleSignInUrl: config.slack.consoleSignInUrl } : {}),
    ...(config.slack.consoleRoleName ? { consoleRoleName: config.slack.consoleRoleName } : {}),
    ...(config.trail?.bucketNames ? { trailBucketNames: config.trail.bucketNames } : {}),
    ...(config.trail?.kmsKeyArns ? { trailKmsKeyArns: config.trail.kmsKeyArns } : {}),
  });
}

/** One account × region that gets CDK stacks, and which. */
export interface DeploymentEnvironment {
  readonly account: string;
  readonly region: string;
  /** What runs there, for the operator reading the bootstrap plan. */
  readonly stacks: readonly string[];
}

/**
 * Every account × region the CDK app deploys a stack to, in deploy order. Each needs
 * `cdk bootstrap` once (the security stack has assets; every stack checks the bootstrap version).
 * The infrastructure tests keep this list equal to the synthesized stacks' environments.
 */
export function deploymentEnvironments(config: TrailwatchConfig): DeploymentEnvironment[] {
  const byKey = new Map<string, { account: string; region: string; stacks: string[] }>();
  const add = (account: string, region: string, stack: string): void => {
    const key = `${account}/${region}`;
    const entry = byKey.get(key) ?? { account, region, stacks: [] };
    entry.stacks.push(stack);
    byKey.set(key, entry);
  };
  add(config.securityAccountId, config.homeRegion, 'security');
  add(stackSetAdminAccountId(config), config.homeRegion, 'StackSet');
  add(config.managementAccountId, 'us-east-1', 'management');
  for (const region of config.memberRegions) {
    add(config.managementAccountId, region, `management member (${region})`);
  }
  if (config.identityCenter) {
    add(config.identityCenter.accountId, config.identityCenter.region, 'Identity Center');
  }
  if (config.guardDuty) {
    for (const region of guardDutyRegions(config)) {
      add(config.guardDuty.adminAccountId, region, `GuardDuty findings (${region})`);
    }
  }
  return [...byKey.values()];
}

/** The exact `cdk bootstrap` commands for {@link deploymentEnvironments}, one per account. */
export function bootstrapCommands(config: TrailwatchConfig): string[] {
  const regionsByAccount = new Map<string, string[]>();
  for (const { account, region } of deploymentEnvironments(config)) {
    regionsByAccount.set(account, [...(regionsByAccount.get(account) ?? []), region]);
  }
  // One command per account (run with that account's credentials) bootstraps all its regions.
  return [...regionsByAccount].map(
    ([account, regions]) =>
      `npx cdk bootstrap --no-notices ${regions.map((region) => `aws://${account}/${region}`).join(' ')}`,
  );
}

/** The watchdog's environment exactly as the security stack deploys it (fixed names only). */
export function watchdogEnvironmentFor(config: TrailwatchConfig): Record<string, string> {
  const roleArn = organizationsRoleArn(config);
  return buildWatchdogEnvironment({
    tableName: SecurityNames.TABLE,
    memberRegions: config.memberRegions,
    targetOuIds: config.targetOuIds,
    managementAccountId: config.managementAccountId,
    webhookSecretName: config.slack.webhookSecretName,
    ...(config.watchdog.webhookSecretName
      ? { ownWebhookSecretName: config.watchdog.webhookSecretName }
      : {}),
    excludedAccounts: config.watchdog.excludedAccounts,
    silenceMinutes: config.watchdog.silenceMinutes,
    graceMinutes: config.watchdog.graceMinutes,
    ...(roleArn ? { organizationsRoleArn: roleArn } : {}),
    dailySummaries: dailySummariesOf(config),
  });
}

/** The webhooks that get a daily summary, one per webhook secret (the default's first). */
export function dailySummariesOf(config: TrailwatchConfig): DailySummaryTarget[] {
  return dailySummaryTargets(
    config.slack.webhookSecretName,
    config.slack.dailySummary,
    config.slack.routes,
  );
}

/** The regions whose GuardDuty findings are forwarded: `guardDuty.regions`, else the member regions. */
export function guardDutyRegions(config: TrailwatchConfig): readonly string[] {
  return config.guardDuty?.regions ?? config.memberRegions;
}
