import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';

/** A loopback endpoint that accepts connections, reads everything and never answers. */
export interface SilentServer {
  /** `http://127.0.0.1:<port>`, to put in `AWS_ENDPOINT_URL_<SERVICE>` or a webhook secret. */
  readonly url: string;
  /** Connections accepted so far (retries show up as more connections or more requests). */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Starts a TCP server on an ephemeral loopback port that accepts every connection, swallows the
 * request and never sends a byte back: the hung endpoint that only client-side request timeouts
 * get out of (a DynamoDB or Slack that took the request and went silent).
 */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
