import {
  type CloudTrailEvent,
  type CloudTrailRecord,
  describeActor,
  type EventBridgeEnvelope,
  isDeliveredByDefault,
  parseEvent,
  toEnvelope,
} from '@trailwatch/cloudtrail';
import {
  type Classifier,
  Correlator,
  catalogue,
  createClassifier,
  type Detection,
  type DetectionContext,
  type Match,
  MemoryCorrelationStore,
  type Severity,
  severityRank,
} from '@trailwatch/detections';
import { decodeText } from '../input/decode.js';
import { type Position, readValues } from '../input/read-records.js';
import { expandPaths, type InputSource, stdinSource } from '../input/sources.js';
import { unwrap } from '../input/unwrap.js';
import { ExitCode, type Io } from '../io.js';
import { type ReplayAlert, toJsonLine } from '../report/alert.js';
import { Progress } from '../report/progress.js';

import { ReplayStats } from '../report/stats.js';
import { formatSummary } from '../report/summary.js';

export const name = 'replay';

/** Options of `trailwatch replay`, already validated by the argument parser. */
export interface ReplayOptions {
  /** Files and directories; `-` is standard input. */
  readonly paths: readonly string[];
  /** One JSON object per alert per line on stdout instead of the summary. */
  readonly json?: boolean;
  /** No summary. */
  readonly quiet?: boolean;
  /** Only alerts at least this severe. */
  readonly minSeverity?: Severity;
  /** Only these detection ids. */
  readonly detections?: readonly string[];
  /**
   * Progress line on stderr.
   *
   * @default - when stderr is a terminal
   */
  readonly progress?: boolean;
  /** @default - the whole catalogue */
  readonly catalogue?: readonly Detection[];
  /** What the deployment knows: the trail's bucket and key, the organization's accounts. */
  readonly context?: DetectionContext;
}

export interface ReplayResult {
  readonly exitCode: ExitCode;
  readonly stats: ReplayStats;
}

/** Problems reported per input before the rest are only counted. */
const WARNINGS_PER_INPUT = 20;
/** Output is written in pieces of about this size. */
const FLUSH_AT = 64 * 1024;

/**
 * Replays CloudTrail history through the detection catalogue as EventBridge would deliver it,
 * streaming every input; alerts go to stdout (summary or JSON lines), problems to stderr.
 */
export async function replay(options: ReplayOptions, io: Io): Promise<ReplayResult> {
  const detections = options.catalogue ?? catalogue;
  const classifier = createClassifier(detections, options.context);
  const stats = new ReplayStats();
  // Threshold and sequence detections, in event time and in memory: the alerter's evaluation
  // with the state table swapped for a map.
  const correlator = new Correlator({ store: new MemoryCorrelationStore() });
  const run = new Run(options, io, classifier, stats, correlator);

  let stdinUsed = false;
  // Inputs are replayed in the order given; `-` stands for stdin wherever it appears.
  for (const path of options.paths) {
    if (path === '-') {
      if (stdinUsed) continue;
      stdinUsed = true;
      await run.source(stdinSource(io.stdin));
      continue;
    }
    for await (const item of expandPaths([path])) {
      if (item.kind === 'source') await run.source(item.source);
      else if (item.kind === 'skipped') {
        stats.filesSkipped++;
        await run.warn(`skipped ${item.skipped.name}: ${item.skipped.reason}`, 'notice');
      } else {
        stats.filesUnreadable++;
        await run.warn(`${item.name}: ${item.reason}`);
      }
    }
  }
  await run.correlate();
  run.finishProgress();
  await run.flush();

  // A valid input that holds no events (`{"Events":[]}` from lookup-events over a quiet
  // window, `{"Records":[]}`) was read: zero records is its answer, not a failure.
  const read = stats.records > 0 || run.emptyButValid;
  if (read && options.json !== true && options.quiet !== true) {
    await io.stdout.write(formatSummary(stats));
  }
  if (!read) {
    const inputs = stats.filesRead + stats.filesUnreadable;
    await io.stderr.write(
      `trailwatch: error: no records could be read from ${inputs === 1 ? 'the input' : `any of ${inputs} inputs`}\n`,
    );
    return { exitCode: ExitCode.NO_INPUT, stats };
  }
  return { exitCode: ExitCode.OK, stats };
}

/** The state of one replay: filters, counters, pending output. */
class Run {
  private pending = '';
  /** Events the stateful detections count, waiting for the next asynchronous step. */
  private toCorrelate: { event: CloudTrailEvent; matches: Match[]; file: string }[] = [];
  private readonly progress?: Progress;
  private readonly wanted?: ReadonlySet<string>;
  private readonly minRank: number;
  private file = '';
  private warnings = 0;
  /** Whether some input parsed without a single problem and held no records. */
  emptyButValid = false;

  constructor(
    private readonly options: ReplayOptions,
    private readonly io: Io,
    private readonly classifier: Classifier,
    private readonly stats: ReplayStats,
    private readonly correlator: Correlator,
  ) {
    if (options.progress ?? io.stderrIsTTY) {
      this.progress = new Progress({ write: (text) => void io.stderr.write(text) });
    }
    if (options.detections && options.detections.length > 0) {
      this.wanted = new Set(options.detections);
    }
    this.minRank = options.minSeverity
      ? severityRank(options.minSeverity)
      : Number.POSITIVE_INFINITY;
  }

