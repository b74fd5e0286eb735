/** The Coinbase adapter against its fixture through the real egress doors: bulk tickers, candles (4 h from 1 h), errors, and the ticker feed. */
import { describe, expect, it } from 'vitest';
import { createCoinbaseProvider } from '../../../src-main/markets/coinbase-provider';
import { startCoinbaseFixture } from '../../fixtures/markets/coinbase-fixture';
import { providerError, recorder, useProviderHarness } from './provider-harness';

const { start, defer } = useProviderHarness();
const NOW = Date.parse('2026-11-28T12:00:00Z');

async function setup() {
  const { f, d } = await start('coinbase', startCoinbaseFixture());
  const provider = createCoinbaseProvider({ ...d.deps, now: () => NOW }, { baseUrl: f.origin, advancedUrl: f.origin, wsUrl: f.wsOrigin, backoff: { baseMs: 100, capMs: 400 } });
  return { f, provider };
}

describe('Coinbase provider', () => {
  it('reads every online product from Advanced Trade market/products', async () => {
    const { provider } = await setup();
    expect(await provider.tickers()).toEqual([
      { symbol: 'BTC-USD', last: 37000.01, bid: null, ask: null, change24hPct: 1.25, volume24h: 12345.678, ts: NOW },
      { symbol: 'ETH-USD', last: 2000.5, bid: null, ask: null, change24hPct: -0.5, volume24h: 99999.1, ts: NOW },
    ]);
  });

  it('reads Exchange candles oldest first, and builds 4 h candles from 1 h ones', async () => {
    const { provider, f } = await setup();
    const m = await provider.candles('BTC-USD', '1m', 3);
    expect(f.requests.at(-1)!.url.searchParams.get('granularity')).toBe('60');
    expect(m.map((c) => c.openTime)).toEqual([NOW - 120_000, NOW - 60_000, NOW]);
    expect(m[2]).toEqual({ openTime: NOW, open: 105, high: 110, low: 100, close: 106, volume: 10 });
    const h4 = await provider.candles('BTC-USD', '4h', 2);
    expect(f.requests.at(-1)!.url.searchParams.get('granularity')).toBe('3600');
    expect(h4).toHaveLength(2);
    expect(h4[1]!.openTime % 14_400_000).toBe(0);
    expect(h4[0]!.volume).toBe(40);
  });

  it('turns {message} errors into ProviderErrors', async () => {
    const { provider, f } = await setup();
    const e = await providerError(provider.candles('NOPE-USD', '1h', 5));
    expect(e.code).toBe('bad_symbol');
    expect(e.message).toBe('Coinbase refused /products/NOPE-USD/candles: NotFound.');
    f.limited = true;
    const l = await providerError(provider.tickers());
    expect(l.code).toBe('rate_limited');
    expect(l.message).toContain('Public rate limit exceeded');
  });

  it('streams the ticker channel with bid and ask, resubscribes after a drop, reports a refused product', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream('all', r.handlers);
    defer(() => feed.close());
    await f.until(() => f.open().length === 1 && f.subscribed(f.sockets[0]!).length === 2);
    expect(JSON.parse(f.sockets[0]!.received[0]!)).toEqual({ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channels: ['ticker', 'heartbeat'] });
    f.pushTicker('BTC-USD', 37100);
    await f.until(() => r.ticks.length === 1);
    expect(r.ticks[0]).toMatchObject({ symbol: 'BTC-USD', last: 37100, bid: 37099, ask: 37101, volume24h: 1234.5, ts: Date.parse('2022-10-19T23:28:22.061769Z') });
    expect(r.ticks[0]!.change24hPct).toBeCloseTo(10, 6);
    f.sockets[0]!.ws.terminate();
    await f.until(() => f.sockets.length === 2 && f.subscribed(f.sockets[1]!).length === 2);
    expect(r.states()).toEqual(['connecting', 'live', 'reconnecting', 'live']);

    const r2 = recorder();
    const feed2 = provider.stream(['BTC-USD', 'NOPE-USD'], r2.handlers);
    defer(() => feed2.close());
    await f.until(() => r2.states().includes('error'));
    expect(r2.statuses.at(-1)!.message).toBe('Coinbase refused the subscription: Failed to subscribe (NOPE-USD is not a valid product).');
  });
});
