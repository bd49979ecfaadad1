import { validatePattern } from '@trailwatch/event-pattern';
import { describe, expect, it } from 'vitest';
import {
  catalogue,
  createClassifier,
  EVENT_PATTERN_MAX_CHARS,
  Scope,
  Severity,
} from '../src/index.js';
import { detectionFixtureNames, FIXTURE_CONTEXT, fixtureEvent } from './helpers.js';

const classifier = createClassifier(catalogue, FIXTURE_CONTEXT);
const ids = catalogue.map((d) => d.id);

/** `det-<id>-pos-…` → { id, kind }; the longest matching id wins (ids can prefix each other). */
function parseFixtureName(name: string): { id: string; kind: 'pos' | 'neg' } | undefined {
  const found = ids
    .filter((id) => name.startsWith(`det-${id}-pos-`) || name.startsWith(`det-${id}-neg-`))
    .sort((a, b) => b.length - a.length)[0];
  if (!found) return undefined;
  return { id: found, kind: name.startsWith(`det-${found}-pos-`) ? 'pos' : 'neg' };
}

const fixtures = detectionFixtureNames().map((name) => ({ name, parsed: parseFixtureName(name) }));

describe('Constant: catalogue', () => {
  it('has unique kebab-case ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it.each(catalogue.map((d) => [d.id, d] as const))(
    '%s has a valid, deployable pattern',
    (_, d) => {
      expect(validatePattern(d.pattern, { maxLength: EVENT_PATTERN_MAX_CHARS })).toEqual([]);
      expect(JSON.stringify(d.pattern).length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARS);
    },
  );

  it.each(catalogue.map((d) => [d.id, d] as const))('%s is fully documented', (_, d) => {
    expect(Object.values(Severity)).toContain(d.severity);
    expect(Object.values(Scope)).toContain(d.scope);
    expect(d.title.length).toBeGreaterThan(5);
    expect(d.rationale.length).toBeGreaterThan(40);
    for (const id of d.references.mitre ?? []) expect(id).toMatch(/^T\d{4}(\.\d{3})?$/);
    for (const id of d.references.cis ?? [])
      expect(id).toMatch(
        /^(CIS \d+\.\d+|(CloudWatch|IAM|Config|GuardDuty|EC2|KMS|CloudTrail)\.\d+)$/,
      );
    for (const type of d.references.guardDuty ?? []) expect(type).toMatch(/^\w+:\w+\/\w+/);
  });

  it('excludes failed calls from every API-call detection except the one about attempts', () => {
    const apiCalls = catalogue.filter((d) =>
      (d.pattern['detail-type'] as string[] | undefined)?.includes('AWS API Call via CloudTrail'),
    );
    expect(apiCalls.length).toBeGreaterThan(20);
    for (const d of apiCalls) {
      const detail = d.pattern.detail as Record<string, unknown>;
      const expected =
        d.id === 'organization-leave-attempted' ? [{ exists: true }] : [{ exists: false }];
      expect(detail.errorCode, d.id).toEqual(expected);
    }
  });

  it('matches console sign-ins on source and eventName with both detail-type spellings', () => {
    for (const d of catalogue.filter((x) => x.id.includes('console-sign-in'))) {
      expect(d.pattern.source).toEqual(['aws.signin']);
      expect((d.pattern.detail as Record<string, unknown>).eventName).toEqual(['ConsoleLogin']);
      expect(d.pattern['detail-type']).toEqual(
        expect.arrayContaining([
          'AWS Console Sign In via CloudTrail',
          'AWS Console Signin via CloudTrail',
        ]),
      );
    }
  });
});

describe('Fixtures: det-<id>-<pos|neg>-<case>', () => {
  it('name an existing detection and say pos or neg', () => {
    const orphans = fixtures.filter((f) => f.parsed === undefined).map((f) => f.name);
    expect(orphans).toEqual([]);
  });

  it.each(ids)('%s has at least one positive and one negative fixture', (id) => {
    const mine = fixtures.filter((f) => f.parsed?.id === id);
    expect(mine.filter((f) => f.parsed?.kind === 'pos').length).toBeGreaterThanOrEqual(1);
    expect(mine.filter((f) => f.parsed?.kind === 'neg').length).toBeGreaterThanOrEqual(1);
  });

  it.each(fixtures.filter((f) => f.parsed).map((f) => [f.name, f.parsed!] as const))(
    '%s',
    (name, { id, kind }) => {
      const matches = classifier.classify(fixtureEvent(name));
      const matchedIds = matches.map((m) => m.detection.id);
      if (kind === 'pos') {
        expect(matchedIds).toContain(id);
        const match = matches.find((m) => m.detection.id === id)!;
        expect(match.summary).toBeTypeOf('string');
        expect(match.summary.length).toBeGreaterThan(10);
        expect(match.summary).not.toMatch(/undefined|\[object Object\]/);
      } else {
        expect(matchedIds).not.toContain(id);
      }
    },
  );
});
