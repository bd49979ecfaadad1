import { compilePattern, validatePattern } from '@trailwatch/event-pattern';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  catalogue,
  createClassifier,
  type Detection,
  EVENT_PATTERN_MAX_CHARS,
  forwardingPattern,
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

describe('Function: forwardingPattern', () => {
  it.each(['us-east-1', 'other'] as const)(
    'is a valid pattern within the size quota (%s)',
    (region) => {
      const pattern = forwardingPattern(region);
      expect(validatePattern(pattern, { maxLength: EVENT_PATTERN_MAX_CHARS })).toEqual([]);
      expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARS);
    },
  );

  /** The member rules of a region class: what crosses to the central bus from there. */
  function memberRules(region: 'us-east-1' | 'other') {
    const rules = [compilePattern(forwardingPattern(region)), compilePattern(tamperPattern())];
    return { matches: (envelope: unknown) => rules.some((rule) => rule.matches(envelope)) };
  }
  const memberCatalogue = catalogue.filter((d) => d.scope !== Scope.IDENTITY_CENTER);

  it('forwards every fixture some member detection matches, in us-east-1 (with the tamper rule)', () => {
    const member = memberRules('us-east-1');
    const missed = matchedBy(memberCatalogue).filter(
      ({ event }) => !member.matches(event.envelope),
    );
    expect(missed.map((m) => m.name)).toEqual([]);
    expect(matchedBy(memberCatalogue).length).toBeGreaterThan(60);
  });

  it('forwards every fixture an every-region detection matches, in other regions', () => {
    const everyRegion = catalogue.filter((d) => d.scope === Scope.EVERY_REGION);
    const member = memberRules('other');
    const missed = matchedBy(everyRegion).filter(({ event }) => !member.matches(event.envelope));
    expect(missed.map((m) => m.name)).toEqual([]);
  });

  it.each(['us-east-1', 'other'] as const)(
    'leaves every event the tamper rule forwards to it (%s): one rule owns each event',
    (region) => {
      const forward = compilePattern(forwardingPattern(region));
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
    const forward = compilePattern(forwardingPattern('us-east-1'));
    const tamper = compilePattern(tamperPattern());
    const other = (name: string, eventName: string, requestParameters: object) => {
      const { envelope, record } = fixtureEvent(name);
      return { ...envelope, detail: { ...record, eventName, requestParameters } };
    };
    for (const envelope of [
      other('det-trailwatch-rule-tampered-pos-disable-forward', 'PutRule', { name: 'billing' }),
      other('det-trailwatch-rule-tampered-pos-remove-targets', 'PutTargets', { rule: 'ci-build' }),
      other('det-trailwatch-rule-tampered-pos-disable-forward', 'DeleteRule', { name: 'old' }),
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

  it('leaves IAM and Organizations calls to us-east-1', () => {
    const other = compilePattern(forwardingPattern('other'));
    const usEast1 = compilePattern(forwardingPattern('us-east-1'));
    for (const name of [
      'det-iam-user-created-pos-cli',
      'det-organizations-changed-pos-move-account',
    ]) {
      const { envelope } = fixtureEvent(name);
      expect(usEast1.matches(envelope), name).toBe(true);
      expect(other.matches(envelope), name).toBe(false);
    }
  });

  it('keeps IAM precise in us-east-1: an unrelated IAM write is not forwarded', () => {
    const forward = compilePattern(forwardingPattern('us-east-1'));
    const tagUser = fixtureEvent('det-iam-user-created-pos-cli');
    const envelope = { ...tagUser.envelope, detail: { ...tagUser.record, eventName: 'TagUser' } };
    expect(forward.matches(tagUser.envelope)).toBe(true);
    expect(forward.matches(envelope)).toBe(false);
  });

  it('drops failed calls only for sources where every detection ignores them', () => {
    const forward = compilePattern(forwardingPattern('us-east-1'));
    // iam: every detection requires success, so a denied CreateUser stays home …
    expect(forward.matches(fixtureEvent('det-iam-user-created-neg-denied').envelope)).toBe(false);
    // … organizations: a denied LeaveOrganization is itself a detection, so it is forwarded.
    const attempt = fixtureEvent('det-organization-leave-attempted-pos-denied-by-scp');
    expect(forward.matches(attempt.envelope)).toBe(true);
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
          const forward = compilePattern(forwardingPattern('us-east-1', detections));
          const tamper = compilePattern(tamperPattern(detections));
          return matchedBy(detections).every(
            ({ event }) => forward.matches(event.envelope) !== tamper.matches(event.envelope),
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
    for (const name of [
      'det-trailwatch-rule-tampered-neg-other-rule',
      'det-trailwatch-role-tampered-neg-other-role',
      'det-trailwatch-stack-tampered-neg-other-stack',
      'det-iam-user-created-pos-cli',
    ]) {
      expect(tamper.matches(fixtureEvent(name).envelope), name).toBe(false);
    }
  });
});
