/**
 * Coinbase market data (public, no key), through the egress.
 * Docs followed:
 *   Advanced Trade public REST https://docs.cdp.coinbase.com/advanced-trade/reference/retailbrokerageapi_getpublicproducts
 *     (GET api.coinbase.com/api/v3/brokerage/market/products: every product with price, 24 h change and volume in
 *     one call — the Exchange API has no bulk ticker, and one request per product would spend the rate limit)
 *   Exchange REST https://docs.cdp.coinbase.com/exchange/reference/exchangerestapi_getproducts
 *     (GET api.exchange.coinbase.com /products, /products/{id}/ticker, /products/{id}/stats,
 *     /products/{id}/candles?granularity=60|300|900|3600|21600|86400 → [time, low, high, open, close, volume],
 *     newest first; errors `{"message": "..."}`)
 *   Exchange WebSocket https://docs.cdp.coinbase.com/exchange/websocket-feed/channels
 *     (wss://ws-feed.exchange.coinbase.com, `{"type":"subscribe","product_ids":[…],"channels":["ticker","heartbeat"]}`,
 *     ticker messages with best_bid/best_ask, a heartbeat per product each second, `{"type":"error"}` refusals)
 * Symbols are Coinbase's own product ids (BTC-USD), already BASE-QUOTE. Candles of 4 h are built from 1 h
 * candles (Coinbase has 1 h and 6 h, not 4 h). Volume is the base asset's 24 h volume.
 */
import type { CandleInterval, MarketCandle, MarketTick } from '../contract/markets';
import { getJson, num } from './get-json';
import { ReconnectingSocket, socketFeed } from './reconnecting-socket';
import { ProviderError, type MarketFeed, type MarketProvider, type ProviderDeps, type StreamHandlers } from './types';

export const COINBASE_EXCHANGE_REST = 'https://api.exchange.coinbase.com';
export const COINBASE_ADVANCED_REST = 'https://api.coinbase.com';
export const COINBASE_WS = 'wss://ws-feed.exchange.coinbase.com';
const GRANULARITY: Readonly<Record<CandleInterval, number>> = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '4h': 3600, '1d': 86400 };

export interface CoinbaseOptions {
  /** Exchange REST (candles). */
  readonly baseUrl?: string;
  /** Advanced Trade REST (bulk tickers, product list). */
  readonly advancedUrl?: string;
  readonly wsUrl?: string;
  /** Default 10 s: a heartbeat arrives every second per product. */
  readonly silenceMs?: number;
  readonly backoff?: { baseMs: number; capMs: number };
}

function readCoinbaseError(json: unknown, answer: { status: number }): { code?: ProviderError['code']; message: string } | null {
  if (answer.status < 400) return null;
  const j = json as { message?: unknown; error?: unknown; error_details?: unknown } | null;
  const message = [j?.message, j?.error_details, j?.error].find((v) => typeof v === 'string' && v !== '');
  if (typeof message !== 'string') return null;
  const code: ProviderError['code'] | undefined = answer.status === 404 || /not ?found|invalid product/i.test(message) ? 'bad_symbol' : undefined;
  return { ...(code && { code }), message };
}

interface AdvancedProduct {
  product_id: string;
  price?: string;
  price_percentage_change_24h?: string;
  volume_24h?: string;
  status?: string;
  trading_disabled?: boolean;
  is_disabled?: boolean;
}

