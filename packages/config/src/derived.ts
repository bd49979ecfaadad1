import type { TrailwatchConfig } from './schema.js';

/** Name of the central event bus in the security account. */
export const CENTRAL_BUS_NAME = 'trailwatch';

/** ARN of the central bus, known before anything is deployed. */
export function centralBusArn(config: TrailwatchConfig): string {
  return `arn:aws:events:${config.homeRegion}:${config.securityAccountId}:event-bus/${CENTRAL_BUS_NAME}`;
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
