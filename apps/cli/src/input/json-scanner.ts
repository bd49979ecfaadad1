/**
 * An incremental scanner that cuts a stream of JSON text into the records it holds, without
 * holding the whole stream: elements of a top-level array, elements of the `Records`/`Events`
 * array of a top-level object (CloudTrail S3 log files, `lookup-events` output), or whole
 * top-level values otherwise (a single record, concatenated JSON). It only finds boundaries —
 * it tracks string/escape state and nesting depth — and leaves parsing to `JSON.parse`, which is
 * much faster than any parser written in JavaScript. For compact arrays of same-shaped records it
 * first lets the sink try a guessed boundary (see `guessElement`), which skips most of the scan.
 */

/** Where a piece of text came from, for warnings. */
export interface Position {
  /** 1-based index of the element in its array, or of the top-level value in the stream. */
  readonly index: number;
  /** 1-based line where the element starts. */
  readonly line: number;
  /** Whether the text is an element of an array (`record N`) or a whole top-level value. */
  readonly inArray: boolean;
}

/** A piece of text the scanner could not cut cleanly. */
export interface ScanProblem {
  readonly position: Position;
  readonly reason: string;
}

export interface ScanSink {
  element(text: string, position: Position): void;
  problem(problem: ScanProblem): void;
  /**
   * Offered a guessed element (see {@link JsonScanner}); returns whether it parsed as one JSON
   * value, and then took it. Must stay silent when it did not: the scanner re-cuts it exactly.
   */
  tryElement?(text: string, position: Position): boolean;
}

/** Top-level object keys whose array value holds records. */
const WRAPPER_KEYS = new Set(['Records', 'Events']);

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const CR = 13;

/**
 * Feed text with {@link JsonScanner.push}, finish with {@link JsonScanner.end}; complete pieces
 * go to the sink as soon as their last character has been seen.
 */
export class JsonScanner {
  private buf = '';
  private pos = 0;
  private depth = 0;
  private inString = false;
  private escapePending = false;
  /** Depth *inside* the array whose elements are emitted; -1 when none is open. */
  private activeDepth = -1;
  private elemStart = -1;
  private elemLine = 1;
  private elemIndex = 0;
  /** Start of a top-level object that is not (yet known to be) a wrapper. */
  private docStart = -1;
  private docLine = 1;
  private docIndex = 0;
  private topIsObject = false;
  private expectKey = false;
  private keyStart = -1;
  private lastKey = '';
  private pendingKey = '';
  private line = 1;
  private junkLine = -1;
  private guessKey = '';
  private guessBoundary = '';
  private guessHits = 0;
  private guessMisses = 0;
  private guessesOff = false;

  constructor(private readonly sink: ScanSink) {}

  /** Scans the next piece of text; pieces may split anywhere, even inside an escape. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    const keep = this.keepFrom();
    if (keep > 0) this.shift(keep);
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.scan();
  }

  /** Reports what was left unfinished when the input ends. */
  end(): void {
    if (this.depth > 0 || this.inString) {
      const inElement = this.elemStart >= 0;
      const position: Position = inElement
        ? { index: this.elemIndex, line: this.elemLine, inArray: true }
        : { index: this.docIndex, line: this.docLine, inArray: false };
      this.sink.problem({
        position,
        reason: this.inString
          ? 'unexpected end of input inside a string'
          : 'unexpected end of input (truncated JSON)',
      });
    } else if (this.elemStart >= 0) {
      this.emitElement(this.buf.slice(this.elemStart).trim());
    }
    this.buf = '';
    this.pos = 0;
  }

  private keepFrom(): number {
    let keep = this.pos;
    if (this.elemStart >= 0 && this.elemStart < keep) keep = this.elemStart;
    if (this.docStart >= 0 && this.docStart < keep) keep = this.docStart;
    if (this.keyStart >= 0 && this.keyStart < keep) keep = this.keyStart;
    return keep;
  }

  private shift(by: number): void {
    this.buf = this.buf.slice(by);
    this.pos -= by;
    if (this.elemStart >= 0) this.elemStart -= by;
    if (this.docStart >= 0) this.docStart -= by;
    if (this.keyStart >= 0) this.keyStart -= by;
  }

