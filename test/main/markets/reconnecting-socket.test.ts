/**
 * ReconnectingSocket against a real loopback WebSocket server through the real egress opener: subscriptions sent
 * on every open, reconnect with backoff after a drop (the server sees the subscribe again), silence treated as a
 * lost connection, a lifetime reconnect, a refused host reported, and close() leaving nothing behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSocketOpener } from '../../../src-main/http/egress-socket';
import { ReconnectingSocket, reconnectDelayMs, socketFeed, type ReconnectingSocketOptions } from '../../../src-main/markets/reconnecting-socket';
import { startFixtureServer, type FixtureServer } from '../../fixtures/markets/fixture-server';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fixture(): Promise<FixtureServer> {
  const f = await startFixtureServer((_r, res) => res.end());
  cleanups.push(() => f.close());
  return f;
}

function socket(f: FixtureServer, over: Partial<ReconnectingSocketOptions> = {}) {
  const messages: string[] = [];
  const statuses: { state: string; message: string | null }[] = [];
  const s = new ReconnectingSocket({
    provider: 'kraken',
    name: 'Kraken',
    url: () => `${f.wsOrigin}/v2`,
    open: createSocketOpener({ sandboxUrl: () => null, extraOrigins: { kraken: [f.origin] } }),
    subscriptions: () => ['{"method":"subscribe"}'],
    onMessage: (t) => void messages.push(t),
    onStatus: (st) => void statuses.push(st),
    silenceMs: 5_000,
    backoff: { baseMs: 200, capMs: 1_000 },
    ...over,
  });
  cleanups.push(() => s.close());
  return { s, messages, statuses };
}

describe('ReconnectingSocket', () => {
  it('subscribes on open, goes live on the first message, and passes messages on', async () => {
    const f = await fixture();
    f.onSocketMessage = (sock) => sock.ws.send('{"channel":"ticker"}');
    const { s, messages, statuses } = socket(f);
    s.start();
    await f.until(() => messages.length === 1);
    expect(f.sockets[0]!.received).toEqual(['{"method":"subscribe"}']);
    expect(statuses.map((x) => x.state)).toEqual(['connecting', 'live']);
    expect(messages).toEqual(['{"channel":"ticker"}']);
  });

  it('reconnects with backoff after a drop and subscribes again', async () => {
    const f = await fixture();
    f.onSocketMessage = (sock) => sock.ws.send('ok');
    const { s, statuses } = socket(f, { random: () => 0 });
    s.start();
    await f.until(() => statuses.some((x) => x.state === 'live'));
    const droppedAt = Date.now();
    f.sockets[0]!.ws.terminate();
    await f.until(() => f.sockets.length === 2 && f.sockets[1]!.received.length === 1);
    // random 0 → half the first ceiling (200 ms / 2).
    expect(f.sockets[1]!.openedAt - droppedAt).toBeGreaterThanOrEqual(90);
    expect(f.sockets[1]!.received).toEqual(['{"method":"subscribe"}']);
    await f.until(() => statuses.filter((x) => x.state === 'live').length === 2);
    const r = statuses.find((x) => x.state === 'reconnecting')!;
    expect(r.message).toMatch(/The Kraken stream closed \(code 1006\)\. Reconnecting in 0\.1 s \(attempt 1\)\./);
  });

  it('backs off further while the server stays away, and resets after a good connection', () => {
    const b = { baseMs: 1_000, capMs: 30_000 };
    expect(reconnectDelayMs(1, b, () => 0)).toBe(500);
    expect(reconnectDelayMs(1, b, () => 1)).toBe(1_000);
    expect(reconnectDelayMs(3, b, () => 1)).toBe(4_000);
    expect(reconnectDelayMs(10, b, () => 1)).toBe(30_000);
    expect(reconnectDelayMs(10, b, () => 0)).toBe(15_000);
  });

  it('treats silence as a lost connection: reconnecting, then a new connection', async () => {
    const f = await fixture();
    let first = true;
    f.onSocketMessage = (sock) => {
      if (first) sock.ws.send('hello'); // the first connection says one thing and then nothing
      first = false;
    };
    const { s, statuses } = socket(f, { silenceMs: 300, random: () => 0 });
    s.start();
    await f.until(() => statuses.some((x) => x.state === 'reconnecting'));
    expect(statuses.find((x) => x.state === 'reconnecting')!.message).toContain('No data from Kraken for 0.3 s');
    await f.until(() => f.sockets.length >= 2 && f.sockets[1]!.received.length === 1);
  });

  it('counts server pings as life', async () => {
    const f = await fixture();
    f.onSocketOpen = (sock) => {
      const t = setInterval(() => sock.ws.ping(), 100);
      sock.ws.on('close', () => clearInterval(t));
    };
    const { s, statuses } = socket(f, { silenceMs: 300 });
    s.start();
    await new Promise((r) => setTimeout(r, 800));
    expect(statuses.map((x) => x.state)).toEqual(['connecting']);
    expect(f.wsConnections).toBe(1);
  });

  it('sends application pings and reopens at the end of the connection lifetime at once', async () => {
    const f = await fixture();
    f.onSocketMessage = (sock) => sock.ws.send('pong');
    const { s, statuses } = socket(f, { ping: { everyMs: 100, message: () => '{"method":"ping"}' }, maxLifetimeMs: 400 });
    s.start();
    await f.until(() => f.sockets.length === 2 && f.sockets[1]!.received.length >= 1);
    expect(f.sockets[0]!.received.filter((m) => m === '{"method":"ping"}').length).toBeGreaterThanOrEqual(2);
    expect(statuses.find((x) => x.state === 'reconnecting')!.message).toContain('Kraken ends a stream connection after');
  });

  it('reports a refused host as an error and does not retry', async () => {
    const f = await fixture();
    const { s, statuses } = socket(f, { open: createSocketOpener({ sandboxUrl: () => null }) });
    s.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses.map((x) => x.state)).toEqual(['connecting', 'error']);
    expect(statuses[1]!.message).toContain('not an allowed market-data host for kraken');
    expect(f.wsConnections).toBe(0);
  });

  it('with retryOpenFailures, retries with backoff while the URL cannot be had, then connects and subscribes', async () => {
    const f = await fixture();
    let asked = 0;
    const url = () => {
      if (++asked < 3) throw new Error('The exchange is not running.');
      return `${f.wsOrigin}/v2`;
    };
    const { s, statuses } = socket(f, { url, retryOpenFailures: true, backoff: { baseMs: 20, capMs: 40 } });
    f.onSocketMessage = (sock) => sock.ws.send('{"channel":"ticker"}');
    s.start();
    await f.until(() => statuses.some((x) => x.state === 'live'));
    expect(statuses.map((x) => x.state)).toEqual(['connecting', 'reconnecting', 'reconnecting', 'live']);
    expect(statuses[1]!.message).toMatch(/^The exchange is not running\. Reconnecting in 0\.0 s \(attempt 1\)\.$/);
    expect(statuses[2]!.message).toMatch(/\(attempt 2\)\.$/);
    expect(f.wsConnections).toBe(1);
    expect(f.sockets[0]!.received).toEqual(['{"method":"subscribe"}']);
  });

  it('reports a message the adapter cannot read, and keeps the connection', async () => {
    const f = await fixture();
    f.onSocketMessage = (sock) => sock.ws.send('not json');
    const { s, statuses } = socket(f, {
      onMessage: (t) => {
        JSON.parse(t);
      },
    });
    s.start();
    await f.until(() => statuses.some((x) => x.state === 'error'));
    expect(statuses.find((x) => x.state === 'error')!.message).toContain('Kraken sent a message Signet could not read');
    expect(f.open()).toHaveLength(1);
  });

  it('close() closes the socket, cancels the reconnect and reports nothing more', async () => {
    const f = await fixture();
    f.onSocketMessage = (sock) => sock.ws.send('ok');
    const { s, statuses } = socket(f);
    s.start();
    await f.until(() => statuses.some((x) => x.state === 'live'));
    f.sockets[0]!.ws.terminate();
    await f.until(() => statuses.some((x) => x.state === 'reconnecting'));
    s.close();
    const n = statuses.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(f.wsConnections).toBe(1);
    expect(statuses).toHaveLength(n);

    // And an open one is closed.
    const { s: s2 } = socket(f);
    s2.start();
    await f.until(() => f.open().length === 1);
    s2.close();
    await f.until(() => f.open().length === 0);
  });

  it('socketFeed starts the socket once ready, reports not getting ready as an error, and never starts once closed', async () => {
    const f = await fixture();
    const ready = socket(f);
    let release!: () => void;
    const feed = socketFeed(ready.s, new Promise<void>((r) => (release = r)), (st) => void ready.statuses.push(st));
    await new Promise((r) => setTimeout(r, 100));
    expect(f.wsConnections).toBe(0);
    release();
    await f.until(() => f.wsConnections === 1);
    feed.close();

    const failed = socket(f);
    socketFeed(failed.s, Promise.reject(new Error('Kraken refused /0/public/AssetPairs: EService:Unavailable.')), (st) => void failed.statuses.push(st));
    await f.until(() => failed.statuses.length > 0);
    expect(failed.statuses).toEqual([{ state: 'error', message: 'Kraken refused /0/public/AssetPairs: EService:Unavailable.' }]);

    const early = socket(f);
    let go!: () => void;
    socketFeed(early.s, new Promise<void>((r) => (go = r)), (st) => void early.statuses.push(st)).close();
    go();
    await new Promise((r) => setTimeout(r, 100));
    expect(early.statuses).toEqual([]);
    expect(f.wsConnections).toBe(1);
  });
});
