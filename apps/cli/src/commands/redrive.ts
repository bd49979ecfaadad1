import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { UsageError } from '../errors.js';
import {
  AWS_OPTIONS,
  AWS_OPTIONS_HELP,
  awsCommandFlags,
  booleanFlag,
  integerFlag,
  stringFlag,
} from './common-options.js';

export const redriveCommand: Command = {
  name: 'redrive',
  summary: 'Move dead-lettered events back to the alerter queue (--dry-run lists them)',
  positionals: false,
  options: {
    ...AWS_OPTIONS,
    queue: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
    'max-per-second': { type: 'string' },
  },
  help: () => `Usage: trailwatch redrive [--queue events|delivery] [options]

Moves the events in a dead-letter queue back to trailwatch-events, where the alerter picks
them up again (deduplicated, so an alert already delivered is not posted twice). Run it
once the cause is fixed, for example after setting an empty webhook secret.

Queues (security account, home region):
  events     trailwatch-events-dlq: records the alerter failed maxReceiveCount times.
             Moved by SQS itself (StartMessageMoveTask), with progress.
  delivery   trailwatch-delivery-dlq: events the central rule could not deliver to the
             queue. Copied batch by batch (send, then delete): SQS cannot redrive a DLQ
             whose source is EventBridge.

With --dry-run nothing moves: up to --limit messages are read with a visibility timeout of
0 (they stay in the queue) and summarised by detection, account and delivery error.

Options:
  --queue events|delivery   Which dead-letter queue (default events)
  --dry-run                 List what is there; move nothing
  --limit N                 Messages to look at with --dry-run (default 100, max 10000)
  --max-per-second N        Move rate for the SQS task (1-500; default: SQS decides)
  --json                    Print the result as JSON
${AWS_OPTIONS_HELP}

Exit codes:
  0  moved (or nothing to move, or --dry-run)
  1  bad arguments, or AWS refused a call
  2  the move task failed or was cancelled

Examples:
  trailwatch redrive --dry-run --profile security
  trailwatch redrive --profile security
  trailwatch redrive --queue delivery --json
`,
  async handler(args: ParsedArgs, context: CommandContext): Promise<number> {
    const queue = stringFlag(args, 'queue') ?? 'events';
    if (queue !== 'events' && queue !== 'delivery') {
      throw new UsageError(`--queue must be 'events' or 'delivery', got '${queue}'`, {
        hint: 'events = trailwatch-events-dlq (alerter failures), delivery = trailwatch-delivery-dlq (EventBridge delivery failures)',
      });
    }
    const maxPerSecond =
      stringFlag(args, 'max-per-second') === undefined
        ? undefined
        : integerFlag(args, 'max-per-second', 0, 1, 500);
    const { redrive } = await import('../redrive/redrive.js');
    return redrive(
      {
        ...awsCommandFlags(args),
        queue,
        dryRun: booleanFlag(args, 'dry-run'),
        limit: integerFlag(args, 'limit', 100, 1, 10_000),
        ...(maxPerSecond === undefined ? {} : { maxPerSecond }),
      },
      context,
    );
  },
};
