import { compilePattern, validatePattern } from '@trailwatch/event-pattern';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  catalogue,
  createClassifier,
  type Detection,
  EVENT_PATTERN_MAX_CHARS,
  forwardingPattern,
  forwardingPatterns,
  identityCenterPattern,
  Scope,
  tamperClaim,
  tamperPattern,
  unionPattern,
} from '../src/index.js';
import { allFixtureNames, fixtureEvent } from './helpers.js';

const events = allFixtureNames().map((name) => ({ name, event: fixtureEvent(name) }));
const compiledCatalogue = catalogue.map((d) => ({ d, c: compilePattern(d.pattern) }));

/** Fixtures whose envelope some detection's *pattern* matches (refine aside: a superset must not care). */
function matchedBy(detections: readonly Detection[]) {
  const wanted = new Set(detections.map((d) => d.id));
  return events.filter(({ event }) =>
    compiledCatalogue.some(({ d, c }) => wanted.has(d.id) && c.matches(event.envelope)),
  );
}

/** Whether any of a region's forwarding rules forwards the envelope. */
function forwardedIn(region: 'us-east-1' | 'other') {
  const rules = forwardingPatterns(region).map((pattern) => compilePattern(pattern));
  return (envelope: unknown) => rules.some((rule) => rule.matches(envelope));
}

