/**
 * Token Metrics: prices and AI trading signals with trader grades, through the egress, with the `x-api-key` the
 * vault holds (required; PublicHttpClient adds it). No stream, so the feed polls, gently: plans count calls.
 * Docs followed (https://developers.tokenmetrics.com/reference): GET /v2/tokens (TOKEN_ID per TOKEN_SYMBOL),
 * /v2/price (CURRENT_PRICE by token_id), /v2/trading-signals and /v2/hourly-trading-signals (TRADING_SIGNAL 1
 * bullish, 0 none, -1 bearish, with DATE), /v2/trader-grades (TM_TRADER_GRADE 0–100), /v2/hourly-ohlcv and
 * /v2/daily-ohlcv; answers `{success, message, data}`, errors `{success:false, message}`. Base URL and API version
 * are options (default https://api.tokenmetrics.com, v2).
 * Symbols: TOKEN_SYMBOL in USD, e.g. BTC-USD. Candles: hourly and daily only (4 h built from hourly).
 */
import type { CandleInterval, MarketCandle, MarketSignal, MarketTick, SignalDirection } from '../contract/markets';
import { getJson, num } from './get-json';
import { startPoller } from './poller';
import { ProviderError, type MarketFeed, type MarketProvider, type ProviderDeps, type StreamHandlers } from './types';

export const TOKEN_METRICS_REST = 'https://api.tokenmetrics.com';

export interface TokenMetricsOptions {
  readonly baseUrl?: string;
  /** API version path segment (default 'v2'). */
  readonly apiVersion?: string;
  /** Poll interval (default 120 s; each poll costs two or three calls). */
  readonly pollMs?: number;
  /** Tokens followed when the feed is asked for 'all' (default 50, the API's default page). */
  readonly limit?: number;
}

type Row = Record<string, unknown>;

function readTokenMetricsError(json: unknown, answer: { status: number }): { code?: ProviderError['code']; message: string } | null {
  const j = json as { success?: unknown; message?: unknown } | null;
  if (!j || Array.isArray(j) || (j.success !== false && answer.status < 400)) return null;
  const message = typeof j.message === 'string' && j.message ? j.message : `HTTP ${answer.status}`;
  const code: ProviderError['code'] | undefined =
    answer.status === 401 || answer.status === 403 || /api key|unauthori[sz]ed|forbidden/i.test(message) ? 'unauthorized' : answer.status === 429 || /limit/i.test(message) ? 'rate_limited' : undefined;
  return { ...(code && { code }), message };
}

const direction = (v: unknown): SignalDirection => (Number(v) > 0 ? 'bullish' : Number(v) < 0 ? 'bearish' : 'neutral');
const iso = (v: unknown, fallback: number): string => {
  const t = typeof v === 'string' || typeof v === 'number' ? Date.parse(String(v)) : NaN;
  return new Date(Number.isFinite(t) ? t : fallback).toISOString();
};

