import { parseArgs } from 'node:util';
import { catalogue, type DetectionContext, SEVERITY_ORDER } from '@trailwatch/detections';
import { replay } from './commands/replay.js';
import { UsageError } from './errors.js';
import { ExitCode, type Io } from './io.js';
import { isSeverity } from './report/severity.js';

export const VERSION = '0.1.0';

const EXIT_CODES = `Exit codes:
  0  records were read, or valid inputs held none (alerts are output, not errors)
  1  bad arguments, or an unexpected internal error
  2  nothing could be read: no records from any input`;

export function mainHelp(): string {
  return `Usage: trailwatch <command> [options]

Commands:
  replay [path...]   Run the detection catalogue over historical CloudTrail records

Options:
  -h, --help         Show help (also: trailwatch <command> --help)
  -v, --version      Show the version

${EXIT_CODES}
`;
}

export function replayHelp(): string {
  return `Usage: trailwatch replay [options] [path...]

Runs every detection over CloudTrail history as EventBridge would have delivered it
(read-only events are skipped, as a rule in the default ENABLED state never sees them)
and reports what would have alerted.

Inputs (files, directories read recursively, or - for stdin; stdin is also read when no
path is given and it is not a terminal; gzip is detected by content, not by name):
  CloudTrail S3 log files          {"Records":[...]}  (.json or .json.gz)
  aws cloudtrail lookup-events     {"Events":[{"CloudTrailEvent":"{...}"}],"NextToken":...}
  JSON Lines                       one record or EventBridge envelope per line
  JSON                             a single record or envelope, or an array of them
Directories: only *.json, *.jsonl, *.ndjson (optionally .gz) are read; others are skipped
with a notice.

Options:
  --json                 One JSON object per alert per line on stdout, no summary:
                         detection, severity, title, summary, eventId, eventName,
                         account, region, actor, time, sourceIp, file
  --severity <min>       Only alerts at least this severe (${SEVERITY_ORDER.join(', ')})
  --detection <id>       Only this detection; repeat for more
  --trail-bucket <name>  The trail's S3 bucket (default: buckets named *cloudtrail*); repeatable
  --trail-key <arn>      The trail's KMS key, so disabling it is critical; repeatable
  --org-account <id>     An account of the organization: trusting it is not "outside the
                         organization" (default: only the event's own account); repeatable
  -q, --quiet            No summary (warnings still go to stderr)
  --no-progress          No progress line (shown on stderr only when it is a terminal)
  --progress             Progress line even when stderr is not a terminal
  -h, --help             Show this help

Malformed records get a warning on stderr naming the file and record or line; the rest of
the input is still replayed.

${EXIT_CODES}

Examples:
  trailwatch replay AWSLogs/                      # an S3 export, recursively
  trailwatch replay --severity high day.json.gz
  aws cloudtrail lookup-events --output json | trailwatch replay --json
`;
}

/** Options parsed from argv for `replay`. */
export interface ParsedReplay {
  readonly command: 'replay';
  readonly help: boolean;
  readonly paths: string[];
  readonly json: boolean;
  readonly quiet: boolean;
  readonly progress?: boolean;
  readonly minSeverity?: (typeof SEVERITY_ORDER)[number];
  readonly detections: string[];
  /** What the deployment knows (`--trail-bucket`, `--trail-key`, `--org-account`). */
  readonly context?: DetectionContext;
}

export type Parsed = { readonly command: 'help' } | { readonly command: 'version' } | ParsedReplay;

