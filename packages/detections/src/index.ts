export * from './catalogue/index.js';
export { renderCatalogueTable } from './catalogue-table.js';
export { type Classifier, createClassifier } from './classifier.js';
export { InvalidDetectionError } from './errors.js';
export {
  EVENT_PATTERN_MAX_CHARS,
  ForwardingRule,
  forwardingPattern,
  forwardingPatterns,
  tamperPattern,
  unionPattern,
} from './forwarding.js';
export { HEARTBEAT_DETAIL_TYPE, HEARTBEAT_RULE_NAME, isHeartbeat } from './heartbeat.js';
export { SEVERITY_ORDER, severityRank } from './severity.js';
export * from './types.js';
