/**
 * The Markets page's store and ordering, in plain Node: a snapshot then updates in seq order (older ones skipped,
 * another provider's refused), the sparkline extended by the same buckets main uses, the flash counter, stale and
 * fresh, per-symbol notifications only for the symbols that changed; and the table's order: sorts with missing
 * values last, filters, search, the watchlist in the order starred.
 */
import { describe, expect, it, vi } from 'vitest';
import { SPARK_BUCKET_MS, SPARK_POINTS, type MarketRow, type MarketsSnapshot, type MarketsUpdate, type MarketTick } from '../../../../src-main/contract/markets';
import { formatPct, formatPrice, orderSymbols } from '../../../../src-renderer/features/markets/markets-model';
import { MarketsStore } from '../../../../src-renderer/features/markets/markets-store';

const tick = (symbol: string, last: number, ts: number, over: Partial<MarketTick> = {}): MarketTick => ({ symbol, last, bid: last - 1, ask: last + 1, change24hPct: 1, volume24h: 10, ts, ...over });
const row = (symbol: string, last: number, over: Partial<MarketRow> = {}): MarketRow => ({ ...tick(symbol, last, 0), signal: null, grade: null, stale: false, spark: [last], ...over });
const snapshot = (rows: MarketRow[], seq = 5): MarketsSnapshot => ({ provider: 'sandbox', seq, rows, status: { provider: 'sandbox', state: 'live', message: null, lastUpdateAt: null, entryId: null } });
const update = (seq: number, over: Partial<MarketsUpdate> = {}): MarketsUpdate => ({ provider: 'sandbox', seq, ticks: [], stale: [], fresh: [], status: null, signals: [], ...over });

describe('markets store', () => {
  it('applies updates after the snapshot’s seq, skips older ones and refuses another provider’s', () => {
    const s = new MarketsStore();
    s.reset(snapshot([row('BTC-USD', 100), row('ETH-USD', 10)]));
    expect(s.apply(update(5, { ticks: [tick('BTC-USD', 1, 1)] }))).toBe(true);
    expect(s.rows.get('BTC-USD')!.last).toBe(100);
    expect(s.apply(update(6, { ticks: [tick('BTC-USD', 101, 1)] }))).toBe(true);
    expect(s.rows.get('BTC-USD')!.last).toBe(101);
    expect(s.apply({ ...update(7, { ticks: [tick('BTC-USD', 5, 2)] }), provider: 'binance' })).toBe(false);
    expect(s.rows.get('BTC-USD')!.last).toBe(101);
  });

  it('notifies only the symbols that changed, and counts new symbols', () => {
    const s = new MarketsStore();
    s.reset(snapshot([row('BTC-USD', 100), row('ETH-USD', 10)]));
    const btc = vi.fn();
    const eth = vi.fn();
    s.subscribeRow('BTC-USD', btc);
    s.subscribeRow('ETH-USD', eth);
    s.apply(update(6, { ticks: [tick('BTC-USD', 101, 1), tick('SOL-USD', 3, 1)] }));
    expect(btc).toHaveBeenCalledTimes(1);
    expect(eth).not.toHaveBeenCalled();
    expect(s.meta.getState().count).toBe(3);
  });

  it('extends the sparkline one point per bucket of tick time, the newest 60', () => {
    const s = new MarketsStore();
    s.reset(snapshot([row('BTC-USD', 100, { ts: 0 })]));
    let seq = 6;
    for (let i = 1; i <= 200; i++) s.apply(update(seq++, { ticks: [tick('BTC-USD', 100 + i, (i * SPARK_BUCKET_MS) / 2)] }));
    const spark = s.rows.get('BTC-USD')!.spark;
    expect(spark).toHaveLength(SPARK_POINTS);
    expect(spark.at(-1)).toBe(300);
    expect(spark.at(-2)).toBe(299);
  });

  it('counts price changes for the flash, by direction, and tracks stale and fresh', () => {
    const s = new MarketsStore();
    s.reset(snapshot([row('BTC-USD', 100)]));
    s.apply(update(6, { ticks: [tick('BTC-USD', 101, 1)] }));
    expect(s.rows.get('BTC-USD')).toMatchObject({ dir: 1, flashes: 1 });
    s.apply(update(7, { ticks: [tick('BTC-USD', 101, 2)] }));
    expect(s.rows.get('BTC-USD')).toMatchObject({ dir: 1, flashes: 1 });
    s.apply(update(8, { ticks: [tick('BTC-USD', 99, 3)] }));
    expect(s.rows.get('BTC-USD')).toMatchObject({ dir: -1, flashes: 2 });
    s.apply(update(9, { stale: ['BTC-USD'] }));
    expect(s.rows.get('BTC-USD')!.stale).toBe(true);
    s.apply(update(10, { fresh: ['BTC-USD'] }));
    expect(s.rows.get('BTC-USD')!.stale).toBe(false);
    s.apply(update(11, { signals: [{ symbol: 'BTC-USD', signal: 'bearish', grade: 20, since: '2026-01-01T00:00:00Z' }] }));
    expect(s.rows.get('BTC-USD')).toMatchObject({ signal: 'bearish', grade: 20 });
  });
});

