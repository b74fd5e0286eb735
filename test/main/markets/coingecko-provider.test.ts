/** The CoinGecko adapter against its fixture through the real egress doors: coins/markets, ohlc, the optional demo key from the vault, status errors, and the polled feed. */
import { describe, expect, it } from 'vitest';
import { createCoinGeckoProvider } from '../../../src-main/markets/coingecko-provider';
import type { ProviderDeps } from '../../../src-main/markets/types';
import { startCoinGeckoFixture } from '../../fixtures/markets/coingecko-fixture';
import { providerError, recorder, useProviderHarness } from './provider-harness';

const { start, defer } = useProviderHarness();

async function setup() {
  const { f, d } = await start('coingecko', startCoinGeckoFixture());
  const make = (deps: ProviderDeps = d.deps) => createCoinGeckoProvider(deps, { baseUrl: `${f.origin}/api/v3`, pollMs: 100 });
  return { f, d, provider: make(), make };
}

describe('CoinGecko provider', () => {
  it('reads coins/markets into USD ticks; the larger coin wins a shared symbol', async () => {
    const { provider, f } = await setup();
    const ticks = await provider.tickers();
    expect(ticks).toEqual([
      { symbol: 'BTC-USD', last: 70187, bid: null, ask: null, change24hPct: 3.12502, volume24h: 20154184933, ts: Date.parse('2024-04-07T16:49:31.736Z') },
      { symbol: 'ETH-USD', last: 3400.5, bid: null, ask: null, change24hPct: -1.5, volume24h: 10000000, ts: Date.parse('2024-04-07T16:49:30.000Z') },
    ]);
    expect(Object.fromEntries(f.requests[0]!.url.searchParams)).toMatchObject({ vs_currency: 'usd', price_change_percentage: '24h', order: 'market_cap_desc' });
    expect(f.requests[0]!.headers['x-cg-demo-api-key']).toBeUndefined();
  });

  it('reads ohlc for the coin behind the symbol', async () => {
    const { provider, f } = await setup();
    const c = await provider.candles('BTC-USD', '4h', 2);
    expect(f.requests.at(-1)!.url.pathname).toBe('/api/v3/coins/bitcoin/ohlc');
    expect(f.requests.at(-1)!.url.searchParams.get('days')).toBe('30');
    expect(c).toEqual([
      { openTime: 1709396800000, open: 61828, high: 62139, low: 61726, close: 62139, volume: 0 },
      { openTime: 1709398400000, open: 62171, high: 62210, low: 61821, close: 62068, volume: 0 },
    ]);
    expect((await providerError(provider.candles('NOPE-USD', '1d', 5))).code).toBe('bad_symbol');
  });

  it('quotes one coin from simple/price between polls', async () => {
    const { provider, f } = await setup();
    const q = await provider.quote!('BTC-USD');
    expect(f.requests.at(-1)!.url.pathname).toBe('/api/v3/simple/price');
    expect(Object.fromEntries(f.requests.at(-1)!.url.searchParams)).toMatchObject({ ids: 'bitcoin', vs_currencies: 'usd', include_24hr_change: 'true' });
    expect(q).toEqual({ symbol: 'BTC-USD', last: 70200, bid: null, ask: null, change24hPct: 3.2, volume24h: 20160000000, ts: 1712508600000 });
    expect((await providerError(provider.quote!('NOPE-USD'))).code).toBe('bad_symbol');
  });

  it('sends the demo key from the vault when one is chosen, and says when a key is refused', async () => {
    const { f, d, make, provider } = await setup();
    f.requireKey = 'CG-demo-abcdef123';
    const e = await providerError(provider.tickers());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toBe('CoinGecko refused /api/v3/coins/markets: API Key Missing (error 10002). Check the CoinGecko key in the vault.');
    const keyed = make(await d.withKey('CG-demo-abcdef123'));
    expect(await keyed.tickers()).toHaveLength(2);
    expect(f.requests.at(-1)!.headers['x-cg-demo-api-key']).toBe('CG-demo-abcdef123');
    expect(d.logs.join('\n')).not.toContain('CG-demo-abcdef123');
  });

  it('turns status errors into rate_limited with the provider message', async () => {
    const { provider, f } = await setup();
    f.mode = '429';
    const e = await providerError(provider.tickers());
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(60_000);
    expect(e.message).toContain("You've exceeded the Rate Limit");
  });

  it('polls for the feed, filtered to the symbols asked for, and reports a rate limit while waiting', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream(['BTC-USD'], r.handlers);
    defer(() => feed.close());
    await f.until(() => r.ticks.length >= 1);
    expect(r.ticks.every((t) => t.symbol === 'BTC-USD')).toBe(true);
    f.btcPrice = 71000;
    await f.until(() => r.ticks.some((t) => t.last === 71000));
    expect(r.states().slice(0, 2)).toEqual(['connecting', 'live']);
    f.mode = '429';
    await f.until(() => r.states().includes('reconnecting'));
    expect(r.statuses.find((s) => s.state === 'reconnecting')!.message).toMatch(/exceeded the Rate Limit.*Trying again in 60 s\./);
    feed.close();
    const n = f.requests.length;
    await new Promise((res) => setTimeout(res, 250));
    expect(f.requests).toHaveLength(n);
  });
});
