import { JsonScanner, type Position } from './json-scanner.js';

export type { Position } from './json-scanner.js';

/** How the text of one input is cut into records. */
export const InputFormat = {
  /** Arrays, `{"Records":[…]}`, `{"Events":[…]}`, single or concatenated JSON values. */
  JSON: 'json',
  /** One JSON value per line (records or EventBridge envelopes). */
  JSON_LINES: 'json-lines',
} as const;
export type InputFormat = (typeof InputFormat)[keyof typeof InputFormat];

/** Receives every parsed JSON value of an input, or why a piece of it could not be parsed. */
export interface ValueSink {
  value(value: unknown, position: Position): void;
  problem(reason: string, position: Position): void;
}

/** What {@link readValues} found out about an input. */
export interface ReadResult {
  /** Undefined when the input was empty or not JSON at all. */
  readonly format?: InputFormat;
  /** Why nothing at all could be read from the input. */
  readonly unreadable?: string;
}

/** How much text to look at before deciding between JSON Lines and plain JSON. */
const SNIFF_LIMIT = 256 * 1024;
const SNIFF_LINES = 3;
/**
 * How long a first line may grow before giving up on seeing its end: a JSON Lines file whose
 * first record is bigger than {@link SNIFF_LIMIT} must still be read as lines, or one broken
 * line further down would swallow every record after it.
 */
const FIRST_LINE_LIMIT = 64 * 1024 * 1024;

/**
 * Parses every record-sized JSON value in a stream of text, one at a time, calling the sink
 * synchronously; `afterChunk` runs between chunks so a caller can flush output.
 */
export async function readValues(
  text: AsyncIterable<string>,
  sink: ValueSink,
  afterChunk?: () => Promise<void> | void,
): Promise<ReadResult> {
  let prefix = '';
  let push: ((chunk: string) => void) | undefined;
  let finish: (() => void) | undefined;
  let format: InputFormat | undefined;

  const start = (eof: boolean): ReadResult | undefined => {
    const decided = decideFormat(prefix, eof);
    if (decided === undefined) return undefined;
    if (typeof decided !== 'string') return decided;
    format = decided;
    const splitter = decided === InputFormat.JSON_LINES ? new LineSplitter(sink) : scannerFor(sink);
    push = (chunk) => splitter.push(chunk);
    finish = () => splitter.end();
    push(prefix);
    prefix = '';
    return undefined;
  };

  for await (const chunk of text) {
    if (push) {
      push(chunk);
    } else {
      prefix += chunk;
      // While a long first line has not ended, deciding again would only rescan it.
      const waiting = prefix.length - chunk.length >= SNIFF_LIMIT && !chunk.includes('\n');
      if (!waiting || prefix.length >= FIRST_LINE_LIMIT) {
        const stop = start(false);
        if (stop) return stop;
      }
    }
    await afterChunk?.();
  }
  if (!push) {
    const stop = start(true);
    if (stop) return stop;
  }
  finish?.();
  await afterChunk?.();
  return { format };
}

function scannerFor(sink: ValueSink): JsonScanner {
  return new JsonScanner({
    element: (text, position) => parseInto(sink, text, position),
    problem: ({ reason, position }) => sink.problem(reason, position),
    tryElement: (text, position) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return false;
      }
      sink.value(value, position);
      return true;
    },
  });
}

function parseInto(sink: ValueSink, text: string, position: Position): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    sink.problem(`invalid JSON: ${(error as Error).message}`, position);
    return;
  }
  sink.value(value, position);
}

/**
 * Decides from the start of an input how to cut it, or `undefined` when more text is needed.
 * JSON Lines is recognised by a complete JSON object on one of the first lines, so a
 * pretty-printed record (whose first line is `{`) is read as one value.
 */
function decideFormat(prefix: string, eof: boolean): InputFormat | ReadResult | undefined {
  const first = /\S/.exec(prefix);
  if (!first) return eof ? { unreadable: 'empty input' } : undefined;
  const c = first[0];
  if (c === '[') return InputFormat.JSON;
  if (c !== '{') {
    const excerpt = prefix.slice(first.index, first.index + 20).split(/\r?\n/)[0];
    return { unreadable: `not JSON (starts with ${JSON.stringify(excerpt)})` };
  }
  const key = /^\s*\{\s*"((?:[^"\\]|\\.)*)"/.exec(prefix.slice(first.index));
  if (key?.[1] === 'Records' || key?.[1] === 'Events') return InputFormat.JSON;
  const lines: string[] = [];
  let from = first.index;
  while (lines.length < SNIFF_LINES) {
    const nl = prefix.indexOf('\n', from);
    if (nl < 0) break;
    const line = prefix.slice(from, nl).trim();
    if (line.length > 0) lines.push(line);
    from = nl + 1;
  }
  const complete =
    lines.length >= SNIFF_LINES ||
    eof ||
    (prefix.length >= SNIFF_LIMIT && lines.length > 0) ||
    prefix.length >= FIRST_LINE_LIMIT;
  if (!complete) return undefined;
  // A single line with nothing after it is one value either way; JSON handles it.
  const rest = prefix.slice(from).trim();
  if (lines.length === 0 || (lines.length === 1 && rest.length === 0)) return InputFormat.JSON;
  return lines.some(isObjectLine) ? InputFormat.JSON_LINES : InputFormat.JSON;
}

function isObjectLine(line: string): boolean {
  if (!line.startsWith('{') || !line.endsWith('}')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** Cuts text into lines (LF or CRLF) and parses each non-blank one on its own. */
class LineSplitter {
  private rest = '';
  private line = 0;

  constructor(private readonly sink: ValueSink) {}

  push(chunk: string): void {
    const text = this.rest.length === 0 ? chunk : this.rest + chunk;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      this.take(text, from, nl);
      from = nl + 1;
    }
    this.rest = from === 0 ? text : text.slice(from);
  }

  end(): void {
    if (this.rest.length > 0) this.take(this.rest, 0, this.rest.length);
    this.rest = '';
  }

  private take(text: string, from: number, to: number): void {
    this.line++;
    let end = to;
    if (end > from && text.charCodeAt(end - 1) === 13) end--;
    if (end === from) return;
    const line = text.slice(from, end);
    if (line.trim().length === 0) return;
    parseInto(this.sink, line, { index: this.line, line: this.line, inArray: false });
  }
}
