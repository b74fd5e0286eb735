/**
 * The markets pipeline: one active provider at a time, its feed folded into the latest tick per
 * symbol, and at most one `markets:update` every 50 ms carrying only the symbols that changed (latest tick wins).
 *
 * Cheap on purpose, because the sandbox can stream 1,000 symbols ten times a second: a tick costs a Map lookup, a
 * few field writes and a Map.set into the pending batch — the tick object the adapter parsed is kept as is, the
 * sparkline is a preallocated Float64Array ring, and nothing serializes the whole table except `snapshot()` (the
 * first paint). Staleness is checked on a coarse timer, not per tick. Feed status changes are pushed at once.
 */
import { AppError } from '../base/errors';
import { silentLogger, type Logger } from '../base/logger';
import {
  SPARK_BUCKET_MS,
  SPARK_POINTS,
  type CandleInterval,
  type FeedStatus,
  type MarketProviderId,
  type MarketProviderInfo,
  type MarketRow,
  type MarketSignal,
  type MarketsSnapshot,
  type MarketsUpdate,
  type MarketTick,
  type SignalDirection,
  type SymbolDetail,
} from '../contract/markets';
import type { ProviderRegistry } from './provider-registry';
import { ProviderError, type MarketFeed, type MarketProvider } from './types';

export interface MarketsServiceDeps {
  readonly registry: ProviderRegistry;
  /** The provider to start with (the persisted choice); default 'sandbox'. */
  readonly initialProvider?: MarketProviderId;
  readonly now?: () => number;
  /** The push cadence; default 50 ms. */
  readonly flushMs?: number;
  readonly logger?: Logger;
}

interface RowState {
  tick: MarketTick;
  signal: SignalDirection | null;
  grade: number | null;
  /** Receipt time (main's clock: a provider's clock may be off). */
  seenAt: number;
  stale: boolean;
  readonly spark: Float64Array;
  sparkHead: number;
  sparkLen: number;
  sparkBucket: number;
}

interface SignalPoint {
  readonly at: string;
  readonly signal: SignalDirection;
  readonly grade: number;
}

const CANDLES = 300;

/** A one-symbol quote over the row's tick: the quote's price and time, its other fields where it has them. */
export function mergeQuote(had: MarketTick, q: MarketTick): MarketTick {
  if (q.ts < had.ts) return had;
  return { symbol: had.symbol, last: q.last, bid: q.bid ?? had.bid, ask: q.ask ?? had.ask, change24hPct: q.change24hPct ?? had.change24hPct, volume24h: q.volume24h ?? had.volume24h, ts: q.ts };
}
const HISTORY_MAX = 200;

/** A provider's refusal as the IPC error the page shows (its message is already written for people). */
function toAppError(e: unknown, provider: MarketProviderId): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof ProviderError) {
    const code = e.code === 'rate_limited' ? 'ERR_RATE_LIMITED' : e.code === 'bad_symbol' ? 'ERR_VALIDATION' : provider === 'sandbox' && e.code === 'unavailable' ? 'ERR_SANDBOX_UNAVAILABLE' : 'ERR_NETWORK';
    return new AppError(code, e.message, { cause: e });
  }
  return new AppError('ERR_NETWORK', `The ${provider} provider failed: ${e instanceof Error ? e.message : String(e)}. Try again, or choose another provider.`, { cause: e });
}

export class MarketsService {
  readonly #deps: MarketsServiceDeps;
  readonly #now: () => number;
  readonly #flushMs: number;
  readonly #logger: Logger;
  readonly #listeners = new Set<(u: MarketsUpdate) => void>();
  readonly #rows = new Map<string, RowState>();
  readonly #history = new Map<string, SignalPoint[]>();
  #pending = new Map<string, MarketTick>();
  #pendingSignals = new Map<string, MarketSignal>();
  #staleOut: string[] = [];
  #freshOut: string[] = [];
  #statusChanged = false;
  #seq = 0;
  #lastFlush = 0;
  #flushTimer: NodeJS.Timeout | null = null;
  #staleTimer: NodeJS.Timeout | null = null;
  #providerId: MarketProviderId;
  #provider: MarketProvider | null = null;
  #feed: MarketFeed | null = null;
  #status: FeedStatus;
  #lastTickAt: number | null = null;
  /** Bumped by every select: late answers for an earlier provider are dropped. */
  #generation = 0;
  #unsubscribeKeys: (() => void) | null = null;
  #closed = false;

  constructor(deps: MarketsServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#flushMs = deps.flushMs ?? 50;
    this.#logger = deps.logger ?? silentLogger;
    this.#providerId = deps.initialProvider ?? 'sandbox';
    this.#status = { provider: this.#providerId, state: 'connecting', message: null, lastUpdateAt: null, entryId: null };
  }

