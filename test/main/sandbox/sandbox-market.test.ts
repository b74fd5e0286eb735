/** Market data: shapes, seeded determinism, candle history joined to live prices, signals, and the WebSocket stream. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src-main/sandbox/sandbox';
import { SimulatedMarket } from '../../../src-main/sandbox/market-simulation';
import { ManualClock } from '../../helpers/temp-home';
import { send } from './sandbox-client';

let running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});
async function sandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const s = await startSandbox({ seed: 7, ...opts });
  running.push(s);
  return s;
}

describe('sandbox market data', () => {
  it('lists realistic symbols first, then generated ones, 200 by default', async () => {
    const s = await sandbox();
    const markets = (await send(`${s.url}/v1/markets`, 'GET', {}, null)).json as unknown as { symbol: string; base: string; quote: string; tickSize: number }[];
    expect(markets).toHaveLength(200);
    expect(markets.slice(0, 3).map((m) => m.symbol)).toEqual(['BTC-USD', 'ETH-USD', 'SOL-USD']);
    expect(new Set(markets.map((m) => m.symbol)).size).toBe(200);
    for (const m of markets) expect(m.symbol).toMatch(/^[A-Z]{2,5}-USD$/);
  });

  it('serves tickers with bid < last < ask, a 24h change and volume', async () => {
    const s = await sandbox();
    const r = await send(`${s.url}/v1/tickers?symbols=BTC-USD,ETH-USD`, 'GET', {}, null);
    const tickers = r.json as unknown as { symbol: string; last: number; bid: number; ask: number; change24hPct: number; volume24h: number; ts: number }[];
    expect(tickers.map((t) => t.symbol)).toEqual(['BTC-USD', 'ETH-USD']);
    for (const t of tickers) {
      expect(Object.keys(t).sort()).toEqual(['ask', 'bid', 'change24hPct', 'last', 'symbol', 'ts', 'volume24h']);
      expect(t.bid).toBeLessThan(t.ask);
      expect(t.bid).toBeLessThanOrEqual(t.last);
      expect(t.ask).toBeGreaterThanOrEqual(t.last);
      expect(Math.abs(t.change24hPct)).toBeLessThan(50);
      expect(t.volume24h).toBeGreaterThan(0);
    }
    expect(tickers[0]!.last).toBeGreaterThan(20_000);
    expect((await send(`${s.url}/v1/tickers`, 'GET', {}, null)).json).toHaveLength(200);
    const bad = await send(`${s.url}/v1/tickers?symbols=NOPE`, 'GET', {}, null);
    expect([bad.status, bad.json.code]).toEqual([400, 'bad_request']);
  });

  it('is deterministic for a seed: same prices, candles and signals', () => {
    const make = () => new SimulatedMarket({ symbols: 300, rateHz: 10, seed: 42, clock: new ManualClock() });
    const a = make();
    const b = make();
    for (let i = 0; i < 50; i++) {
      a.step();
      b.step();
    }
    expect(a.tickers()).toEqual(b.tickers());
    expect(a.candles('ETH-USD', '1h', 100)).toEqual(b.candles('ETH-USD', '1h', 100));
    expect(a.signals()).toEqual(b.signals());
    const c = new SimulatedMarket({ symbols: 300, rateHz: 10, seed: 43, clock: new ManualClock() });
    expect(c.tickers()[0]!.last).not.toBe(a.tickers()[0]!.last);
  });

  it('serves candles for every interval, up to 1000, ending at the live price, each open equal to the previous close', async () => {
    const s = await sandbox();
    for (const interval of ['1m', '5m', '15m', '1h', '4h', '1d'] as const) {
      const r = await send(`${s.url}/v1/candles?symbol=BTC-USD&interval=${interval}&limit=1000`, 'GET', {}, null);
      const candles = r.json as unknown as { openTime: number; open: number; high: number; low: number; close: number; volume: number }[];
      expect(candles).toHaveLength(1000);
      const width = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 }[interval];
      for (let i = 0; i < candles.length; i++) {
        const c = candles[i]!;
        expect(c.openTime % width).toBe(0);
        expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
        expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
        if (i > 0) {
          expect(c.openTime - candles[i - 1]!.openTime).toBe(width);
          expect(c.open).toBeCloseTo(candles[i - 1]!.close, 0);
        }
      }
      expect(candles.at(-1)!.close).toBe(s.market.quote('BTC-USD')!.last);
    }
    const tooMany = await send(`${s.url}/v1/candles?symbol=BTC-USD&interval=1h&limit=1001`, 'GET', {}, null);
    expect([tooMany.status, tooMany.json.code]).toEqual([400, 'bad_request']);
    expect(tooMany.json.message).toMatch(/limit must be at most 1000/);
    const badInterval = await send(`${s.url}/v1/candles?symbol=BTC-USD&interval=2m`, 'GET', {}, null);
    expect(badInterval.json.message).toMatch(/interval/);
    const unknown = await send(`${s.url}/v1/candles?symbol=NOPE-USD`, 'GET', {}, null);
    expect(unknown.json.message).toMatch(/Unknown symbol/);
  });

  it('keeps live minutes as candles after they close', () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:30Z'));
    const m = new SimulatedMarket({ symbols: 5, rateHz: 1, seed: 1, clock });
    const prices: number[] = [];
    for (let i = 0; i < 150; i++) {
      clock.advance(1000);
      m.step();
      prices.push(m.quote('BTC-USD')!.last);
    }
    const candles = m.candles('BTC-USD', '1m', 4);
    expect(candles.map((c) => new Date(c.openTime).toISOString())).toEqual(['2026-11-28T12:00:00.000Z', '2026-11-28T12:01:00.000Z', '2026-11-28T12:02:00.000Z', '2026-11-28T12:03:00.000Z'].slice(-4));
    // The minute 12:01 holds exactly the steps made in it.
    // Steps run at 12:00:31, 12:00:32, …: those at 12:01:00 … 12:01:59 are prices[29..88].
    const inMinute = prices.slice(29, 89);
    expect(candles[1]!.high).toBe(Math.max(...inMinute));
    expect(candles[1]!.low).toBeLessThanOrEqual(Math.min(...inMinute));
    expect(candles[1]!.close).toBe(inMinute.at(-1));
  });

  it('gives each symbol a signal with a grade and since', async () => {
    const s = await sandbox();
    const signals = (await send(`${s.url}/v1/signals`, 'GET', {}, null)).json as unknown as { symbol: string; signal: string; grade: number; since: string }[];
    expect(signals).toHaveLength(200);
    for (const x of signals) {
      expect(['bullish', 'neutral', 'bearish']).toContain(x.signal);
      expect(x.grade).toBeGreaterThanOrEqual(0);
      expect(x.grade).toBeLessThanOrEqual(100);
      expect(Date.parse(x.since)).toBeLessThanOrEqual(Date.now());
      if (x.signal === 'bullish') expect(x.grade).toBeGreaterThan(50);
      if (x.signal === 'bearish') expect(x.grade).toBeLessThan(50);
    }
    expect(new Set(signals.map((x) => x.signal)).size).toBe(3);
  });

  it('steps 5,000 symbols in a few milliseconds (10 Hz must not pin a core)', () => {
    const m = new SimulatedMarket({ symbols: 5000, rateHz: 10, seed: 3, clock: new ManualClock() });
    for (let i = 0; i < 20; i++) m.step();
    const t = performance.now();
    for (let i = 0; i < 50; i++) m.step();
    const perStep = (performance.now() - t) / 50;
    // 10 steps a second at this cost is well under a tenth of a core.
    expect(perStep).toBeLessThan(8);
  });

  it('refuses options outside their range with a clear message', async () => {
    await expect(startSandbox({ symbols: 5001 })).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/symbols: expected 1 to 5000/) });
    await expect(startSandbox({ symbols: 0 })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(startSandbox({ rateHz: 50 })).rejects.toMatchObject({ message: expect.stringMatching(/rateHz: expected at most 20/) });
  });
});

function openStream(url: string): Promise<{ ws: WebSocket; next: (pred?: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/stream`);
  const queue: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    queue.push(JSON.parse(d.toString()) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (pred: (m: Record<string, unknown>) => boolean = () => true) => {
    for (;;) {
      const i = queue.findIndex(pred);
      if (i >= 0) return queue.splice(0, i + 1).at(-1)!;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next }));
    ws.once('error', reject);
  });
}

describe('sandbox stream', () => {
  it('pushes ticker batches for subscribed symbols only, and stops after unsubscribe', async () => {
    const s = await sandbox({ symbols: 50, rateHz: 20 });
    const { ws, next } = await openStream(s.url);
    ws.send(JSON.stringify({ op: 'subscribe', symbols: ['BTC-USD', 'SOL-USD'] }));
    expect(await next()).toEqual({ type: 'subscribed', symbols: ['BTC-USD', 'SOL-USD'] });
    const snapshot = await next((m) => m.type === 'ticker');
    expect((snapshot.data as { symbol: string }[]).map((t) => t.symbol)).toEqual(['BTC-USD', 'SOL-USD']);
    for (let i = 0; i < 3; i++) {
      const batch = await next((m) => m.type === 'ticker');
      expect((batch.data as { symbol: string }[]).map((t) => t.symbol).sort()).toEqual(['BTC-USD', 'SOL-USD']);
    }
    ws.send(JSON.stringify({ op: 'unsubscribe', symbols: ['BTC-USD'] }));
    expect(await next((m) => m.type === 'subscribed')).toEqual({ type: 'subscribed', symbols: ['SOL-USD'] });
    const after = await next((m) => m.type === 'ticker');
    expect((after.data as { symbol: string }[]).map((t) => t.symbol)).toEqual(['SOL-USD']);
    ws.send(JSON.stringify({ op: 'subscribe', symbols: '*' }));
    await next((m) => m.type === 'subscribed' && m.symbols === '*');
    const everything = await next((m) => m.type === 'ticker' && (m.data as unknown[]).length === 50);
    expect(everything.data).toHaveLength(50);
    ws.send(JSON.stringify({ op: 'unsubscribe', symbols: '*' }));
    await next((m) => m.type === 'subscribed');
    ws.send(JSON.stringify({ op: 'ping' }));
    await next((m) => m.type === 'pong');
    // Nothing more arrives for 200 ms (four steps at 20 Hz).
    const late = await Promise.race([next((m) => m.type === 'ticker').then(() => 'ticker'), new Promise((r) => setTimeout(() => r('quiet'), 200))]);
    expect(late).toBe('quiet');
    ws.close();
  });

  it('answers bad messages with {type:"error", code, message} and keeps the connection', async () => {
    const s = await sandbox({ symbols: 10 });
    const { ws, next } = await openStream(s.url);
    ws.send('not json');
    expect(await next()).toMatchObject({ type: 'error', code: 'bad_message', message: expect.stringMatching(/not JSON/) });
    ws.send(JSON.stringify({ op: 'dance' }));
    expect(await next()).toMatchObject({ type: 'error', code: 'bad_message' });
    ws.send(JSON.stringify({ op: 'subscribe', symbols: ['BTC-USD', 'NOPE-USD'] }));
    expect(await next()).toMatchObject({ type: 'error', code: 'unknown_symbol', message: expect.stringContaining('"NOPE-USD"') });
    ws.send(JSON.stringify({ op: 'subscribe', symbols: [] }));
    expect(await next()).toMatchObject({ type: 'error', code: 'bad_message' });
    ws.send(JSON.stringify({ op: 'subscribe', symbols: ['ETH-USD'] }));
    expect(await next()).toEqual({ type: 'subscribed', symbols: ['ETH-USD'] });
    ws.close();
  });

  it('answers WebSocket pings, and closes a peer that stops answering its pings', async () => {
    const s = await sandbox({ symbols: 10, heartbeatMs: 50 });
    const { ws } = await openStream(s.url);
    const pong = new Promise((r) => ws.once('pong', r));
    ws.ping();
    await pong;
    ws.close();
    // A peer that never answers the server's pings (autoPong off) is closed by the server.
    const silent = new WebSocket(`${s.url.replace('http', 'ws')}/v1/stream`, { autoPong: false });
    const pinged = new Promise((r) => silent.once('ping', r));
    const closed = new Promise<number>((r) => silent.once('close', (code) => r(code)));
    await pinged;
    expect(await closed).toBe(1006);
  });
});
