import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOf, type SynthesizedApp, statementsOf, synthesize } from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

const ALERTER_SOURCE = fileURLToPath(new URL('../../apps/alerter/src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `organizations:<Operation>` for every `<Operation>Command` the alerter imports from the SDK. */
function organizationsCallsOfAlerter(): string[] {
  const calls = new Set<string>();
  const importFrom = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-organizations'/g;
  for (const file of sourceFiles(ALERTER_SOURCE)) {
    for (const [, names] of readFileSync(file, 'utf8').matchAll(importFrom)) {
      for (const name of names!.split(',')) {
        const operation = /^\s*(?:type\s+)?([A-Za-z]+)Command\s*$/.exec(name)?.[1];
        if (operation) calls.add(`organizations:${operation}`);
      }
    }
  }
  return [...calls].sort();
}

function organizationsActions(template: Record<string, unknown>): string[] {
  const resources = template.Resources as Record<string, Resource>;
  const actions = new Set<string>();
  for (const resource of Object.values(resources)) {
    const documents = [resource.Properties.PolicyDocument, resource.Properties.Content];
    for (const statement of documents.flatMap(statementsOf)) {
      for (const action of listOf(statement.Action)) {
        if (typeof action === 'string' && action.startsWith('organizations:')) actions.add(action);
      }
    }
  }
  return [...actions].sort();
}

describe.each([
  ['delegation policy', {}],
  ['read role', { organizationsAccess: { mode: 'role' } }],
] as const)('Organizations access (%s)', (_, overrides) => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize(overrides);
  });
  afterAll(() => synthesized.cleanup());

  it('grants exactly the Organizations read calls the alerter makes, no more', () => {
    const used = organizationsCallsOfAlerter();
    // The scan must see the enrichment calls, or an empty set would pass vacuously.
    expect(used).toEqual(
      expect.arrayContaining(['organizations:DescribeAccount', 'organizations:ListAccounts']),
    );
    for (const action of used) expect(action).toMatch(/^organizations:(Describe|List)[A-Za-z]+$/);
    const { security, management } = synthesized.stacks;
    const granted = [security, management]
      .map((stack) => organizationsActions(synthesized.template(stack).toJSON()))
      .filter((actions) => actions.length > 0);
    // Delegation policy: the management account's policy and the alerter role's own grant.
    // Read role: the role in the management account only.
    expect(granted.length).toBeGreaterThan(0);
    for (const actions of granted) expect(actions).toEqual(used);
  });
});
