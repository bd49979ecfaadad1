export { HIDDEN_USER_NAME, parseActor, SSO_ROLE_PREFIX } from './actor.js';
export { describeActor, HIDDEN_NAME_LABEL, permissionSetRole } from './describe-actor.js';
export { DetailType, detailTypeOf, sourceOf, toEnvelope } from './envelope.js';
export {
  buildFindingEvent,
  GUARDDUTY_FINDING_DETAIL_TYPE,
  GUARDDUTY_SOURCE,
  isFindingDetail,
} from './finding.js';
export { type ParseResult, parseEvent } from './parse-event.js';
export { isDeliveredByDefault } from './read-only.js';
export * from './types.js';
export { classifyUserAgent } from './user-agent.js';
