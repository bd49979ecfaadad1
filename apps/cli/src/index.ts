export { COMMANDS, mainHelp, parseCommandArgs, run } from './cli.js';
export type { Command, CommandContext, ParsedArgs } from './command.js';
export { type ReplayOptions, type ReplayResult, replay } from './commands/replay.js';
export { type ParsedReplay, parseReplay, replayCommand } from './commands/replay-command.js';
export { CommandError, UsageError } from './errors.js';
export { decodeText, isGzip } from './input/decode.js';
export {
  JsonScanner,
  type Position,
  type ScanProblem,
  type ScanSink,
} from './input/json-scanner.js';
export { InputFormat, type ReadResult, readValues, type ValueSink } from './input/read-records.js';
export { expandPaths, fileSource, type InputSource, stdinSource } from './input/sources.js';
export { type Unwrapped, unwrap } from './input/unwrap.js';
export { ExitCode, type Io, type Output } from './io.js';
export { type ReplayAlert, toJsonLine } from './report/alert.js';
export { ReplayStats } from './report/stats.js';
export { formatSummary } from './report/summary.js';
