export {
  ConfigFileError,
  InvalidConfigError,
  loadConfig,
  parseConfig,
  type TrailwatchConfig,
  type TrailwatchConfigInput,
} from '@trailwatch/config';
export { type AlerterResources, alerterEnvironment } from './alerter-environment.js';
export { centralSources } from './central-pattern.js';
export { resolveConfigPath } from './config-path.js';
export {
  ORGANIZATIONS_READ_ACTIONS,
  Powertools,
  SecurityNames,
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
export { SecurityStack, type SecurityStackProps } from './security-stack.js';
export { StackSetStack, type StackSetStackProps } from './stack-set-stack.js';
export {
  buildTrailwatchApp,
  StackIds,
  stackNameFor,
  type TrailwatchAppOptions,
  type TrailwatchStacks,
} from './trailwatch-app.js';
