export {
  AlerterTiming,
  minimumAlerterTimeoutSeconds,
  pacingIntervalMs,
} from './alerter-timing.js';
export {
  alerterEnvironmentFor,
  bootstrapCommands,
  CENTRAL_BUS_NAME,
  centralBusArn,
  type DeploymentEnvironment,
  dailySummariesOf,
  deploymentEnvironments,
  guardDutyRegions,
  organizationsRoleArn,
  stackSetAdminAccountId,
  watchdogEnvironmentFor,
  webhookSecretNames,
} from './derived.js';
export {
  ConfigFileError,
  type ConfigIssue,
  describeValue,
  formatIssue,
  InvalidConfigError,
} from './errors.js';
export { CONFIG_FILE_NAME, loadConfig, parseConfig } from './load-config.js';
export { DEFAULT_MEMBER_REGIONS, GLOBAL_EVENTS_REGION, SIGN_IN_REGIONS } from './regions.js';
export {
  configSchema,
  ROUTE_SEVERITIES,
  type SlackRoute,
  type TrailwatchConfig,
  type TrailwatchConfigInput,
} from './schema.js';