const REPLAY_OPTIONS = {
  json: { type: 'boolean' },
  severity: { type: 'string' },
  detection: { type: 'string', multiple: true },
  'trail-bucket': { type: 'string', multiple: true },
  'trail-key': { type: 'string', multiple: true },
  'org-account': { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  'no-progress': { type: 'boolean' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses argv (without `node` and the script) into a command. Throws {@link UsageError} with a
 * hint for anything it does not understand.
 */
export function parse(argv: readonly string[], stdinIsTTY: boolean): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return { command: 'help' };
  }
  if (command === '-v' || command === '--version') return { command: 'version' };
  if (command !== 'replay') {
    throw new UsageError(`unknown command '${command}'`, {
      hint: `the only command is 'replay'; run 'trailwatch --help'`,
    });
  }
  let values: {
    json?: boolean;
    severity?: string;
    detection?: string[];
    'trail-bucket'?: string[];
    'trail-key'?: string[];
    'org-account'?: string[];
    quiet?: boolean;
    'no-progress'?: boolean;
    progress?: boolean;
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...rest],
      options: REPLAY_OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    throw usageFromParseArgs(error);
  }
  if (values.help === true) {
    return { command: 'replay', help: true, paths: [], json: false, quiet: false, detections: [] };
  }
  let minSeverity: ParsedReplay['minSeverity'];
  if (values.severity !== undefined) {
    if (!isSeverity(values.severity)) {
      throw new UsageError(`unknown severity '${values.severity}'`, {
        hint: `use one of ${SEVERITY_ORDER.join(', ')}`,
      });
    }
    minSeverity = values.severity;
  }
  const detections = values.detection ?? [];
  const known = new Set(catalogue.map((d) => d.id));
  for (const id of detections) {
    if (!known.has(id)) {
      const close = closest(id, [...known]);
      throw new UsageError(`unknown detection '${id}'`, {
        hint: close
          ? `did you mean '${close}'?`
          : `known detections: ${[...known].sort().join(', ')}`,
      });
    }
  }
  let paths = positionals;
  if (paths.length === 0) {
    if (stdinIsTTY) {
      throw new UsageError('no input', {
        hint: `give files or directories, or pipe records to stdin; run 'trailwatch replay --help'`,
      });
    }
    paths = ['-'];
  }
  const context: { -readonly [K in keyof DetectionContext]: DetectionContext[K] } = {};
  if (values['trail-bucket']) context.trailBucketNames = values['trail-bucket'];
  if (values['trail-key']) context.trailKmsKeys = values['trail-key'];
  const accounts = values['org-account'];
  if (accounts) {
    const bad = accounts.find((id) => !/^\d{12}$/.test(id));
    if (bad !== undefined) {
      throw new UsageError(`'${bad}' is not an account id`, {
        hint: 'give --org-account a 12-digit account id like 111122223333',
      });
    }
    context.organizationAccountIds = accounts;
  }
  const progress =
    values['no-progress'] === true ? false : values.progress === true ? true : undefined;
  return {
    command: 'replay',
    help: false,
    paths,
    json: values.json === true,
    quiet: values.quiet === true,
    ...(progress === undefined ? {} : { progress }),
    ...(minSeverity === undefined ? {} : { minSeverity }),
    ...(Object.keys(context).length === 0 ? {} : { context }),
    detections,
  };
}

function usageFromParseArgs(error: unknown): UsageError {
  const e = error as Error & { code?: string };
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(e.message)?.[1] ?? '?';
    const flags = Object.keys(REPLAY_OPTIONS).map((o) => `--${o}`);
    const close = closest(option, flags);
    return new UsageError(`unknown option '${option}'`, {
      cause: error,
      hint: close ? `did you mean '${close}'?` : `run 'trailwatch replay --help'`,
    });
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UsageError(e.message.replace(/^Option/, 'option'), {
      cause: error,
      hint: `run 'trailwatch replay --help'`,
    });
  }
  return new UsageError(e.message, { cause: error, hint: `run 'trailwatch replay --help'` });
}

/** The candidate within edit distance 2, if any: enough to catch typos, not to guess. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Runs the command line against the given process boundary and returns the exit code. Usage
 * errors are printed here with their hint; nothing else prints or exits.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv, io.stdinIsTTY);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await io.stderr.write(`trailwatch: error: ${error.message}\n`);
    if (error.hint) await io.stderr.write(`hint: ${error.hint}\n`);
    return ExitCode.USAGE;
  }
  switch (parsed.command) {
    case 'help':
      await io.stdout.write(mainHelp());
      return ExitCode.OK;
    case 'version':
      await io.stdout.write(`${VERSION}\n`);
      return ExitCode.OK;
    default: {
      if (parsed.help) {
        await io.stdout.write(replayHelp());
        return ExitCode.OK;
      }
      const result = await replay(parsed, io);
      return result.exitCode;
    }
  }
}
