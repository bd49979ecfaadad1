/**
 * CLI start-up and replay-through-the-bin benchmark (budgets from issue 8):
 * - `pnpm trailwatch …` adds ≤ 150 ms over pnpm's own start (`pnpm -s exec node -e 0`);
 * - the `trailwatch` bin (`node apps/cli/bin/trailwatch.js`) starts within 150 ms of bare node;
 * - replay through that bin keeps ≥ 0.5 of a streaming `JSON.parse` of the same 150k JSON Lines.
 * Each command runs as a fresh process, hyperfine-style: warm-up runs, then interleaved timed
 * runs; medians are reported.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { recordStream } from '../../packages/fixtures/scripts/generate-samples.js';
import { machine } from './machine.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'apps', 'cli', 'bin', 'trailwatch.js');
const dir = join(root, '.bench', 'cli');
const RUNS = Number(process.env.TRAILWATCH_BENCH_STARTUP_RUNS ?? 21);
const WARMUP = 3;
const REPLAY_RUNS = 5;
const LINES = 150_000;
const BUDGET_MS = 150;
const RATIO_BUDGET = 0.5;

interface Command {
  readonly label: string;
  readonly file: string;
  readonly args: readonly string[];
}

function once(command: Command): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${command.label} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`,
    );
  }
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Timing {
  readonly median: number;
  readonly min: number;
  /** Every run, in round order. */
  readonly runs: readonly number[];
}

/** Runs the commands round-robin (so drifting machine load hits all alike) and returns medians. */
function measure(commands: readonly Command[], runs: number): Map<string, Timing> {
  for (const command of commands) for (let i = 0; i < WARMUP; i++) once(command);
  const times = new Map(commands.map((c) => [c.label, [] as number[]]));
  for (let i = 0; i < runs; i++)
    for (const command of commands) times.get(command.label)?.push(once(command));
  return new Map(
    [...times].map(([label, values]) => [
      label,
      { median: median(values), min: Math.min(...values), runs: values },
    ]),
  );
}

/**
 * The overhead of `command` over `baseline`: the median of the per-round differences. Runs of one
 * round are seconds apart, so on a shared machine this is steadier than a difference of medians.
 */
function pairedOverhead(timings: Map<string, Timing>, command: string, baseline: string): number {
  const a = timings.get(command)?.runs ?? [];
  const b = timings.get(baseline)?.runs ?? [];
  return median(a.map((value, i) => value - (b[i] ?? Number.NaN)));
}

/** 150k JSON Lines of the sample generator's realistic mix (reused while unchanged). */
function jsonLines(): string {
  const path = join(dir, `records-${LINES}.jsonl`);
  const meta = `${path}.meta`;
  if (existsSync(path) && existsSync(meta) && readFileSync(meta, 'utf8') === String(LINES))
    return path;
  process.stderr.write(`bench: generating ${relative(root, path)}…\n`);
  const fd = openSync(path, 'w');
  let pending = '';
  for (const record of recordStream({ seed: 1, count: LINES })) {
    pending += `${JSON.stringify(record)}\n`;
    if (pending.length > 4_000_000) {
      writeSync(fd, pending);
      pending = '';
    }
  }
  writeSync(fd, pending);
  closeSync(fd);
  writeFileSync(meta, String(LINES));
  return path;
}

/** A streaming reader that only splits lines and `JSON.parse`s each: the floor for any replay. */
const PARSE_ONLY = `
const { createReadStream } = require('node:fs');
let rest = '', n = 0;
createReadStream(process.argv[1], { encoding: 'utf8', highWaterMark: 1 << 20 })
  .on('data', (chunk) => {
    const lines = (rest + chunk).split('\\n');
    rest = lines.pop();
    for (const line of lines) if (line) { JSON.parse(line); n++; }
  })
  .on('end', () => { if (rest) { JSON.parse(rest); n++; } if (n === 0) process.exit(2); });
`;

