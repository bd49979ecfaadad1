import { loadRecord } from '@trailwatch/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replay } from '../src/commands/replay.js';
import { memoryIo, tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
});

const T0 = Date.parse('2026-11-20T08:00:00Z');

function rootFailure(i: number, atMs: number): Record<string, unknown> {
  const record = structuredClone(loadRecord('det-root-console-sign-in-failed-pos-wrong-password'));
  record.eventID = `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`;
  record.eventTime = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return record;
}

async function replayJson(records: Record<string, unknown>[]) {
  const file = dir.write('day.json', JSON.stringify({ Records: records }));
  const io = memoryIo();
  await replay({ paths: [file], json: true, progress: false }, io);
  return io
    .out()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { detection: string; events?: { eventId: string }[] });
}

describe('Replay: stateful detections over history', () => {
  it('reports the brute force with the ids of the five events that made it, in event time', async () => {
    const records = [0, 1, 2, 3, 4].map((i) => rootFailure(i, T0 + i * 60_000));
    // Out of order in the file: replay counts in event time, not file order.
    const lines = await replayJson([records[4]!, ...records.slice(0, 4)]);
    const stateful = lines.filter((line) => line.detection === 'root-sign-in-brute-force');
    expect(stateful).toHaveLength(1);
    expect(stateful[0]!.events?.map((e) => e.eventId)).toEqual(records.map((r) => r.eventID));
  });

  it('uses event time, not wall time: failures a day apart never make a window', async () => {
    const records = [0, 1, 2, 3, 4].map((i) => rootFailure(i, T0 + i * 86_400_000));
    const lines = await replayJson(records);
    expect(lines.filter((line) => line.detection === 'root-sign-in-brute-force')).toEqual([]);
  });
});
