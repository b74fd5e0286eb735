/**
 * The sandbox against hostile clients on real sockets: slow bodies, slow headers and idle keep-alive connections are
 * closed within bounds (short bounds here so the test runs in seconds), and only requests addressed to the sandbox's
 * own loopback address are served — a DNS-rebinding page sends its own name as Host, and is refused, on the HTTP API
 * and on the WebSocket stream alike.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src-main/sandbox/sandbox';
import { send, signedFetch } from './sandbox-client';

const CREDS = { apiKey: 'conn-key', secret: 'conn-secret-0123456789abcdef' };
/** Short bounds for the test; the defaults are 10 s / 5 s / 5 s / 10 s. */
const FAST = { requestMs: 800, headersMs: 400, keepAliveMs: 300, idleMs: 1000 } as const;

let running: RunningSandbox[] = [];
let sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  await Promise.all(running.map((s) => s.close()));
  running = [];
});
async function sandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const s = await startSandbox({ symbols: 5, seed: 3, keys: [{ ...CREDS, scopes: ['read'] }], ...opts });
  running.push(s);
  return s;
}

interface RawClient {
  readonly socket: Socket;
  /** What the server sent, and how long after connecting it closed the connection (null: still open at `withinMs`). */
  closed(withinMs: number): Promise<{ afterMs: number | null; received: string }>;
}

/** A plain TCP connection to the sandbox, as an attacker opens it. */
function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    const started = Date.now();
    let received = '';
    let endedAt: number | null = null;
    const ended = new Promise<void>((done) => {
      const end = () => {
        endedAt ??= Date.now() - started;
        done();
      };
      socket.on('end', end);
      socket.on('close', end);
      socket.on('error', end);
    });
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.once('connect', () =>
      resolve({
        socket,
        async closed(withinMs) {
          await Promise.race([ended, new Promise((r) => setTimeout(r, withinMs))]);
          return { afterMs: endedAt, received };
        },
      }),
    );
    socket.once('error', reject);
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
const UPGRADE = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

function dribble(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

/** A plain HTTP/1.1 request with the Host header we choose (fetch would not let us forge it). */
function withHost(url: string, host: string | null, headers: Record<string, string> = {}): Promise<{ status: number; json: { code?: string; message?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', setHost: false, headers: { ...(host === null ? {} : { host }), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as { code?: string; message?: string }) : {} }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('slow and idle connections', () => {
  it('closes connections that dribble a request body one byte at a time, within the request timeout', async () => {
    const s = await sandbox({ timeouts: FAST });
    const head = `POST /v1/orders HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n`; // under the 64 KiB body limit
    const clients = await Promise.all(Array.from({ length: 30 }, () => rawClient(s.port)));
    for (const c of clients) {
      c.socket.write(head);
      dribble(c.socket, '{'.repeat(60_000), 50); // always active: the idle timeout alone would never fire
    }
    const results = await Promise.all(clients.map((c) => c.closed(FAST.requestMs + 4000)));
    for (const r of results) {
      expect(r.afterMs, 'the server kept a dribbling connection open').not.toBeNull();
      expect(r.afterMs!).toBeLessThan(FAST.requestMs + 3000);
      expect(r.received).toMatch(/^HTTP\/1\.1 408/);
      expect(r.received).toContain('"code":"request_timeout"');
    }
    // The sandbox still serves everyone else.
    expect((await send(`${s.url}/healthz`, 'GET', {}, null)).status).toBe(200);
  });

  it('closes a connection that sends its headers one byte at a time (slowloris), within the headers timeout', async () => {
    const s = await sandbox({ timeouts: FAST });
    const c = await rawClient(s.port);
    dribble(c.socket, `GET /v1/tickers HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n${'X-Pad: a\r\n'.repeat(1000)}\r\n`, 20);
    const r = await c.closed(FAST.headersMs + 4000);
    expect(r.afterMs, 'the server kept a slowloris connection open').not.toBeNull();
    expect(r.afterMs!).toBeLessThan(FAST.headersMs + 3000);
    expect(r.received).toMatch(/^HTTP\/1\.1 408 .*"code":"request_timeout","message":"The request did not arrive in time/s);
  });

  it('closes a connection that connects and never sends a byte', async () => {
    const s = await sandbox({ timeouts: FAST });
    const c = await rawClient(s.port);
    const r = await c.closed(FAST.headersMs + 4000);
    expect(r.afterMs, 'the server kept a silent connection open').not.toBeNull();
    expect(r.afterMs!).toBeLessThan(FAST.headersMs + 3000);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const s = await sandbox({ timeouts: FAST });
    const c = await rawClient(s.port);
    c.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: keep-alive\r\n\r\n`);
    const r = await c.closed(FAST.keepAliveMs + 4000);
    expect(r.received).toMatch(/^HTTP\/1\.1 200/);
    expect(r.afterMs, 'the server kept an idle keep-alive connection open').not.toBeNull();
    expect(r.afterMs!).toBeLessThan(FAST.keepAliveMs + 3000);
  });

  it('keeps a WebSocket stream open past the request timeout (the bounds are for requests, not streams)', async () => {
    const s = await sandbox({ timeouts: FAST });
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/v1/stream`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await new Promise((r) => setTimeout(r, FAST.requestMs + FAST.idleMs + 500));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const pong = new Promise<string>((resolve) => ws.once('message', (d: Buffer) => resolve(d.toString())));
    ws.send('{"op":"ping"}');
    expect(JSON.parse(await pong)).toEqual({ type: 'pong' });
    ws.close();
  });

  it('answers an upgrade request to any route but the stream and closes its connection (an upgraded socket has no timeout)', async () => {
    const s = await sandbox({ timeouts: FAST });
    for (const head of [`GET /v1/markets HTTP/1.1`, `POST /v1/orders HTTP/1.1\r\nContent-Length: 10`]) {
      const c = await rawClient(s.port);
      c.socket.write(`${head}\r\nHost: 127.0.0.1:${s.port}\r\n${UPGRADE}\r\n`);
      const r = await c.closed(FAST.requestMs + 2000);
      expect(r.afterMs, `the server kept an upgrade of ${head} open`).not.toBeNull();
      expect(r.afterMs!).toBeLessThan(500);
      expect(r.received).toMatch(/^HTTP\/1\.1 400/);
      expect(r.received).toContain('Only GET /v1/stream upgrades to a WebSocket');
    }
  });

  it('refuses timeouts that contradict each other, naming the option', async () => {
    await expect(startSandbox({ timeouts: { requestMs: 1000, headersMs: 5000 } })).rejects.toMatchObject({
      code: 'ERR_VALIDATION',
      message: expect.stringMatching(/timeouts.*headersMs.*requestMs/s),
    });
    await expect(startSandbox({ timeouts: { requestMs: 0 } })).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/timeouts\.requestMs/) });
  });
});

