/**
 * The browser host's server: the built renderer over HTTP and `window.signet` over a WebSocket bridge, both on
 * 127.0.0.1 only. The bridge is the browser's equivalent of Electron IPC and is guarded like it: a per-run random
 * token (sent as a WebSocket subprotocol, checked before the upgrade), the page's own Origin, and the exact Host
 * (so a DNS-rebinding page cannot reach it). Every message goes through the same ipc router and validation as IPC.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { createHandlers, type HostServices } from '../ipc/handlers';
import { createRouter, type Router } from '../ipc/router';
import { forwardHostEvents } from '../ipc/host-events';
import type { Logger } from '../base/logger';
import { CONTENT_SECURITY_POLICY } from '../base/content-security-policy';
import { bridgeClientScript } from './bridge-client-script';
import { contentType, resolveStaticPath } from './static-files';

export const BRIDGE_PATH = '/bridge';
export const BRIDGE_PROTOCOL = 'signet-bridge.v1';
const TOKEN_PREFIX = 'token.';
/** Credentials are at most 16 KiB per field; nothing legitimate comes near this. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface HostServerOptions {
  readonly services: HostServices;
  readonly rendererDir: string;
  readonly port?: number;
  readonly logger: Logger;
}

export interface HostServer {
  /** The page URL, token in the fragment (never sent over HTTP). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly router: Router;
  close(): Promise<void>;
}

/** The app's own CSP (one source of truth), except that the page may talk to its bridge. */
export function browserHostCsp(port: number): string {
  const csp = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", `connect-src 'self' ws://127.0.0.1:${port}`);
  if (csp === CONTENT_SECURITY_POLICY) throw new Error("The app CSP no longer has connect-src 'none'; update browserHostCsp.");
  return csp;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function offeredToken(req: IncomingMessage): string | null {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return null;
  const protocols = header.split(',').map((p) => p.trim());
  if (!protocols.includes(BRIDGE_PROTOCOL)) return null;
  const tokenProtocol = protocols.find((p) => p.startsWith(TOKEN_PREFIX));
  return tokenProtocol ? tokenProtocol.slice(TOKEN_PREFIX.length) : null;
}

function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startHostServer(opts: HostServerOptions): Promise<HostServer> {
  const { services, logger } = opts;
  const root = await realpath(opts.rendererDir);
  const indexHtml = await readFile(join(root, 'index.html'), 'utf8').catch(() => {
    throw new Error(`No built renderer in ${root}. Run \`npx electron-vite build\` first.`);
  });
  const bridgeJs = bridgeClientScript();
  const router = createRouter(createHandlers(services), logger);
  const token = randomBytes(32).toString('base64url');

  let port = 0;
  let origin = '';
  let hostHeader = '';

  // The bridge script must run before the renderer's module so window.signet exists when the app starts;
  // module scripts execute in document order.
  const page = indexHtml.replace(/<script\b/, `<script type="module" src="/bridge.js"></script>\n    <script`);

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      ...extra,
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers.host !== hostHeader) return send(res, 421, 'text/plain', 'Misdirected request');
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed', { Allow: 'GET, HEAD' });
      const pathname = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
      const csp = { 'Content-Security-Policy': browserHostCsp(port) };
      if (pathname === '/' || pathname === '/index.html') return send(res, 200, 'text/html; charset=utf-8', page, csp);
      if (pathname === '/bridge.js') return send(res, 200, 'text/javascript; charset=utf-8', bridgeJs);
      const file = await resolveStaticPath(root, pathname);
      if (!file) return send(res, 404, 'text/plain', 'Not found');
      send(res, 200, contentType(file), await readFile(file), csp);
    })().catch((e: unknown) => {
      logger.error('browser host request failed', { error: e });
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error');
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== BRIDGE_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (req.headers.host !== hostHeader) return refuseUpgrade(socket, 403, 'Forbidden');
    if (req.headers.origin !== origin) return refuseUpgrade(socket, 403, 'Forbidden');
    const given = offeredToken(req);
    if (!given || !sameToken(given, token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const clients = new Set<WebSocket>();
  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return ws.close(1007, 'invalid JSON');
      }
      const { id, channel, input } = (msg ?? {}) as { id?: unknown; channel?: unknown; input?: unknown };
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) return ws.close(1008, 'each message needs a numeric id');
      void router.handle(channel, input).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      });
    });
  });

  const unsubscribe = forwardHostEvents(
    services,
    (event, payload) => {
      const frame = JSON.stringify({ event, payload });
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
    },
    logger,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('browser host: no TCP address');
  port = address.port;
  hostHeader = `127.0.0.1:${port}`;
  origin = `http://${hostHeader}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    router,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
