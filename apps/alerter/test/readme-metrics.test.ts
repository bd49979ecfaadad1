import { readFileSync } from 'node:fs';
import { AlerterMetric } from '@trailwatch/contract';
import { describe, expect, it } from 'vitest';

describe('apps/alerter/README.md metrics table', () => {
  it('lists every metric the alerter emits, and no other', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Metrics'), readme.indexOf('## Log fields'));
    const listed = [...section.matchAll(/^\| `(\w+)`/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(Object.values(AlerterMetric).sort());
  });
});
