/**
 * The Binance adapter against its fixture server through the real egress doors: tickers, candles, errors
 * ({code,msg}, 429 with Retry-After, 418 ban, the weight budget), and the combined stream (miniTicker and ticker
 * payloads, reconnect with the streams asked for again, silence, close).
 */
import { describe, expect, it } from 'vitest';
import { createBinanceProvider } from '../../../src-main/markets/binance-provider';
import { startBinanceFixture } from '../../fixtures/markets/binance-fixture';
import { providerError, recorder, useProviderHarness } from './provider-harness';

const { start, defer } = useProviderHarness();

async function setup(opts: { silenceMs?: number; now?: () => number } = {}) {
  const { f, d } = await start('binance', startBinanceFixture());
  const provider = createBinanceProvider({ ...d.deps, ...(opts.now && { now: opts.now }) }, { baseUrl: f.origin, wsUrl: f.wsOrigin, backoff: { baseMs: 100, capMs: 400 }, ...(opts.silenceMs && { silenceMs: opts.silenceMs }) });
  return { f, provider, d };
}

describe('Binance provider', () => {
  it('reads ticker/24hr into BASE-QUOTE ticks, using exchangeInfo to split symbols and drop pairs not trading', async () => {
    const { provider, f } = await setup();
    const ticks = await provider.tickers();
    expect(ticks.map((t) => t.symbol)).toEqual(['BTC-USDT', 'ETH-BTC', 'BNB-FDUSD']);
    expect(ticks[0]).toEqual({ symbol: 'BTC-USDT', last: 64250.12, bid: 64250.11, ask: 64250.13, change24hPct: -95.96, volume24h: 8913.3, ts: 1499869899040 });
    expect(f.requests.map((r) => r.url.pathname)).toEqual(['/api/v3/exchangeInfo', '/api/v3/ticker/24hr']);
    // exchangeInfo is read once.
    await provider.tickers();
    expect(f.requests.filter((r) => r.url.pathname === '/api/v3/exchangeInfo')).toHaveLength(1);
  });

  it('reads klines into candles, oldest first', async () => {
    const { provider, f } = await setup();
    const c = await provider.candles('BTC-USDT', '1h', 3);
    expect(c).toHaveLength(3);
    expect(c[0]).toEqual({ openTime: 1499040000000, open: 0.0163479, high: 0.8, low: 0.015758, close: 0.015771, volume: 148976.11427815 });
    expect(c[2]!.openTime).toBeGreaterThan(c[1]!.openTime);
    expect(f.requests.at(-1)!.url.search).toBe('?symbol=BTCUSDT&interval=1h&limit=3');
  });

  it('quotes one symbol from ticker/price (weight 2)', async () => {
    const { provider, f } = await setup({ now: () => 1_764_300_000_000 });
    const q = await provider.quote!('BTC-USDT');
    expect(f.requests.at(-1)!.url.pathname + f.requests.at(-1)!.url.search).toBe('/api/v3/ticker/price?symbol=BTCUSDT');
    expect(q).toEqual({ symbol: 'BTC-USDT', last: 64250.12, bid: null, ask: null, change24hPct: null, volume24h: null, ts: 1_764_300_000_000 });
    expect((await providerError(provider.quote!('NOPE-USDT'))).code).toBe('bad_symbol');
  });

  it('turns {code,msg} errors into ProviderErrors: bad symbol, 429 with Retry-After, 418 ban', async () => {
    const { provider, f } = await setup();
    const bad = await providerError(provider.candles('NOPE-USDT', '1m', 10));
    expect(bad.code).toBe('bad_symbol');
    expect(bad.message).toBe('Binance refused /api/v3/klines: Invalid symbol. (code -1121).');

    f.mode = '429';
    const limited = await providerError(provider.tickers());
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterMs).toBe(42_000);
    expect(limited.message).toContain('Too much request weight used');
    expect(limited.message).toContain('Wait 42 s before asking again.');

    f.mode = '418';
    const banned = await providerError(provider.tickers());
    expect(banned.code).toBe('rate_limited');
    expect(banned.message).toContain('banned this IP address');
    expect(banned.retryAfterMs).toBe(3_600_000);
  });

  it('stops asking for the rest of the minute once X-MBX-USED-WEIGHT-1M nears the limit', async () => {
    const t = Date.parse('2026-01-01T00:00:10Z');
    const { provider, f } = await setup({ now: () => t });
    f.weight = 4_700;
    await provider.tickers();
    const n = f.requests.length;
    const e = await providerError(provider.candles('BTC-USDT', '1m', 5));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(50_000);
    expect(e.message).toContain('of Binance\'s 6000 request weight');
    expect(f.requests).toHaveLength(n);
  });

  it('streams !miniTicker@arr for all symbols, reconnects after a drop with the same streams, and closes', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream('all', r.handlers);
    defer(() => feed.close());
    await f.until(() => f.open().length === 1);
    expect(f.sockets[0]!.path).toBe('/stream?streams=!miniTicker@arr');
    f.pushMiniTickers();
    await f.until(() => r.ticks.length === 3);
    expect(r.ticks[0]).toMatchObject({ symbol: 'BTC-USDT', last: 64250.12, bid: null, ask: null, volume24h: 10000, ts: 1672515782136 });
    expect(r.ticks[0]!.change24hPct).toBeCloseTo(2, 6);
    expect(r.states()).toEqual(['connecting', 'live']);

    f.sockets[0]!.ws.terminate();
    await f.until(() => f.open().length === 1 && f.sockets.length === 2);
    expect(f.sockets[1]!.path).toBe('/stream?streams=!miniTicker@arr');
    expect(r.states()).toContain('reconnecting');
    f.pushMiniTickers();
    await f.until(() => r.ticks.length === 6);

    feed.close();
    await f.until(() => f.open().length === 0);
  });

  it('streams <symbol>@ticker for chosen symbols with bid and ask', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream(['BTC-USDT', 'ETH-BTC'], r.handlers);
    defer(() => feed.close());
    await f.until(() => f.open().length === 1);
    expect(f.sockets[0]!.path).toBe('/stream?streams=btcusdt@ticker/ethbtc@ticker');
    f.pushTicker('ETHBTC');
    await f.until(() => r.ticks.length === 1);
    expect(r.ticks[0]).toEqual({ symbol: 'ETH-BTC', last: 0.05123, bid: 0.05123 - 1, ask: 0.05123 + 1, change24hPct: 250, volume24h: 10000, ts: 1672515782136 });
  });

  it('marks a silent stream reconnecting and reopens it', async () => {
    const { provider, f } = await setup({ silenceMs: 300 });
    const r = recorder();
    const feed = provider.stream('all', r.handlers);
    defer(() => feed.close());
    await f.until(() => f.open().length === 1);
    f.pushMiniTickers();
    await f.until(() => r.states().includes('reconnecting'));
    expect(r.statuses.find((s) => s.state === 'reconnecting')!.message).toContain('No data from Binance for 0.3 s');
    await f.until(() => f.sockets.length >= 2);
  });

  it('reconnects at once when Binance announces serverShutdown', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream('all', r.handlers);
    defer(() => feed.close());
    await f.until(() => f.open().length === 1);
    f.sockets[0]!.ws.send(JSON.stringify({ e: 'serverShutdown', E: 1668693999000 }));
    await f.until(() => f.sockets.length === 2 && f.open().length === 1);
    expect(r.statuses.find((s) => s.state === 'reconnecting')!.message).toBe('Binance is restarting this stream server; reconnecting.');
  });
});
