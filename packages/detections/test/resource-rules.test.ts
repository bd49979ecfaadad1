import { compilePattern } from '@trailwatch/event-pattern';
import { describe, expect, it } from 'vitest';
import { isIdentityCenterProvisioning } from '../src/catalogue/identity-providers.js';
import { looksSecurityRelated } from '../src/catalogue/security-names.js';
import { isTrailBucket, isTrailKey } from '../src/catalogue/trail-resources.js';
import { DEFAULT_GUARDDUTY_MIN_SEVERITY, guardDutyFindingPattern } from '../src/index.js';
import { fixtureEvent } from './helpers.js';

describe('Function: isTrailBucket', () => {
  it('uses the configured buckets only, when there are any', () => {
    const context = { trailBucketNames: ['org-audit-logs'] };
    expect(isTrailBucket('org-audit-logs', context)).toBe(true);
    expect(isTrailBucket('aws-cloudtrail-logs-111122223333-org', context)).toBe(false);
  });

  it('falls back to a name containing "cloudtrail" in any case', () => {
    expect(isTrailBucket('aws-cloudtrail-logs-111122223333-org', {})).toBe(true);
    expect(isTrailBucket('Org-CloudTrail-Archive', {})).toBe(true);
    expect(isTrailBucket('orders-exports', {})).toBe(false);
    expect(isTrailBucket(undefined, {})).toBe(false);
    expect(isTrailBucket('x', { trailBucketNames: [] })).toBe(false);
  });
});

describe('Function: isTrailKey', () => {
  const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('matches a configured ARN against a bare key id in the event, and the other way round', () => {
    const byId = fixtureEvent('det-trail-kms-key-disabled-pos-disable-by-id');
    expect(isTrailKey(byId, { trailKmsKeys: [arn] })).toBe(true);
    expect(isTrailKey(byId, { trailKmsKeys: ['1234abcd-12ab-34cd-56ef-1234567890ab'] })).toBe(true);
  });

  it('knows no trail key without configuration', () => {
    expect(isTrailKey(fixtureEvent('det-trail-kms-key-disabled-pos-disable-by-id'), {})).toBe(
      false,
    );
  });
});

describe('Function: looksSecurityRelated', () => {
  it.each([
    'CIS-3.3-RootAccountUsage',
    'cis_unauthorized_api',
    'CISRootUsage',
    'guardduty-findings-to-pagerduty',
    'aws-controltower-ConfigComplianceChangeEventRule',
    '/aws/cloudtrail/org',
    'SecurityHubFindings',
    'vpc-flow-logs',
  ])('recognises %s', (name) => {
    expect(looksSecurityRelated(name)).toBe(true);
  });

  it.each([
    'orders-cpu-high',
    'precision-latency-p99',
    'nightly-report-schedule',
    'decision-engine',
  ])('leaves %s alone', (name) => {
    expect(looksSecurityRelated(name)).toBe(false);
  });
});

describe('Function: isIdentityCenterProvisioning', () => {
  it('is the AWSSSO_ provider created by the Identity Center service-linked role only', () => {
    expect(
      isIdentityCenterProvisioning(
        fixtureEvent('det-saml-provider-changed-neg-identity-center-rollout'),
      ),
    ).toBe(true);
    expect(
      isIdentityCenterProvisioning(
        fixtureEvent('det-saml-provider-changed-pos-awssso-name-by-person'),
      ),
    ).toBe(false);
    expect(isIdentityCenterProvisioning(fixtureEvent('det-saml-provider-changed-pos-create'))).toBe(
      false,
    );
  });
});

describe('Function: guardDutyFindingPattern', () => {
  const envelope = (severity: number) => ({
    ...fixtureEvent('det-guardduty-finding-high-pos-credential-exfiltration').envelope,
    detail: {
      ...fixtureEvent('det-guardduty-finding-high-pos-credential-exfiltration').record,
      severity,
    },
  });

  it('forwards findings at or above the threshold (default 7) and nothing below', () => {
    const forward = compilePattern(guardDutyFindingPattern());
    expect(DEFAULT_GUARDDUTY_MIN_SEVERITY).toBe(7);
    expect(forward.matches(envelope(7))).toBe(true);
    expect(forward.matches(envelope(6.9))).toBe(false);
    expect(forward.matches(envelope(10))).toBe(true);
    expect(compilePattern(guardDutyFindingPattern(4)).matches(envelope(4))).toBe(true);
    expect(compilePattern(guardDutyFindingPattern(4)).matches(envelope(3.9))).toBe(false);
  });

  it('forwards only GuardDuty Finding events, not GuardDuty API calls', () => {
    const forward = compilePattern(guardDutyFindingPattern(1));
    expect(
      forward.matches(fixtureEvent('det-guardduty-disabled-pos-delete-detector').envelope),
    ).toBe(false);
  });

  it.each([-1, 10.5, Number.NaN])('refuses threshold %s', (bad) => {
    expect(() => guardDutyFindingPattern(bad)).toThrow(RangeError);
  });
});