export async function benchCliStartup(): Promise<string> {
  if (!existsSync(join(root, 'apps', 'cli', 'dist', 'trailwatch.mjs'))) {
    throw new Error('apps/cli/dist/trailwatch.mjs is missing: run pnpm build (pnpm bench does)');
  }
  await mkdir(dir, { recursive: true });
  const node = process.execPath;
  const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
  const start = measure(
    [
      { label: 'node -e 0', file: node, args: ['-e', '0'] },
      { label: 'trailwatch --help', file: node, args: [bin, '--help'] },
      { label: 'trailwatch --version', file: node, args: [bin, '--version'] },
      { label: 'trailwatch coverage --help', file: node, args: [bin, 'coverage', '--help'] },
      { label: 'trailwatch replay --help', file: node, args: [bin, 'replay', '--help'] },
      { label: 'pnpm -s exec node -e 0', file: pnpm, args: ['-s', 'exec', 'node', '-e', '0'] },
      { label: 'pnpm -s trailwatch --help', file: pnpm, args: ['-s', 'trailwatch', '--help'] },
    ],
    RUNS,
  );
  const get = (label: string): number => start.get(label)?.median ?? Number.NaN;
  const binOverhead = pairedOverhead(start, 'trailwatch --help', 'node -e 0');
  const pnpmOverhead = pairedOverhead(start, 'pnpm -s trailwatch --help', 'pnpm -s exec node -e 0');
  const medianDifference = (a: string, b: string) => (get(a) - get(b)).toFixed(1);

  const file = jsonLines();
  const replay = measure(
    [
      { label: 'parse only', file: node, args: ['-e', PARSE_ONLY, file] },
      {
        label: 'replay through the bin',
        file: node,
        args: [bin, 'replay', '--quiet', '--no-progress', file],
      },
    ],
    REPLAY_RUNS,
  );
  const parseMs = replay.get('parse only')?.median ?? Number.NaN;
  const replayMs = replay.get('replay through the bin')?.median ?? Number.NaN;
  const ratio = parseMs / replayMs;

  const row = (label: string) => {
    const m = start.get(label);
    return `| \`${label}\` | ${m?.median.toFixed(1)} | ${m?.min.toFixed(1)} |`;
  };
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  return `Measured by \`pnpm bench cli-startup\` (\`scripts/bench/cli-startup.ts\`) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}. The machine was shared with other jobs, so expect ±15 %.

Each command is a fresh process (\`spawnSync\`, output discarded), ${WARMUP} warm-up runs each, then
${RUNS} runs interleaved round-robin; times are wall-clock milliseconds. The bundle is
\`apps/cli/dist/trailwatch.mjs\` with code splitting: each command's AWS SDK clients are chunks
loaded only when that command runs, so \`--help\` and \`replay\` never parse them.

### Start-up (ms)

| command | median | min |
|---|---:|---:|
${row('node -e 0')}
${row('trailwatch --help')}
${row('trailwatch --version')}
${row('trailwatch coverage --help')}
${row('trailwatch replay --help')}
${row('pnpm -s exec node -e 0')}
${row('pnpm -s trailwatch --help')}

\`trailwatch\` = \`node apps/cli/bin/trailwatch.js\`; \`pnpm -s trailwatch\` runs the same bin through
the root \`package.json\` script.

Overheads are the median of the ${RUNS} per-round differences (each round runs both commands
back to back, so load that drifts over the run cancels out); the plain difference of the two
medians is given too.

- The bin over bare node: **${binOverhead.toFixed(1)} ms** (difference of medians ${medianDifference('trailwatch --help', 'node -e 0')} ms; budget ≤ ${BUDGET_MS} ms) — ${met(binOverhead <= BUDGET_MS)}.
- \`pnpm trailwatch\` over pnpm's own start: **${pnpmOverhead.toFixed(1)} ms** (difference of medians ${medianDifference('pnpm -s trailwatch --help', 'pnpm -s exec node -e 0')} ms; budget ≤ ${BUDGET_MS} ms) — ${met(pnpmOverhead <= BUDGET_MS)}.

### Replay through the bin

${LINES.toLocaleString('en-US')} JSON Lines of the sample generator's mix (seed 1, \`.bench/cli/\`), median of ${REPLAY_RUNS}
fresh processes each, start-up included on both sides:

| run | median (ms) | records/s |
|---|---:|---:|
| \`node -e <stream, split, JSON.parse each line>\` | ${parseMs.toFixed(0)} | ${Math.round((LINES / parseMs) * 1000).toLocaleString('en-US')} |
| \`trailwatch replay --quiet --no-progress\` | ${replayMs.toFixed(0)} | ${Math.round((LINES / replayMs) * 1000).toLocaleString('en-US')} |

Replay ÷ parse-only throughput: **${ratio.toFixed(2)}** (budget ≥ ${RATIO_BUDGET}) — ${met(ratio >= RATIO_BUDGET)}.
`;
}
