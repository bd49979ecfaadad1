import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeText, isGzip } from '../src/input/decode.js';
import { InputFormat, type Position, readValues } from '../src/input/read-records.js';

async function* bytes(...chunks: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

async function collect(iterable: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of iterable) text += chunk;
  return text;
}

async function read(...chunks: string[]) {
  const values: unknown[] = [];
  const problems: { reason: string; position: Position }[] = [];
  async function* text(): AsyncGenerator<string> {
    yield* chunks;
  }
  const result = await readValues(text(), {
    value: (value) => values.push(value),
    problem: (reason, position) => problems.push({ reason, position }),
  });
  return { values, problems, result };
}

describe('Function: decodeText', () => {
  it('gunzips content that starts with the gzip magic, whatever the name', async () => {
    const zipped = gzipSync('{"Records":[]}');
    expect(isGzip(zipped)).toBe(true);
    expect(await collect(decodeText(bytes(zipped.subarray(0, 1), zipped.subarray(1))))).toBe(
      '{"Records":[]}',
    );
  });

  it('reads concatenated gzip members as one stream', async () => {
    const two = Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"b":2}\n')]);
    expect(await collect(decodeText(bytes(two)))).toBe('{"a":1}\n{"b":2}\n');
  });

  it('throws on a truncated gzip stream after yielding what it could', async () => {
    const big = gzipSync(`{"Records":[${'{"eventName":"X"},'.repeat(50_000)}{}]}`);
    const chunks: string[] = [];
    await expect(async () => {
      for await (const chunk of decodeText(bytes(big.subarray(0, big.length - 100)))) {
        chunks.push(chunk);
      }
    }).rejects.toThrow(/unexpected end of file/);
    expect(chunks.join('').startsWith('{"Records":[{"eventName":"X"}')).toBe(true);
  });

  it('drops a byte-order mark and keeps characters split across chunks', async () => {
    const text = Buffer.from('\uFEFF{"user":"Zoë 🔑"}');
    const pieces = [...text].map((byte) => Uint8Array.of(byte));
    expect(await collect(decodeText(bytes(...pieces)))).toBe('{"user":"Zoë 🔑"}');
  });
});

describe('Function: readValues', () => {
  it('reads JSON Lines with CRLF endings and blank lines', async () => {
    const { values, result } = await read('{"a":1}\r\n\r\n{"b":2}\r', '\n{"c":3}');
    expect(result.format).toBe(InputFormat.JSON_LINES);
    expect(values).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('reports a broken line by its number and reads the rest', async () => {
    const { values, problems } = await read('{"a":1}\n{"b":\n{"c":3}\n');
    expect(values).toEqual([{ a: 1 }, { c: 3 }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.position.line).toBe(2);
    expect(problems[0]?.reason).toMatch(/^invalid JSON: /);
  });

  it('reads JSON Lines whose first line is longer than the sniffing window as lines', async () => {
    const first = JSON.stringify({ eventName: 'PutBucketPolicy', policy: 'x'.repeat(300_000) });
    const text = `${first}\n{"b":\n{"c":3}\n{"d":4}\n`;
    const pieces = text.match(/[\s\S]{1,65536}/g) ?? [];
    const { values, problems, result } = await read(...pieces);
    expect(result.format).toBe(InputFormat.JSON_LINES);
    expect(values.slice(1)).toEqual([{ c: 3 }, { d: 4 }]);
    expect(problems.map((p) => p.position.line)).toEqual([2]);
  });

  it('reads a pretty-printed record as one value, not as lines', async () => {
    const record = {
      eventVersion: '1.08',
      eventName: 'CreateUser',
      userIdentity: { type: 'Root' },
    };
    const { values, problems, result } = await read(JSON.stringify(record, null, 2));
    expect(result.format).toBe(InputFormat.JSON);
    expect(values).toEqual([record]);
    expect(problems).toEqual([]);
  });

  it('streams a Records file split at any point', async () => {
    const text = JSON.stringify({ Records: [{ a: 1 }, { b: 2 }] });
    const { values } = await read(text.slice(0, 7), text.slice(7, 15), text.slice(15));
    expect(values).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('reports a record that is not valid JSON by its index and reads the others', async () => {
    const { values, problems } = await read('{"Records":[{"a":1},{"b":tru},{"c":3}]}');
    expect(values).toEqual([{ a: 1 }, { c: 3 }]);
    expect(problems.map((p) => p.position)).toEqual([{ index: 2, line: 1, inArray: true }]);
  });

  it('calls an empty input unreadable', async () => {
    expect((await read('', '  \n')).result).toEqual({ unreadable: 'empty input' });
  });

  it('calls text that is not JSON unreadable without reading on', async () => {
    const { result, problems } = await read('eventName,eventTime\nCreateUser,2026-01-01\n');
    expect(result.unreadable).toBe('not JSON (starts with "eventName,eventTime")');
    expect(problems).toEqual([]);
  });
});