  async source(source: InputSource): Promise<void> {
    this.file = source.name;
    this.warnings = 0;
    const before = this.stats.records;
    let problems = 0;
    const onProblem = (reason: string, position: Position): void => {
      problems++;
      this.stats.malformed++;
      this.problem(`${source.name}: ${where(position)}: ${reason}`);
    };
    let unreadable: string | undefined;
    try {
      const text = decodeText(source.open(), {
        onBytes: (bytes) => {
          this.stats.bytes += bytes;
        },
      });
      const result = await readValues(
        text,
        {
          value: (value, position) => this.value(value, position, onProblem),
          problem: onProblem,
        },
        () => this.afterChunk(),
      );
      unreadable = result.unreadable;
    } catch (error) {
      const read = this.stats.records - before;
      const reason = describeReadError(error);
      if (read === 0 && problems === 0) unreadable = reason;
      else this.problem(`${source.name}: ${reason} (after ${read} records)`);
    }
    if (unreadable !== undefined) {
      this.stats.filesUnreadable++;
      await this.warn(`${source.name}: ${unreadable}`);
    } else {
      this.stats.filesRead++;
      if (problems === 0 && this.stats.records === before) this.emptyButValid = true;
    }
    if (this.warnings > WARNINGS_PER_INPUT) {
      await this.warn(
        `${source.name}: ${this.warnings - WARNINGS_PER_INPUT} more problems not shown`,
      );
    }
    await this.flush();
  }

  private value(
    value: unknown,
    position: Position,
    onProblem: (reason: string, position: Position) => void,
  ): void {
    const input = unwrap(value);
    let record: CloudTrailRecord;
    let envelope: EventBridgeEnvelope | undefined;
    switch (input.kind) {
      case 'invalid':
        onProblem(input.reason, position);
        return;
      case 'ignored':
        this.stats.ignored++;
        return;
      case 'envelope':
        envelope = input.envelope;
        record = envelope.detail;
        break;
      default:
        record = input.record;
    }
    const stats = this.stats;
    stats.records++;
    stats.seeTime(record.eventTime);
    if (!isDeliveredByDefault(record)) {
      stats.skippedReadOnly++;
      return;
    }
    const parsed = parseEvent(envelope ?? toEnvelope(record));
    if (!parsed.ok) {
      onProblem(parsed.error, position);
      return;
    }
    stats.evaluated++;
    const event = parsed.event;
    let matches: ReturnType<Classifier['classify']>;
    try {
      matches = this.classifier.classify(event);
    } catch (error) {
      onProblem(`classification failed: ${(error as Error).message}`, position);
      return;
    }
    if (this.correlator.relevant(event, matches)) {
      this.toCorrelate.push({ event, matches, file: this.file });
    }
    for (const match of matches) {
      this.report(match.detection, match.summary, event, this.file);
    }
  }

  /** Counts an alert and queues its `--json` line, unless the filters leave it out. */
  private report(
    detection: Pick<Detection, 'id' | 'severity' | 'title'>,
    summary: string,
    event: CloudTrailEvent,
    file: string,
    events?: ReplayAlert['events'],
  ): void {
    if (severityRank(detection.severity) > this.minRank) return;
    if (this.wanted && !this.wanted.has(detection.id)) return;
    const alert: ReplayAlert = {
      detection: detection.id,
      severity: detection.severity,
      title: detection.title,
      summary,
      eventId: event.eventId,
      eventName: event.eventName,
      account: event.account,
      region: event.region,
      actor: describeActor(event.actor),
      time: event.time,
      sourceIp: event.sourceIp,
      file,
      ...(events === undefined ? {} : { events }),
    };
    this.stats.addAlert(alert);
    if (this.options.json === true) this.pending += toJsonLine(alert);
  }

  private problem(message: string): void {
    this.warnings++;
    if (this.warnings > WARNINGS_PER_INPUT) return;
    this.progress?.done();
    void this.io.stderr.write(`trailwatch: warning: ${message}\n`);
  }

  async warn(message: string, level: 'warning' | 'notice' = 'warning'): Promise<void> {
    this.progress?.done();
    await this.io.stderr.write(`trailwatch: ${level}: ${message}\n`);
  }

  /** Feeds the queued events to the stateful detections and reports what fired. */
  async correlate(): Promise<void> {
    const queued = this.toCorrelate;
    this.toCorrelate = [];
    for (const { event, matches, file } of queued) {
      for (const fired of await this.correlator.observe(event, matches)) {
        this.report(
          fired.detection,
          fired.summary,
          event,
          file,
          fired.events.map((e) => ({
            eventId: e.eventId,
            time: new Date(e.time).toISOString(),
            eventName: e.eventName,
            ...(e.sourceIp === undefined ? {} : { sourceIp: e.sourceIp }),
          })),
        );
      }
    }
  }

  private async afterChunk(): Promise<void> {
    await this.correlate();
    this.progress?.update(this.stats.records, this.stats.bytes);
    if (this.pending.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    await this.io.stdout.write(text);
  }

  finishProgress(): void {
    this.progress?.done();
  }
}

function where(position: Position): string {
  if (!position.inArray) return `line ${position.line}`;
  return position.line > 1
    ? `record ${position.index} (line ${position.line})`
    : `record ${position.index}`;
}

function describeReadError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message ?? '')) {
    return 'gzip stream is truncated (unexpected end of file)';
  }
  if (e.code === 'Z_DATA_ERROR') return `gzip data is corrupt (${e.message})`;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.message ?? String(error);
}
