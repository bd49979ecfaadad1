import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERTER_VARIABLE_DOCS, AlerterVariable, renderEnvironmentDocs } from '../src/index.js';

describe('Environment docs', () => {
  it('document every alerter variable exactly once, and nothing else', () => {
    expect(ALERTER_VARIABLE_DOCS.map((doc) => doc.name).sort()).toEqual(
      Object.values(AlerterVariable).sort(),
    );
  });

  it('match docs/environment.md (run `pnpm contract:docs` when this fails)', () => {
    const file = new URL('../../../docs/environment.md', import.meta.url);
    expect(readFileSync(file, 'utf8')).toBe(renderEnvironmentDocs());
  });
});
