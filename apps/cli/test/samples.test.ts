import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { samplesDir } from '@trailwatch/fixtures';
import { describe, expect, it } from 'vitest';
import { orgDay, SAMPLE_FILES } from '../../../packages/fixtures/scripts/generate-samples.js';
import { replay } from '../src/commands/replay.js';
import { memoryIo } from './helpers.js';

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

describe('Bundled samples', () => {
  it('are what the generator produces (the committed files are up to date)', () => {
    const committed = JSON.parse(
      gunzipSync(readFileSync(join(samplesDir, SAMPLE_FILES.s3LogFile))).toString('utf8'),
    ) as { Records: unknown[] };
    const day = orgDay({ seed: 20261126, date: '2026-11-26', noise: 300 });
    expect(committed.Records).toEqual(day.records);
  });

  it('alert exactly on the planted risky events: the everyday noise stays quiet', async () => {
    const io = memoryIo();
    const result = await replay(
      { paths: [join(samplesDir, SAMPLE_FILES.s3LogFile)], json: true, progress: false },
      io,
    );
    expect(io.err()).toBe('');
    const fired = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).detection as string);
    const day = orgDay({ seed: 20261126, date: '2026-11-26', noise: 300 });
    expect(countBy(fired)).toEqual(countBy(day.expected));
    expect(result.stats.records).toBeGreaterThanOrEqual(200);
    expect(result.stats.skippedReadOnly).toBeGreaterThan(50);
    expect(new Set(fired).size).toBeGreaterThanOrEqual(10);
  });
});
