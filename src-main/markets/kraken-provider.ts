/**
 * Kraken spot market data (public, no key), through the egress.
 * Docs followed:
 *   REST https://docs.kraken.com/api/docs/rest-api/get-ticker-information (GET /0/public/Ticker),
 *        https://docs.kraken.com/api/docs/rest-api/get-ohlc-data (GET /0/public/OHLC, interval in minutes, ≤ 720 rows),
 *        https://docs.kraken.com/api/docs/rest-api/get-tradable-asset-pairs (GET /0/public/AssetPairs).
 *        Errors come as `{"error":["EQuery:Unknown asset pair"],"result":{}}`, often with HTTP 200.
 *   WS v2 https://docs.kraken.com/api/docs/websocket-v2/ticker (wss://ws.kraken.com/v2,
 *        `{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"]}}`, snapshot then updates),
 *        https://docs.kraken.com/api/docs/websocket-v2/heartbeat (a heartbeat each second once subscribed),
 *        https://docs.kraken.com/api/docs/websocket-v2/ping (`{"method":"ping"}` → `{"method":"pong"}`).
 * Symbols: Kraken's pair (REST key XXBTZUSD, altname XBTUSD, v1 wsname XBT/USD, v2 BTC/USD) becomes BTC-USD:
 * the v2 name with "/" → "-", XBT → BTC and XDG → DOGE as v2 does. The REST ticker's 24 h change is from Kraken's
 * `o` (today's opening price, 00:00 UTC), the closest it offers; volume is the base asset's last 24 h.
 */
import type { CandleInterval, MarketCandle, MarketTick } from '../contract/markets';
import { getJson, num } from './get-json';
import { ReconnectingSocket, socketFeed } from './reconnecting-socket';
import { ProviderError, type MarketFeed, type MarketProvider, type ProviderDeps, type StreamHandlers } from './types';

export const KRAKEN_REST = 'https://api.kraken.com';
export const KRAKEN_WS = 'wss://ws.kraken.com/v2';
const INTERVAL_MIN: Readonly<Record<CandleInterval, number>> = { '1m': 1, '5m': 5, '15m': 15, '1h': 60, '4h': 240, '1d': 1440 };
/** Symbols per subscribe message (Kraken takes lists; smaller messages keep one refusal from hiding the rest). */
const SUBSCRIBE_CHUNK = 100;

export interface KrakenOptions {
  readonly baseUrl?: string;
  readonly wsUrl?: string;
  /** Default 15 s: Kraken sends a heartbeat every second while subscribed. */
  readonly silenceMs?: number;
  readonly pingEveryMs?: number;
  readonly backoff?: { baseMs: number; capMs: number };
}

interface Pair {
  /** REST result key (XXBTZUSD). */
  key: string;
  altname: string;
  /** BTC-USD */
  symbol: string;
  /** BTC/USD (WS v2) */
  ws: string;
}

const v2Asset = (a: string) => (a === 'XBT' ? 'BTC' : a === 'XDG' ? 'DOGE' : a);
/** "XBT/USD" (v1 wsname) or "BTC/USD" (v2) → "BTC-USD". */
export function krakenSymbol(wsname: string): string {
  return wsname.split('/').map(v2Asset).join('-');
}

function readKrakenError(json: unknown): { code?: ProviderError['code']; message: string } | null {
  const errors = (json as { error?: unknown } | null)?.error;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const text = errors.map(String).join('; ');
  const code: ProviderError['code'] = /EQuery:Unknown asset pair|EGeneral:Invalid arguments/.test(text)
    ? 'bad_symbol'
    : /Rate limit|Too many requests|Throttled/i.test(text)
      ? 'rate_limited'
      : /EService/.test(text)
        ? 'unavailable'
        : /EAPI:Invalid key|Permission denied/.test(text)
          ? 'unauthorized'
          : 'bad_response';
  return { code, message: text };
}

