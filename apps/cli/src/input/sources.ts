import { createReadStream, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One thing to read records from. */
export interface InputSource {
  /** Path as the user gave it (or found under a directory), `-` for stdin. */
  readonly name: string;
  open(): AsyncIterable<Uint8Array>;
}

/** A directory entry passed over, and why. */
export interface SkippedInput {
  readonly name: string;
  readonly reason: string;
}

/** Names read when walking a directory; files named on the command line are read whatever their name. */
const DIRECTORY_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

const READ_CHUNK = 1024 * 1024;

/** A file, read in large chunks. */
export function fileSource(path: string): InputSource {
  return { name: path, open: () => createReadStream(path, { highWaterMark: READ_CHUNK }) };
}

/** Standard input, named `-` in warnings. */
export function stdinSource(stdin: AsyncIterable<Uint8Array>): InputSource {
  return { name: '-', open: () => stdin };
}

/**
 * Expands paths into sources in a stable order: files as given, directories recursively
 * (sorted, only `*.json`, `*.jsonl`, `*.ndjson`, optionally `.gz`). Paths that cannot be
 * read come back as `missing` rather than failing the whole run.
 */
export async function* expandPaths(
  paths: readonly string[],
): AsyncGenerator<
  | { kind: 'source'; source: InputSource }
  | { kind: 'skipped'; skipped: SkippedInput }
  | { kind: 'missing'; name: string; reason: string }
> {
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      yield { kind: 'missing', name: path, reason: reasonOf(error) };
      continue;
    }
    if (info.isDirectory()) yield* walk(path, new Set());
    else yield { kind: 'source', source: fileSource(path) };
  }
}

/**
 * `visited` holds the real paths of the directories already walked, so a symbolic link back
 * up the tree (or to a directory already read) neither recurses until ELOOP nor reads the
 * same records twice.
 */
async function* walk(
  dir: string,
  visited: Set<string>,
): AsyncGenerator<
  | { kind: 'source'; source: InputSource }
  | { kind: 'skipped'; skipped: SkippedInput }
  | { kind: 'missing'; name: string; reason: string }
> {
  let entries: Dirent[];
  try {
    const real = await realpath(dir);
    if (visited.has(real)) {
      yield {
        kind: 'skipped',
        skipped: {
          name: dir,
          reason: `already read (it is ${real}, reached again through a symbolic link)`,
        },
      };
      return;
    }
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    yield { kind: 'missing', name: dir, reason: reasonOf(error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        yield { kind: 'missing', name: path, reason: reasonOf(error) };
        continue;
      }
    }
    if (isDirectory) yield* walk(path, visited);
    else if (isFile && DIRECTORY_FILE.test(entry.name)) {
      yield { kind: 'source', source: fileSource(path) };
    } else if (isFile) {
      yield {
        kind: 'skipped',
        skipped: { name: path, reason: 'not *.json, *.jsonl or *.ndjson (optionally .gz)' },
      };
    }
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}