  private scan(): void {
    const buf = this.buf;
    const len = buf.length;
    let i = this.pos;
    if (this.inString) {
      i = this.scanString(i);
      if (i < 0) return;
    }
    while (i < len) {
      if (this.elemStart >= 0 && this.depth > this.activeDepth) {
        i = this.scanElement(i);
        if (i < 0) return;
        continue;
      }
      const c = buf.charCodeAt(i);
      if (c === QUOTE) {
        this.startString(i);
        i = this.scanString(i + 1);
        if (i < 0) return;
        continue;
      }
      if (c === SPACE || c === NEWLINE || c === CR || c === TAB) {
        if (c === NEWLINE) this.line++;
        i++;
        continue;
      }
      if (c === OPEN_BRACE && this.depth === this.activeDepth && this.elemStart < 0) {
        const next = this.guessElement(i);
        if (next > 0) {
          i = next;
          continue;
        }
        this.open(c, i);
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.open(c, i);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.close(i);
      } else if (c === COMMA) {
        if (this.depth === this.activeDepth && this.elemStart >= 0) {
          this.emitElement(buf.slice(this.elemStart, i).trim());
        }
        if (this.depth === 1 && this.topIsObject) {
          this.expectKey = true;
          this.pendingKey = '';
        }
      } else if (c === COLON) {
        if (this.depth === 1 && this.topIsObject) this.pendingKey = this.lastKey;
      } else if (this.depth === 0) {
        i = this.skipJunk(i);
        continue;
      } else if (this.depth === this.activeDepth && this.elemStart < 0) {
        this.startElement(i);
      }
      i++;
    }
    this.pos = i;
  }

