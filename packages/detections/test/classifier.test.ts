import { type CloudTrailEvent, parseEvent } from '@trailwatch/cloudtrail';
import { compilePattern } from '@trailwatch/event-pattern';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  catalogue,
  createClassifier,
  type Detection,
  InvalidDetectionError,
  Scope,
  Severity,
  severityRank,
} from '../src/index.js';
import { allFixtureNames, fixtureEvent } from './helpers.js';

const classifier = createClassifier();
const idsOf = (event: CloudTrailEvent) => classifier.classify(event).map((m) => m.detection.id);

function eventFrom(record: Record<string, unknown>): CloudTrailEvent {
  const parsed = parseEvent(record);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

const probe = (overrides: Partial<Detection>): Detection => ({
  id: 'probe',
  title: 'Probe detection',
  severity: Severity.LOW,
  rationale: 'test probe',
  references: {},
  pattern: { source: ['aws.iam'], detail: { eventName: ['CreateUser'] } },
  scope: Scope.US_EAST_1,
  describe: () => 'probe matched',
  ...overrides,
});

describe('Function: createClassifier', () => {
  it('does not report federated or Identity Center sign-ins without MFA (MFA happened at the IdP)', () => {
    for (const name of [
      'det-iam-user-console-sign-in-without-mfa-neg-saml-federated',
      'det-iam-user-console-sign-in-without-mfa-neg-identity-center',
    ]) {
      const event = fixtureEvent(name);
      expect(event.record.additionalEventData).toMatchObject({ MFAUsed: 'No' });
      expect(idsOf(event)).toEqual([]);
    }
  });

  it("matches sign-ins under the docs' detail-type spelling too (AWS Console Signin via CloudTrail)", () => {
    const event = fixtureEvent('det-root-console-sign-in-pos-docs-spelling-envelope');
    expect(event.envelope['detail-type']).toBe('AWS Console Signin via CloudTrail');
    expect(idsOf(event)).toEqual(['root-console-sign-in']);
  });

  it('reports an IAM user sign-in without MFA whatever the case of MFAUsed', () => {
    const event = fixtureEvent('det-iam-user-console-sign-in-without-mfa-pos-lowercase-no');
    expect(idsOf(event)).toEqual(['iam-user-console-sign-in-without-mfa']);
  });

  it('does not treat a denied CreateUser as a created user', () => {
    const event = fixtureEvent('det-iam-user-created-neg-denied');
    expect(event.outcome.success).toBe(false);
    expect(idsOf(event)).toEqual([]);
  });

  it('reports a root access key as critical and not as plain root activity', () => {
    const matches = classifier.classify(fixtureEvent('det-root-access-key-created-pos-console'));
    expect(matches.map((m) => [m.detection.id, m.detection.severity])).toEqual([
      ['root-access-key-created', 'critical'],
    ]);
  });

  it('reports root activity when nothing specific explains a root call', () => {
    const ids = idsOf(fixtureEvent('det-root-activity-pos-s3-delete-bucket-policy'));
    expect(ids).toEqual(['root-activity']);
  });

  it('keeps every specific match and sorts them most severe first', () => {
    const record = fixtureEvent('det-inline-admin-policy-pos-url-encoded').record;
    const onTrailwatchRole = {
      ...record,
      requestParameters: {
        ...(record.requestParameters as object),
        roleName: 'trailwatch-forwarder-us-east-1',
      },
    };
    const matches = classifier.classify(eventFrom(onTrailwatchRole));
    expect(matches.map((m) => m.detection.id)).toEqual([
      'trailwatch-role-tampered',
      'inline-admin-policy',
    ]);
    const ranks = matches.map((m) => severityRank(m.detection.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('summarises a match in one human line naming actor and target', () => {
    const [match] = classifier.classify(fixtureEvent('det-iam-user-created-pos-cli'));
    expect(match?.summary).toMatch(/^alice.*created IAM user bob$/);
    expect(match?.event.eventName).toBe('CreateUser');
  });

  it('agrees with evaluating every pattern on every fixture (the index drops no candidate)', () => {
    const compiled = catalogue.map((d) => ({ d, c: compilePattern(d.pattern) }));
    for (const name of allFixtureNames()) {
      const event = fixtureEvent(name);
      const all = compiled
        .filter(({ d, c }) => c.matches(event.envelope) && (d.refine?.(event, {}) ?? true))
        .map(({ d }) => d);
      const specific = all.filter((d) => !d.fallback);
      const expected = (specific.length > 0 ? specific : all).map((d) => d.id).sort();
      expect(idsOf(event).sort(), name).toEqual(expected);
    }
  });

  it('matches like EventBridge when the event holds an array of event names', () => {
    const event = fixtureEvent('det-iam-user-created-pos-cli');
    const odd = {
      ...event,
      envelope: {
        ...event.envelope,
        detail: { ...event.record, eventName: ['TagUser', 'CreateUser'] },
      },
    };
    expect(idsOf(odd)).toEqual(['iam-user-created']);
  });

  it('never throws on odd events', () => {
    const odd = [
      {},
      { eventName: 42, eventSource: null, userIdentity: 'root' },
      { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', requestParameters: 'bob' },
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'PutUserPolicy',
        requestParameters: { policyDocument: '%E0%A4%A' },
      },
      { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', responseElements: null },
    ];
    for (const record of odd) {
      const parsed = parseEvent(record);
      if (parsed.ok) expect(() => classifier.classify(parsed.event)).not.toThrow();
    }
    const broken = { envelope: null, record: {} } as unknown as CloudTrailEvent;
    expect(classifier.classify(broken)).toEqual([]);
  });

  it('never throws and always summarises when fixture fields are missing, null or mistyped (property)', () => {
    const names = allFixtureNames().filter((n) => n.startsWith('det-') && n.includes('-pos-'));
    const junk = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.integer(),
      fc.string(),
      fc.array(fc.string()),
      fc.object(),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'requestParameters',
              'responseElements',
              'userIdentity',
              'additionalEventData',
              'sourceIPAddress',
              'eventName',
              'errorCode',
              'readOnly',
              'serviceEventDetails',
            ),
            junk,
          ),
          { maxLength: 4 },
        ),
        (name, damage) => {
          const record: Record<string, unknown> = { ...fixtureEvent(name).record };
          for (const [key, value] of damage) record[key] = value;
          const parsed = parseEvent(record);
          if (!parsed.ok) return true;
          const matches = classifier.classify(parsed.event);
          return matches.every((m) => typeof m.summary === 'string' && m.summary.length > 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('treats a refine that throws as no match and keeps classifying', () => {
    const custom = createClassifier([
      probe({
        id: 'throws',
        refine: () => {
          throw new Error('boom');
        },
      }),
      probe({ id: 'fine' }),
    ]);
    const ids = custom
      .classify(fixtureEvent('det-iam-user-created-pos-cli'))
      .map((m) => m.detection.id);
    expect(ids).toEqual(['fine']);
  });

  it('falls back to a generic summary when describe throws', () => {
    const custom = createClassifier([
      probe({
        describe: () => {
          throw new Error('boom');
        },
      }),
    ]);
    const [match] = custom.classify(fixtureEvent('det-iam-user-created-pos-cli'));
    expect(match?.summary).toBe('Probe detection: CreateUser');
  });

  it('rejects an invalid pattern, naming the detection', () => {
    const bad = probe({ id: 'bad-pattern', pattern: { source: 'aws.iam' } });
    expect(() => createClassifier([bad])).toThrow(InvalidDetectionError);
    expect(() => createClassifier([bad])).toThrow(/bad-pattern/);
  });

  it('rejects duplicate and non-kebab-case ids', () => {
    expect(() => createClassifier([probe({}), probe({})])).toThrow(/more than one/);
    expect(() => createClassifier([probe({ id: 'Not_Kebab' })])).toThrow(/kebab-case/);
  });
});
