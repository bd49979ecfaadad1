import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Self time of one source file (or of a V8/Node category such as the garbage collector). */
export interface ProfileShare {
  readonly where: string;
  readonly ms: number;
  readonly share: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; lineNumber: number; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Runs an entry point under `node --cpu-prof` and sums self time per source file. The entry is
 * bundled unminified so esbuild's `// path/to/file.ts` markers map bundle lines back to files.
 * Builtins inlined into a caller (`JSON.parse`) count towards that caller's file.
 */
export async function profileByFile(
  entry: string,
  args: readonly string[],
  dir: string,
): Promise<ProfileShare[]> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bundle = join(dir, 'profiled.mjs');
  await build({
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, bundle, ...args],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`profiled run exited ${code}`);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('node --cpu-prof wrote no profile');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;

  const markers: [number, string][] = [];
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const marker = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line);
      if (marker?.[1]) markers.push([index, marker[1].replace(/^(\.\.\/)+/, '')]);
    });
  const fileAt = (line: number): string => {
    let found = '(bundle)';
    for (const [index, name] of markers) {
      if (index > line) break;
      found = name;
    }
    return found.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '');
  };

  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byWhere = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    let where: string;
    if (frame.url.endsWith('profiled.mjs')) where = fileAt(frame.lineNumber);
    else if (frame.url.startsWith('node:')) where = `node: ${frame.url.slice(5)}`;
    else if (frame.url === '')
      where = frame.functionName ? `native: ${frame.functionName}` : '(native)';
    else where = frame.url;
    byWhere.set(where, (byWhere.get(where) ?? 0) + delta);
  });
  return [...byWhere]
    .map(([where, us]) => ({ where, ms: us / 1000, share: us / total }))
    .sort((a, b) => b.ms - a.ms);
}
