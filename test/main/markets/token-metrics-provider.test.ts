/** The Token Metrics adapter against its fixture through the real egress doors: the key from the vault, prices, signals with trader grades, candles, {success:false} errors, and the polled feed with signals. */
import { describe, expect, it } from 'vitest';
import { createTokenMetricsProvider } from '../../../src-main/markets/token-metrics-provider';
import type { ProviderDeps } from '../../../src-main/markets/types';
import { startTokenMetricsFixture } from '../../fixtures/markets/token-metrics-fixture';
import { providerError, recorder, useProviderHarness } from './provider-harness';

const KEY = 'tm-live-key-0123456789';
const NOW = 1_717_300_000_000;
const { start, defer } = useProviderHarness();

async function setup() {
  const { f, d } = await start('token-metrics', startTokenMetricsFixture(KEY));
  const make = (deps: ProviderDeps) => createTokenMetricsProvider({ ...deps, now: () => NOW }, { baseUrl: f.origin, pollMs: 100 });
  return { f, d, make, provider: make(await d.withKey(KEY)) };
}

describe('Token Metrics provider', () => {
  it('needs a key: none chosen → unauthorized without a request; a wrong one → the API message', async () => {
    const { f, d, make } = await setup();
    const none = await providerError(make(d.deps).tickers());
    expect(none.code).toBe('unauthorized');
    expect(none.message).toContain('Add a Token Metrics key in the Vault');
    expect(f.requests).toHaveLength(0);
    const wrong = await providerError(make(await d.withKey('tm-wrong-key-999999')).tickers());
    expect(wrong.code).toBe('unauthorized');
    expect(wrong.message).toBe('Token Metrics refused /v2/tokens: Invalid API key. Check the Token Metrics key in the vault.');
  });

  it('reads prices for the tokens, with the key in x-api-key (never in logs)', async () => {
    const { provider, f, d } = await setup();
    expect(await provider.tickers()).toEqual([
      { symbol: 'BTC-USD', last: 64000.5, bid: null, ask: null, change24hPct: null, volume24h: null, ts: NOW },
      { symbol: 'ETH-USD', last: 3100.25, bid: null, ask: null, change24hPct: null, volume24h: null, ts: NOW },
    ]);
    expect(f.requests.map((r) => r.url.pathname + r.url.search)).toEqual(['/v2/tokens?limit=50', '/v2/price?token_id=3375,3306']);
    expect(f.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(d.logs.join('\n')).not.toContain(KEY);
  });

  it('turns the latest trading signal per token and its trader grade into MarketSignals', async () => {
    const { provider, f } = await setup();
    expect(await provider.signals(['BTC-USD', 'ETH-USD'])).toEqual([
      { symbol: 'BTC-USD', signal: 'bullish', grade: 82.4, since: '2024-06-02T00:00:00.000Z' },
      { symbol: 'ETH-USD', signal: 'neutral', grade: 47.1, since: '2024-06-02T00:00:00.000Z' },
    ]);
    expect(f.requests.map((r) => r.url.pathname).sort()).toEqual(['/v2/trader-grades', '/v2/trading-signals']);
    expect(f.requests[0]!.url.searchParams.get('symbol')).toBe('BTC,ETH');
  });

  it('reads hourly candles oldest first, builds 4 h ones, and refuses minute candles clearly', async () => {
    const { provider } = await setup();
    const h = await provider.candles('BTC-USD', '1h', 3);
    expect(h.map((c) => c.openTime)).toEqual([Date.UTC(2024, 5, 2) - 2 * 3_600_000, Date.UTC(2024, 5, 2) - 3_600_000, Date.UTC(2024, 5, 2)]);
    expect(h[2]).toEqual({ openTime: Date.UTC(2024, 5, 2), open: 100, high: 120, low: 90, close: 110, volume: 1000 });
    const h4 = await provider.candles('BTC-USD', '4h', 2);
    expect(h4).toHaveLength(2);
    expect(h4[0]!.volume).toBe(4000);
    const e = await providerError(provider.candles('BTC-USD', '1m', 5));
    expect(e.message).toBe('Token Metrics has hourly and daily candles only; choose 1h, 4h or 1d for BTC-USD.');
  });

  it('polls prices and hourly signals for the feed, and reports a spent quota as a wait', async () => {
    const { provider, f } = await setup();
    const r = recorder();
    const feed = provider.stream(['BTC-USD'], r.handlers);
    defer(() => feed.close());
    await f.until(() => r.signals.length >= 1);
    expect(r.ticks[0]).toMatchObject({ symbol: 'BTC-USD', last: 64000.5 });
    expect(r.signals[0]).toEqual({ symbol: 'BTC-USD', signal: 'bullish', grade: 82.4, since: '2024-06-02T00:00:00.000Z' });
    expect(f.requests.some((q) => q.url.pathname === '/v2/hourly-trading-signals')).toBe(true);
    f.btcSignal = -1;
    await f.until(() => r.signals.some((s) => s.signal === 'bearish'));
    f.quotaExceeded = true;
    await f.until(() => r.states().includes('reconnecting'));
    expect(r.statuses.find((s) => s.state === 'reconnecting')!.message).toContain('API call limit exceeded for your plan');
  });
});
