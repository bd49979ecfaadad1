export * from './catalogue/index.js';
export {
  ALARM_STATE_CHANGE_DETAIL_TYPE,
  FORWARDING_DLQ_ALARM_PREFIX,
} from './catalogue/trailwatch-health.js';
export { renderCatalogueTable } from './catalogue-table.js';
export { type Classifier, createClassifier } from './classifier.js';
export * from './correlation/index.js';
export { InvalidDetectionError } from './errors.js';
export {
  EVENT_PATTERN_MAX_CHARS,
  ForwardingRule,
  forwardingPattern,
  forwardingPatterns,
  identityCenterPattern,
  tamperPattern,
  type UnionOptions,
  unionPattern,
} from './forwarding.js';
export { HEARTBEAT_DETAIL_TYPE, HEARTBEAT_RULE_NAME, isHeartbeat } from './heartbeat.js';
export { type TamperClaim, tamperClaim } from './rule-ownership.js';
export { SEVERITY_ORDER, severityRank } from './severity.js';
export * from './types.js';