describe('Function: forwardingPattern', () => {
  it.each(['every-region', 'us-east-1-only'] as const)(
    'is a valid pattern within the size quota (%s)',
    (rule) => {
      const pattern = forwardingPattern(rule);
      expect(validatePattern(pattern, { maxLength: EVENT_PATTERN_MAX_CHARS })).toEqual([]);
      expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARS);
    },
  );

  /** The member rules of a region class: what crosses to the central bus from there. */
  function memberRules(region: 'us-east-1' | 'other') {
    const rules = [...forwardingPatterns(region), tamperPattern()].map((p) => compilePattern(p));
    return { matches: (envelope: unknown) => rules.some((rule) => rule.matches(envelope)) };
  }
  const memberCatalogue = catalogue.filter(
    (d) => d.scope === Scope.EVERY_REGION || d.scope === Scope.US_EAST_1,
  );

  it('gives us-east-1 two rules and every other region one', () => {
    expect(forwardingPatterns('us-east-1')).toEqual([
      forwardingPattern('every-region'),
      forwardingPattern('us-east-1-only'),
    ]);
    expect(forwardingPatterns('other')).toEqual([forwardingPattern('every-region')]);
  });

  it('forwards every fixture some member detection matches, in us-east-1 (with the tamper rule)', () => {
    const member = memberRules('us-east-1');
    const missed = matchedBy(memberCatalogue).filter(
      ({ event }) => !member.matches(event.envelope),
    );
    expect(missed.map((m) => m.name)).toEqual([]);
    expect(matchedBy(memberCatalogue).length).toBeGreaterThan(120);
  });

  it('forwards every fixture an every-region detection matches, in other regions', () => {
    const everyRegion = catalogue.filter((d) => d.scope === Scope.EVERY_REGION);
    const member = memberRules('other');
    // IAM, Organizations and account events arrive only in us-east-1 (root calls included).
    const usEast1Only = ['aws.account', 'aws.iam', 'aws.organizations'];
    const missed = matchedBy(everyRegion)
      .filter(({ event }) => !usEast1Only.includes(event.envelope.source))
      .filter(({ event }) => !member.matches(event.envelope));
    expect(missed.map((m) => m.name)).toEqual([]);
  });

  it.each(['every-region', 'us-east-1-only'] as const)(
    'leaves every event the tamper rule forwards to it (%s): one rule owns each event',
    (rule) => {
      const forward = compilePattern(forwardingPattern(rule));
      const tamper = compilePattern(tamperPattern());
      const both = events.filter(
        ({ event }) => forward.matches(event.envelope) && tamper.matches(event.envelope),
      );
      expect(both.map((m) => m.name)).toEqual([]);
    },
  );

  it('leaves Identity Center sign-ins to the Identity Center rule', () => {
    const identityCenter = catalogue.filter((d) => d.scope === Scope.IDENTITY_CENTER);
    expect(identityCenter.map((d) => d.id)).toContain('identity-center-sign-in-failed');
    const rule = compilePattern(identityCenterPattern());
    const matched = matchedBy(identityCenter);
    expect(matched.length).toBeGreaterThan(0);
    for (const region of ['us-east-1', 'other'] as const) {
      const member = memberRules(region);
      for (const { name, event } of matched) {
        expect(rule.matches(event.envelope), name).toBe(true);
        expect(member.matches(event.envelope), `${name} in ${region}`).toBe(false);
      }
    }
  });

  it("forwards no one else's rule, stack set or trailwatch-role call through either rule", () => {
    const forward = { matches: forwardedIn('us-east-1') };
    const tamper = compilePattern(tamperPattern());
    const other = (name: string, eventName: string, requestParameters: object) => {
      const { envelope, record } = fixtureEvent(name);
      return { ...envelope, detail: { ...record, eventName, requestParameters } };
    };
    for (const envelope of [
      other('det-trailwatch-rule-tampered-pos-disable-forward', 'PutRule', { name: 'billing' }),
      other('det-trailwatch-rule-tampered-pos-remove-targets', 'PutTargets', { rule: 'ci-build' }),
      other('det-trailwatch-stack-set-updated-pos-rollout', 'UpdateStackSet', {
        stackSetName: 'landing-zone-baseline',
      }),
      other('det-trailwatch-stack-tampered-pos-delete-member-stack', 'DeleteStack', {
        stackName: 'payments-api',
      }),
    ]) {
      const what = `${envelope.detail.eventName} ${JSON.stringify(envelope.detail.requestParameters)}`;
      expect(forward.matches(envelope), what).toBe(false);
      expect(tamper.matches(envelope), what).toBe(false);
    }
  });

  it("leaves every rule's deletion to the tamper rule, which owns DeleteRule and DisableRule", () => {
    // security-rule-disabled needs them for any rule; the tamper rule owns those event names.
    const { envelope, record } = fixtureEvent('det-trailwatch-rule-tampered-pos-disable-forward');
    const other = {
      ...envelope,
      detail: { ...record, eventName: 'DeleteRule', requestParameters: { name: 'old' } },
    };
    expect(forwardedIn('us-east-1')(other)).toBe(false);
    expect(compilePattern(tamperPattern()).matches(other)).toBe(true);
  });

  it('never forwards GuardDuty findings from members: the administrator account does', () => {
    const finding = fixtureEvent('det-guardduty-finding-high-pos-credential-exfiltration');
    expect(memberRules('us-east-1').matches(finding.envelope)).toBe(false);
    expect(memberRules('other').matches(finding.envelope)).toBe(false);
  });

  it('leaves IAM, Organizations and account calls to the us-east-1-only rule', () => {
    const everyRegion = compilePattern(forwardingPattern('every-region'));
    const global = compilePattern(forwardingPattern('us-east-1-only'));
    for (const name of [
      'det-iam-user-created-pos-cli',
      'det-organizations-changed-pos-move-account',
      'det-opt-in-region-changed-pos-enable',
    ]) {
      const { envelope } = fixtureEvent(name);
      expect(global.matches(envelope), name).toBe(true);
      expect(everyRegion.matches(envelope), name).toBe(false);
    }
  });

  it('does not send a us-east-1 console sign-in through both rules', () => {
    const everyRegion = compilePattern(forwardingPattern('every-region'));
    const global = compilePattern(forwardingPattern('us-east-1-only'));
    const { envelope } = fixtureEvent('det-root-console-sign-in-pos-no-mfa');
    expect(everyRegion.matches(envelope)).toBe(true);
    expect(global.matches(envelope)).toBe(false);
  });

  it('keeps IAM and S3 precise: unrelated writes are not forwarded', () => {
    const forward = forwardedIn('us-east-1');
    const created = fixtureEvent('det-iam-user-created-pos-cli');
    const tagUser = { ...created.envelope, detail: { ...created.record, eventName: 'TagUser' } };
    expect(forward(created.envelope)).toBe(true);
    expect(forward(tagUser)).toBe(false);
    const policy = fixtureEvent('det-trail-bucket-policy-changed-pos-delete-policy');
    const putObject = {
      ...policy.envelope,
      detail: { ...policy.record, eventName: 'PutObject' },
    };
    expect(forward(policy.envelope)).toBe(true);
    expect(forward(putObject)).toBe(false);
  });

  it('drops failed calls only for sources where every detection ignores them', () => {
    const forward = forwardedIn('us-east-1');
    // iam: every detection requires success, so a denied CreateUser stays home …
    expect(forward(fixtureEvent('det-iam-user-created-neg-denied').envelope)).toBe(false);
    // … organizations: a denied LeaveOrganization is itself a detection, so it is forwarded.
    const attempt = fixtureEvent('det-organization-leave-attempted-pos-denied-by-scp');
    expect(forward(attempt.envelope)).toBe(true);
  });

  it.each(['every-region', 'us-east-1-only'] as const)(
    'lists exact event names for every source (%s): no source is widened today',
    (rule) => {
      const branches: Record<string, unknown>[] = [];
      const walk = (node: Record<string, unknown>) => {
        if (Array.isArray(node.$or)) for (const b of node.$or) walk(b as Record<string, unknown>);
        // Open by design: root activity (any call of root's, less the tamper rule's) and
        // EventBridge-native events matched on their own fields (the DLQ alarm's state change).
        const {
          eventName: _name,
          errorCode: _error,
          ...conditions
        } = (node.detail ?? {}) as Record<string, unknown>;
        if (node.source && Object.keys(conditions).length === 0) branches.push(node);
      };
      walk(forwardingPattern(rule) as Record<string, unknown>);
      expect(branches.length).toBeGreaterThan(2);
      for (const branch of branches) {
        expect(
          (branch.detail as { eventName?: unknown } | undefined)?.eventName,
          JSON.stringify(branch.source),
        ).toEqual(expect.arrayContaining([expect.any(String)]));
      }
    },
  );

  it('states "no errorCode" once for all sources that require it', () => {
    const pattern = forwardingPattern('every-region') as { $or: Record<string, unknown>[] };
    const shared = pattern.$or[0] as { detail: unknown; $or: { detail?: object }[] };
    expect(shared.detail).toEqual({ errorCode: [{ exists: false }] });
    for (const branch of shared.$or) expect(branch.detail ?? {}).not.toHaveProperty('errorCode');
  });

  it('stays a superset for any subset of the catalogue (property)', () => {
    fc.assert(
      fc.property(fc.subarray(catalogue as Detection[], { minLength: 1 }), (subset) => {
        const union = compilePattern(unionPattern(subset));
        return matchedBy(subset).every(({ event }) => union.matches(event.envelope));
      }),
      { numRuns: 60 },
    );
  });

  it('splits any subset of the catalogue between forward and tamper rules exactly (property)', () => {
    // Every fixture a member detection matches crosses once: by one rule, never by both, never
    // by neither — whatever detections the catalogue holds.
    const untampered = memberCatalogue.filter((d) => !d.tamper) as Detection[];
    const tampered = memberCatalogue.filter((d) => d.tamper) as Detection[];
    fc.assert(
      fc.property(
        fc.subarray(untampered, { minLength: 1 }),
        fc.subarray(tampered, { minLength: 1 }),
        (others, tamperers) => {
          const detections = [...others, ...tamperers];
          const rules = [
            ...forwardingPatterns('us-east-1', detections),
            tamperPattern(detections),
          ].map((p) => compilePattern(p));
          return matchedBy(detections).every(
            ({ event }) => rules.filter((rule) => rule.matches(event.envelope)).length === 1,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('claims exactly the source × event names of the tamper detections', () => {
    const claim = tamperClaim(catalogue);
    expect(claim.sources).toEqual([
      'aws.cloudformation',
      'aws.cloudtrail',
      'aws.events',
      'aws.iam',
    ]);
    expect(claim.names).toEqual(
      expect.arrayContaining(['PutRule', 'StopLogging', 'UpdateStackSet']),
    );
    expect(claim.names).not.toContain('CreateUser');
  });

  it('widens a source to all its events rather than exceed the size quota', () => {
    const names = Array.from({ length: 150 }, (_, i) => `SyntheticOperationNumber${i}`);
    const wide: Detection = {
      ...catalogue.find((d) => d.id === 'iam-user-created')!,
      id: 'many-names',
      pattern: {
        source: ['aws.iam'],
        detail: { eventName: names, errorCode: [{ exists: false }] },
      },
    };
    const pattern = unionPattern([wide]);
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARS);
    expect(pattern).toEqual({ source: ['aws.iam'], detail: { errorCode: [{ exists: false }] } });
  });
});

describe('Function: tamperPattern', () => {
  const tamper = compilePattern(tamperPattern());

  it('is a valid pattern within the size quota', () => {
    expect(validatePattern(tamperPattern(), { maxLength: EVENT_PATTERN_MAX_CHARS })).toEqual([]);
    expect(JSON.stringify(tamperPattern()).length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARS);
  });

  it('forwards changes to trailwatch rules, roles and stacks and to trails', () => {
    const classifier = createClassifier();
    const tamperIds = new Set(catalogue.filter((d) => d.tamper).map((d) => d.id));
    expect(tamperIds.size).toBeGreaterThanOrEqual(7);
    const positives = events.filter(({ event }) =>
      classifier.classify(event).some((m) => tamperIds.has(m.detection.id)),
    );
    expect(positives.length).toBeGreaterThanOrEqual(tamperIds.size);
    for (const { name, event } of positives)
      expect(tamper.matches(event.envelope), name).toBe(true);
  });

  it("ignores the account's other rules, roles and stacks", () => {
    // Disabling or deleting any rule is carried (security-rule-disabled needs it); the rest is not.
    expect(
      tamper.matches(fixtureEvent('det-trailwatch-rule-tampered-neg-other-rule').envelope),
    ).toBe(true);
    for (const name of [
      'det-trailwatch-role-tampered-neg-other-role',
      'det-trailwatch-stack-tampered-neg-other-stack',
      'det-iam-user-created-pos-cli',
    ]) {
      expect(tamper.matches(fixtureEvent(name).envelope), name).toBe(false);
    }
  });
});
