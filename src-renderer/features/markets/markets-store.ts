/**
 * The Markets page's live rows, kept outside React state: a Map of row objects with one listener set per symbol,
 * so a batch of ticks re-renders exactly the visible rows whose symbol changed (each row subscribes to its own
 * symbol through useSyncExternalStore), and nothing else. What the table as a whole depends on — the feed status,
 * the set of symbols, and a slow "values epoch" for value sorts and signal filters — lives in a small zustand store
 * that changes rarely. The sparkline is extended here exactly as main builds it (contract SPARK_*), so a snapshot
 * and the updates after it draw one continuous line.
 */
import { useSyncExternalStore } from 'react';
import { createStore, useStore } from 'zustand';
import { SPARK_BUCKET_MS, SPARK_POINTS, type FeedStatus, type MarketProviderId, type MarketsSnapshot, type MarketsUpdate, type SignalDirection } from '../../../src-main/contract/markets';

export interface LiveRow {
  readonly symbol: string;
  readonly last: number;
  readonly bid: number | null;
  readonly ask: number | null;
  readonly change24hPct: number | null;
  readonly volume24h: number | null;
  readonly ts: number;
  readonly signal: SignalDirection | null;
  readonly grade: number | null;
  readonly stale: boolean;
  /** Shared and extended in place (the row object is new whenever it changes, so memoized views still see it). */
  readonly spark: number[];
  readonly sparkBucket: number;
  /** Direction of the last price change, and a counter that flips the flash animation so each change replays it. */
  readonly dir: -1 | 0 | 1;
  readonly flashes: number;
}

export interface MarketsMeta {
  provider: MarketProviderId | null;
  status: FeedStatus | null;
  /** Bumped when the set of symbols changes. */
  symbolsVersion: number;
  /** How many symbols the provider has. */
  count: number;
  /** Bumped at most every VALUES_EPOCH_MS while prices or signals move: value sorts and signal filters follow it. */
  valuesEpoch: number;
  loaded: boolean;
  error: string | null;
}

/** How often a value sort re-orders the table: rows that jump ten times a second cannot be read. */
export const VALUES_EPOCH_MS = 2_000;

export class MarketsStore {
  readonly rows = new Map<string, LiveRow>();
  readonly meta = createStore<MarketsMeta>()(() => ({ provider: null, status: null, symbolsVersion: 0, count: 0, valuesEpoch: 0, loaded: false, error: null }));
  #seq = -1;
  #rowListeners = new Map<string, Set<() => void>>();
  #lastEpochAt = 0;
  #epochTimer: ReturnType<typeof setTimeout> | null = null;

  /** Replaces everything with a snapshot (first paint, provider switch). */
  reset(s: MarketsSnapshot): void {
    this.rows.clear();
    for (const r of s.rows) {
      this.rows.set(r.symbol, { ...r, spark: [...r.spark], sparkBucket: Math.floor(r.ts / SPARK_BUCKET_MS), dir: 0, flashes: 0 });
    }
    this.#seq = s.seq;
    this.meta.setState((m) => ({ provider: s.provider, status: s.status, symbolsVersion: m.symbolsVersion + 1, count: this.rows.size, valuesEpoch: m.valuesEpoch + 1, loaded: true, error: null }));
    for (const set of this.#rowListeners.values()) for (const l of set) l();
  }

  /** Applies one batch; false when it belongs to another provider or is older than what is shown (ask for a snapshot). */
  apply(u: MarketsUpdate): boolean {
    const meta = this.meta.getState();
    if (u.provider !== meta.provider) return false;
    if (u.seq <= this.#seq) return true;
    this.#seq = u.seq;
    const changed: string[] = [];
    let added = false;
    for (const t of u.ticks) {
      const prev = this.rows.get(t.symbol);
      const bucket = Math.floor(t.ts / SPARK_BUCKET_MS);
      if (!prev) {
        this.rows.set(t.symbol, { ...t, signal: null, grade: null, stale: false, spark: [t.last], sparkBucket: bucket, dir: 0, flashes: 0 });
        added = true;
        continue;
      }
      const spark = prev.spark;
      if (bucket !== prev.sparkBucket) {
        spark.push(t.last);
        if (spark.length > SPARK_POINTS) spark.shift();
      } else spark[spark.length - 1] = t.last;
      const dir = t.last > prev.last ? 1 : t.last < prev.last ? -1 : 0;
      this.rows.set(t.symbol, {
        symbol: t.symbol,
        last: t.last,
        bid: t.bid,
        ask: t.ask,
        change24hPct: t.change24hPct,
        volume24h: t.volume24h,
        ts: t.ts,
        signal: prev.signal,
        grade: prev.grade,
        stale: false,
        spark,
        sparkBucket: bucket,
        dir: dir === 0 ? prev.dir : dir,
        flashes: dir === 0 ? prev.flashes : prev.flashes + 1,
      });
      changed.push(t.symbol);
    }
    for (const s of u.signals) {
      const prev = this.rows.get(s.symbol);
      if (prev) {
        this.rows.set(s.symbol, { ...prev, signal: s.signal, grade: s.grade });
        changed.push(s.symbol);
      }
    }
    for (const [list, stale] of [
      [u.stale, true],
      [u.fresh, false],
    ] as const) {
      for (const symbol of list) {
        const prev = this.rows.get(symbol);
        if (prev && prev.stale !== stale) {
          this.rows.set(symbol, { ...prev, stale });
          changed.push(symbol);
        }
      }
    }
    for (const symbol of changed) {
      const set = this.#rowListeners.get(symbol);
      if (set) for (const l of set) l();
    }
    if (u.status) this.meta.setState({ status: u.status });
    if (added) this.meta.setState((m) => ({ symbolsVersion: m.symbolsVersion + 1, count: this.rows.size }));
    if (changed.length > 0) this.#bumpEpochSoon();
    return true;
  }

  failed(message: string): void {
    this.meta.setState({ error: message, loaded: true });
  }

  subscribeRow(symbol: string, listener: () => void): () => void {
    let set = this.#rowListeners.get(symbol);
    if (!set) this.#rowListeners.set(symbol, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#rowListeners.delete(symbol);
    };
  }

  #bumpEpochSoon(): void {
    if (this.#epochTimer) return;
    const wait = Math.max(0, this.#lastEpochAt + VALUES_EPOCH_MS - Date.now());
    this.#epochTimer = setTimeout(() => {
      this.#epochTimer = null;
      this.#lastEpochAt = Date.now();
      this.meta.setState((m) => ({ valuesEpoch: m.valuesEpoch + 1 }));
    }, wait);
  }
}

export const marketsStore = new MarketsStore();

/** One row, re-rendering only when that symbol changes. */
export function useLiveRow(symbol: string): LiveRow | undefined {
  return useSyncExternalStore(
    (l) => marketsStore.subscribeRow(symbol, l),
    () => marketsStore.rows.get(symbol),
  );
}

export function useMarketsMeta<T>(select: (m: MarketsMeta) => T): T {
  return useStore(marketsStore.meta, select);
}
