/**
 * The embedded sandbox exchange as a market provider (the default one): REST /v1/tickers, /v1/candles and
 * /v1/signals through the egress's PublicHttp, the WebSocket /v1/stream through its SocketOpener (docs/sandbox.md).
 * The stream carries prices only, so signals are polled. The sandbox restarts on a new port when the app restarts
 * and may be down, so the URL is asked for at every (re)connect, and a dropped socket reconnects with capped,
 * jittered backoff; a socket that stays silent past two heartbeats is treated as dropped.
 *
 * The socket handling is here rather than in a shared reconnecting helper because the sandbox speaks its own small
 * protocol ({op:'subscribe'}, {op:'ping'}) and the whole loop is a few dozen lines.
 */
import type { WebSocket } from 'ws';
import type { CandleInterval, MarketCandle, MarketSignal, MarketTick } from '../contract/markets';
import { ProviderError, type HttpAnswer, type MarketFeed, type MarketProvider, type ProviderDeps, type StreamHandlers } from './types';

export interface SandboxProviderOptions {
  /** The running sandbox's base URL (http://127.0.0.1:PORT), or null when it is not running. */
  readonly sandboxUrl: () => string | null;
  /** Default 5,000 ms (the app's sandbox steps once a second). */
  readonly staleAfterMs?: number;
  /** How often signals are polled while streaming; default 10,000 ms. */
  readonly signalsEveryMs?: number;
  /** Ping interval; a socket silent for two of these is closed and reopened. Default 15,000 ms. */
  readonly heartbeatMs?: number;
  /** First reconnect delay (doubles up to maxBackoffMs, with jitter); default 500 ms. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Jitter source (tests fix it). */
  readonly random?: () => number;
}

const NOT_RUNNING = 'The embedded sandbox exchange is not running, so it has no prices. Restart Signet; if it still fails, the log says why the sandbox did not start.';

function describeAnswer(a: HttpAnswer): string {
  try {
    const body = JSON.parse(a.body) as { code?: unknown; message?: unknown };
    if (typeof body.message === 'string') return `${a.status} ${typeof body.code === 'string' ? body.code : ''}: ${body.message}`.replace(' :', ':');
  } catch {
    // not JSON: the status alone
  }
  return `HTTP ${a.status}`;
}

function isTick(v: unknown): v is MarketTick {
  const t = v as MarketTick;
  return typeof v === 'object' && v !== null && typeof t.symbol === 'string' && typeof t.last === 'number' && typeof t.ts === 'number';
}

/** The sandbox's ticker has exactly the contract's fields; a malformed entry is dropped, not guessed at. */
function toTicks(data: unknown): MarketTick[] {
  if (!Array.isArray(data)) throw new ProviderError('sandbox', 'bad_response', 'The sandbox answered tickers with something other than a list. Restart Signet.');
  return (data as unknown[]).filter(isTick);
}

