export {
  type ForwardingRule,
  MemberForwarding,
  type MemberForwardingProps,
} from './member-forwarding.js';
export { MemberStack } from './member-stack.js';
export {
  type CfnTemplate,
  INLINE_TEMPLATE_LIMIT_BYTES,
  MEMBER_TEMPLATE_FILE,
  readMemberTemplate,
  renderMemberTemplate,
  synthesizeMemberTemplate,
  writeMemberTemplate,
} from './member-template.js';
export { HEARTBEAT_SCHEDULE, MemberNames, MemberParameters } from './names.js';
