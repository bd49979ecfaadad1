export {
  AlerterTiming,
  minimumAlerterTimeoutSeconds,
  pacingIntervalMs,
} from './alerter-timing.js';
export {
  CENTRAL_BUS_NAME,
  centralBusArn,
  stackSetAdminAccountId,
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
export { DEFAULT_MEMBER_REGIONS, GLOBAL_EVENTS_REGION } from './regions.js';
export {
  configSchema,
  ROUTE_SEVERITIES,
  type SlackRoute,
  type TrailwatchConfig,
  type TrailwatchConfigInput,
} from './schema.js';
