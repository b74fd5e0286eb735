/**
 * Binance spot market data (public, no key), through the egress.
 * Docs followed:
 *   REST  https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints
 *         (GET /api/v3/ticker/24hr, /api/v3/ticker/price, /api/v3/klines, /api/v3/exchangeInfo)
 *   Limits https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits
 *         (X-MBX-USED-WEIGHT-1M, 429 with Retry-After, 418 = IP ban after ignoring 429s)
 *   Errors https://developers.binance.com/docs/binance-spot-api-docs/errors (`{"code":-1121,"msg":"Invalid symbol."}`)
 *   WS    https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
 *         (combined streams /stream?streams=a/b wrapped as {stream,data}; lowercase symbols; a ping frame every
 *         20 s, answered by `ws`; a connection lives 24 h at most; `serverShutdown` before maintenance)
 * Symbols: Binance's BTCUSDT becomes BTC-USDT (base and quote from exchangeInfo; if that is not available, a
 * known-quote suffix split). Volume is the base asset's 24 h volume.
 */
import type { CandleInterval, MarketCandle, MarketTick } from '../contract/markets';
import { getJson, num, toProviderError } from './get-json';
import { ReconnectingSocket } from './reconnecting-socket';
import { ProviderError, type MarketFeed, type MarketProvider, type ProviderDeps, type StreamHandlers } from './types';

export const BINANCE_REST = 'https://api.binance.com';
export const BINANCE_WS = 'wss://stream.binance.com:9443';
/** The documented request-weight limit per minute (REQUEST_WEIGHT in exchangeInfo.rateLimits). */
const WEIGHT_LIMIT_1M = 6_000;
/** Leave room for the person's own signed requests: market data stops asking at this much used weight. */
const WEIGHT_BUDGET_1M = 4_800;
/** Quotes tried longest first when exchangeInfo could not be read. */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'DAI', 'EUR', 'TRY', 'BRL', 'GBP', 'JPY', 'BTC', 'ETH', 'BNB'];

export interface BinanceOptions {
  readonly baseUrl?: string;
  readonly wsUrl?: string;
  /** Silence after which the stream counts as lost (default 30 s; miniTicker pushes every second). */
  readonly silenceMs?: number;
  readonly backoff?: { baseMs: number; capMs: number };
}

interface Pair {
  base: string;
  quote: string;
}

type BinanceError = { code?: unknown; msg?: unknown };

function readBinanceError(json: unknown, answer: { status: number }): { code?: ProviderError['code']; message: string } | null {
  const j = json as BinanceError | null;
  if (!j || typeof j !== 'object' || Array.isArray(j) || typeof j.msg !== 'string') return null;
  const code = typeof j.code === 'number' ? j.code : null;
  const kind: ProviderError['code'] | undefined =
    answer.status === 429 || answer.status === 418 || code === -1003 ? 'rate_limited' : code === -1121 || code === -1100 || code === -1102 ? 'bad_symbol' : answer.status === 401 || code === -2014 || code === -2015 ? 'unauthorized' : undefined;
  const ban = answer.status === 418 ? ' Binance banned this IP address for ignoring its rate limits (HTTP 418)' : '';
  return { ...(kind && { code: kind }), message: `${j.msg}${code !== null ? ` (code ${code})` : ''}${ban}` };
}