describe('the Host header (DNS rebinding)', () => {
  it('refuses a request whose Host is another name, before authentication, with 421 misdirected_request', async () => {
    const s = await sandbox();
    // A page on evil.example rebound to 127.0.0.1: the browser sends the page's own name.
    const pub = await withHost(`${s.url}/v1/tickers`, `evil.example:${s.port}`);
    expect(pub.status).toBe(421);
    expect(pub.json.code).toBe('misdirected_request');
    expect(pub.json.message).toContain('evil.example');
    expect(pub.json.message).toContain(`127.0.0.1:${s.port}`);
    // Even a correctly signed request is refused (the browser could not sign, but nothing should depend on that).
    const signed = await signedFetch(s.url, CREDS, 'GET', '/v1/account');
    expect(signed.status).toBe(200);
    for (const path of ['/v1/account', '/metrics', '/healthz', '/v1/nope']) {
      const r = await withHost(`${s.url}${path}`, `evil.example:${s.port}`);
      expect([path, r.status, r.json.code]).toEqual([path, 421, 'misdirected_request']);
    }
  });

  it('refuses a Host that is the right name on another port, a look-alike name, or missing', async () => {
    const s = await sandbox();
    for (const host of [`127.0.0.1:${s.port + 1}`, `localhost`, `localhost.:${s.port}`, `127.0.0.1.evil.example:${s.port}`, `localhost:${s.port}@evil.example`, `[::1]:${s.port}x`]) {
      const r = await withHost(`${s.url}/v1/markets`, host);
      expect([host, r.status, r.json.code]).toEqual([host, 421, 'misdirected_request']);
    }
    // HTTP/1.0 allows no Host at all; Node lets it through, the sandbox does not.
    const c = await rawClient(s.port);
    c.socket.write('GET /v1/markets HTTP/1.0\r\n\r\n');
    const r = await c.closed(2000);
    expect(r.received).toMatch(/^HTTP\/1\.1 421/);
    expect(r.received).toContain('"code":"misdirected_request"');
  });

  it('serves its own loopback names: 127.0.0.1:PORT, localhost:PORT and [::1]:PORT, in any case', async () => {
    const s = await sandbox();
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `LocalHost:${s.port}`, `[::1]:${s.port}`]) {
      const r = await withHost(`${s.url}/healthz`, host);
      expect([host, r.status]).toEqual([host, 200]);
    }
  });

  it('refuses a WebSocket upgrade whose Host is another name, and the stream never sees the client', async () => {
    const s = await sandbox();
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/v1/stream`, { headers: { host: `evil.example:${s.port}` } });
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
      ws.once('open', () => reject(new Error('the sandbox accepted a WebSocket with a foreign Host')));
      ws.once('error', () => {});
    });
    expect(status).toBe(421);
    // On a raw socket: the refusal is the sandbox's JSON error, and the server closes the connection itself.
    const c = await rawClient(s.port);
    c.socket.write(`GET /v1/stream HTTP/1.1\r\nHost: evil.example:${s.port}\r\n${UPGRADE}\r\n`);
    const r = await c.closed(2000);
    expect(r.afterMs, 'the server kept a refused upgrade open').not.toBeNull();
    expect(r.received).toMatch(/^HTTP\/1\.1 421/);
    expect(r.received).toContain('"code":"misdirected_request"');
    expect(r.received).not.toContain('101 Switching Protocols');
    expect((await send(`${s.url}/metrics`, 'GET', {}, null)).text).toMatch(/^sandbox_stream_clients 0$/m);
    // Its own name still gets the stream.
    const ok = new WebSocket(`${s.url.replace('http', 'ws')}/v1/stream`);
    await new Promise<void>((resolve, reject) => {
      ok.once('open', () => resolve());
      ok.once('error', reject);
    });
    ok.close();
  });
});
