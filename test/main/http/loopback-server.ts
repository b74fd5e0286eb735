/**
 * A real HTTP server on 127.0.0.1 for the egress tests: records every request that reaches it (method, URL,
 * headers, body, when) and answers with what the test's handler says. `{ tls: true }` serves https with the test
 * certificate (test-certificate.ts), for keys that may not travel over plain http.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { testCertificate } from '../../helpers/test-certificate';
import type { AddressInfo } from 'node:net';
import type { Defer } from '../../helpers/cleanups';

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

export type Handler = (req: Seen, res: ServerResponse, index: number) => void;

export interface Loopback {
  readonly url: string;
  readonly port: number;
  readonly seen: Seen[];
  /** TCP connections accepted so far. */
  readonly connections: number;
  handler: Handler;
  close(): Promise<void>;
}

export const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
};

export async function startLoopback(handler: Handler = ok, host = '127.0.0.1', opts: { tls?: boolean } = {}): Promise<Loopback> {
  const seen: Seen[] = [];
  const state = { handler };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
      seen.push(s);
      state.handler(s, res, seen.length - 1);
    });
  };
  const server: Server = opts.tls ? createTlsServer(testCertificate(), listener) : createServer(listener);
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    seen,
    get connections() {
      return connections;
    },
    get handler() {
      return state.handler;
    },
    set handler(h: Handler) {
      state.handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** startLoopback for a test file: every server it starts is closed after the test, through the file's `defer`. */
export function loopbacks(defer: Defer): typeof startLoopback {
  return async (...args) => {
    const s = await startLoopback(...args);
    defer(() => s.close());
    return s;
  };
}