export function createBinanceProvider(deps: ProviderDeps, opts: BinanceOptions = {}): MarketProvider {
  const rest = (opts.baseUrl ?? BINANCE_REST).replace(/\/$/, '');
  const wsBase = (opts.wsUrl ?? BINANCE_WS).replace(/\/$/, '');
  const now = deps.now ?? Date.now;
  let pairs: Map<string, Pair> | null = null;
  /** Weight Binance reported as used in the current minute, and which minute. */
  let weight = { used: 0, minute: -1 };

  const toSymbol = (raw: string): string | null => {
    const p = pairs?.get(raw);
    if (p) return `${p.base}-${p.quote}`;
    if (pairs) return null; // not a trading pair
    const q = QUOTES.find((x) => raw.endsWith(x) && raw.length > x.length);
    return q ? `${raw.slice(0, -q.length)}-${q}` : null;
  };
  const toBinance = (symbol: string) => symbol.replace('-', '').toUpperCase();

  async function get(path: string): Promise<unknown> {
    const minute = Math.floor(now() / 60_000);
    if (weight.minute === minute && weight.used >= WEIGHT_BUDGET_1M) {
      const wait = (minute + 1) * 60_000 - now();
      throw new ProviderError('binance', 'rate_limited', `Signet has used ${weight.used} of Binance's ${WEIGHT_LIMIT_1M} request weight this minute and holds market data back for the rest of it.`, wait);
    }
    let used: number | null = null;
    const json = await getJson(
      deps,
      'binance',
      'Binance',
      `${rest}${path}`,
      {
        readError: (j, answer) => {
          used = num(answer.headers['x-mbx-used-weight-1m']);
          return readBinanceError(j, answer);
        },
      },
    ).finally(() => {
      if (used !== null) weight = { used, minute };
    });
    return json;
  }

  async function loadPairs(): Promise<void> {
    if (pairs) return;
    try {
      const info = (await get('/api/v3/exchangeInfo?symbolStatus=TRADING&showPermissionSets=false')) as { symbols?: { symbol: string; status: string; baseAsset: string; quoteAsset: string }[] };
      if (!Array.isArray(info.symbols)) throw new ProviderError('binance', 'bad_response', 'Binance exchangeInfo has no symbols list; the API may have changed.');
      pairs = new Map(info.symbols.filter((s) => s.status === 'TRADING').map((s) => [s.symbol, { base: s.baseAsset, quote: s.quoteAsset }]));
    } catch (e) {
      // Rate limits must surface; anything else leaves the suffix split in place.
      const pe = toProviderError('binance', e);
      if (pe.code === 'rate_limited') throw pe;
    }
  }

  interface Ticker24 {
    symbol: string;
    lastPrice: string;
    bidPrice?: string;
    askPrice?: string;
    priceChangePercent: string;
    volume: string;
    closeTime: number;
  }
  const fromTicker24 = (t: Ticker24): MarketTick | null => {
    const symbol = toSymbol(t.symbol);
    const last = num(t.lastPrice);
    if (!symbol || last === null) return null;
    return { symbol, last, bid: num(t.bidPrice), ask: num(t.askPrice), change24hPct: num(t.priceChangePercent), volume24h: num(t.volume), ts: typeof t.closeTime === 'number' ? t.closeTime : now() };
  };

  return {
    id: 'binance',
    name: 'Binance',
    hasSignals: false,
    key: 'none',
    staleAfterMs: 10_000,

    async tickers() {
      await loadPairs();
      const list = await get('/api/v3/ticker/24hr');
      if (!Array.isArray(list)) throw new ProviderError('binance', 'bad_response', 'Binance ticker/24hr did not answer with a list; the API may have changed.');
      return (list as Ticker24[]).map(fromTicker24).filter((t): t is MarketTick => t !== null);
    },

    async candles(symbol: string, interval: CandleInterval, limit: number): Promise<MarketCandle[]> {
      const n = Math.max(1, Math.min(1000, Math.floor(limit)));
      const rows = await get(`/api/v3/klines?symbol=${encodeURIComponent(toBinance(symbol))}&interval=${interval}&limit=${n}`);
      if (!Array.isArray(rows)) throw new ProviderError('binance', 'bad_response', 'Binance klines did not answer with a list; the API may have changed.');
      return (rows as unknown[][]).map((r) => ({ openTime: Number(r[0]), open: num(r[1]) ?? NaN, high: num(r[2]) ?? NaN, low: num(r[3]) ?? NaN, close: num(r[4]) ?? NaN, volume: num(r[5]) ?? 0 })).filter((c) => Number.isFinite(c.close));
    },

    async quote(symbol: string): Promise<MarketTick> {
      // Weight 2: the cheapest way to the current price of one symbol.
      const p = (await get(`/api/v3/ticker/price?symbol=${encodeURIComponent(toBinance(symbol))}`)) as { price?: string };
      const last = num(p?.price);
      if (last === null) throw new ProviderError('binance', 'bad_response', 'Binance ticker/price did not answer with a price; the API may have changed.');
      return { symbol, last, bid: null, ask: null, change24hPct: null, volume24h: null, ts: now() };
    },

    async signals() {
      return [];
    },

    stream(symbols: 'all' | readonly string[], handlers: StreamHandlers): MarketFeed {
      const streams = symbols === 'all' ? ['!miniTicker@arr'] : symbols.map((s) => `${toBinance(s).toLowerCase()}@ticker`);
      let closed = false;
      const socket = new ReconnectingSocket({
        provider: 'binance',
        name: 'Binance',
        url: () => `${wsBase}/stream?streams=${streams.join('/')}`,
        open: deps.openSocket,
        subscriptions: () => [], // the streams are in the URL, so every reconnect subscribes again
        silenceMs: opts.silenceMs ?? 30_000,
        maxLifetimeMs: 23.5 * 3_600_000,
        ...(opts.backoff && { backoff: opts.backoff }),
        onStatus: handlers.onStatus,
        onMessage: (text) => {
          const m = JSON.parse(text) as { stream?: string; data?: unknown; e?: string; error?: { code?: number; msg?: string } };
          if (m.error) return socket.fail(`Binance refused the stream: ${m.error.msg ?? 'unknown error'}${m.error.code !== undefined ? ` (code ${m.error.code})` : ''}.`);
          if (m.e === 'serverShutdown' || (m.data as { e?: string } | undefined)?.e === 'serverShutdown') return socket.reconnectNow('Binance is restarting this stream server; reconnecting.');
          const items = Array.isArray(m.data) ? m.data : m.data ? [m.data] : [];
          const ticks: MarketTick[] = [];
          for (const d of items as Record<string, unknown>[]) {
            const symbol = toSymbol(String(d.s));
            const last = num(d.c);
            if (!symbol || last === null) continue;
            const ts = typeof d.E === 'number' ? d.E : now();
            if (d.e === '24hrTicker') {
              ticks.push({ symbol, last, bid: num(d.b), ask: num(d.a), change24hPct: num(d.P), volume24h: num(d.v), ts });
            } else if (d.e === '24hrMiniTicker') {
              const open = num(d.o);
              ticks.push({ symbol, last, bid: null, ask: null, change24hPct: open ? ((last - open) / open) * 100 : null, volume24h: num(d.v), ts });
            }
          }
          if (ticks.length) handlers.onTicks(ticks);
        },
      });
      // Pairs first, so BTCUSDT splits by exchangeInfo; the stream starts either way.
      void loadPairs()
        .catch((e) => handlers.onStatus({ state: 'error', message: toProviderError('binance', e).message }))
        .finally(() => !closed && socket.start());
      return {
        close() {
          closed = true;
          socket.close();
        },
      };
    },
  };
}
