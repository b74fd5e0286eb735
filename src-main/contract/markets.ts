/**
 * Markets: live prices and trading signals from one provider at a time. Main keeps the latest tick per
 * symbol and pushes `markets:update` batches at most every 50 ms; the renderer applies them to its store. Public
 * data only: no type here holds a key.
 */
import { z } from 'zod';

export const MARKET_PROVIDERS = ['sandbox', 'binance', 'coinbase', 'kraken', 'coingecko', 'token-metrics'] as const;
export const MarketProviderId = z.enum(MARKET_PROVIDERS);
export type MarketProviderId = z.infer<typeof MarketProviderId>;

export const SignalDirection = z.enum(['bullish', 'neutral', 'bearish']);
export type SignalDirection = z.infer<typeof SignalDirection>;

/** One price update. Fields a provider does not give are null (CoinGecko has no bid/ask). */
export const MarketTick = z.object({
  symbol: z.string(),
  last: z.number(),
  bid: z.number().nullable(),
  ask: z.number().nullable(),
  change24hPct: z.number().nullable(),
  volume24h: z.number().nullable(),
  /** Epoch ms the provider stamped it (else when main received it). */
  ts: z.number(),
});
export type MarketTick = z.infer<typeof MarketTick>;

export const MarketSignal = z.object({
  symbol: z.string(),
  signal: SignalDirection,
  /** 0 (strongly bearish) … 100 (strongly bullish). */
  grade: z.number(),
  /** ISO time the signal took its current direction. */
  since: z.string(),
});
export type MarketSignal = z.infer<typeof MarketSignal>;

/** Sparkline shape, shared so the renderer extends a snapshot's spark exactly as main builds it: one point per
 * bucket of tick time (the bucket's latest price), the newest SPARK_POINTS kept. */
export const SPARK_POINTS = 60;
export const SPARK_BUCKET_MS = 2_000;

/** A row of the Markets table: the latest tick, the signal when the provider has one, recent closes for the sparkline. */
export const MarketRow = MarketTick.extend({
  signal: SignalDirection.nullable(),
  grade: z.number().nullable(),
  /** No update for longer than the provider's stale threshold. */
  stale: z.boolean(),
  /** Up to 60 recent prices, oldest first. */
  spark: z.array(z.number()),
});
export type MarketRow = z.infer<typeof MarketRow>;

/** The feed's health, as the page shows it. */
export const FeedStatus = z.object({
  provider: MarketProviderId,
  state: z.enum(['connecting', 'live', 'reconnecting', 'stale', 'error', 'needs-key']),
  /** What is wrong and what to do, in words a person can act on; null when live. */
  message: z.string().nullable(),
  /** ISO time of the last update received, if any. */
  lastUpdateAt: z.string().nullable(),
  /** Which vault key the provider uses, when it needs one. */
  entryId: z.string().nullable(),
});
export type FeedStatus = z.infer<typeof FeedStatus>;

export const MarketsSnapshot = z.object({
  provider: MarketProviderId,
  status: FeedStatus,
  rows: z.array(MarketRow),
  /** The update sequence number this snapshot includes; later `markets:update` events have larger numbers. */
  seq: z.number().int(),
});
export type MarketsSnapshot = z.infer<typeof MarketsSnapshot>;

/** Pushed at most every 50 ms: the latest tick of each symbol that changed since the last push. */
export const MarketsUpdate = z.object({
  provider: MarketProviderId,
  seq: z.number().int(),
  ticks: z.array(MarketTick),
  /** Symbols whose feed went stale (or fresh again: `fresh`) since the last push. */
  stale: z.array(z.string()),
  fresh: z.array(z.string()),
  /** Set when the feed's status changed. */
  status: FeedStatus.nullable(),
  /** Signals that changed (providers with signals). */
  signals: z.array(MarketSignal),
});
export type MarketsUpdate = z.infer<typeof MarketsUpdate>;

export const CANDLE_INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export const CandleInterval = z.enum(CANDLE_INTERVALS);
export type CandleInterval = z.infer<typeof CandleInterval>;

export const MarketCandle = z.object({ openTime: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });
export type MarketCandle = z.infer<typeof MarketCandle>;

export const SymbolDetail = z.object({
  provider: MarketProviderId,
  symbol: z.string(),
  interval: CandleInterval,
  candles: z.array(MarketCandle),
  /** Newest last; empty when the provider has no signals. */
  signalHistory: z.array(z.object({ at: z.string(), signal: SignalDirection, grade: z.number() })),
});
export type SymbolDetail = z.infer<typeof SymbolDetail>;

export const MarketProviderInfo = z.object({
  id: MarketProviderId,
  name: z.string(),
  /** Whether it can be used now: a key it needs is in the vault (CoinGecko's is optional). */
  available: z.boolean(),
  needsKey: z.boolean(),
  hasSignals: z.boolean(),
  /** Why not available, and what to do. */
  reason: z.string().nullable(),
});
export type MarketProviderInfo = z.infer<typeof MarketProviderInfo>;
