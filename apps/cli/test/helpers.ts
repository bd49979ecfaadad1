import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { loadRecord, recordNames } from '@trailwatch/fixtures';
import type { Io } from '../src/io.js';

/**
 * Every real-shaped fixture as a raw CloudTrail record (envelope fixtures give their detail).
 * Events AWS services send to EventBridge directly (alarm state changes) are left out: they are
 * not CloudTrail records, and no trail file or lookup-events answer holds them.
 */
export function allRecords(): Record<string, unknown>[] {
  return recordNames()
    .map(loadRecord)
    .map((r) =>
      typeof r['detail-type'] === 'string' && typeof r.detail === 'object' && r.detail !== null
        ? (r.detail as Record<string, unknown>)
        : r,
    )
    .filter((r) => typeof r.eventName === 'string' || typeof r.eventSource === 'string');
}

/** An in-memory process boundary that records what was written. */
export function memoryIo(
  stdin: string | Buffer = '',
  stdinIsTTY = false,
): Io & {
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (text) => {
        out += text;
      },
    },
    stderr: {
      write: (text) => {
        err += text;
      },
    },
    stdin: Readable.from([Buffer.from(stdin)]),
    stdinIsTTY,
    stderrIsTTY: false,
    out: () => out,
    err: () => err,
  };
}

/** A fresh temporary directory with helpers to write files into it. */
export function tempDir(): {
  path: string;
  write: (name: string, content: string | Buffer) => string;
  remove: () => void;
} {
  const path = mkdtempSync(join(tmpdir(), 'trailwatch-cli-'));
  return {
    path,
    write: (name, content) => {
      const file = join(path, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** `detection eventId` pairs of `--json` output, sorted, to compare runs. */
export function alertKeys(jsonLines: string): string[] {
  return jsonLines
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const alert = JSON.parse(line) as { detection: string; eventId: string };
      return `${alert.detection} ${alert.eventId}`;
    })
    .sort();
}
