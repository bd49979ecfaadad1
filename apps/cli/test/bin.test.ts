import { execFile, spawn as spawnChild } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { samplesDir } from '@trailwatch/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const exec = promisify(execFile);
const cliRoot = join(import.meta.dirname, '..');

/** Runs a command to completion and returns its output and exit code, failing or not. */
async function spawn(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, args, { cwd: cliRoot });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

let dir: ReturnType<typeof tempDir>;
// The bundle is built once by test/global-setup.ts.
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('Command: trailwatch (black box)', () => {
  it('replays the bundled samples with the built bundle and prints JSON lines', async () => {
    const { stdout, code } = await spawn([
      'bin/trailwatch.js',
      'replay',
      '--json',
      '--severity',
      'critical',
      samplesDir,
    ]);
    expect(code).toBe(0);
    const alerts = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => a.severity))).toEqual(new Set(['critical']));
    expect(alerts.map((a) => a.detection)).toContain('root-console-sign-in');
  });

  it('finishes the replay with exit 0 when the reader of stderr goes away', async () => {
    // Enough inputs with warnings (20 shown per input) to overflow a pipe buffer on stderr.
    for (let i = 0; i < 400; i++)
      dir.write(`noisy/n${String(i).padStart(3, '0')}.jsonl`, '{"x":1}\n'.repeat(25));
    const child = spawnChild(
      process.execPath,
      ['bin/trailwatch.js', 'replay', '--json', join(dir.path, 'noisy'), samplesDir],
      { cwd: cliRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.once('data', () => child.stderr.destroy());
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    expect(stdout).toContain('"detection":"root-console-sign-in"');
  });

  it('exits 2 from the TypeScript entry point when nothing could be read', async () => {
    const empty = dir.write('empty.json', '');
    const { stdout, stderr, code } = await spawn([
      '--import',
      'tsx',
      'src/bin.ts',
      'replay',
      empty,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('empty input');
  });
});
