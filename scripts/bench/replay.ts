/**
 * Replay benchmark: throughput of the full pipeline (read → split → JSON.parse → envelope →
 * classify) against merely splitting and `JSON.parse`-ing the same records (budget: ratio ≥ 0.5,
 * DESIGN.md), and peak RSS of the real CLI process on a ~1 GB input (memory must stay flat).
 *
 * Inputs are generated once into `.bench/replay/` (gitignored) from the sample generator's
 * realistic mix and reused while their parameters do not change.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { decodeText, fileSource, type Io, readValues, replay } from '../../apps/cli/src/index.js';
import { recordStream } from '../../packages/fixtures/scripts/generate-samples.js';
import { machine } from './machine.js';
import { profileByFile } from './profile.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '.bench', 'replay');
const bundle = join(root, 'apps', 'cli', 'dist', 'trailwatch.mjs');

/** Records in the throughput inputs; override with TRAILWATCH_BENCH_RECORDS. */
const RECORDS = Number(process.env.TRAILWATCH_BENCH_RECORDS ?? 300_000);
/** Size of the memory input; override with TRAILWATCH_BENCH_BIG_BYTES. */
const BIG_BYTES = Number(process.env.TRAILWATCH_BENCH_BIG_BYTES ?? 1_000_000_000);
const REPEAT = 3;
const SEED = 1;
const BUDGET = 0.5;

const nullIo: Io = {
  stdout: { write: () => undefined },
  stderr: { write: (text) => void process.stderr.write(text) },
  stdin: (async function* () {})(),
  stdinIsTTY: true,
  stderrIsTTY: false,
};

interface Generated {
  readonly path: string;
  readonly records: number;
  readonly bytes: number;
}

/** Writes records as one `{"Records":[…]}` file or as JSON Lines, until `count` or `bytes`. */
function generate(
  name: string,
  form: 'records' | 'lines',
  limit: { count?: number; bytes?: number },
): Generated {
  const path = join(dir, name);
  const metaPath = `${path}.meta.json`;
  const params = JSON.stringify({ form, limit, seed: SEED, version: 1 });
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Generated & { params: string };
    if (meta.params === params) return { path, records: meta.records, bytes: meta.bytes };
  }
  process.stderr.write(`bench: generating ${relative(root, path)}…\n`);
  const fd = openSync(path, 'w');
  let bytes = 0;
  let records = 0;
  let pending = form === 'records' ? '{"Records":[' : '';
  const flush = (): void => {
    bytes += writeSync(fd, pending);
    pending = '';
  };
  for (const record of recordStream({
    seed: SEED,
    count: limit.count ?? Number.MAX_SAFE_INTEGER,
  })) {
    const text = JSON.stringify(record);
    if (form === 'records') pending += records === 0 ? text : `,${text}`;
    else pending += `${text}\n`;
    records++;
    if (pending.length > 4_000_000) flush();
    if (limit.bytes !== undefined && bytes + pending.length >= limit.bytes) break;
  }
  if (form === 'records') pending += ']}\n';
  flush();
  closeSync(fd);
  writeFileSync(metaPath, JSON.stringify({ params, records, bytes }));
  return { path, records, bytes };
}

async function gzip(input: Generated): Promise<Generated> {
  const path = `${input.path}.gz`;
  const metaPath = `${path}.meta.json`;
  const params = JSON.stringify({ source: input, version: 1 });
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { params: string };
    if (meta.params === params) return { path, records: input.records, bytes: statSync(path).size };
  }
  process.stderr.write(`bench: compressing ${relative(root, path)}…\n`);
  await pipeline(createReadStream(input.path), createGzip({ level: 6 }), createWriteStream(path));
  writeFileSync(metaPath, JSON.stringify({ params }));
  return { path, records: input.records, bytes: statSync(path).size };
}

/** Baseline: the same streaming read and split, then only `JSON.parse`. */
async function splitAndParse(path: string): Promise<number> {
  let values = 0;
  await readValues(decodeText(fileSource(path).open()), {
    value: () => {
      values++;
    },
    problem: (reason) => {
      throw new Error(`benchmark input is malformed: ${reason}`);
    },
  });
  return values;
}

