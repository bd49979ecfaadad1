import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

/** First two bytes of every gzip member (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
const BOM = 0xfeff;
/** Bytes decoded into one text piece. */
const TEXT_PIECE = 64 * 1024;

/** Whether bytes start like a gzip stream, whatever the file is called. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

export interface DecodeOptions {
  /** Called with the size of every raw (possibly compressed) chunk, for progress. */
  readonly onBytes?: (bytes: number) => void;
  /** Called once the first bytes have shown whether the stream is gzip. */
  readonly onFormat?: (gzip: boolean) => void;
}

/**
 * Turns raw bytes into UTF-8 text chunks: gunzips when the bytes start with the gzip magic
 * (concatenated members included), drops a byte-order mark and keeps multi-byte characters
 * that straddle chunks intact. A read or gunzip error (a truncated `.gz`) is thrown from the
 * iteration after every chunk before it has been yielded.
 */
export async function* decodeText(
  raw: AsyncIterable<Uint8Array>,
  options: DecodeOptions = {},
): AsyncGenerator<string> {
  const iterator = raw[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < 2) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    options.onBytes?.(next.value.length);
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = Buffer.concat(head);
  const gzip = isGzip(first);
  options.onFormat?.(gzip);

  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      if (first.length > 0) yield first;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        options.onBytes?.(next.value.length);
        yield next.value;
      }
    } finally {
      // A reader that stops early (the input is not JSON) must still close the file.
      if (!done) await iterator.return?.();
    }
  }

  let body: AsyncIterable<Uint8Array> = rest();
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: TEXT_PIECE });
    // Errors reach the consumer through the gunzip iterator; the promise only must not float.
    pipeline(Readable.from(rest(), { objectMode: false }), gunzip).catch(() => undefined);
    body = gunzip;
  }
  // StringDecoder measured several times faster than TextDecoder here, and keeps characters
  // split across chunks intact the same way; only the byte-order mark is left to us.
  const decoder = new StringDecoder('utf8');
  let atStart = true;
  for await (const chunk of body) {
    // Big reads save system calls, but text pieces stay small: slices of a huge string make
    // JSON.parse slower and keep the whole piece alive.
    for (let at = 0; at < chunk.length; at += TEXT_PIECE) {
      let text = decoder.write(
        Buffer.from(chunk.buffer, chunk.byteOffset + at, Math.min(TEXT_PIECE, chunk.length - at)),
      );
      if (atStart && text.length > 0) {
        atStart = false;
        if (text.charCodeAt(0) === BOM) text = text.slice(1);
      }
      if (text.length > 0) yield text;
    }
  }
  let tail = decoder.end();
  if (atStart && tail.charCodeAt(0) === BOM) tail = tail.slice(1);
  if (tail.length > 0) yield tail;
}