export function createCoinbaseProvider(deps: ProviderDeps, opts: CoinbaseOptions = {}): MarketProvider {
  const exchange = (opts.baseUrl ?? COINBASE_EXCHANGE_REST).replace(/\/$/, '');
  const advanced = (opts.advancedUrl ?? COINBASE_ADVANCED_REST).replace(/\/$/, '');
  const wsUrl = opts.wsUrl ?? COINBASE_WS;
  const now = deps.now ?? Date.now;
  const get = (url: string) => getJson(deps, 'coinbase', 'Coinbase', url, { readError: readCoinbaseError });

  async function products(): Promise<AdvancedProduct[]> {
    const j = (await get(`${advanced}/api/v3/brokerage/market/products?product_type=SPOT`)) as { products?: AdvancedProduct[] };
    if (!Array.isArray(j.products)) throw new ProviderError('coinbase', 'bad_response', 'Coinbase market/products has no products list; the API may have changed.');
    return j.products.filter((p) => p.status === 'online' && !p.trading_disabled && !p.is_disabled);
  }

  return {
    id: 'coinbase',
    name: 'Coinbase',
    hasSignals: false,
    key: 'none',
    staleAfterMs: 15_000,

    async tickers() {
      const ts = now();
      const out: MarketTick[] = [];
      for (const p of await products()) {
        const last = num(p.price);
        if (last === null) continue;
        out.push({ symbol: p.product_id, last, bid: null, ask: null, change24hPct: num(p.price_percentage_change_24h), volume24h: num(p.volume_24h), ts });
      }
      return out;
    },

    async candles(symbol: string, interval: CandleInterval, limit: number): Promise<MarketCandle[]> {
      const group = interval === '4h' ? 4 : 1;
      // Coinbase returns at most 300 candles per request.
      const n = Math.max(1, Math.min(300, Math.floor(limit) * group));
      const g = GRANULARITY[interval];
      const end = Math.floor(now() / 1000);
      const start = end - n * g;
      const rows = await get(`${exchange}/products/${encodeURIComponent(symbol.toUpperCase())}/candles?granularity=${g}&start=${new Date(start * 1000).toISOString()}&end=${new Date(end * 1000).toISOString()}`);
      if (!Array.isArray(rows)) throw new ProviderError('coinbase', 'bad_response', 'Coinbase candles did not answer with a list; the API may have changed.');
      // [time (s), low, high, open, close, volume], newest first.
      const hourly = (rows as unknown[][])
        .map((r) => ({ openTime: Number(r[0]) * 1000, low: num(r[1]) ?? NaN, high: num(r[2]) ?? NaN, open: num(r[3]) ?? NaN, close: num(r[4]) ?? NaN, volume: num(r[5]) ?? 0 }))
        .filter((c) => Number.isFinite(c.close))
        .sort((a, b) => a.openTime - b.openTime);
      if (group === 1) return hourly.slice(-limit).map(({ openTime, open, high, low, close, volume }) => ({ openTime, open, high, low, close, volume }));
      const buckets = new Map<number, MarketCandle>();
      for (const c of hourly) {
        const at = Math.floor(c.openTime / 14_400_000) * 14_400_000;
        const b = buckets.get(at);
        if (!b) buckets.set(at, { openTime: at, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume });
        else buckets.set(at, { ...b, high: Math.max(b.high, c.high), low: Math.min(b.low, c.low), close: c.close, volume: b.volume + c.volume });
      }
      return [...buckets.values()].slice(-limit);
    },

    async signals() {
      return [];
    },

    stream(symbols: 'all' | readonly string[], handlers: StreamHandlers): MarketFeed {
      let ids: string[] = symbols === 'all' ? [] : symbols.map((s) => s.toUpperCase());
      const socket = new ReconnectingSocket({
        provider: 'coinbase',
        name: 'Coinbase',
        url: () => wsUrl,
        open: deps.openSocket,
        subscriptions: () => [JSON.stringify({ type: 'subscribe', product_ids: ids, channels: ['ticker', 'heartbeat'] })],
        silenceMs: opts.silenceMs ?? 10_000,
        ...(opts.backoff && { backoff: opts.backoff }),
        onStatus: handlers.onStatus,
        onMessage: (text) => {
          const m = JSON.parse(text) as Record<string, unknown>;
          if (m.type === 'error') return socket.fail(`Coinbase refused the subscription: ${String(m.message ?? 'error')}${m.reason ? ` (${String(m.reason)})` : ''}.`);
          if (m.type !== 'ticker') return; // heartbeat, subscriptions: life only
          const last = num(m.price);
          if (typeof m.product_id !== 'string' || last === null) return;
          const open = num(m.open_24h);
          const stamped = typeof m.time === 'string' ? Date.parse(m.time) : NaN;
          handlers.onTicks([{ symbol: m.product_id, last, bid: num(m.best_bid), ask: num(m.best_ask), change24hPct: open ? ((last - open) / open) * 100 : null, volume24h: num(m.volume_24h), ts: Number.isFinite(stamped) ? stamped : now() }]);
        },
      });
      const ready =
        symbols === 'all'
          ? products().then((list) => {
              ids = list.map((p) => p.product_id);
            })
          : null;
      return socketFeed(socket, ready, handlers.onStatus);
    },
  };
}