export function createSandboxProvider(deps: ProviderDeps & SandboxProviderOptions): MarketProvider {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const baseBackoff = deps.backoffMs ?? 500;
  const maxBackoff = deps.maxBackoffMs ?? 10_000;
  const signalsEveryMs = deps.signalsEveryMs ?? 10_000;

  const base = (): string => {
    const url = deps.sandboxUrl();
    if (!url) throw new ProviderError('sandbox', 'unavailable', NOT_RUNNING);
    return url;
  };

  async function getJson(path: string): Promise<unknown> {
    const answer = await deps.http.request('sandbox', { method: 'GET', url: `${base()}${path}`, record: false });
    if (answer.status === 429) throw new ProviderError('sandbox', 'rate_limited', `The sandbox is rate limiting market data (${describeAnswer(answer)}). Wait a moment.`, Number(answer.headers['retry-after'] ?? 1) * 1000);
    if (answer.status === 400) throw new ProviderError('sandbox', 'bad_symbol', `The sandbox refused ${path.split('?')[0]} (${describeAnswer(answer)}).`);
    if (answer.status < 200 || answer.status >= 300) throw new ProviderError('sandbox', 'unavailable', `The sandbox answered ${path.split('?')[0]} with ${describeAnswer(answer)}. Restart Signet if it persists.`);
    try {
      return JSON.parse(answer.body) as unknown;
    } catch {
      throw new ProviderError('sandbox', 'bad_response', `The sandbox answered ${path.split('?')[0]} with something that is not JSON. Restart Signet.`);
    }
  }

  const query = (symbols?: readonly string[]) => (symbols && symbols.length ? `?symbols=${encodeURIComponent(symbols.join(','))}` : '');

  async function signals(symbols?: readonly string[]): Promise<MarketSignal[]> {
    const data = await getJson(`/v1/signals${query(symbols)}`);
    if (!Array.isArray(data)) throw new ProviderError('sandbox', 'bad_response', 'The sandbox answered signals with something other than a list. Restart Signet.');
    return data as MarketSignal[];
  }

  function stream(symbols: 'all' | readonly string[], handlers: StreamHandlers): MarketFeed {
    let socket: WebSocket | null = null;
    let closed = false;
    let attempt = 0;
    let lastMessage = now();
    let reconnectTimer: NodeJS.Timeout | null = null;
    let hadOpen = false;
    const heartbeat = setInterval(() => {
      if (!socket || socket.readyState !== socket.OPEN) return;
      if (now() - lastMessage > 2 * heartbeatMs) {
        // Silent past two pings: the connection is dead even if TCP has not noticed.
        socket.terminate();
        return;
      }
      socket.send('{"op":"ping"}');
    }, heartbeatMs);
    heartbeat.unref();
    const pollSignals = handlers.onSignals
      ? setInterval(() => {
          signals(symbols === 'all' ? undefined : symbols).then(
            (s) => !closed && handlers.onSignals?.(s),
            () => undefined, // the stream's status already tells when the sandbox is away
          );
        }, signalsEveryMs)
      : null;
    pollSignals?.unref();

    const scheduleReconnect = (why: string): void => {
      if (closed || reconnectTimer) return;
      const delay = Math.min(maxBackoff, baseBackoff * 2 ** attempt) * (0.5 + random() / 2);
      attempt++;
      handlers.onStatus({ state: hadOpen ? 'reconnecting' : 'connecting', message: `${why} Trying again in ${Math.max(1, Math.round(delay / 1000))} s.` });
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        connect();
      }, delay);
      reconnectTimer.unref();
    };

    const connect = (): void => {
      if (closed) return;
      let url: string;
      try {
        url = base().replace(/^http/, 'ws') + '/v1/stream';
      } catch (e) {
        scheduleReconnect((e as Error).message);
        return;
      }
      let ws: WebSocket;
      try {
        ws = deps.openSocket('sandbox', url);
      } catch (e) {
        scheduleReconnect(`Could not open the sandbox stream: ${(e as Error).message}.`);
        return;
      }
      socket = ws;
      ws.on('open', () => {
        attempt = 0;
        hadOpen = true;
        lastMessage = now();
        ws.send(JSON.stringify({ op: 'subscribe', symbols: symbols === 'all' ? '*' : symbols }));
        handlers.onStatus({ state: 'live', message: null });
      });
      ws.on('message', (data, isBinary) => {
        lastMessage = now();
        if (isBinary) return;
        let msg: { type?: unknown; data?: unknown; message?: unknown };
        try {
          msg = JSON.parse(data.toString()) as typeof msg;
        } catch {
          return;
        }
        if (msg.type === 'ticker') {
          const ticks = Array.isArray(msg.data) ? (msg.data as unknown[]) : [];
          // The sandbox's batches are well-formed; check the first element only, to keep 10,000 ticks/s cheap.
          if (ticks.length > 0 && isTick(ticks[0])) handlers.onTicks(ticks as MarketTick[]);
        } else if (msg.type === 'error') {
          handlers.onStatus({ state: 'error', message: `The sandbox refused the subscription: ${String(msg.message)}` });
        }
      });
      ws.on('error', () => undefined); // 'close' follows and reconnects
      ws.on('close', () => {
        if (socket === ws) socket = null;
        scheduleReconnect('The connection to the sandbox stream closed.');
      });
    };

    handlers.onStatus({ state: 'connecting', message: null });
    connect();
    return {
      close() {
        closed = true;
        clearInterval(heartbeat);
        if (pollSignals) clearInterval(pollSignals);
        if (reconnectTimer) clearTimeout(reconnectTimer);
        socket?.close();
        socket = null;
      },
    };
  }

  return {
    id: 'sandbox',
    name: 'Sandbox exchange',
    hasSignals: true,
    key: 'none',
    staleAfterMs: deps.staleAfterMs ?? 5_000,
    async tickers() {
      return toTicks(await getJson('/v1/tickers'));
    },
    async candles(symbol: string, interval: CandleInterval, limit: number): Promise<MarketCandle[]> {
      const data = await getJson(`/v1/candles?symbol=${encodeURIComponent(symbol)}&interval=${interval}&limit=${Math.max(1, Math.min(1000, Math.floor(limit)))}`);
      if (!Array.isArray(data)) throw new ProviderError('sandbox', 'bad_response', 'The sandbox answered candles with something other than a list. Restart Signet.');
      return data as MarketCandle[];
    },
    signals,
    stream,
  };
}
