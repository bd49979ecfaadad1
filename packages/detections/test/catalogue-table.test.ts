import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue, renderCatalogueTable } from '../src/index.js';

const docsPath = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'docs',
  'detections.md',
);

describe('Function: renderCatalogueTable', () => {
  it('lists every detection with its severity and where it can occur', () => {
    const markdown = renderCatalogueTable();
    for (const d of catalogue) {
      expect(markdown).toMatch(new RegExp(`\\| \`${d.id}\` \\| ${d.severity} \\|`));
    }
    expect(markdown).toContain('https://attack.mitre.org/techniques/T1098/001/');
  });

  it('matches docs/detections.md (run `pnpm catalogue:docs` when this fails)', () => {
    expect(readFileSync(docsPath, 'utf8')).toBe(renderCatalogueTable());
  });
});
