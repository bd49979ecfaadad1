import { describe, expect, it } from 'vitest';
import { Progress } from '../src/report/progress.js';

describe('Class: Progress', () => {
  it('stays silent for short runs, then shows records, rate and bytes at most every interval', () => {
    let now = 0;
    const written: string[] = [];
    const progress = new Progress({ write: (t) => written.push(t), now: () => now });
    now = 500;
    progress.update(10_000, 5e6);
    expect(written).toEqual([]);
    now = 2000;
    progress.update(100_000, 50e6);
    now = 2100;
    progress.update(110_000, 55e6);
    expect(written).toEqual(['\r100,000 records · 50,000 records/s · 50.0 MB read\x1b[K']);
    progress.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('writes nothing on done when nothing was shown', () => {
    const written: string[] = [];
    new Progress({ write: (t) => written.push(t), now: () => 0 }).done();
    expect(written).toEqual([]);
  });
});