  /** Opens the initial provider, and reopens a provider that was waiting for a key when keys change. */
  start(): Promise<MarketsSnapshot> {
    if (this.#closed) return Promise.resolve(this.snapshot());
    return this.select(this.#providerId);
  }

  /**
   * The snapshot, starting the feed the first time something asks: the hosts do not start it at launch, so nothing
   * streams and no provider is contacted until the Markets page is opened.
   */
  async open(): Promise<MarketsSnapshot> {
    if (this.#generation === 0) return this.start();
    return this.snapshot();
  }

  providers(): MarketProviderInfo[] {
    return this.#deps.registry.list();
  }

  get provider(): MarketProviderId {
    return this.#providerId;
  }

  /** Switches to `id` (closing the current feed) and resolves with its first snapshot (REST tickers and signals). */
  async select(id: MarketProviderId): Promise<MarketsSnapshot> {
    // After close (the app quitting while the sandbox was still starting), nothing opens again.
    if (this.#closed) throw new AppError('ERR_VALIDATION', 'Markets are closed: Signet is shutting down.');
    this.#unsubscribeKeys ??= this.#deps.registry.subscribe(() => {
      if (this.#status.state === 'needs-key' && this.#deps.registry.open(this.#providerId).ok) void this.select(this.#providerId);
    });
    const generation = ++this.#generation;
    this.#feed?.close();
    this.#feed = null;
    this.#provider = null;
    this.#providerId = id;
    this.#rows.clear();
    this.#history.clear();
    this.#pending = new Map();
    this.#pendingSignals = new Map();
    this.#staleOut = [];
    this.#freshOut = [];
    this.#lastTickAt = null;
    const opened = this.#deps.registry.open(id);
    if (!opened.ok) {
      this.#setStatus({ state: opened.state, message: opened.message }, opened.entryId);
      return this.snapshot();
    }
    const provider = opened.provider;
    this.#provider = provider;
    this.#setStatus({ state: 'connecting', message: null }, opened.entryId);
    try {
      const [ticks, signals] = await Promise.all([provider.tickers(), provider.hasSignals ? provider.signals() : Promise.resolve([])]);
      if (generation !== this.#generation || this.#closed) return this.snapshot();
      this.#onTicks(ticks);
      this.#onSignals(signals);
    } catch (e) {
      if (generation !== this.#generation || this.#closed) return this.snapshot();
      this.#setStatus({ state: 'error', message: toAppError(e, id).message });
    }
    this.#feed = provider.stream('all', {
      onTicks: (t) => generation === this.#generation && this.#onTicks(t),
      onSignals: (s) => generation === this.#generation && this.#onSignals(s),
      onStatus: (s) => generation === this.#generation && this.#setStatus(s),
    });
    this.#startStaleTimer(provider.staleAfterMs);
    return this.snapshot();
  }

  /** Everything the page needs for its first paint; later updates have larger `seq`. */
  snapshot(): MarketsSnapshot {
    const rows: MarketRow[] = [];
    for (const r of this.#rows.values()) {
      const spark = new Array<number>(r.sparkLen);
      for (let k = 0; k < r.sparkLen; k++) spark[k] = r.spark[(r.sparkHead + k) % SPARK_POINTS]!;
      rows.push({ ...r.tick, signal: r.signal, grade: r.grade, stale: r.stale, spark });
    }
    return { provider: this.#providerId, status: this.#statusNow(), rows, seq: this.#seq };
  }

  /** Candles from the provider and the signal history this session has seen. */
  async symbol(symbol: string, interval: CandleInterval): Promise<SymbolDetail> {
    const provider = this.#provider;
    const id = this.#providerId;
    if (!provider) throw new AppError('ERR_VALIDATION', this.#status.message ?? `The ${id} provider is not connected. Choose a provider first.`);
    let candles;
    try {
      candles = await provider.candles(symbol, interval, CANDLES);
    } catch (e) {
      throw toAppError(e, id);
    }
    // A polled feed can be tens of seconds old: opening a symbol fetches its current price where the provider has a
    // cheap endpoint for one symbol, and it joins the row like any tick (fields the quote lacks keep their value).
    if (provider.quote) {
      try {
        const q = await provider.quote(symbol);
        const had = this.#rows.get(symbol)?.tick;
        if (provider === this.#provider) this.#onTicks([had ? mergeQuote(had, q) : q]);
      } catch (e) {
        this.#logger.warn('markets: quote failed', { provider: id, symbol, error: e });
      }
    }
    return { provider: id, symbol, interval, candles, signalHistory: [...(this.#history.get(symbol) ?? [])] };
  }

  subscribe(listener: (u: MarketsUpdate) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#generation++;
    this.#feed?.close();
    this.#feed = null;
    this.#unsubscribeKeys?.();
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#staleTimer) clearInterval(this.#staleTimer);
    this.#flushTimer = this.#staleTimer = null;
    this.#listeners.clear();
  }

  #onTicks(ticks: readonly MarketTick[]): void {
    if (ticks.length === 0) return;
    const now = this.#now();
    this.#lastTickAt = now;
    if (this.#status.state === 'stale' || this.#status.state === 'connecting' || this.#status.state === 'reconnecting') this.#setStatus({ state: 'live', message: null });
    for (const tick of ticks) {
      let row = this.#rows.get(tick.symbol);
      if (!row) {
        row = { tick, signal: null, grade: null, seenAt: now, stale: false, spark: new Float64Array(SPARK_POINTS), sparkHead: 0, sparkLen: 0, sparkBucket: -1 };
        this.#rows.set(tick.symbol, row);
      } else {
        row.tick = tick;
        row.seenAt = now;
        if (row.stale) {
          row.stale = false;
          this.#freshOut.push(tick.symbol);
        }
      }
      const bucket = Math.floor(tick.ts / SPARK_BUCKET_MS);
      if (bucket !== row.sparkBucket) {
        row.sparkBucket = bucket;
        if (row.sparkLen < SPARK_POINTS) row.sparkLen++;
        else row.sparkHead = (row.sparkHead + 1) % SPARK_POINTS;
      }
      row.spark[(row.sparkHead + row.sparkLen - 1) % SPARK_POINTS] = tick.last;
      this.#pending.set(tick.symbol, tick);
    }
    this.#schedule();
  }

  #onSignals(signals: readonly MarketSignal[]): void {
    if (signals.length === 0) return;
    const at = new Date(this.#now()).toISOString();
    for (const s of signals) {
      const row = this.#rows.get(s.symbol);
      if (row && row.signal === s.signal && row.grade === s.grade) continue;
      if (row) {
        row.signal = s.signal;
        row.grade = s.grade;
      }
      let h = this.#history.get(s.symbol);
      if (!h) this.#history.set(s.symbol, (h = []));
      const last = h[h.length - 1];
      // A point when the direction changes or the grade moves noticeably: a history, not a log of every poll.
      if (!last || last.signal !== s.signal || Math.abs(last.grade - s.grade) >= 5) {
        h.push({ at: last ? at : s.since, signal: s.signal, grade: s.grade });
        if (h.length > HISTORY_MAX) h.splice(0, h.length - HISTORY_MAX);
      }
      this.#pendingSignals.set(s.symbol, s);
    }
    this.#schedule();
  }

  #setStatus(s: { state: FeedStatus['state']; message: string | null }, entryId?: string | null): void {
    const same = this.#status.provider === this.#providerId && this.#status.state === s.state && this.#status.message === s.message && (entryId === undefined || entryId === this.#status.entryId);
    if (same) return;
    this.#status = { provider: this.#providerId, state: s.state, message: s.message, lastUpdateAt: null, entryId: entryId === undefined ? this.#status.entryId : entryId };
    this.#statusChanged = true;
    // Status is news a person acts on: pushed now, not at the next tick of the batch timer.
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#flush();
  }

  #statusNow(): FeedStatus {
    return { ...this.#status, lastUpdateAt: this.#lastTickAt === null ? null : new Date(this.#lastTickAt).toISOString() };
  }

  #schedule(): void {
    if (this.#flushTimer || this.#closed) return;
    const wait = Math.max(0, this.#lastFlush + this.#flushMs - this.#now());
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = null;
      this.#flush();
    }, wait);
  }

  #flush(): void {
    if (this.#closed) return;
    if (this.#pending.size === 0 && this.#pendingSignals.size === 0 && this.#staleOut.length === 0 && this.#freshOut.length === 0 && !this.#statusChanged) return;
    this.#lastFlush = this.#now();
    const update: MarketsUpdate = {
      provider: this.#providerId,
      seq: ++this.#seq,
      ticks: [...this.#pending.values()],
      stale: this.#staleOut,
      fresh: this.#freshOut,
      status: this.#statusChanged ? this.#statusNow() : null,
      signals: [...this.#pendingSignals.values()],
    };
    this.#pending.clear();
    this.#pendingSignals.clear();
    this.#staleOut = [];
    this.#freshOut = [];
    this.#statusChanged = false;
    for (const l of this.#listeners) {
      try {
        l(update);
      } catch (e) {
        this.#logger.error('a markets listener failed', { error: e });
      }
    }
  }

  #startStaleTimer(staleAfterMs: number): void {
    if (this.#staleTimer) clearInterval(this.#staleTimer);
    this.#staleTimer = setInterval(() => this.#checkStale(staleAfterMs), Math.max(50, Math.min(1000, staleAfterMs / 4)));
    this.#staleTimer.unref();
  }

  /** Marks symbols (and the feed) stale that have been silent longer than the provider's threshold. */
  #checkStale(staleAfterMs: number): void {
    const now = this.#now();
    let any = false;
    for (const [symbol, row] of this.#rows) {
      if (!row.stale && now - row.seenAt > staleAfterMs) {
        row.stale = true;
        this.#staleOut.push(symbol);
        any = true;
      }
    }
    if (this.#status.state === 'live' && this.#lastTickAt !== null && now - this.#lastTickAt > staleAfterMs) {
      this.#setStatus({ state: 'stale', message: `No price update from ${this.#provider?.name ?? this.#providerId} for ${Math.round((now - this.#lastTickAt) / 1000)} s. The prices shown may be out of date; Signet keeps listening.` });
    } else if (any) this.#schedule();
  }
}
