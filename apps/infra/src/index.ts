export {
  ConfigFileError,
  InvalidConfigError,
  loadConfig,
  parseConfig,
  type TrailwatchConfig,
  type TrailwatchConfigInput,
} from '@trailwatch/config';
export { centralPattern, sourcesOf } from './central-pattern.js';
export { ExampleConfigError, resolveConfigPath, resolveDeployConfigPath } from './config-path.js';
export {
  ORGANIZATIONS_READ_ACTIONS,
  Powertools,
  SECURITY_ACCOUNT_ORGANIZATIONS_ACTIONS,
  SecurityNames,
  WATCHDOG_ORGANIZATIONS_ACTIONS,
  WATCHDOG_TABLE_ACTIONS,
  WatchdogNames,
} from './constants.js';
export { AlerterBundleMissingError, UnknownDetectionError } from './errors.js';
export { HeartbeatWatchdog, type HeartbeatWatchdogProps } from './heartbeat-watchdog.js';
export {
  IdentityCenterNames,
  IdentityCenterStack,
  type IdentityCenterStackProps,
} from './identity-center-stack.js';
export {
  ManagementMemberStack,
  type ManagementMemberStackProps,
} from './management-member-stack.js';
export { ManagementStack, type ManagementStackProps } from './management-stack.js';
export {
  DEFAULT_ALERTER_BUNDLE_DIR,
  DEFAULT_OUTDIR,
  EXAMPLE_CONFIG_FILE,
  REPO_ROOT,
} from './paths.js';
export { type AddAlarmOptions, AlarmTopic, type AlarmTopicProps } from './security/alarm-topic.js';
export { AlertQueue, type AlertQueueProps } from './security/alert-queue.js';
export { Alerter, type AlerterProps } from './security/alerter.js';
export { CentralBus, type CentralBusProps } from './security/central-bus.js';
export { StateTable } from './security/state-table.js';
export { WebhookSecrets, type WebhookSecretsProps } from './security/webhook-secrets.js';
export { SecurityStack, type SecurityStackProps } from './security-stack.js';
export { StackSetStack, type StackSetStackProps } from './stack-set-stack.js';
export {
  buildTrailwatchApp,
  StackIds,
  stackNameFor,
  type TrailwatchAppOptions,
  type TrailwatchStacks,
} from './trailwatch-app.js';
