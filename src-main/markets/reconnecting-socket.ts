/**
 * One provider WebSocket that stays up: opened through the egress's SocketOpener,
 * resubscribed after every reconnect, reconnected with capped exponential backoff and jitter after a drop, torn
 * down and reopened when it goes silent (a half-open TCP connection shows no error, only silence), and reopened
 * before a provider's documented connection lifetime ends (Binance: 24 h). Every change reaches `onStatus` with
 * words a person can act on; nothing is swallowed. Written here rather than taken from a library
 * (reconnecting-websocket, partysocket) because those target browsers' WebSocket, and the egress hands out `ws`
 * sockets whose opening it checks.
 *
 * Protocol-level pings from the server are answered by `ws` itself; they count as life. Application pings (Kraken
 * `{"method":"ping"}`) are sent with `ping`/`pingEveryMs`.
 */
import type { WebSocket } from 'ws';
import type { MarketProviderId } from '../contract/markets';
import type { MarketFeed, SocketOpener, StreamHandlers } from './types';

export interface Backoff {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_SOCKET_BACKOFF: Backoff = { baseMs: 1_000, capMs: 30_000 };

/** Equal jitter: half the capped exponential wait, plus a random part of the other half (never 0, so a flapping server is not hammered). */
export function reconnectDelayMs(attempt: number, b: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface ReconnectingSocketOptions {
  readonly provider: MarketProviderId;
  /** The provider's name, for messages. */
  readonly name: string;
  /** Read on every (re)connect: subscriptions may live in the URL (Binance combined streams). */
  readonly url: () => string;
  readonly open: SocketOpener;
  /** Sent after every open, in order: the subscriptions. */
  readonly subscriptions: () => readonly string[];
  /** One message (text). A throw is reported as an 'error' status with its message; the connection stays. */
  readonly onMessage: (text: string) => void;
  readonly onStatus: StreamHandlers['onStatus'];
  /** No message (or server ping) for this long → the connection is dropped and reopened. */
  readonly silenceMs: number;
  /** An application ping to send every `pingEveryMs` (providers that want one). */
  readonly ping?: { readonly everyMs: number; readonly message: () => string };
  /** Reopen before the provider closes the connection (Binance: 24 h). */
  readonly maxLifetimeMs?: number;
  readonly backoff?: Backoff;
  readonly random?: () => number;
  /**
   * When `url` throws or the opener refuses: retry with backoff (the embedded sandbox, which may be down or
   * restarting on a new port) instead of reporting 'error' and stopping (a host the allowlist refuses stays refused).
   */
  readonly retryOpenFailures?: boolean;
  /**
   * The words of a 'reconnecting' status before a wait (a provider with its own wording: the sandbox). `why` is
   * what happened (a close, silence, or, with `openFailed`, the reason the socket could not be opened). Default:
   * `${why} Reconnecting in 1.5 s (attempt 2).`
   */
  readonly retryMessage?: (r: { readonly why: string; readonly openFailed: boolean; readonly waitMs: number; readonly attempt: number }) => string;
}

export class ReconnectingSocket {
  readonly #o: ReconnectingSocketOptions;
  #ws: WebSocket | null = null;
  #attempt = 0;
  #live = false;
  #stopped = false;
  #started = false;
  /** Why the current socket is being closed by us (silence, lifetime), so its close event reports that. */
  #closingBecause: { message: string; immediate: boolean } | null = null;
  #lastError: string | null = null;
  #silenceTimer: NodeJS.Timeout | null = null;
  #pingTimer: NodeJS.Timeout | null = null;
  #lifetimeTimer: NodeJS.Timeout | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  /** Opens so far (tests and logs: the first is 1). */
  opens = 0;

  constructor(opts: ReconnectingSocketOptions) {
    this.#o = opts;
  }

  start(): this {
    if (this.#started) return this;
    this.#started = true;
    this.#o.onStatus({ state: 'connecting', message: null });
    this.#connect();
    return this;
  }

  /** Sends on the open socket; false when none is open (subscriptions are sent again on the next open anyway). */
  send(text: string): boolean {
    if (this.#ws?.readyState !== 1) return false;
    this.#ws.send(text);
    return true;
  }

  /** A provider error that does not need a reconnect (a symbol refused): shown as 'error' with its message. */
  fail(message: string): void {
    if (this.#stopped) return;
    this.#live = false;
    this.#o.onStatus({ state: 'error', message });
  }

  /** Drops the connection and opens a new one at once (a provider announced it is going away). */
  reconnectNow(message: string): void {
    this.#drop(message, true);
  }

  /** For good: no status afterwards, no timer left, the socket closed. */
  close(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#clearTimers();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.removeAllListeners('message');
      // An error while closing a half-open socket is of no interest now; keep a listener so it is not thrown.
      ws.on('error', () => {});
      if (ws.readyState === 0) ws.terminate();
      else ws.close(1000, 'closed by Signet');
    }
  }

  #connect(): void {
    if (this.#stopped) return;
    let ws: WebSocket;
    try {
      ws = this.#o.open(this.#o.provider, this.#o.url());
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // The egress refused (host not allowed) or the URL is wrong: retrying cannot help, unless the caller says so.
      if (this.#o.retryOpenFailures) this.#retryLater(message, true);
      else this.#o.onStatus({ state: 'error', message });
      return;
    }
    this.opens++;
    this.#ws = ws;
    this.#live = false;
    this.#lastError = null;
    this.#armSilence();
    ws.on('open', () => {
      if (this.#ws !== ws) return;
      for (const m of this.#o.subscriptions()) ws.send(m);
      if (this.#o.ping) {
        const { everyMs, message } = this.#o.ping;
        this.#pingTimer = setInterval(() => ws.readyState === 1 && ws.send(message()), everyMs);
      }
      if (this.#o.maxLifetimeMs) {
        this.#lifetimeTimer = setTimeout(
          () => this.#drop(`${this.#o.name} ends a stream connection after ${Math.round(this.#o.maxLifetimeMs! / 3_600_000)} h; reconnecting.`, true),
          this.#o.maxLifetimeMs,
        );
      }
    });
    ws.on('ping', () => this.#armSilence());
    ws.on('pong', () => this.#armSilence());
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (this.#ws !== ws) return;
      this.#armSilence();
      if (!this.#live) {
        this.#live = true;
        this.#attempt = 0;
        this.#o.onStatus({ state: 'live', message: null });
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      try {
        this.#o.onMessage(text);
      } catch (e) {
        this.fail(`${this.#o.name} sent a message Signet could not read: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    ws.on('error', (e) => {
      this.#lastError = e.message;
    });
    ws.on('close', (code, reason) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#clearTimers();
      if (this.#stopped) return;
      const because = this.#closingBecause;
      this.#closingBecause = null;
      this.#live = false;
      if (because?.immediate) {
        this.#o.onStatus({ state: 'reconnecting', message: because.message });
        this.#connect();
        return;
      }
      this.#retryLater(
        because?.message ??
          `The ${this.#o.name} stream closed (${this.#lastError ?? `code ${code}${reason.length ? `: ${reason.toString('utf8').slice(0, 120)}` : ''}`}).`,
      );
    });
  }

  /** Reports why, then connects again after the next backoff delay. */
  #retryLater(why: string, openFailed = false): void {
    this.#attempt++;
    const wait = reconnectDelayMs(this.#attempt, this.#o.backoff ?? DEFAULT_SOCKET_BACKOFF, this.#o.random);
    const message = this.#o.retryMessage
      ? this.#o.retryMessage({ why, openFailed, waitMs: wait, attempt: this.#attempt })
      : `${why} Reconnecting in ${(wait / 1000).toFixed(1)} s (attempt ${this.#attempt}).`;
    this.#o.onStatus({ state: 'reconnecting', message });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, wait);
  }

  /** Closes the current socket on purpose; its close event then reconnects (at once when `immediate`). */
  #drop(message: string, immediate: boolean): void {
    const ws = this.#ws;
    if (!ws || this.#stopped) return;
    this.#closingBecause = { message, immediate };
    // terminate, not close: a silent peer would not answer a close handshake either.
    ws.terminate();
  }

  #armSilence(): void {
    if (this.#silenceTimer) clearTimeout(this.#silenceTimer);
    this.#silenceTimer = setTimeout(
      () => this.#drop(`No data from ${this.#o.name} for ${Math.round(this.#o.silenceMs / 100) / 10} s; the connection is treated as lost.`, false),
      this.#o.silenceMs,
    );
  }

  #clearTimers(): void {
    for (const t of [this.#silenceTimer, this.#lifetimeTimer]) if (t) clearTimeout(t);
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.#silenceTimer = this.#lifetimeTimer = this.#pingTimer = null;
  }
}

/**
 * The feed a stream() returns over `socket`: started once `ready` has done its work (the provider's symbol list,
 * for 'all'), or at once when there is nothing to wait for. Not getting ready is an 'error' status and the socket
 * never starts; neither does it when the feed is closed first.
 */
export function socketFeed(socket: ReconnectingSocket, ready: Promise<unknown> | null, onStatus: StreamHandlers['onStatus']): MarketFeed {
  let closed = false;
  if (ready) {
    ready
      .then(() => {
        if (!closed) socket.start();
      })
      .catch((e) => !closed && onStatus({ state: 'error', message: e instanceof Error ? e.message : String(e) }));
  } else socket.start();
  return {
    close() {
      closed = true;
      socket.close();
    },
  };
}
