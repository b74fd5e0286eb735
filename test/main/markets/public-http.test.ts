/**
 * The egress's market-data doors against real loopback servers and a real vault on real files: the allowlist
 * refuses before any connection, the key header comes from the vault and never reaches logs or records,
 * Retry-After is honoured, timeouts and oversized bodies become AppErrors, and the WebSocket opener refuses
 * hosts before connecting.
 */
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { isAppError } from '../../../src-main/base/errors';
import { createLogger } from '../../../src-main/base/logger';
import { createEgressAgent } from '../../../src-main/http/transport';
import { createSocketOpener } from '../../../src-main/http/egress-socket';
import { marketDataRefusal } from '../../../src-main/http/host-allowlist';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { PublicHttpClient, type PublicHttpDeps } from '../../../src-main/http/public-http';
import { VaultService } from '../../../src-main/vault/vault-service';
import { useCleanups } from '../../helpers/cleanups';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { loopbacks } from '../http/loopback-server';

const newHome = useTempHomes();
const defer = useCleanups();
const loopback = loopbacks(defer);

async function setup(over: Partial<PublicHttpDeps> = {}) {
  const vault = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
  const logs: string[] = [];
  const inspector = new InspectorStore({ file: null });
  const agent = createEgressAgent({ timeoutMs: over.timeoutMs ?? 5_000 });
  const http = new PublicHttpClient({
    vault,
    inspector,
    sandboxUrl: () => null,
    dispatcher: agent,
    logger: createLogger((l) => logs.push(l), 'debug'),
    retry: { maxAttempts: 3, baseMs: 20, capMs: 2_000 },
    ...over,
  });
  defer(async () => {
    await http.close();
    await agent.close();
    if (vault.isUnlocked()) await vault.lock();
  });
  return { vault, http, logs, inspector };
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('PublicHttpClient', () => {
  it('refuses a host outside the provider allowlist before connecting', async () => {
    const server = await loopback();
    const { http } = await setup();
    const e = await rejection(http.request('binance', { method: 'GET', url: `${server.url}/api/v3/ticker/price` }));
    expect(e.code).toBe('ERR_HOST_NOT_ALLOWED');
    expect(e.message).toContain('not an allowed market-data host for binance');
    expect(server.connections).toBe(0);
    // Another provider's fixture origin does not open it for binance either.
    const { http: other } = await setup({ extraOrigins: { kraken: [server.url] } });
    expect((await rejection(other.request('binance', { method: 'GET', url: `${server.url}/x` }))).code).toBe('ERR_HOST_NOT_ALLOWED');
    expect(server.connections).toBe(0);
  });

  it('reaches an explicitly allowed fixture origin and returns status, headers and body', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'X-MBX-USED-WEIGHT-1M': '7' });
      res.end('{"symbol":"BTCUSDT","price":"1.5"}');
    });
    const { http } = await setup({ extraOrigins: { binance: [server.url] } });
    const a = await http.request('binance', { method: 'GET', url: `${server.url}/api/v3/ticker/price?symbol=BTCUSDT` });
    expect(a.status).toBe(200);
    expect(a.headers['x-mbx-used-weight-1m']).toBe('7');
    expect(JSON.parse(a.body)).toEqual({ symbol: 'BTCUSDT', price: '1.5' });
    expect(server.seen[0]!.url).toBe('/api/v3/ticker/price?symbol=BTCUSDT');
  });

  it('lets the sandbox provider reach the running sandbox only', async () => {
    const server = await loopback();
    let running: string | null = server.url;
    const { http } = await setup({ sandboxUrl: () => running });
    expect((await http.request('sandbox', { method: 'GET', url: `${server.url}/v1/tickers` })).status).toBe(200);
    running = null;
    const e = await rejection(http.request('sandbox', { method: 'GET', url: `${server.url}/v1/tickers` }));
    expect(e.code).toBe('ERR_HOST_NOT_ALLOWED');
    expect(e.message).toContain('No sandbox is running');
  });

  it('adds the CoinGecko and Token Metrics key headers from the vault, and keeps the key out of logs and records', async () => {
    const server = await loopback();
    const { vault, http, logs, inspector } = await setup({ extraOrigins: { coingecko: [server.url], 'token-metrics': [server.url] } });
    const cg = await vault.add({ label: 'cg', environment: 'prod', provider: 'coingecko', credentials: { apiKey: 'CG-demo-key-123456' } });
    const tm = await vault.add({ label: 'tm', environment: 'prod', provider: 'token-metrics', credentials: { apiKey: 'tm-secret-key-abcdef' } });
    await http.request('coingecko', { method: 'GET', url: `${server.url}/api/v3/ping`, entryId: cg.id });
    await http.request('token-metrics', { method: 'GET', url: `${server.url}/v2/tokens`, entryId: tm.id, record: true });
    expect(server.seen[0]!.headers['x-cg-demo-api-key']).toBe('CG-demo-key-123456');
    expect(server.seen[1]!.headers['x-api-key']).toBe('tm-secret-key-abcdef');
    const all = logs.join('\n') + JSON.stringify(inspector.list({}).records.map((r) => inspector.get(r.id)));
    expect(all).not.toContain('CG-demo-key-123456');
    expect(all).not.toContain('tm-secret-key-abcdef');
    // Only the request asked for with record: true is in the Inspector, with the key as ••••.
    const list = inspector.list({}).records;
    expect(list).toHaveLength(1);
    const rec = inspector.get(list[0]!.id);
    expect(rec.requestHeaders.find((h) => h.name === 'x-api-key')).toMatchObject({ value: '••••', masking: 'secret' });
    expect(rec.provider).toBe('token-metrics');
    // A key of another provider is refused before anything is sent.
    const e = await rejection(http.request('coingecko', { method: 'GET', url: `${server.url}/api/v3/ping`, entryId: tm.id }));
    expect(e.code).toBe('ERR_VALIDATION');
    expect(server.seen).toHaveLength(2);
  });

  it('uses the pro header for pro-api.coingecko.com', () => {
    // The header choice follows the host; the allowlist admits both CoinGecko hosts.
    expect(marketDataRefusal(new URL('https://pro-api.coingecko.com/api/v3/ping'), { provider: 'coingecko', sandboxUrl: null })).toBeNull();
    expect(marketDataRefusal(new URL('https://api.coingecko.com/api/v3/ping'), { provider: 'coingecko', sandboxUrl: null })).toBeNull();
  });

  it('honours Retry-After on 429 and answers once the provider does', async () => {
    const server = await loopback((_req, res, i) => {
      if (i === 0) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end('{"code":-1003,"msg":"Too many requests"}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('[]');
      }
    });
    const { http } = await setup({ extraOrigins: { binance: [server.url] } });
    const a = await http.request('binance', { method: 'GET', url: `${server.url}/api/v3/ticker/24hr` });
    expect(a.status).toBe(200);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('hands back a 429 asking for longer than Signet waits, with its Retry-After, without retrying', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(429, { 'retry-after': '120', 'content-type': 'application/json' });
      res.end('{"code":-1003,"msg":"Way too much request weight used"}');
    });
    const { http } = await setup({ extraOrigins: { binance: [server.url] } });
    const a = await http.request('binance', { method: 'GET', url: `${server.url}/api/v3/ticker/24hr` });
    expect(a.status).toBe(429);
    expect(a.headers['retry-after']).toBe('120');
    expect(server.seen).toHaveLength(1);
  });

  it('turns a server that does not answer into ERR_TIMEOUT', async () => {
    const server = await loopback(() => {
      // never answers
    });
    const agent = createEgressAgent({ timeoutMs: 300 });
    defer(() => agent.close());
    const { http } = await setup({ extraOrigins: { kraken: [server.url] }, timeoutMs: 300, dispatcher: agent });
    const e = await rejection(http.request('kraken', { method: 'GET', url: `${server.url}/0/public/Ticker` }));
    expect(e.code).toBe('ERR_TIMEOUT');
    expect(e.message).toContain('did not answer /0/public/Ticker within 0.3 s');
  });

  it('turns a refused connection into ERR_NETWORK after retrying', async () => {
    const server = await loopback();
    const url = server.url;
    await server.close();
    const { http } = await setup({ extraOrigins: { kraken: [url] } });
    const e = await rejection(http.request('kraken', { method: 'GET', url: `${url}/0/public/Ticker` }));
    expect(e.code).toBe('ERR_NETWORK');
    expect(e.message).toContain('connection refused');
  });

  it('refuses a body larger than the bound', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200);
      res.end('x'.repeat(4096));
    });
    const { http } = await setup({ extraOrigins: { coinbase: [server.url] }, maxBodyBytes: 1024 });
    const e = await rejection(http.request('coinbase', { method: 'GET', url: `${server.url}/products` }));
    expect(e.code).toBe('ERR_NETWORK');
    expect(e.message).toContain('Ask for fewer symbols');
  });

  it("refuses with ERR_RATE_LIMITED when Signet's own budget would hold the request too long", async () => {
    const server = await loopback();
    const { http } = await setup({ extraOrigins: { binance: [server.url] }, limits: () => ({ capacity: 1, refillPerSec: 0.1 }), rateLimitWaitMs: 100 });
    await http.request('binance', { method: 'GET', url: `${server.url}/a` });
    const e = await rejection(http.request('binance', { method: 'GET', url: `${server.url}/b` }));
    expect(e.code).toBe('ERR_RATE_LIMITED');
    expect(server.seen).toHaveLength(1);
  });
});

