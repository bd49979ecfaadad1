import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake webhook answers to one POST. */
export interface FakeAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering (a slow or hung Slack). */
  readonly delayMs?: number;
  /** Drop the connection instead of answering (a reset mid-request). */
  readonly reset?: boolean;
  /** Send the status line and the first byte of the body, then never finish the body. */
  readonly stallBody?: boolean;
  /** Send the status line, then body bytes for ever (a broken or hostile endpoint). */
  readonly endlessBody?: boolean;
}

export interface ReceivedPost {
  readonly at: number;
  readonly body: unknown;
}

export interface FakeWebhook {
  /** The webhook URL; its path stands in for the secret part of a real one. */
  readonly url: string;
  readonly posts: ReceivedPost[];
  close(): Promise<void>;
}

/** A webhook on loopback that answers each POST with `answer(n)` (n counts from 0). */
export async function startFakeWebhook(answer: (n: number) => FakeAnswer): Promise<FakeWebhook> {
  const posts: ReceivedPost[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const n = posts.length;
      posts.push({
        at: performance.now(),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      const reply = answer(n);
      const send = () => {
        if (response.destroyed) return;
        if (reply.reset) {
          request.socket.destroy();
          return;
        }
        if (reply.endlessBody) {
          response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
          const chunk = 'x'.repeat(16 * 1024);
          const pump = () => {
            while (!response.destroyed && response.write(chunk)) {}
            if (!response.destroyed) response.once('drain', pump);
          };
          pump();
          return;
        }
        if (reply.stallBody) {
          response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
          response.write((reply.body ?? 'ok').slice(0, 1));
          return;
        }
        response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        response.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0SECRET/B0SECRET/xoxSECRETtoken`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Slack's answer to an accepted message. */
export const OK: FakeAnswer = { status: 200, body: 'ok' };
