import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/schema.js';

/** The first column of every row of docs/deploy.md's configuration table. */
function documentedFields(): string[] {
  const guide = readFileSync(new URL('../../../docs/deploy.md', import.meta.url), 'utf8');
  const start = guide.indexOf('| Field');
  const table = guide.slice(start, guide.indexOf('\n\n', start));
  return table
    .split('\n')
    .slice(2)
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

/** A schema's keys (through optional/default wrappers). */
function keysOf(schema: unknown): string[] {
  let current = schema as { shape?: Record<string, unknown>; unwrap?: () => unknown };
  while (current.shape === undefined && typeof current.unwrap === 'function') {
    current = current.unwrap() as typeof current;
  }
  return Object.keys(current.shape ?? {});
}

describe('docs/deploy.md configuration table', () => {
  it('has a row for every top-level setting and every slack setting', () => {
    const documented = documentedFields();
    const covers = (field: string) =>
      documented.some(
        (entry) =>
          entry === field || entry.startsWith(`${field}.`) || entry.startsWith(`${field}[`),
      );
    const top = keysOf(configSchema);
    const slack = keysOf(configSchema.shape.slack).map((key) => `slack.${key}`);
    expect(top.length).toBeGreaterThan(10);
    expect(slack).toContain('slack.dailySummary');
    expect([...top, ...slack].filter((field) => !covers(field))).toEqual([]);
  });
});