  /**
   * The hot path: inside an element only nesting and strings matter until it closes, so this
   * loop skips the key and wrapper bookkeeping. Returns the index after the element, or -1 (with
   * the state saved) when the text ends first.
   */
  private scanElement(from: number): number {
    const buf = this.buf;
    const len = buf.length;
    const target = this.activeDepth;
    let i = from;
    if (this.inString) {
      i = this.scanString(i);
      if (i < 0) return -1;
    }
    let depth = this.depth;
    while (i < len) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE) {
        // Most strings hold no backslash before their closing quote: one indexOf skips them.
        const q = buf.indexOf('"', i + 1);
        if (q > 0 && buf.charCodeAt(q - 1) !== BACKSLASH) {
          i = q + 1;
          continue;
        }
        this.depth = depth;
        i = this.scanString(i + 1);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === target) {
          this.depth = depth;
          this.emitElement(buf.slice(this.elemStart, i + 1));
          return i + 1;
        }
      } else if (c === NEWLINE) {
        this.line++;
      }
      i++;
    }
    this.depth = depth;
    this.pos = len;
    return -1;
  }

  /**
   * The fast path for compact arrays of same-shaped objects (CloudTrail S3 files: every record
   * starts with `{"eventVersion"`): guesses the element ends right before the next `},{"<same
   * first key>"` (or at `}]`) and lets the sink parse that. A bare `"` never occurs inside a JSON
   * string, so the guess is structural; if it is a nested object's end instead, the slice is
   * unbalanced and fails to parse, and the exact scan takes over. A slice that parses is exactly
   * the element, because a JSON value's end is fixed by its start. Returns the index after the
   * element, or -1 to scan exactly.
   */
  private guessElement(i: number): number {
    const sink = this.sink;
    if (!sink.tryElement || this.guessesOff) return -1;
    const buf = this.buf;
    if (buf.charCodeAt(i + 1) !== QUOTE) return -1;
    const keyEnd = buf.indexOf('"', i + 2);
    if (keyEnd < 0 || keyEnd === i + 2 || keyEnd - i > 64) return -1;
    if (this.guessKey.length !== keyEnd - i - 2 || !buf.startsWith(this.guessKey, i + 2)) {
      this.guessKey = buf.slice(i + 2, keyEnd);
      this.guessBoundary = `},{"${this.guessKey}"`;
    }
    let close = buf.indexOf(this.guessBoundary, keyEnd);
    if (close < 0) close = buf.indexOf('}]', keyEnd);
    const text = close < 0 ? '' : buf.slice(i, close + 1);
    // Misses cost a search (and maybe a failed parse); records of mixed shapes turn guessing off.
    if (close < 0 || !sink.tryElement(text, this.nextPosition())) {
      this.guessMisses++;
      if (this.guessMisses > 16 && this.guessMisses * 4 > this.guessHits) this.guessesOff = true;
      return -1;
    }
    this.guessHits++;
    this.elemIndex++;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) this.line++;
    return close + 1;
  }

  private nextPosition(): Position {
    return { index: this.elemIndex + 1, line: this.line, inArray: true };
  }

  private startString(i: number): void {
    if (this.depth === this.activeDepth && this.elemStart < 0) this.startElement(i);
    else if (this.depth === 1 && this.topIsObject && this.expectKey) this.keyStart = i + 1;
    else if (this.depth === 0) {
      // A top-level string is never a record, but it must still be cut out whole.
      this.docIndex++;
      this.docStart = i;
      this.docLine = this.line;
    }
  }

  /**
   * Scans string content from `i`; returns the index after the closing quote, or -1 (with the
   * state saved) when the text ends inside the string.
   */
  private scanString(from: number): number {
    const buf = this.buf;
    let i = from;
    if (this.escapePending) {
      this.escapePending = false;
      if (i >= buf.length) {
        this.escapePending = true;
        this.inString = true;
        this.pos = i;
        return -1;
      }
      i++;
    }
    for (;;) {
      const q = buf.indexOf('"', i);
      if (q < 0) {
        let b = buf.length - 1;
        while (b >= i && buf.charCodeAt(b) === BACKSLASH) b--;
        this.escapePending = (buf.length - 1 - b) % 2 === 1;
        this.inString = true;
        this.pos = buf.length;
        return -1;
      }
      let b = q - 1;
      while (b >= i && buf.charCodeAt(b) === BACKSLASH) b--;
      if ((q - 1 - b) % 2 === 0) {
        this.inString = false;
        this.endString(q);
        return q + 1;
      }
      i = q + 1;
    }
  }

  private endString(q: number): void {
    if (this.keyStart >= 0) {
      this.lastKey = q - this.keyStart <= 16 ? this.buf.slice(this.keyStart, q) : '';
      this.keyStart = -1;
      this.expectKey = false;
    } else if (this.depth === 0 && this.docStart >= 0) {
      this.emitDocument(this.buf.slice(this.docStart, q + 1));
    }
  }

  private open(c: number, i: number): void {
    if (this.depth === this.activeDepth && this.elemStart < 0) this.startElement(i);
    if (this.depth === 0) {
      this.docIndex++;
      this.elemIndex = 0;
      if (c === OPEN_BRACKET) {
        this.topIsObject = false;
        this.activeDepth = 1;
      } else {
        this.topIsObject = true;
        this.expectKey = true;
        this.pendingKey = '';
        this.docStart = i;
        this.docLine = this.line;
      }
    } else if (
      this.depth === 1 &&
      this.topIsObject &&
      c === OPEN_BRACKET &&
      this.activeDepth < 0 &&
      WRAPPER_KEYS.has(this.pendingKey)
    ) {
      this.activeDepth = 2;
      this.elemIndex = 0;
      // A wrapper is streamed element by element; its own text need not be kept.
      this.docStart = -1;
    }
    this.depth++;
  }

  private close(i: number): void {
    if (this.depth === 0) {
      this.sink.problem({
        position: { index: this.docIndex, line: this.line, inArray: false },
        reason: `unexpected '${this.buf[i]}'`,
      });
      return;
    }
    this.depth--;
    if (this.depth === this.activeDepth && this.elemStart >= 0) {
      this.emitElement(this.buf.slice(this.elemStart, i + 1));
    } else if (this.depth === this.activeDepth - 1) {
      if (this.elemStart >= 0) this.emitElement(this.buf.slice(this.elemStart, i).trim());
      this.activeDepth = -1;
    }
    if (this.depth === 0) {
      if (this.docStart >= 0) this.emitDocument(this.buf.slice(this.docStart, i + 1));
      this.topIsObject = false;
      this.expectKey = false;
    }
  }

  /** Text outside any JSON value: report once per line and resume on the next line. */
  private skipJunk(i: number): number {
    if (this.junkLine !== this.line) {
      this.junkLine = this.line;
      this.docIndex++;
      const nl = this.buf.indexOf('\n', i);
      const excerpt = this.buf.slice(i, nl < 0 ? Math.min(this.buf.length, i + 20) : nl);
      this.sink.problem({
        position: { index: this.docIndex, line: this.line, inArray: false },
        reason: `not JSON: unexpected ${JSON.stringify(excerpt.slice(0, 20))}`,
      });
    }
    const nl = this.buf.indexOf('\n', i);
    return nl < 0 ? this.buf.length : nl;
  }

  private startElement(i: number): void {
    this.elemStart = i;
    this.elemLine = this.line;
    this.elemIndex++;
  }

  private emitElement(text: string): void {
    this.elemStart = -1;
    if (text.length === 0) return;
    this.sink.element(text, { index: this.elemIndex, line: this.elemLine, inArray: true });
  }

  private emitDocument(text: string): void {
    this.docStart = -1;
    this.sink.element(text, { index: this.docIndex, line: this.docLine, inArray: false });
  }
}
