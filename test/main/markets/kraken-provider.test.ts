/**
 * The Kraken adapter against its fixture through the real egress doors: AssetPairs → BASE-QUOTE (XBT → BTC),
 * Ticker and OHLC shapes, error arrays with HTTP 200, and the WS v2 ticker stream (subscribe, snapshot and
 * updates, a refused pair reported, reconnect with the subscribe sent again, ping).
 */
import { describe, expect, it } from 'vitest';
import { createKrakenProvider, krakenSymbol } from '../../../src-main/markets/kraken-provider';
import { startKrakenFixture } from '../../fixtures/markets/kraken-fixture';
import { providerError, recorder, useProviderHarness } from './provider-harness';

const { start, defer } = useProviderHarness();

async function setup(opts: { silenceMs?: number; pingEveryMs?: number } = {}) {
  const { f, d } = await start('kraken', startKrakenFixture());
  const provider = createKrakenProvider({ ...d.deps, now: () => 1_700_000_000_000 }, { baseUrl: f.origin, wsUrl: `${f.wsOrigin}/v2`, backoff: { baseMs: 100, capMs: 400 }, ...opts });
  return { f, provider };
}

describe('Kraken provider', () => {
  it('normalizes Kraken names to BASE-QUOTE', () => {
    expect(krakenSymbol('XBT/USD')).toBe('BTC-USD');
    expect(krakenSymbol('XDG/EUR')).toBe('DOGE-EUR');
    expect(krakenSymbol('ETH/USD')).toBe('ETH-USD');
  });

  it('reads Ticker into ticks keyed by the pair list', async () => {
    const { provider } = await setup();
    const ticks = await provider.tickers();
    expect(ticks.map((t) => t.symbol)).toEqual(['BTC-USD', 'ETH-USD', 'DOGE-USD']);
    expect(ticks[0]).toMatchObject({ symbol: 'BTC-USD', last: 30303.2, bid: 30303.1, ask: 30303.3, volume24h: 4412.73601799, ts: 1_700_000_000_000 });
    expect(ticks[0]!.change24hPct).toBeCloseTo(((30303.2 - 30502.8) / 30502.8) * 100, 6);
  });

  it('reads OHLC (interval in minutes) into the last `limit` candles, oldest first', async () => {
    const { provider, f } = await setup();
    const c = await provider.candles('BTC-USD', '4h', 5);
    expect(f.requests.at(-1)!.url.search).toBe('?pair=XBTUSD&interval=240');
    expect(c).toHaveLength(5);
    expect(c[4]).toEqual({ openTime: (1688671200 + 719 * 240 * 60) * 1000, open: 30306.1, high: 30306.2, low: 30305.7, close: 30305.7 + 719, volume: 3.39243896 });
  });

  it('turns error arrays (HTTP 200) into ProviderErrors', async () => {
    const { provider, f } = await setup();
    expect((await providerError(provider.candles('NOPE-USD', '1m', 5))).code).toBe('bad_symbol');
    f.restError = 'EGeneral:Too many requests';
    const limited = await providerError(provider.tickers());
    expect(limited.code).toBe('rate_limited');
    expect(limited.message).toBe('Kraken refused /0/public/Ticker: EGeneral:Too many requests. Wait a minute before asking again.');
    f.restError = 'EService:Unavailable';
    expect((await providerError(provider.tickers())).code).toBe('unavailable');
  });

  it('streams the v2 ticker channel: subscribe, snapshot, updates; reconnects and subscribes again', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream(['BTC-USD', 'ETH-USD'], r.handlers);
    defer(() => feed.close());
    await f.until(() => r.ticks.length === 2);
    expect(JSON.parse(f.sockets[0]!.received[0]!)).toEqual({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] } });
    expect(r.ticks[0]).toEqual({ symbol: 'BTC-USD', last: 30303.2, bid: 30303.1, ask: 30303.3, change24hPct: 1.67, volume24h: 53.92, ts: 1_700_000_000_000 });
    f.pushTicker('ETH/USD', 1900);
    await f.until(() => r.ticks.length === 3);
    expect(r.ticks[2]).toMatchObject({ symbol: 'ETH-USD', last: 1900, change24hPct: 2.5 });

    f.sockets[0]!.ws.terminate();
    await f.until(() => f.sockets.length === 2 && f.subscribed(f.sockets[1]!).length === 2);
    expect(r.states()).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    feed.close();
    await f.until(() => f.open().length === 0);
  });

  it("subscribes to every online pair for 'all'", async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream('all', r.handlers);
    defer(() => feed.close());
    await f.until(() => r.ticks.length === 3);
    expect(f.subscribed(f.sockets[0]!)).toEqual(['BTC/USD', 'ETH/USD', 'DOGE/USD']);
    expect(r.ticks.map((t) => t.symbol)).toEqual(['BTC-USD', 'ETH-USD', 'DOGE-USD']);
  });

  it('reports a refused pair with Kraken’s message', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream(['BTC-USD', 'FOO-USD'], r.handlers);
    defer(() => feed.close());
    await f.until(() => r.states().includes('error'));
    expect(r.statuses.find((s) => s.state === 'error')!.message).toBe('Kraken refused the ticker subscription for FOO/USD: Currency pair not supported FOO/USD.');
  });

  it('pings; heartbeats and pongs keep a quiet feed alive, and a server answering nothing is silent', async () => {
    const { provider, f } = await setup({ silenceMs: 300, pingEveryMs: 100 });
    const r = recorder();
    const feed = provider.stream(['BTC-USD'], r.handlers);
    defer(() => feed.close());
    await f.until(() => r.ticks.length === 1);
    const t = setInterval(() => f.heartbeat(), 100);
    await new Promise((res) => setTimeout(res, 700));
    clearInterval(t);
    expect(r.states()).toEqual(['connecting', 'live']);
    expect(f.sockets[0]!.received.filter((m) => m === '{"method":"ping"}').length).toBeGreaterThanOrEqual(3);
    // A server that stops answering pings too is silent.
    f.onSocketMessage = () => {};
    await f.until(() => r.states().includes('reconnecting'));
  });
});
