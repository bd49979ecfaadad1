import type { Detection } from '../types.js';
import { accessKeyDetections } from './access-keys.js';
import { cloudTrailTamperDetections } from './cloudtrail-tamper.js';
import { iamUserDetections } from './iam-users.js';
import { identityProviderDetections } from './identity-providers.js';
import { mfaDetections } from './mfa.js';
import { organizationDetections } from './organizations.js';
import { passwordPolicyDetections } from './password-policy.js';
import { policyDetections } from './policies.js';
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
  ...identityProviderDetections,
  ...passwordPolicyDetections,
  ...cloudTrailTamperDetections,
  ...organizationDetections,
  ...trailwatchTamperDetections,
  ...trailwatchHealthDetections,
]);