async function fullReplay(path: string): Promise<number> {
  const result = await replay({ paths: [path], quiet: true, progress: false }, nullIo);
  return result.stats.records;
}

async function timed(run: () => Promise<number>): Promise<{ records: number; seconds: number }> {
  const start = performance.now();
  const records = await run();
  return { records, seconds: (performance.now() - start) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median records/s of baseline, full pipeline and bare parse, measured in turns so load hits all. */
async function compare(
  input: Generated,
  bareLines: readonly string[],
): Promise<{ baseline: number; full: number; bare: number }> {
  const baseline: number[] = [];
  const full: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const b = await timed(() => splitAndParse(input.path));
    const f = await timed(() => fullReplay(input.path));
    if (b.records !== input.records || f.records !== input.records) {
      throw new Error(
        `expected ${input.records} records, baseline read ${b.records}, replay ${f.records}`,
      );
    }
    baseline.push(b.records / b.seconds);
    full.push(f.records / f.seconds);
    bare.push(bareParse(bareLines));
  }
  return { baseline: median(baseline), full: median(full), bare: median(bare) };
}

/** The first `limit` lines of a JSON Lines file, held in memory for {@link bareParse}. */
function headLines(input: Generated, limit: number): string[] {
  // Only the head of the file is needed; reading all of it would hold a second copy in memory.
  const fd = openSync(input.path, 'r');
  const head = Buffer.alloc(Math.min(input.bytes, limit * 2048));
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  return head
    .toString('utf8')
    .split('\n', limit)
    .filter((l) => l.length > 0);
}

/** `JSON.parse` of each line already in memory: no I/O, no split: the ceiling for any reader. */
function bareParse(lines: readonly string[]): number {
  const start = performance.now();
  for (const line of lines) JSON.parse(line);
  return lines.length / ((performance.now() - start) / 1000);
}

/** Runs the CLI bundle on a file, sampling its peak RSS (VmHWM) from /proc until it exits. */
async function peakRss(
  path: string,
): Promise<{ kb: number; seconds: number; code: number | null }> {
  const start = performance.now();
  const child = spawn(process.execPath, [bundle, 'replay', '--quiet', '--no-progress', path], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let kb = 0;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
      if (hwm) kb = Math.max(kb, Number(hwm[1]));
    } catch {
      // The process has exited between samples; the last reading stands.
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return { kb, seconds: (performance.now() - start) / 1000, code };
}

const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

export async function benchReplay(): Promise<string> {
  if (!existsSync(bundle)) {
    throw new Error(`${relative(root, bundle)} is missing: run 'pnpm build' (pnpm bench does)`);
  }
  await mkdir(dir, { recursive: true });
  const plain = generate(`records-${RECORDS}.json`, 'records', { count: RECORDS });
  const lines = generate(`records-${RECORDS}.jsonl`, 'lines', { count: RECORDS });
  const zipped = await gzip(plain);
  const big = generate(`big-${BIG_BYTES}.json`, 'records', { bytes: BIG_BYTES });
  const bigZipped = await gzip(big);
  const tiny = generate('tiny.json', 'records', { count: 10 });

  const bareLines = headLines(lines, 100_000);
  const bares: number[] = [];
  const rows: string[] = [];
  const ratios: number[] = [];
  for (const [label, input] of [
    ['CloudTrail S3 file, `.json`', plain],
    ['CloudTrail S3 file, `.json.gz`', zipped],
    ['JSON Lines of records', lines],
  ] as const) {
    process.stderr.write(`bench: throughput ${label}…\n`);
    const { baseline, full, bare } = await compare(input, bareLines);
    bares.push(bare);
    const ratio = full / baseline;
    ratios.push(ratio);
    rows.push(
      `| ${label} | ${mb(input.bytes)} | ${f0(baseline)} | ${f0(full)} | **${ratio.toFixed(2)}** | ${(full / bare).toFixed(2)} |`,
    );
  }

  const memory: string[] = [];
  for (const [label, input] of [
    ['10 records (startup)', tiny],
    ['~1 GB `{"Records":[…]}` `.json`', big],
    ['same, `.json.gz`', bigZipped],
  ] as const) {
    process.stderr.write(`bench: peak RSS ${label}…\n`);
    const run = await peakRss(input.path);
    if (run.code !== 0) throw new Error(`trailwatch exited ${run.code} on ${input.path}`);
    memory.push(
      `| ${label} | ${mb(input.bytes)} | ${f0(input.records)} | ${run.seconds.toFixed(1)} s | ${f0(input.records / run.seconds)} | ${(run.kb / 1024).toFixed(0)} MB |`,
    );
  }

  process.stderr.write('bench: profile…\n');
  const profile = await profileByFile(
    join(root, 'apps', 'cli', 'src', 'bin.ts'),
    ['replay', '--quiet', '--no-progress', zipped.path],
    join(dir, 'profile'),
  );
  const profileRows = profile
    .slice(0, 12)
    .map((p) => `| ${p.where} | ${f0(p.ms)} ms | ${(p.share * 100).toFixed(1)} % |`);

  const byPackage = new Map<string, number>();
  for (const p of profile) {
    const pkg = /^(packages|apps)\/[^/]+/.exec(p.where)?.[0];
    if (pkg) byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + p.share);
  }
  const packageShares = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .map(([pkg, share]) => `\`${pkg}\` ${(share * 100).toFixed(1)} %`)
    .join(', ');

  const bare = median(bares);
  const worst = Math.min(...ratios);
  return `Measured by \`pnpm bench replay\` (\`scripts/bench/replay.ts\`) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}. The machine was shared with other jobs, so expect ±15 %.

Inputs are generated into \`.bench/replay/\` by \`recordStream\` from
\`packages/fixtures/scripts/generate-samples.ts\` (seed ${SEED}): the sample day's mix of real-shaped
records — about two thirds read-only noise, everyday writes and sign-ins, and a risky event every
200 records. ${f0(RECORDS)} records per throughput input.

### Throughput (records/s, median of ${REPEAT}, in one process)

*Baseline* = the same streaming read, gunzip and split, then only \`JSON.parse\` of each record.
*Full replay* = \`replay()\` as the CLI runs it: read, split, parse, \`isDeliveredByDefault\`,
\`toEnvelope\` + \`parseEvent\`, classify with the whole catalogue, tally alerts.

| input | size | baseline | full replay | full ÷ baseline | full ÷ bare parse |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

*Bare parse* = \`JSON.parse\` of each of 100,000 lines already in memory (no I/O, no
gunzip, no split), measured in the same turns as the row: ${f0(bare)} records/s (median of all
rows) — the ceiling for any reader.

Budget: full replay ≥ ${BUDGET} × baseline — worst ratio **${worst.toFixed(2)}**, ${worst >= BUDGET ? 'met' : '**not met**'}.
A ratio above 1 is measurement noise from other jobs on the machine, not a faster pipeline.

### Memory (peak RSS of the real CLI process)

\`node apps/cli/dist/trailwatch.mjs replay --quiet --no-progress <file>\`, peak resident set
(\`VmHWM\` sampled from \`/proc/<pid>/status\` every 20 ms), one run each:

| input | size | records | wall time | records/s | peak RSS |
|---|---:|---:|---:|---:|---:|
${memory.join('\n')}

### Where the time goes

\`node --cpu-prof\` of the full replay of the ${f0(RECORDS)}-record \`.json.gz\`, self time per source
file (top 12). \`JSON.parse\` is inlined into its caller and counts towards
\`apps/cli/src/input/read-records.ts\`. \`(idle)\` is the main thread waiting for file reads and
gunzip on the thread pool:

| where | self time | share |
|---|---:|---:|
${profileRows.join('\n')}

By package: ${packageShares}.
`;
}
