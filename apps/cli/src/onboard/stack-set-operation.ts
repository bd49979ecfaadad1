import { randomUUID } from 'node:crypto';
import {
  type CloudFormationClient,
  CreateStackInstancesCommand,
  DescribeStackSetOperationCommand,
  ListStackSetOperationResultsCommand,
  ListStackSetOperationsCommand,
  type StackSetOperationPreferences,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import type { TrailwatchConfig } from '@trailwatch/config';
import { awsError, isAwsError } from '../aws/aws-error.js';
import { callAs, stackSetAccountHint } from '../aws/stack-instances.js';
import { CommandError } from '../errors.js';
import type { PlannedOperation } from './plan-operations.js';

/** How one operation ended. */
export interface OperationOutcome {
  readonly operationId: string;
  /** SUCCEEDED, FAILED, STOPPED. */
  readonly status: string;
  /** Instances that failed, with CloudFormation's reason. */
  readonly failures: { account: string; region: string; reason: string }[];
}

/** Timing and reporting of {@link runOperation}; tests pass an instant `sleep`. */
export interface OperationRunner {
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly progress: (line: string) => void;
  /** Poll interval while the operation runs. */
  readonly pollMs: number;
  /** Give up waiting (for our turn, or for the operation) after this long. */
  readonly timeoutMs: number;
}

const DONE = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

function preferences(config: TrailwatchConfig): StackSetOperationPreferences {
  const p = config.stackSet.operationPreferences;
  return {
    RegionConcurrencyType: p.regionConcurrencyType,
    ConcurrencyMode: p.concurrencyMode,
    ...(p.failureToleranceCount === undefined
      ? {}
      : { FailureToleranceCount: p.failureToleranceCount }),
    ...(p.failureTolerancePercentage === undefined
      ? {}
      : { FailureTolerancePercentage: p.failureTolerancePercentage }),
    ...(p.maxConcurrentCount === undefined ? {} : { MaxConcurrentCount: p.maxConcurrentCount }),
    ...(p.maxConcurrentPercentage === undefined
      ? {}
      : { MaxConcurrentPercentage: p.maxConcurrentPercentage }),
  };
}

function describe(operation: PlannedOperation): string {
  const accounts =
    operation.accounts.length === 1
      ? operation.accounts[0]
      : `${operation.accounts.length} accounts`;
  return `${operation.kind} ${accounts} × ${operation.regions.length === 1 ? operation.regions[0] : `${operation.regions.length} regions`}`;
}

/** The operation that holds the StackSet, for the "waiting for" line. */
async function blockingOperation(
  client: CloudFormationClient,
  config: TrailwatchConfig,
): Promise<string> {
  try {
    const listed = await client.send(
      new ListStackSetOperationsCommand({
        StackSetName: config.stackSet.name,
        CallAs: callAs(config),
        MaxResults: 10,
      }),
    );
    const busy = (listed.Summaries ?? []).find(
      (s) => s.Status === 'RUNNING' || s.Status === 'QUEUED' || s.Status === 'STOPPING',
    );
    return busy
      ? `${busy.Action ?? 'operation'} ${busy.OperationId} (${busy.Status})`
      : 'another operation';
  } catch {
    return 'another operation';
  }
}

/**
 * Submits one create/update of stack instances for exactly `operation.accounts` (the organization
 * root intersected with the account list, so accounts outside the target OUs are reached too) and
 * waits for it. When the StackSet is busy (`OperationInProgressException`) it waits its turn and
 * resubmits with the same operation id, so a retry can never start the work twice.
 */
export async function runOperation(
  client: CloudFormationClient,
  config: TrailwatchConfig,
  operation: PlannedOperation,
  organizationRootId: string,
  runner: OperationRunner,
): Promise<OperationOutcome> {
  const operationId = randomUUID();
  const input = {
    StackSetName: config.stackSet.name,
    CallAs: callAs(config),
    DeploymentTargets: {
      OrganizationalUnitIds: [organizationRootId],
      Accounts: [...operation.accounts],
      AccountFilterType: 'INTERSECTION' as const,
    },
    Regions: [...operation.regions],
    OperationPreferences: preferences(config),
    OperationId: operationId,
  };
  const started = runner.now();
  const label = describe(operation);
  let wait = runner.pollMs;
  for (;;) {
    try {
      await client.send(
        operation.kind === 'create'
          ? new CreateStackInstancesCommand(input)
          : new UpdateStackInstancesCommand(input),
      );
      break;
    } catch (error) {
      // Our earlier attempt went through after all (a lost response): follow it.
      if (isAwsError(error, 'OperationIdAlreadyExistsException')) break;
      if (!isAwsError(error, 'OperationInProgressException')) {
        throw awsError(
          error,
          `starting StackSet operation (${label})`,
          stackSetAccountHint(config),
        );
      }
      if (runner.now() - started > runner.timeoutMs) {
        throw new CommandError(
          `StackSet ${config.stackSet.name} stayed busy for ${Math.round(runner.timeoutMs / 60000)} min; ${label} was not started`,
          {
            hint: 'run onboard again later (it only does what is still missing), or raise --timeout',
          },
        );
      }
      runner.progress(`${label}: waiting for ${await blockingOperation(client, config)} to finish`);
      await runner.sleep(wait);
      wait = Math.min(wait * 2, 60_000);
    }
  }
  runner.progress(`${label}: operation ${operationId} started`);

  let status = 'RUNNING';
  let lastReported = '';
  while (!DONE.has(status)) {
    if (runner.now() - started > runner.timeoutMs) {
      throw new CommandError(
        `StackSet operation ${operationId} (${label}) is still ${status} after ${Math.round(runner.timeoutMs / 60000)} min`,
        {
          hint: `it keeps running in AWS: aws cloudformation describe-stack-set-operation --stack-set-name ${config.stackSet.name} --operation-id ${operationId} --call-as ${callAs(config)}`,
        },
      );
    }
    await runner.sleep(runner.pollMs);
    try {
      const described = await client.send(
        new DescribeStackSetOperationCommand({
          StackSetName: config.stackSet.name,
          OperationId: operationId,
          CallAs: callAs(config),
        }),
      );
      status = described.StackSetOperation?.Status ?? 'RUNNING';
    } catch (error) {
      throw awsError(
        error,
        `following StackSet operation ${operationId}`,
        stackSetAccountHint(config),
      );
    }
    const elapsed = Math.round((runner.now() - started) / 1000);
    if (status !== lastReported || elapsed % 60 < runner.pollMs / 1000) {
      runner.progress(`${label}: ${status} (${elapsed} s)`);
      lastReported = status;
    }
  }
  return { operationId, status, failures: await failedResults(client, config, operationId) };
}

async function failedResults(
  client: CloudFormationClient,
  config: TrailwatchConfig,
  operationId: string,
): Promise<OperationOutcome['failures']> {
  const failures: OperationOutcome['failures'] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListStackSetOperationResultsCommand({
          StackSetName: config.stackSet.name,
          OperationId: operationId,
          CallAs: callAs(config),
          Filters: [{ Name: 'OPERATION_RESULT_STATUS', Values: 'FAILED' }],
          NextToken: token,
        }),
      );
      for (const r of page.Summaries ?? []) {
        if (r.Status !== 'FAILED' && r.Status !== 'CANCELLED') continue;
        failures.push({
          account: r.Account ?? '?',
          region: r.Region ?? '?',
          reason: r.StatusReason ?? r.Status,
        });
      }
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw awsError(
      error,
      `listing the results of StackSet operation ${operationId}`,
      stackSetAccountHint(config),
    );
  }
  return failures;
}