describe('marketDataRefusal', () => {
  const ok = (url: string, provider: string) => marketDataRefusal(new URL(url), { provider, sandboxUrl: null });
  it('admits the documented stream and REST hosts of each provider', () => {
    expect(ok('wss://stream.binance.com:9443/stream?streams=!miniTicker@arr', 'binance')).toBeNull();
    expect(ok('wss://data-stream.binance.vision/stream', 'binance')).toBeNull();
    expect(ok('https://data-api.binance.vision/api/v3/klines', 'binance')).toBeNull();
    expect(ok('wss://ws-feed.exchange.coinbase.com', 'coinbase')).toBeNull();
    expect(ok('https://api.exchange.coinbase.com/products', 'coinbase')).toBeNull();
    expect(ok('wss://ws.kraken.com/v2', 'kraken')).toBeNull();
    expect(ok('https://api.tokenmetrics.com/v2/tokens', 'token-metrics')).toBeNull();
  });
  it('refuses other hosts, other ports, plain schemes off loopback, and hosts of another provider', () => {
    expect(ok('wss://stream.binance.com:9999/ws', 'binance')).toContain('not an allowed');
    expect(ok('ws://ws.kraken.com/v2', 'kraken')).toContain('only to this machine');
    expect(ok('wss://ws.kraken.com/v2', 'binance')).toContain('not an allowed');
    expect(ok('https://api.binance.com.evil.example/api', 'binance')).toContain('not an allowed');
    expect(ok('ftp://api.binance.com/', 'binance')).toContain('https or wss only');
  });
});

