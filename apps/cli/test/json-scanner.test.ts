import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonScanner, type Position, type ScanProblem } from '../src/input/json-scanner.js';

/** Scans exactly, or (`guess`) with the fast path that lets the sink try guessed elements. */
function scan(
  chunks: readonly string[],
  guess = false,
): {
  values: unknown[];
  positions: Position[];
  problems: ScanProblem[];
  guessed: number;
} {
  const values: unknown[] = [];
  const positions: Position[] = [];
  const problems: ScanProblem[] = [];
  let guessed = 0;
  const scanner = new JsonScanner({
    element: (text, position) => {
      values.push(JSON.parse(text));
      positions.push(position);
    },
    problem: (problem) => problems.push(problem),
    ...(guess
      ? {
          tryElement: (text: string, position: Position) => {
            let value: unknown;
            try {
              value = JSON.parse(text);
            } catch {
              return false;
            }
            guessed++;
            values.push(value);
            positions.push(position);
            return true;
          },
        }
      : {}),
  });
  for (const chunk of chunks) scanner.push(chunk);
  scanner.end();
  return { values, positions, problems, guessed };
}

function cut(text: string, points: readonly number[]): string[] {
  const sorted = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of sorted) {
    pieces.push(text.slice(from, point));
    from = point;
  }
  pieces.push(text.slice(from));
  return pieces;
}

const tricky = {
  eventName: 'CreateUser',
  requestParameters: { userName: 'a"b\\', policy: '{"Statement":[{"Effect":"Allow"}]}' },
  note: 'ends with a backslash \\',
  nested: [[1, 2], { a: '],}' }],
  unicode: 'Zoë 🔑 \u2028',
};

describe('Class: JsonScanner', () => {
  it('yields each element of a CloudTrail Records array', () => {
    const records = [tricky, { eventName: 'DeleteUser' }, { eventName: 'ConsoleLogin' }];
    const { values, positions, problems } = scan([JSON.stringify({ Records: records })]);
    expect(values).toEqual(records);
    expect(positions.map((p) => p.index)).toEqual([1, 2, 3]);
    expect(positions.every((p) => p.inArray)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('yields the Events of lookup-events output whatever the key order', () => {
    const events = [{ EventId: '1', CloudTrailEvent: JSON.stringify(tricky) }, { EventId: '2' }];
    const before = JSON.stringify({ NextToken: 'Records', Events: events }, null, 4);
    const after = JSON.stringify({ Events: events, NextToken: 'abc' }, null, 4);
    expect(scan([before]).values).toEqual(events);
    expect(scan([after]).values).toEqual(events);
  });

  it('yields the elements of a top-level array and the lines they start on', () => {
    const text = '[\n  {"eventName":"A"},\n  {"eventName":"B"}\n]\n';
    const { values, positions } = scan([text]);
    expect(values).toEqual([{ eventName: 'A' }, { eventName: 'B' }]);
    expect(positions.map((p) => p.line)).toEqual([2, 3]);
  });

  it('yields a top-level object that is not a wrapper as one value', () => {
    const record = { eventVersion: '1.08', Records: 'not an array', eventName: 'X' };
    const { values, positions } = scan([JSON.stringify(record, null, 2)]);
    expect(values).toEqual([record]);
    expect(positions[0]?.inArray).toBe(false);
  });

  it('yields every top-level value of concatenated JSON', () => {
    const text = '{"Records":[{"a":1}]}\n{"Records":[{"b":2},{"c":3}]}\n{"eventName":"D"}';
    expect(scan([text]).values).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { eventName: 'D' }]);
  });

  it('cuts scalar elements too, so the caller can reject them', () => {
    expect(scan(['[1, "two", null, {"x":[]}]']).values).toEqual([1, 'two', null, { x: [] }]);
  });

  it('reports input that ends inside a record, naming the record', () => {
    const { values, problems } = scan(['{"Records":[{"a":1},{"b":"unterminated']);
    expect(values).toEqual([{ a: 1 }]);
    expect(problems).toEqual([
      {
        position: { index: 2, line: 1, inArray: true },
        reason: 'unexpected end of input inside a string',
      },
    ]);
  });

  it('reports text that is not JSON once per line and goes on', () => {
    const { values, problems } = scan(['hello world\nmore junk\n{"eventName":"A"}']);
    expect(values).toEqual([{ eventName: 'A' }]);
    expect(problems.map((p) => p.position.line)).toEqual([1, 2]);
    expect(problems[0]?.reason).toMatch(/not JSON/);
  });

  it('yields the same records as JSON.parse for any chunking of a Records file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(undefined, 2),
        (records, points, indent) => {
          const text = JSON.stringify({ Records: records }, null, indent);
          const { values, problems } = scan(cut(text, points));
          expect(problems).toEqual([]);
          expect(values).toEqual((JSON.parse(text) as { Records: unknown[] }).Records);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('yields the same records with the guessing fast path, however the file is chunked', () => {
    const sameFirstKey = fc.record({
      eventVersion: fc.constant('1.08'),
      nested: fc.array(fc.record({ eventVersion: fc.jsonValue(), x: fc.jsonValue() }), {
        maxLength: 3,
      }),
      rest: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(sameFirstKey, fc.dictionary(fc.string(), fc.jsonValue())), {
          maxLength: 8,
        }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (records, points) => {
          const text = JSON.stringify({ Records: records });
          const { values, positions, problems } = scan(cut(text, points), true);
          expect(problems).toEqual([]);
          expect(values).toEqual((JSON.parse(text) as { Records: unknown[] }).Records);
          expect(positions.map((p) => p.index)).toEqual(records.map((_, i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('guesses compact same-shaped records, and not a nested object with the same first key', () => {
    const plain = (n: number) => ({ eventVersion: '1.08', n });
    const nested = {
      eventVersion: '1.08',
      resources: [{ eventVersion: 'a' }, { eventVersion: 'b' }],
    };
    const text = JSON.stringify({ Records: [plain(1), nested, plain(3)] });
    const { values, positions, guessed } = scan([text], true);
    expect(values).toEqual([plain(1), nested, plain(3)]);
    expect(positions.map((p) => p.index)).toEqual([1, 2, 3]);
    // The first and last are guessed; the middle one's guess stops inside `resources`.
    expect(guessed).toBe(2);
  });

  it('survives a chunk boundary at every position, one character at a time', () => {
    const text = JSON.stringify({ Records: [tricky, tricky] });
    const { values } = scan([...text]);
    expect(values).toEqual([tricky, tricky]);
  });
});
