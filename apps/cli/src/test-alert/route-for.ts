import {
  DescribeOrganizationalUnitCommand,
  ListParentsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { TrailwatchConfig } from '@trailwatch/config';
import { TEST_ALERT_DETECTION_ID, TEST_ALERT_SEVERITY } from './test-alert-event.js';

/** Which secret the alerter posts a test alert for `account` to, and why. */
export interface RouteChoice {
  readonly secret: string;
  /** `route 2`, or `default`. */
  readonly route: string;
  /** Set when an OU criterion could not be checked (Organizations did not answer). */
  readonly uncertain?: string;
}

/** The account's OU ids and names, walking up from the account to the root. */
async function ouAncestry(
  client: OrganizationsClient,
  account: string,
): Promise<{ ids: string[]; names: string[] }> {
  const ids: string[] = [];
  const names: string[] = [];
  let child = account;
  for (let depth = 0; depth < 6; depth++) {
    const parent = (await client.send(new ListParentsCommand({ ChildId: child }))).Parents?.[0];
    if (!parent?.Id || parent.Type === 'ROOT') break;
    ids.push(parent.Id);
    const ou = await client.send(
      new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent.Id }),
    );
    if (ou.OrganizationalUnit?.Name) names.push(ou.OrganizationalUnit.Name);
    child = parent.Id;
  }
  return { ids, names };
}

/**
 * The first route in the configuration that matches a test alert (severity info, detection
 * trailwatch-test-alert) for `account`, else the default webhook: the alerter's rule
 * (apps/alerter/src/routing.ts), applied to what the CLI knows.
 */
export async function routeFor(
  config: TrailwatchConfig,
  account: string,
  organizations: () => OrganizationsClient,
): Promise<RouteChoice> {
  let ancestry: { ids: string[]; names: string[] } | Error | undefined;
  for (const [index, route] of config.slack.routes.entries()) {
    if (route.severities && !route.severities.includes(TEST_ALERT_SEVERITY)) continue;
    if (route.detections && !route.detections.includes(TEST_ALERT_DETECTION_ID)) continue;
    if (route.accounts && !route.accounts.includes(account)) continue;
    if (route.ous) {
      if (ancestry === undefined) {
        ancestry = await ouAncestry(organizations(), account).catch((error: Error) => error);
      }
      if (ancestry instanceof Error) {
        return {
          secret: route.webhookSecretName,
          route: `route ${index + 1}`,
          uncertain: `route ${index + 1} matches only if ${account} is under ${route.ous.join(' or ')}, which Organizations did not say (${ancestry.name}); otherwise a later route or the default`,
        };
      }
      const { ids, names } = ancestry;
      if (!route.ous.some((ou) => ids.includes(ou) || names.includes(ou))) continue;
    }
    return { secret: route.webhookSecretName, route: `route ${index + 1}` };
  }
  return { secret: config.slack.webhookSecretName, route: 'default' };
}
