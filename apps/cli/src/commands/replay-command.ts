import {
  catalogue,
  type DetectionContext,
  SEVERITY_ORDER,
  statefulCatalogue,
} from '@trailwatch/detections';
import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { closest } from '../did-you-mean.js';
import { UsageError } from '../errors.js';
import { isSeverity } from '../report/severity.js';
import { replay } from './replay.js';

const EXIT_CODES = `Exit codes:
  0  records were read, or valid inputs held none (alerts are output, not errors)
  1  bad arguments, or an unexpected internal error
  2  nothing could be read: no records from any input`;

/** Options parsed from argv for `replay`. */
export interface ParsedReplay {
  readonly paths: string[];
  readonly json: boolean;
  readonly quiet: boolean;
  readonly progress?: boolean;
  readonly minSeverity?: (typeof SEVERITY_ORDER)[number];
  readonly detections: string[];
  /** What the deployment knows (`--trail-bucket`, `--trail-key`, `--org-account`). */
  readonly context?: DetectionContext;
}

/**
 * Validates replay's parsed flags and positionals. Throws {@link UsageError} with a hint for
 * anything it does not understand.
 */
export function parseReplay(args: ParsedArgs, stdinIsTTY: boolean): ParsedReplay {
  const { values, positionals } = args;
  let minSeverity: ParsedReplay['minSeverity'];
  if (typeof values.severity === 'string') {
    if (!isSeverity(values.severity)) {
      throw new UsageError(`unknown severity '${values.severity}'`, {
        hint: `use one of ${SEVERITY_ORDER.join(', ')}`,
      });
    }
    minSeverity = values.severity;
  }
  const detections = (values.detection as string[] | undefined) ?? [];
  const known = new Set([...catalogue, ...statefulCatalogue].map((d) => d.id));
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
  let paths = [...positionals];
  if (paths.length === 0) {
    if (stdinIsTTY) {
      throw new UsageError('no input', {
        hint: `give files or directories, or pipe records to stdin; run 'trailwatch replay --help'`,
      });
    }
    paths = ['-'];
  }
  const context: { -readonly [K in keyof DetectionContext]: DetectionContext[K] } = {};
  const buckets = values['trail-bucket'] as string[] | undefined;
  const keys = values['trail-key'] as string[] | undefined;
  const accounts = values['org-account'] as string[] | undefined;
  if (buckets) context.trailBucketNames = buckets;
  if (keys) context.trailKmsKeys = keys;
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
    paths,
    json: values.json === true,
    quiet: values.quiet === true,
    ...(progress === undefined ? {} : { progress }),
    ...(minSeverity === undefined ? {} : { minSeverity }),
    ...(Object.keys(context).length === 0 ? {} : { context }),
    detections,
  };
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'Run the detection catalogue over historical CloudTrail records',
  positionals: true,
  options: {
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
  },
  help: () => `Usage: trailwatch replay [options] [path...]

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
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const parsed = parseReplay(args, context.io.stdinIsTTY);
    const result = await replay(parsed, context.io);
    return result.exitCode;
  },
};