describe('table order', () => {
  const store = new MarketsStore();
  store.reset(
    snapshot([
      row('BTC-USD', 60_000, { change24hPct: 2, volume24h: 10, signal: 'bullish', grade: 70 }),
      row('ETH-USD', 3_000, { change24hPct: -3, volume24h: 1_000, signal: 'bearish', grade: 20 }),
      row('DOGE-USD', 0.1, { change24hPct: null, volume24h: 1e9, signal: null, grade: null }),
    ]),
  );
  const q = { sort: { key: 'default' as const, desc: false }, filter: 'all' as const, search: '', watchlist: [] as string[] };

  it('keeps the provider’s order by default and sorts by a column, missing values last', () => {
    expect(orderSymbols(store.rows, q)).toEqual(['BTC-USD', 'ETH-USD', 'DOGE-USD']);
    expect(orderSymbols(store.rows, { ...q, sort: { key: 'change', desc: true } })).toEqual(['BTC-USD', 'ETH-USD', 'DOGE-USD']);
    expect(orderSymbols(store.rows, { ...q, sort: { key: 'change', desc: false } })).toEqual(['ETH-USD', 'BTC-USD', 'DOGE-USD']);
    // Volume compares the quote value traded: 1e9 DOGE at 0.1 beats 1,000 ETH at 3,000.
    expect(orderSymbols(store.rows, { ...q, sort: { key: 'volume', desc: true } })).toEqual(['DOGE-USD', 'ETH-USD', 'BTC-USD']);
    expect(orderSymbols(store.rows, { ...q, sort: { key: 'symbol', desc: false } })).toEqual(['BTC-USD', 'DOGE-USD', 'ETH-USD']);
  });

  it('filters by signal, search and watchlist (in the order starred)', () => {
    expect(orderSymbols(store.rows, { ...q, filter: 'bullish' })).toEqual(['BTC-USD']);
    expect(orderSymbols(store.rows, { ...q, filter: 'bearish' })).toEqual(['ETH-USD']);
    expect(orderSymbols(store.rows, { ...q, search: ' do ' })).toEqual(['DOGE-USD']);
    expect(orderSymbols(store.rows, { ...q, filter: 'watchlist', watchlist: ['DOGE-USD', 'BTC-USD'] })).toEqual(['DOGE-USD', 'BTC-USD']);
  });

  it('formats prices and changes as exchanges show them', () => {
    expect(formatPrice(68_941.17)).toBe('68,941.17');
    expect(formatPrice(0.000012345)).toBe('0.000012345');
    expect(formatPrice(null)).toBe('—');
    expect(formatPct(-2.1)).toBe('−2.10%');
    expect(formatPct(4.5)).toBe('+4.50%');
  });
});
