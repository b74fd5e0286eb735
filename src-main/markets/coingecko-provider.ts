/**
 * CoinGecko market data, through the egress; an API key is optional (demo keys go in x-cg-demo-api-key on
 * api.coingecko.com, paid keys in x-cg-pro-api-key on pro-api.coingecko.com — PublicHttpClient picks the header
 * by host). CoinGecko has no public stream, so the feed polls.
 * Docs followed:
 *   https://docs.coingecko.com/reference/coins-markets (GET /coins/markets?vs_currency=usd&price_change_percentage=24h)
 *   https://docs.coingecko.com/reference/simple-price (GET /simple/price)
 *   https://docs.coingecko.com/reference/coins-id-ohlc (GET /coins/{id}/ohlc?vs_currency=usd&days=N: the candle size
 *     follows the range — 1–2 days: 30 min, 3–30 days: 4 h, over 30 days: 4 days; no volume)
 *   https://docs.coingecko.com/reference/common-errors-rate-limit (`{"status":{"error_code":429,"error_message":…}}`;
 *     the demo plan allows about 30 calls a minute)
 * Symbols: CoinGecko's coin symbol in USD, e.g. BTC-USD. Where two coins share a symbol, the larger by market cap
 * wins (the list is ordered by market cap). No bid/ask; volume is the 24 h volume in USD.
 */
import type { CandleInterval, MarketCandle, MarketTick } from '../contract/markets';
import { getJson, num } from './get-json';
import { startPoller } from './poller';
import { ProviderError, type MarketFeed, type MarketProvider, type ProviderDeps, type StreamHandlers } from './types';

export const COINGECKO_REST = 'https://api.coingecko.com/api/v3';
const OHLC_DAYS: Readonly<Record<CandleInterval, number>> = { '1m': 1, '5m': 1, '15m': 1, '1h': 1, '4h': 30, '1d': 365 };

export interface CoinGeckoOptions {
  readonly baseUrl?: string;
  /** Poll interval (default 30 s: two calls a minute, far inside the demo plan's budget). */
  readonly pollMs?: number;
  /** Coins per poll (one page of /coins/markets, at most 250). */
  readonly perPage?: number;
}

function readCoinGeckoError(json: unknown, answer: { status: number }): { code?: ProviderError['code']; message: string } | null {
  const j = json as { status?: { error_code?: unknown; error_message?: unknown }; error?: unknown } | null;
  const status = j && !Array.isArray(j) ? j.status : undefined;
  if (status && typeof status.error_message === 'string') {
    const c = Number(status.error_code);
    const code: ProviderError['code'] | undefined = c === 429 || answer.status === 429 ? 'rate_limited' : c === 401 || c === 10002 || c === 10010 || c === 10011 || answer.status === 401 ? 'unauthorized' : undefined;
    return { ...(code && { code }), message: `${status.error_message} (error ${String(status.error_code)})` };
  }
  if (j && !Array.isArray(j) && typeof j.error === 'string') return { ...(answer.status === 404 && { code: 'bad_symbol' as const }), message: j.error };
  return null;
}

interface Coin {
  id: string;
  symbol: string;
  current_price: number | null;
  total_volume: number | null;
  price_change_percentage_24h: number | null;
  last_updated: string | null;
}

