import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CENTRAL_BUS_NAME } from '@trailwatch/config';
import { awsError } from '../aws/aws-error.js';
import { clientConfig } from '../aws/client-config.js';
import { loadDeploymentConfig } from '../aws/deployment-config.js';
import { DeploymentNames } from '../aws/deployment-names.js';
import {
  EventStatus,
  eventKey,
  PARTITION_KEY,
  STATE_TABLE_NAME,
  StateAttribute,
} from '../aws/state-table-keys.js';
import type { CommandContext } from '../command.js';
import { ExitCode } from '../io.js';
import { routeFor } from './route-for.js';
import { TEST_ALERT_DETAIL_TYPE, TEST_ALERT_SOURCE, testAlertDetail } from './test-alert-event.js';

export interface TestAlertOptions {
  readonly config?: string;
  readonly profile?: string;
  /** The account the test alert is about (routing, enrichment). */
  readonly account?: string;
  /** The region the test alert claims. */
  readonly region?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly timeoutSeconds: number;
  readonly pollSeconds: number;
}

/** `trailwatch test-alert`: a labelled event on the central bus, followed to Slack via the state table. */
export async function sendTestAlert(
  options: TestAlertOptions,
  context: CommandContext,
): Promise<number> {
  const { config } = loadDeploymentConfig(options.config, context);
  const home = config.homeRegion;
  const profile = options.profile ? { profile: options.profile } : {};
  const account = options.account ?? config.securityAccountId;
  const region = options.region ?? home;
  const progress = (line: string): void => void context.io.stderr.write(`test-alert: ${line}\n`);

  let sentBy: string;
  try {
    const identity = await new STSClient(clientConfig({ region: home, ...profile })).send(
      new GetCallerIdentityCommand({}),
    );
    sentBy = identity.Arn ?? 'unknown';
    if (identity.Account !== config.securityAccountId) {
      return fail(
        context,
        options,
        `the credentials are for account ${identity.Account}, not the security account ${config.securityAccountId}`,
        `the central bus accepts test alerts only from the security account: use --profile for ${config.securityAccountId}`,
      );
    }
  } catch (error) {
    throw awsError(error, 'checking the credentials');
  }
  const route = await routeFor(
    config,
    account,
    () => new OrganizationsClient(clientConfig({ region: 'us-east-1', ...profile })),
  );
  const eventId = `trailwatch-test-${randomUUID()}`;
  const time = new Date(context.now()).toISOString();
  const entry = {
    EventBusName: CENTRAL_BUS_NAME,
    Source: TEST_ALERT_SOURCE,
    DetailType: TEST_ALERT_DETAIL_TYPE,
    Time: new Date(context.now()),
    Detail: JSON.stringify(testAlertDetail({ eventId, account, region, time, sentBy })),
  };
  const where = `${route.route} → secret ${route.secret}`;
  if (options.dryRun) {
    if (options.json)
      await context.io.stdout.write(
        `${JSON.stringify({ dryRun: true, eventId, bus: CENTRAL_BUS_NAME, account, region, route })}\n`,
      );
    else
      await context.io.stdout.write(
        `dry run: would put test event ${eventId} (account ${account}, ${region}) on bus ${CENTRAL_BUS_NAME} in ${home}; it would go to ${where}${route.uncertain ? ` (${route.uncertain})` : ''}\n`,
      );
    return ExitCode.OK;
  }
  try {
    const put = await new EventBridgeClient(clientConfig({ region: home, ...profile })).send(
      new PutEventsCommand({ Entries: [entry] }),
    );
    const failed = put.Entries?.[0];
    if ((put.FailedEntryCount ?? 0) > 0 || failed?.ErrorCode) {
      return fail(
        context,
        options,
        `the bus refused the test event: ${failed?.ErrorCode}: ${failed?.ErrorMessage}`,
        'deploy TrailwatchSecurity (it creates the bus) and use security-account credentials with events:PutEvents on it',
      );
    }
  } catch (error) {
    throw awsError(
      error,
      `putting the test event on bus ${CENTRAL_BUS_NAME} in ${home}`,
      `deploy TrailwatchSecurity first, and use --profile for the security account ${config.securityAccountId} (events:PutEvents on the bus)`,
    );
  }
  progress(
    `put ${eventId} on ${CENTRAL_BUS_NAME}; waiting for the alerter to deliver it (up to ${options.timeoutSeconds} s)`,
  );

  const dynamo = new DynamoDBClient(clientConfig({ region: home, ...profile }));
  const started = context.now();
  let status: string | undefined;
  let deliveredAt: string | undefined;
  for (;;) {
    try {
      const item = (
        await dynamo.send(
          new GetItemCommand({
            TableName: STATE_TABLE_NAME,
            Key: { [PARTITION_KEY]: { S: eventKey(eventId) } },
            ConsistentRead: true,
          }),
        )
      ).Item;
      const next = item?.[StateAttribute.STATUS]?.S;
      if (next !== status && next === EventStatus.IN_PROGRESS)
        progress('the alerter claimed it and is posting to Slack');
      status = next;
      deliveredAt = item?.[StateAttribute.DELIVERED_AT]?.S;
    } catch (error) {
      throw awsError(
        error,
        `reading ${STATE_TABLE_NAME}`,
        'use security-account credentials with dynamodb:GetItem on the state table',
      );
    }
    if (status === EventStatus.DELIVERED) break;
    if (context.now() - started >= options.timeoutSeconds * 1000) break;
    await context.sleep(options.pollSeconds * 1000);
  }
  if (status !== EventStatus.DELIVERED) {
    return fail(
      context,
      options,
      `not delivered within ${options.timeoutSeconds} s (state: ${status ?? 'never picked up'})`,
      status === EventStatus.IN_PROGRESS
        ? `the alerter is retrying the post to Slack: check the webhook in ${route.secret} (trailwatch doctor), and the alerter's log: aws logs tail /aws/lambda/${DeploymentNames.ALERTER_FUNCTION} --since 10m`
        : `the alerter never saw it: check the rule trailwatch-test-alerts on bus ${CENTRAL_BUS_NAME} (redeploy TrailwatchSecurity), ${DeploymentNames.EVENTS_QUEUE} and its DLQs (trailwatch redrive --dry-run), and aws logs tail /aws/lambda/${DeploymentNames.ALERTER_FUNCTION} --since 10m`,
      { eventId, route },
    );
  }
  const seconds = ((Date.parse(deliveredAt ?? '') || context.now()) - Date.parse(time)) / 1000;
  if (options.json) {
    await context.io.stdout.write(
      `${JSON.stringify({ delivered: true, eventId, deliveredAt, seconds, account, region, route })}\n`,
    );
  } else {
    await context.io.stdout.write(
      `delivered: test event ${eventId} (account ${account}, ${region}) reached Slack in ${seconds.toFixed(1)} s (state table: ${EventStatus.DELIVERED} at ${deliveredAt})
  via ${where}${route.uncertain ? `\n  note: ${route.uncertain}` : ''}
  channel: the one the webhook in ${route.secret} was created for (a Slack webhook does not name its channel); look for "TEST — trailwatch test alert"
`,
    );
  }
  return ExitCode.OK;
}

async function fail(
  context: CommandContext,
  options: TestAlertOptions,
  message: string,
  hint: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  if (options.json)
    await context.io.stdout.write(
      `${JSON.stringify({ delivered: false, error: message, hint, ...extra })}\n`,
    );
  else await context.io.stdout.write(`not delivered: ${message}\n  what to do: ${hint}\n`);
  return ExitCode.PROBLEMS;
}
