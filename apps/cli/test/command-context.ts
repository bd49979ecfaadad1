import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../src/command.js';
import { memoryIo, tempDir } from './helpers.js';

const repo = join(import.meta.dirname, '..', '..', '..');

/** The committed example configuration, optionally changed. */
export function exampleConfig(
  change: (config: Record<string, unknown>) => void = () => {},
): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(repo, 'trailwatch.config.example.json'), 'utf8'));
  change(config);
  return config;
}

/**
 * A command context over a temporary directory holding `trailwatch.config.json`, an in-memory
 * Io, a clock that advances only when the command sleeps, and a record of the sleeps.
 */
export function testContext(
  options: {
    config?: Record<string, unknown>;
    stdin?: string;
    stdinIsTTY?: boolean;
    start?: number;
    hidden?: string;
  } = {},
) {
  const dir = tempDir();
  dir.write('trailwatch.config.json', JSON.stringify(options.config ?? exampleConfig()));
  const io = memoryIo(options.stdin ?? '', options.stdinIsTTY ?? false);
  let now = options.start ?? Date.parse('2026-12-02T10:00:00Z');
  const sleeps: number[] = [];
  const context: CommandContext = {
    io,
    env: {},
    cwd: dir.path,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    ...(options.hidden === undefined ? {} : { readHidden: async () => options.hidden as string }),
  };
  return {
    context,
    io,
    dir,
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
