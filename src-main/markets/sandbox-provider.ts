/**
 * The embedded sandbox exchange as a market provider (the default one): REST /v1/tickers, /v1/candles and
 * /v1/signals through the egress's PublicHttp, the WebSocket /v1/stream through its SocketOpener (docs/sandbox.md).
 * The stream carries prices only, so signals are polled. The sandbox restarts on a new port when the app restarts
 * and may be down, so the URL is asked for at every (re)connect and a sandbox that is not running is retried, not
 * given up on; the stream itself is a ReconnectingSocket speaking the sandbox's small protocol ({op:'subscribe'},
 * {op:'ping'} every heartbeat; a socket silent past two heartbeats is treated as dropped).
 */
import type { CandleInterval, MarketCandle, MarketSignal, MarketTick } from '../contract/markets';
import { ReconnectingSocket } from './reconnecting-socket';
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
    let closed = false;
    // The sandbox's own status wording, kept: 'connecting' until a connection has worked (the page shows no banner
    // then), and a refused subscription stays an error until the next connection (its pongs are not prices).
    let everLive = false;
    let refused = false;
    const onStatus: StreamHandlers['onStatus'] = (st) => {
      if (st.state === 'live') {
        if (refused) return;
        everLive = true;
      } else refused = st.state === 'error';
      handlers.onStatus(st.state === 'reconnecting' && !everLive ? { ...st, state: 'connecting' } : st);
    };
    const socket = new ReconnectingSocket({
      provider: 'sandbox',
      name: 'Sandbox exchange',
      url: () => base().replace(/^http/, 'ws') + '/v1/stream',
      open: (provider, url) => {
        try {
          return deps.openSocket(provider, url);
        } catch (e) {
          throw new Error(`Could not open the sandbox stream: ${(e as Error).message}.`, { cause: e });
        }
      },
      retryOpenFailures: true,
      // A drop, for whatever reason, is told as one: a person can only wait or restart Signet.
      retryMessage: ({ why, openFailed, waitMs }) => `${openFailed ? why : 'The connection to the sandbox stream closed.'} Trying again in ${Math.max(1, Math.round(waitMs / 1000))} s.`,
      subscriptions: () => [JSON.stringify({ op: 'subscribe', symbols: symbols === 'all' ? '*' : symbols })],
      ping: { everyMs: heartbeatMs, message: () => '{"op":"ping"}' },
      silenceMs: 2 * heartbeatMs,
      backoff: { baseMs: baseBackoff, capMs: maxBackoff },
      random,
      onStatus,
      onMessage: (text) => {
        let msg: { type?: unknown; data?: unknown; message?: unknown };
        try {
          msg = JSON.parse(text) as typeof msg;
        } catch {
          return;
        }
        if (msg.type === 'ticker') {
          const ticks = Array.isArray(msg.data) ? (msg.data as unknown[]) : [];
          // The sandbox's batches are well-formed; check the first element only, to keep 10,000 ticks/s cheap.
          if (ticks.length > 0 && isTick(ticks[0])) handlers.onTicks(ticks as MarketTick[]);
        } else if (msg.type === 'error') {
          socket.fail(`The sandbox refused the subscription: ${String(msg.message)}`);
        }
      },
    }).start();
    const pollSignals = handlers.onSignals
      ? setInterval(() => {
          signals(symbols === 'all' ? undefined : symbols).then(
            (s) => !closed && handlers.onSignals?.(s),
            () => undefined, // the stream's status already tells when the sandbox is away
          );
        }, signalsEveryMs)
      : null;
    pollSignals?.unref();

    return {
      close() {
        closed = true;
        if (pollSignals) clearInterval(pollSignals);
        socket.close();
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