export function createKrakenProvider(deps: ProviderDeps, opts: KrakenOptions = {}): MarketProvider {
  const rest = (opts.baseUrl ?? KRAKEN_REST).replace(/\/$/, '');
  const wsUrl = opts.wsUrl ?? KRAKEN_WS;
  const now = deps.now ?? Date.now;
  let pairs: Pair[] | null = null;
  let loading: Promise<Pair[]> | null = null;

  const get = async (path: string) => (await getJson(deps, 'kraken', 'Kraken', `${rest}${path}`, { readError: readKrakenError })) as { result?: unknown };

  function loadPairs(): Promise<Pair[]> {
    if (pairs) return Promise.resolve(pairs);
    loading ??= get('/0/public/AssetPairs')
      .then((j) => {
        const result = j.result as Record<string, { altname?: string; wsname?: string; status?: string }> | undefined;
        if (!result || typeof result !== 'object') throw new ProviderError('kraken', 'bad_response', 'Kraken AssetPairs has no result; the API may have changed.');
        pairs = Object.entries(result)
          .filter(([, p]) => p.wsname && p.altname && (p.status === undefined || p.status === 'online'))
          .map(([key, p]) => ({ key, altname: p.altname!, symbol: krakenSymbol(p.wsname!), ws: krakenSymbol(p.wsname!).replace('-', '/') }));
        return pairs;
      })
      .finally(() => (loading = null));
    return loading;
  }

  async function pairOf(symbol: string): Promise<Pair> {
    const p = (await loadPairs()).find((x) => x.symbol === symbol.toUpperCase());
    if (!p) throw new ProviderError('kraken', 'bad_symbol', `Kraken has no pair ${symbol}; pick one from the list.`);
    return p;
  }

  return {
    id: 'kraken',
    name: 'Kraken',
    hasSignals: false,
    key: 'none',
    staleAfterMs: 30_000,

    async tickers() {
      const list = await loadPairs();
      const j = await get('/0/public/Ticker');
      const result = j.result as Record<string, { a?: string[]; b?: string[]; c?: string[]; v?: string[]; o?: string }> | undefined;
      if (!result || typeof result !== 'object') throw new ProviderError('kraken', 'bad_response', 'Kraken Ticker has no result; the API may have changed.');
      const byKey = new Map(list.flatMap((p) => [[p.key, p] as const, [p.altname, p] as const]));
      const ts = now();
      const out: MarketTick[] = [];
      for (const [key, t] of Object.entries(result)) {
        const p = byKey.get(key);
        const last = num(t.c?.[0]);
        if (!p || last === null) continue;
        const open = num(t.o);
        out.push({ symbol: p.symbol, last, bid: num(t.b?.[0]), ask: num(t.a?.[0]), change24hPct: open ? ((last - open) / open) * 100 : null, volume24h: num(t.v?.[1]), ts });
      }
      return out;
    },

    async candles(symbol: string, interval: CandleInterval, limit: number): Promise<MarketCandle[]> {
      const p = await pairOf(symbol);
      const j = await get(`/0/public/OHLC?pair=${encodeURIComponent(p.altname)}&interval=${INTERVAL_MIN[interval]}`);
      const result = (j.result ?? {}) as Record<string, unknown>;
      const rows = result[p.key] ?? Object.entries(result).find(([k]) => k !== 'last')?.[1];
      if (!Array.isArray(rows)) throw new ProviderError('kraken', 'bad_response', `Kraken OHLC has no rows for ${symbol}; the API may have changed.`);
      // [time (s), open, high, low, close, vwap, volume, count], oldest first.
      return (rows as unknown[][])
        .slice(-Math.max(1, Math.floor(limit)))
        .map((r) => ({ openTime: Number(r[0]) * 1000, open: num(r[1]) ?? NaN, high: num(r[2]) ?? NaN, low: num(r[3]) ?? NaN, close: num(r[4]) ?? NaN, volume: num(r[6]) ?? 0 }))
        .filter((c) => Number.isFinite(c.close));
    },

    async signals() {
      return [];
    },

    stream(symbols: 'all' | readonly string[], handlers: StreamHandlers): MarketFeed {
      let wsSymbols: string[] = symbols === 'all' ? [] : symbols.map((s) => s.toUpperCase().replace('-', '/').replace(/^XBT\//, 'BTC/'));
      const refused = new Set<string>();
      const socket = new ReconnectingSocket({
        provider: 'kraken',
        name: 'Kraken',
        url: () => wsUrl,
        open: deps.openSocket,
        subscriptions: () => {
          const out: string[] = [];
          for (let i = 0; i < wsSymbols.length; i += SUBSCRIBE_CHUNK) {
            out.push(JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: wsSymbols.slice(i, i + SUBSCRIBE_CHUNK) } }));
          }
          return out;
        },
        silenceMs: opts.silenceMs ?? 15_000,
        ping: { everyMs: opts.pingEveryMs ?? 20_000, message: () => JSON.stringify({ method: 'ping' }) },
        ...(opts.backoff && { backoff: opts.backoff }),
        onStatus: handlers.onStatus,
        onMessage: (text) => {
          const m = JSON.parse(text) as { channel?: string; type?: string; data?: Record<string, unknown>[]; method?: string; success?: boolean; error?: string; result?: { symbol?: string } };
          if (m.method === 'subscribe' && m.success === false) {
            const which = m.result?.symbol ?? m.error?.match(/[A-Z0-9]+\/[A-Z0-9]+/)?.[0] ?? '';
            if (which) refused.add(which);
            return socket.fail(`Kraken refused the ticker subscription${which ? ` for ${which}` : ''}: ${m.error ?? 'no reason given'}.`);
          }
          if (m.channel !== 'ticker' || !Array.isArray(m.data)) return; // heartbeat, status, pong, acks: life only
          const ts = now();
          const ticks: MarketTick[] = [];
          for (const d of m.data) {
            const last = num(d.last);
            if (typeof d.symbol !== 'string' || last === null) continue;
            const stamped = typeof d.timestamp === 'string' ? Date.parse(d.timestamp) : NaN;
            ticks.push({ symbol: krakenSymbol(d.symbol), last, bid: num(d.bid), ask: num(d.ask), change24hPct: num(d.change_pct), volume24h: num(d.volume), ts: Number.isFinite(stamped) ? stamped : ts });
          }
          if (ticks.length) handlers.onTicks(ticks);
        },
      });
      // v2 has no "every pair" subscription: list the pairs first.
      const ready =
        symbols === 'all'
          ? loadPairs().then((list) => {
              wsSymbols = list.map((p) => p.ws);
            })
          : null;
      return socketFeed(socket, ready, handlers.onStatus);
    },
  };
}