export function createCoinGeckoProvider(deps: ProviderDeps, opts: CoinGeckoOptions = {}): MarketProvider {
  const rest = (opts.baseUrl ?? COINGECKO_REST).replace(/\/$/, '');
  const now = deps.now ?? Date.now;
  /** BTC-USD → bitcoin, from the last markets list. */
  const ids = new Map<string, string>();
  const get = (path: string) => getJson(deps, 'coingecko', 'CoinGecko', `${rest}${path}`, { entryId: deps.entryId, readError: readCoinGeckoError });

  async function tickers(): Promise<MarketTick[]> {
    const list = await get(`/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=${Math.min(250, opts.perPage ?? 250)}&page=1&price_change_percentage=24h`);
    if (!Array.isArray(list)) throw new ProviderError('coingecko', 'bad_response', 'CoinGecko coins/markets did not answer with a list; the API may have changed.');
    const out: MarketTick[] = [];
    const seen = new Set<string>();
    for (const c of list as Coin[]) {
      const symbol = `${String(c.symbol).toUpperCase()}-USD`;
      const last = num(c.current_price);
      if (seen.has(symbol) || last === null) continue;
      seen.add(symbol);
      ids.set(symbol, c.id);
      const stamped = c.last_updated ? Date.parse(c.last_updated) : NaN;
      out.push({ symbol, last, bid: null, ask: null, change24hPct: num(c.price_change_percentage_24h), volume24h: num(c.total_volume), ts: Number.isFinite(stamped) ? stamped : now() });
    }
    return out;
  }

  return {
    id: 'coingecko',
    name: 'CoinGecko',
    hasSignals: false,
    key: 'optional',
    staleAfterMs: Math.max(90_000, (opts.pollMs ?? 30_000) * 3),
    tickers,

    async candles(symbol: string, interval: CandleInterval, limit: number): Promise<MarketCandle[]> {
      if (!ids.size) await tickers();
      const id = ids.get(symbol.toUpperCase());
      if (!id) throw new ProviderError('coingecko', 'bad_symbol', `CoinGecko has no coin ${symbol} among the listed ones; pick one from the list.`);
      const rows = await get(`/coins/${encodeURIComponent(id)}/ohlc?vs_currency=usd&days=${OHLC_DAYS[interval]}`);
      if (!Array.isArray(rows)) throw new ProviderError('coingecko', 'bad_response', 'CoinGecko ohlc did not answer with a list; the API may have changed.');
      // [time (ms), open, high, low, close], oldest first; CoinGecko gives no volume here.
      return (rows as unknown[][])
        .map((r) => ({ openTime: Number(r[0]), open: num(r[1]) ?? NaN, high: num(r[2]) ?? NaN, low: num(r[3]) ?? NaN, close: num(r[4]) ?? NaN, volume: 0 }))
        .filter((c) => Number.isFinite(c.close))
        .slice(-Math.max(1, Math.floor(limit)));
    },

    /** One coin between polls, from /simple/price (cheaper than a page of coins/markets). */
    async quote(symbol: string): Promise<MarketTick> {
      if (!ids.size) await tickers();
      const id = ids.get(symbol.toUpperCase());
      if (!id) throw new ProviderError('coingecko', 'bad_symbol', `CoinGecko has no coin ${symbol} among the listed ones; pick one from the list.`);
      const json = (await get(`/simple/price?ids=${encodeURIComponent(id)}&vs_currencies=usd&include_24hr_vol=true&include_24hr_change=true&include_last_updated_at=true`)) as Record<string, { usd?: number; usd_24h_vol?: number; usd_24h_change?: number; last_updated_at?: number } | undefined>;
      const coin = json?.[id];
      const last = num(coin?.usd);
      if (!coin || last === null) throw new ProviderError('coingecko', 'bad_response', `CoinGecko simple/price has no USD price for ${id}; the API may have changed.`);
      const at = typeof coin.last_updated_at === 'number' ? coin.last_updated_at * 1000 : now();
      return { symbol: symbol.toUpperCase(), last, bid: null, ask: null, change24hPct: num(coin.usd_24h_change), volume24h: num(coin.usd_24h_vol), ts: at };
    },

    async signals() {
      return [];
    },

    stream(symbols: 'all' | readonly string[], handlers: StreamHandlers): MarketFeed {
      const wanted = symbols === 'all' ? null : new Set(symbols.map((s) => s.toUpperCase()));
      return startPoller({
        provider: 'coingecko',
        name: 'CoinGecko',
        intervalMs: opts.pollMs ?? 30_000,
        onStatus: handlers.onStatus,
        poll: async () => {
          const ticks = await tickers();
          const out = wanted ? ticks.filter((t) => wanted.has(t.symbol)) : ticks;
          if (out.length) handlers.onTicks(out);
        },
      });
    },
  };
}