export function createTokenMetricsProvider(deps: ProviderDeps, opts: TokenMetricsOptions = {}): MarketProvider {
  const base = `${(opts.baseUrl ?? TOKEN_METRICS_REST).replace(/\/$/, '')}/${opts.apiVersion ?? 'v2'}`;
  const now = deps.now ?? Date.now;
  const ids = new Map<string, number>();

  async function data(path: string): Promise<Row[]> {
    if (!deps.entryId) throw new ProviderError('token-metrics', 'unauthorized', 'Token Metrics needs an API key. Add a Token Metrics key in the Vault, then choose it for Markets.');
    const j = (await getJson(deps, 'token-metrics', 'Token Metrics', `${base}${path}`, { entryId: deps.entryId, readError: readTokenMetricsError })) as { data?: unknown };
    if (!Array.isArray(j.data)) throw new ProviderError('token-metrics', 'bad_response', `Token Metrics ${path.split('?')[0]} has no data list; the API may have changed.`);
    return j.data as Row[];
  }
  const symQuery = (symbols?: readonly string[]) => (symbols?.length ? `symbol=${symbols.map((s) => encodeURIComponent(s.split('-')[0]!.toUpperCase())).join(',')}` : `limit=${opts.limit ?? 50}`);

  async function tokenIds(symbols?: readonly string[]): Promise<Map<string, number>> {
    const want = symbols?.map((s) => s.toUpperCase());
    if (!want || want.some((s) => !ids.has(s))) {
      for (const r of await data(`/tokens?${symQuery(symbols)}`)) {
        const sym = `${String(r.TOKEN_SYMBOL).toUpperCase()}-USD`;
        if (typeof r.TOKEN_ID === 'number' && !ids.has(sym)) ids.set(sym, r.TOKEN_ID);
      }
    }
    return want ? new Map(want.filter((s) => ids.has(s)).map((s) => [s, ids.get(s)!])) : new Map(ids);
  }

  async function tickers(symbols?: readonly string[]): Promise<MarketTick[]> {
    const idMap = await tokenIds(symbols);
    if (!idMap.size) return [];
    const bySym = new Map([...idMap].map(([s, id]) => [id, s]));
    const ts = now();
    const out: MarketTick[] = [];
    for (const r of await data(`/price?token_id=${[...idMap.values()].join(',')}`)) {
      const symbol = bySym.get(Number(r.TOKEN_ID));
      const last = num(r.CURRENT_PRICE);
      if (symbol && last !== null) out.push({ symbol, last, bid: null, ask: null, change24hPct: null, volume24h: null, ts });
    }
    return out;
  }

  async function signals(symbols?: readonly string[], hourly = false): Promise<MarketSignal[]> {
    const q = symQuery(symbols);
    const [rows, grades] = await Promise.all([data(`/${hourly ? 'hourly-trading-signals' : 'trading-signals'}?${q}`), data(`/trader-grades?${q}`)]);
    const latest = new Map<string, Row>();
    for (const r of rows) {
      const sym = `${String(r.TOKEN_SYMBOL).toUpperCase()}-USD`;
      const prev = latest.get(sym);
      if (!prev || String(r.DATE ?? r.TIMESTAMP) > String(prev.DATE ?? prev.TIMESTAMP)) latest.set(sym, r);
    }
    const gradeOf = new Map<string, number>();
    for (const g of grades) {
      const v = num(g.TM_TRADER_GRADE);
      if (v !== null) gradeOf.set(`${String(g.TOKEN_SYMBOL).toUpperCase()}-USD`, v);
    }
    return [...latest].map(([symbol, r]) => ({
      symbol,
      signal: direction(r.TRADING_SIGNAL ?? r.SIGNAL),
      grade: Math.max(0, Math.min(100, gradeOf.get(symbol) ?? num(r.TM_TRADER_GRADE) ?? 50)),
      since: iso(r.DATE ?? r.TIMESTAMP, now()),
    }));
  }

  return {
    id: 'token-metrics',
    name: 'Token Metrics',
    hasSignals: true,
    key: 'required',
    staleAfterMs: Math.max(300_000, (opts.pollMs ?? 120_000) * 3),
    tickers: () => tickers(),
    signals: (symbols) => signals(symbols),

    async candles(symbol: string, interval: CandleInterval, limit: number): Promise<MarketCandle[]> {
      if (interval !== '1h' && interval !== '4h' && interval !== '1d') {
        throw new ProviderError('token-metrics', 'bad_symbol', `Token Metrics has hourly and daily candles only; choose 1h, 4h or 1d for ${symbol}.`);
      }
      const sym = encodeURIComponent(symbol.split('-')[0]!.toUpperCase());
      const group = interval === '4h' ? 4 : 1;
      const rows = await data(`/${interval === '1d' ? 'daily' : 'hourly'}-ohlcv?symbol=${sym}&limit=${Math.min(1000, limit * group)}`);
      const candles = rows
        .map((r) => ({ openTime: Date.parse(String(r.TIMESTAMP ?? r.DATE)), open: num(r.OPEN) ?? NaN, high: num(r.HIGH) ?? NaN, low: num(r.LOW) ?? NaN, close: num(r.CLOSE) ?? NaN, volume: num(r.VOLUME) ?? 0 }))
        .filter((c) => Number.isFinite(c.openTime) && Number.isFinite(c.close))
        .sort((a, b) => a.openTime - b.openTime);
      if (group === 1) return candles.slice(-limit);
      const buckets = new Map<number, MarketCandle>();
      for (const c of candles) {
        const at = Math.floor(c.openTime / 14_400_000) * 14_400_000;
        const b = buckets.get(at);
        buckets.set(at, b ? { ...b, high: Math.max(b.high, c.high), low: Math.min(b.low, c.low), close: c.close, volume: b.volume + c.volume } : { ...c, openTime: at });
      }
      return [...buckets.values()].slice(-limit);
    },

    stream(symbols: 'all' | readonly string[], handlers: StreamHandlers): MarketFeed {
      const list = symbols === 'all' ? undefined : symbols;
      return startPoller({
        provider: 'token-metrics',
        name: 'Token Metrics',
        intervalMs: opts.pollMs ?? 120_000,
        onStatus: handlers.onStatus,
        poll: async () => {
          const ticks = await tickers(list);
          if (ticks.length) handlers.onTicks(ticks);
          const s = await signals(list, true);
          if (s.length) handlers.onSignals?.(s);
        },
      });
    },
  };
}
