import {
  type CloudFormationClient,
  DescribeOrganizationsAccessCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeEventBusCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  GetAccountSettingsCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import {
  ListDelegatedAdministratorsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CENTRAL_BUS_NAME, type TrailwatchConfig, webhookSecretNames } from '@trailwatch/config';
import { errorName, isAwsError } from '../aws/aws-error.js';
import { cdkBootstrapCommand } from '../aws/cdk-commands.js';
import {
  DeploymentNames,
  SIGN_IN_REGIONS,
  STACKSETS_SERVICE_PRINCIPAL,
} from '../aws/deployment-names.js';
import { type CheckResult, result } from './check-result.js';

function failure(error: unknown): string {
  return `${errorName(error)}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Member regions must include where console sign-ins are recorded (aws-facts.md §2). */
export function checkSignInRegions(config: TrailwatchConfig): CheckResult {
  const title = 'Member regions include the console sign-in regions';
  const missing = SIGN_IN_REGIONS.filter((r) => !config.memberRegions.includes(r));
  return missing.length === 0
    ? result('sign-in-regions', title, 'pass', SIGN_IN_REGIONS.join(', '))
    : result(
        'sign-in-regions',
        title,
        'fail',
        `missing ${missing.join(', ')}: IAM-user console sign-ins through the global endpoint are recorded in us-east-2, eu-north-1 or ap-southeast-2, root sign-ins in us-east-1`,
        `add ${missing.map((r) => `"${r}"`).join(', ')} to memberRegions in the configuration, run pnpm synth, and redeploy TrailwatchStackSet and TrailwatchManagementMember-*`,
      );
}

export async function checkTrustedAccess(
  client: CloudFormationClient,
  config: TrailwatchConfig,
): Promise<CheckResult> {
  const title = 'StackSets trusted access with Organizations';
  const fix = `from the management account ${config.managementAccountId}: aws cloudformation activate-organizations-access`;
  try {
    const access = await client.send(
      new DescribeOrganizationsAccessCommand({ CallAs: config.stackSet.callAs }),
    );
    return access.Status === 'ENABLED'
      ? result('stacksets-trusted-access', title, 'pass', 'ENABLED')
      : result('stacksets-trusted-access', title, 'fail', access.Status ?? 'unknown', fix);
  } catch (error) {
    return result('stacksets-trusted-access', title, 'fail', failure(error), fix);
  }
}

export async function checkDelegatedAdmin(
  client: OrganizationsClient,
  config: TrailwatchConfig,
): Promise<CheckResult> {
  const title = 'StackSets delegated administrator registered';
  const id = config.stackSet.delegatedAdminAccountId ?? '';
  const fix = `from the management account: aws organizations register-delegated-administrator --service-principal ${STACKSETS_SERVICE_PRINCIPAL} --account-id ${id}`;
  try {
    const listed = await client.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL }),
    );
    const ids = (listed.DelegatedAdministrators ?? []).map((a) => a.Id);
    return ids.includes(id)
      ? result('stacksets-delegated-admin', title, 'pass', `${id} is registered`)
      : result(
          'stacksets-delegated-admin',
          title,
          'fail',
          `${id} is not registered (registered: ${ids.join(', ') || 'none'})`,
          fix,
        );
  } catch (error) {
    return result('stacksets-delegated-admin', title, 'fail', failure(error), fix);
  }
}

/** The CDKToolkit stack's BootstrapVersion output in one account × region. */
export async function checkBootstrap(
  client: CloudFormationClient,
  account: string,
  region: string,
): Promise<CheckResult> {
  const title = `CDK bootstrap in ${account}/${region}`;
  const id = `cdk-bootstrap:${account}:${region}`;
  const fix = cdkBootstrapCommand(account, [region]);
  try {
    const stacks = await client.send(
      new DescribeStacksCommand({ StackName: DeploymentNames.CDK_TOOLKIT_STACK }),
    );
    const outputs = stacks.Stacks?.[0]?.Outputs ?? [];
    const version = Number(outputs.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue);
    if (Number.isFinite(version) && version >= DeploymentNames.MIN_BOOTSTRAP_VERSION) {
      return result(id, title, 'pass', `version ${version}`);
    }
    return result(
      id,
      title,
      'fail',
      `version ${Number.isFinite(version) ? version : 'unknown'}, need ${DeploymentNames.MIN_BOOTSTRAP_VERSION} or later`,
      fix,
    );
  } catch (error) {
    if (
      isAwsError(error, 'ValidationError') &&
      /does not exist/i.test(String((error as Error).message))
    ) {
      return result(id, title, 'fail', 'not bootstrapped (no CDKToolkit stack)', fix);
    }
    return result(id, title, 'fail', failure(error), fix);
  }
}

/** Whether TrailwatchSecurity exists; before the first deploy, its resources are "not deployed yet". */
export async function securityStackDeployed(
  client: CloudFormationClient,
): Promise<boolean | Error> {
  try {
    const stacks = await client.send(
      new DescribeStacksCommand({ StackName: DeploymentNames.SECURITY_STACK }),
    );
    const status = stacks.Stacks?.[0]?.StackStatus ?? '';
    return (
      status !== '' && !/^(DELETE_COMPLETE|ROLLBACK_COMPLETE|REVIEW_IN_PROGRESS)$/.test(status)
    );
  } catch (error) {
    if (isAwsError(error, 'ValidationError')) return false;
    return error as Error;
  }
}

/**
 * Unreserved concurrency: the watchdog reserves 1, and Lambda refuses a reservation that leaves
 * fewer than 100 unreserved, so a fresh account (quota 10) cannot take the security stack.
 */
export async function checkConcurrency(
  client: LambdaClient,
  config: TrailwatchConfig,
  deployed: boolean,
): Promise<CheckResult> {
  const title = `Unreserved Lambda concurrency in ${config.securityAccountId}/${config.homeRegion}`;
  const need = deployed ? 100 : 101;
  const fix = `aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000 --region ${config.homeRegion}  (security account)`;
  try {
    const settings = await client.send(new GetAccountSettingsCommand({}));
    const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0;
    const total = settings.AccountLimit?.ConcurrentExecutions ?? 0;
    const detail = `${unreserved} unreserved of ${total}; need ${need} (the watchdog reserves 1, and Lambda keeps 100 unreserved)`;
    return unreserved >= need
      ? result('lambda-concurrency', title, 'pass', detail)
      : result('lambda-concurrency', title, 'fail', detail, fix);
  } catch (error) {
    return result('lambda-concurrency', title, 'fail', failure(error), fix);
  }
}

/** Each webhook secret exists and has a current version; its value is never read. */
export async function checkSecrets(
  client: SecretsManagerClient,
  config: TrailwatchConfig,
  deployed: boolean,
): Promise<CheckResult[]> {
  return Promise.all(
    webhookSecretNames(config).map(async (name) => {
      const id = `webhook-secret:${name}`;
      const title = `Webhook secret ${name} has a value`;
      const setIt = `trailwatch set-webhook --route ${name === config.slack.webhookSecretName ? 'default' : name} --profile <security>`;
      try {
        const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
        const current = Object.values(described.VersionIdsToStages ?? {}).some((stages) =>
          stages.includes('AWSCURRENT'),
        );
        if (described.DeletedDate)
          return result(
            id,
            title,
            'fail',
            'scheduled for deletion',
            `aws secretsmanager restore-secret --secret-id ${name}`,
          );
        return current
          ? result(id, title, 'pass', 'a current value is set (not shown)')
          : result(id, title, 'fail', 'the secret exists but has no value', setIt);
      } catch (error) {
        if (isAwsError(error, 'ResourceNotFoundException')) {
          return deployed
            ? result(
                id,
                title,
                'fail',
                'the secret does not exist although TrailwatchSecurity is deployed',
                'redeploy TrailwatchSecurity (npx cdk deploy TrailwatchSecurity), then set it',
              )
            : result(
                id,
                title,
                'not-deployed',
                'created empty by TrailwatchSecurity',
                `after deploying: ${setIt}`,
              );
        }
        return result(
          id,
          title,
          'fail',
          failure(error),
          'use --security-profile with secretsmanager:DescribeSecret',
        );
      }
    }),
  );
}

/** The central bus exists and its policy admits PutEvents from this organization only. */
export async function checkBusPolicy(
  client: EventBridgeClient,
  config: TrailwatchConfig,
  deployed: boolean,
): Promise<CheckResult> {
  const title = `Central bus ${CENTRAL_BUS_NAME} accepts events from ${config.organizationId}`;
  const redeploy = 'npx cdk deploy TrailwatchSecurity (security account)';
  try {
    const bus = await client.send(new DescribeEventBusCommand({ Name: CENTRAL_BUS_NAME }));
    const policy = JSON.parse(bus.Policy ?? '{"Statement":[]}') as {
      Statement?: {
        Effect?: string;
        Action?: string | string[];
        Condition?: Record<string, Record<string, unknown>>;
      }[];
    };
    const allows = (policy.Statement ?? []).some((s) => {
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      const org = s.Condition?.StringEquals?.['aws:PrincipalOrgID'];
      return (
        s.Effect === 'Allow' &&
        actions.includes('events:PutEvents') &&
        (org === config.organizationId ||
          (Array.isArray(org) && org.includes(config.organizationId)))
      );
    });
    return allows
      ? result(
          'central-bus-policy',
          title,
          'pass',
          `events:PutEvents allowed for aws:PrincipalOrgID ${config.organizationId}`,
        )
      : result(
          'central-bus-policy',
          title,
          'fail',
          'the bus policy has no events:PutEvents statement for this organization: member accounts cannot forward',
          redeploy,
        );
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      return deployed
        ? result('central-bus-policy', title, 'fail', 'the bus does not exist', redeploy)
        : result(
            'central-bus-policy',
            title,
            'not-deployed',
            'created by TrailwatchSecurity',
            redeploy,
          );
    }
    return result(
      'central-bus-policy',
      title,
      'fail',
      failure(error),
      'use --security-profile with events:DescribeEventBus',
    );
  }
}

/** The alerter reads trailwatch-events through an enabled mapping that reports partial failures. */
export async function checkEventSourceMapping(
  client: LambdaClient,
  deployed: boolean,
): Promise<CheckResult> {
  const title = `${DeploymentNames.ALERTER_FUNCTION} reads ${DeploymentNames.EVENTS_QUEUE}`;
  const redeploy = 'npx cdk deploy TrailwatchSecurity (security account)';
  try {
    const listed = await client.send(
      new ListEventSourceMappingsCommand({ FunctionName: DeploymentNames.ALERTER_FUNCTION }),
    );
    const mapping = (listed.EventSourceMappings ?? []).find((m) =>
      m.EventSourceArn?.endsWith(`:${DeploymentNames.EVENTS_QUEUE}`),
    );
    if (!mapping) {
      return deployed
        ? result(
            'alerter-event-source',
            title,
            'fail',
            `no event source mapping from ${DeploymentNames.EVENTS_QUEUE}`,
            redeploy,
          )
        : result(
            'alerter-event-source',
            title,
            'not-deployed',
            'created by TrailwatchSecurity',
            redeploy,
          );
    }
    if (mapping.State !== 'Enabled') {
      return result(
        'alerter-event-source',
        title,
        'fail',
        `the mapping is ${mapping.State}`,
        `aws lambda update-event-source-mapping --uuid ${mapping.UUID} --enabled`,
      );
    }
    if (!(mapping.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures')) {
      return result(
        'alerter-event-source',
        title,
        'fail',
        'the mapping lacks ReportBatchItemFailures: one failed alert would retry the whole batch',
        redeploy,
      );
    }
    return result(
      'alerter-event-source',
      title,
      'pass',
      `Enabled, batch ${mapping.BatchSize}, maximum concurrency ${mapping.ScalingConfig?.MaximumConcurrency ?? 'unset'}`,
    );
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      return deployed
        ? result(
            'alerter-event-source',
            title,
            'fail',
            `${DeploymentNames.ALERTER_FUNCTION} does not exist`,
            redeploy,
          )
        : result(
            'alerter-event-source',
            title,
            'not-deployed',
            'created by TrailwatchSecurity',
            redeploy,
          );
    }
    return result(
      'alerter-event-source',
      title,
      'fail',
      failure(error),
      'use --security-profile with lambda:ListEventSourceMappings',
    );
  }
}
