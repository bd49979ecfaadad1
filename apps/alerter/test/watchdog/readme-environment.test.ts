import { readFileSync } from 'node:fs';
import { WatchdogVariable } from '@trailwatch/contract';
import { describe, expect, it } from 'vitest';

describe('apps/alerter/README.md watchdog environment table', () => {
  it('lists every variable the watchdog reads, and no other', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(
      '| `DEDUP_TABLE_NAME`',
      readme.indexOf('### Watchdog environment'),
    );
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    const listed = [...table.matchAll(/^\| `(\w+)`/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(Object.values(WatchdogVariable).sort());
  });
});
