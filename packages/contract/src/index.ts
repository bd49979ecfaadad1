export {
  AlerterDefaults,
  type AlerterEnvironmentInput,
  type AlerterSettings,
  AlerterVariable,
  buildAlerterEnvironment,
  parseAlerterEnvironment,
} from './alerter-environment.js';
export {
  type DailySummary,
  type DailySummaryTarget,
  DailySummaryTiming,
  dailySummaryTargets,
  isTimeZone,
  parseDailySummaryVariable,
  validateDailySummary,
} from './daily-summary.js';
export {
  type Environment,
  environmentSize,
  integerVariable,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  optionalVariable,
  requiredVariable,
  secretNameVariable,
  stringListVariable,
} from './environment.js';
export { type ContractIssue, EnvironmentError, formatPath } from './issue.js';
export {
  AlerterMetric,
  METRICS_NAMESPACE,
  ServiceName,
  WatchdogMetric,
} from './metrics.js';
export {
  decodeMutesItem,
  encodeMutesItem,
  type ItemValue,
  MAX_MUTE_DAYS,
  MUTES_ITEM_KEY,
  type Mute,
  type MuteSubject,
  type MutesItem,
  muteMatches,
  validateMute,
  validateMutes,
} from './mute.js';
export {
  FORWARDING_ROLE_PREFIX,
  partitionOf,
  queueUrl,
  SecurityNames,
  TestAlert,
  WatchdogNames,
} from './resource-names.js';
export {
  describeType,
  InvalidRoutesError,
  looksLikeWebhookUrl,
  parseRoutes,
  ROUTE_KEYS,
  type SlackRoute,
  validateRoute,
} from './route.js';
export { isSeverityName, SEVERITIES, type SeverityName } from './severity.js';
export {
  ClaimStatus,
  correlationKey,
  eventKey,
  heartbeatKey,
  leaseKey,
  parseAccountRegionKey,
  StateKeyPrefix,
  StateTable,
  SummaryCounter,
  stormKey,
  summaryKey,
  summaryPostedKey,
  utcHourOf,
  watchdogKey,
} from './state-table.js';
export { ALERTER_VARIABLE_DOCS, renderEnvironmentDocs, type VariableDoc } from './variable-docs.js';
export {
  buildWatchdogEnvironment,
  parseDailySummaryTargets,
  parseWatchdogEnvironment,
  WatchdogDefaults,
  type WatchdogEnvironmentInput,
  WatchdogLimits,
  type WatchdogSettings,
  WatchdogVariable,
} from './watchdog-environment.js';
