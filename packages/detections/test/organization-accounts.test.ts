import { describe, expect, it } from 'vitest';
import { catalogue, createClassifier } from '../src/index.js';
import { allFixtureNames, FIXTURE_CONTEXT, fixtureEvent } from './helpers.js';

const ACCOUNT_ID = /\b\d{12}\b/g;

/** Every 12-digit number a fixture mentions: the organization a caller would know. */
function accountsIn(name: string): string[] {
  return [...new Set(JSON.stringify(fixtureEvent(name).envelope).match(ACCOUNT_ID) ?? [])];
}

describe('usesOrganizationAccounts', () => {
  const withoutOrganization = createClassifier(catalogue, {
    trailKmsKeys: FIXTURE_CONTEXT.trailKmsKeys ?? [],
  });
  const flagged = new Set(
    catalogue.filter((detection) => detection.usesOrganizationAccounts).map((d) => d.id),
  );

  it('flags exactly the detections whose answer changes when the organization is known', () => {
    const changed = new Set<string>();
    for (const name of allFixtureNames()) {
      const event = fixtureEvent(name);
      const before = withoutOrganization
        .classify(event)
        .map((m) => `${m.detection.id}:${m.summary}`);
      const after = withoutOrganization
        .classify(event, { organizationAccountIds: accountsIn(name) })
        .map((m) => `${m.detection.id}:${m.summary}`);
      if (before.join('\n') === after.join('\n')) continue;
      for (const entry of [...before, ...after]) {
        if (!before.includes(entry) || !after.includes(entry)) changed.add(entry.split(':')[0]!);
      }
    }
    expect([...changed].sort()).toEqual([...flagged].sort());
  });

  it('a per-call organization turns an in-organization trust into no alert, and leaves the outside one', () => {
    const inside = fixtureEvent('det-role-trusts-outside-organization-neg-organization-account');
    const outside = fixtureEvent('det-role-trusts-outside-organization-pos-external-account');
    const organization = { organizationAccountIds: FIXTURE_CONTEXT.organizationAccountIds ?? [] };
    const ids = (matches: { detection: { id: string } }[]) => matches.map((m) => m.detection.id);
    expect(ids(withoutOrganization.classify(inside))).toContain('role-trusts-outside-organization');
    expect(ids(withoutOrganization.classify(inside, organization))).not.toContain(
      'role-trusts-outside-organization',
    );
    expect(ids(withoutOrganization.classify(outside, organization))).toContain(
      'role-trusts-outside-organization',
    );
  });

  it("the call's context wins per field and keeps the classifier's other fields", () => {
    const classifier = createClassifier(catalogue, FIXTURE_CONTEXT);
    const inside = fixtureEvent('det-role-trusts-outside-organization-neg-organization-account');
    expect(classifier.classify(inside).map((m) => m.detection.id)).not.toContain(
      'role-trusts-outside-organization',
    );
    expect(
      classifier.classify(inside, { organizationAccountIds: [] }).map((m) => m.detection.id),
    ).toContain('role-trusts-outside-organization');
  });
});