describe('createSocketOpener', () => {
  async function wsServer() {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    let connections = 0;
    wss.on('connection', (s) => {
      connections++;
      s.send('hello');
    });
    defer(() => new Promise<void>((r) => wss.close(() => r())));
    const port = (wss.address() as AddressInfo).port;
    return { url: `ws://127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, get connections() { return connections; }, wss };
  }

  it('refuses a host the provider may not reach, without connecting', async () => {
    const server = await wsServer();
    const logs: string[] = [];
    const open = createSocketOpener({ sandboxUrl: () => null, logger: createLogger((l) => logs.push(l), 'debug') });
    let code = '';
    try {
      open('binance', `${server.url}/stream`);
    } catch (e) {
      code = isAppError(e) ? e.code : 'other';
    }
    expect(code).toBe('ERR_HOST_NOT_ALLOWED');
    await new Promise((r) => setTimeout(r, 100));
    expect(server.connections).toBe(0);
    expect(logs.join('\n')).toContain('egress-socket: host refused');
  });

  it('opens an allowed loopback socket (sandbox, or a fixture origin), and logs open and close without payloads', async () => {
    const server = await wsServer();
    const logs: string[] = [];
    const open = createSocketOpener({ sandboxUrl: () => server.origin, logger: createLogger((l) => logs.push(l), 'debug'), extraOrigins: { kraken: [server.origin] } });
    for (const provider of ['sandbox', 'kraken'] as const) {
      const ws = open(provider, `${server.url}/v1/stream`);
      const msg = await new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
      expect(msg).toBe('hello');
      ws.close();
      await new Promise((r) => ws.once('close', r));
    }
    expect(server.connections).toBe(2);
    const text = logs.join('\n');
    expect(text).toContain('egress-socket: open');
    expect(text).toContain('egress-socket: close');
    expect(text).not.toContain('hello');
  });
});
