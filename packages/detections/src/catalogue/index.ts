import type { Detection } from '../types.js';
import { accessKeyDetections } from './access-keys.js';
import { cloudTrailTamperDetections } from './cloudtrail-tamper.js';
import { defenceEvasionDetections } from './defence-evasion.js';
import { guardDutyDetections } from './guardduty.js';
import { iamUserDetections } from './iam-users.js';
import { identityProviderDetections } from './identity-providers.js';
import { mfaDetections } from './mfa.js';
import { organizationDetections } from './organizations.js';
import { passwordPolicyDetections } from './password-policy.js';
import { policyDetections } from './policies.js';
import { privilegeEscalationDetections } from './privilege-escalation.js';
import { rootDetections } from './root.js';
import { signInDetections } from './sign-in.js';
import { trailwatchHealthDetections } from './trailwatch-health.js';
import { trailwatchTamperDetections } from './trailwatch-tamper.js';

/**
 * Every detection trailwatch ships, grouped by family. The order is the tie-break when two
 * matches have the same severity, and the order of the generated docs table.
 */
export const catalogue: readonly Detection[] = Object.freeze([
  ...signInDetections,
  ...rootDetections,
  ...iamUserDetections,
  ...accessKeyDetections,
  ...mfaDetections,
  ...policyDetections,
  ...privilegeEscalationDetections,
  ...identityProviderDetections,
  ...passwordPolicyDetections,
  ...cloudTrailTamperDetections,
  ...defenceEvasionDetections,
  ...organizationDetections,
  ...trailwatchTamperDetections,
  ...trailwatchHealthDetections,
  ...guardDutyDetections,
]);

export { TRAIL_LOG_MIN_RETENTION_DAYS } from './defence-evasion.js';
export {
  DEFAULT_GUARDDUTY_MIN_SEVERITY,
  GUARDDUTY_SEVERITY_BANDS,
  guardDutyFindingPattern,
} from './guardduty.js';
