/**
 * What a market-data provider adapter offers. One adapter per provider, each a file in this folder;
 * all traffic goes through the egress (`PublicHttp` / `SocketOpener` below are the egress's), keys come from the
 * vault through it. Adapters turn the provider's own shapes into the contract's MarketTick / MarketCandle /
 * MarketSignal, and its errors into ProviderError with a message a person can act on.
 */
import type { CandleInterval, FeedStatus, MarketCandle, MarketProviderId, MarketSignal, MarketTick } from '../contract/markets';
import type { PublicHttp, SocketOpener } from '../request/market-http';

export type { HttpAnswer, PublicHttp, SocketOpener } from '../request/market-http';

export interface StreamHandlers {
  /** A batch of ticks (adapters pass what one message carried; the markets service coalesces). */
  onTicks(ticks: readonly MarketTick[]): void;
  onSignals?(signals: readonly MarketSignal[]): void;
  /** The feed's state changed (connecting, live, reconnecting after a drop, error with the reason). */
  onStatus(status: Omit<FeedStatus, 'provider' | 'entryId' | 'lastUpdateAt'>): void;
}

export interface MarketFeed {
  /** Stops the feed for good: closes the socket, cancels timers and polling. */
  close(): void;
}

export interface MarketProvider {
  readonly id: MarketProviderId;
  readonly name: string;
  readonly hasSignals: boolean;
  /** 'none': public data; 'optional': works without a key, better with one (CoinGecko demo key); 'required'. */
  readonly key: 'none' | 'optional' | 'required';
  /** A feed that counts as stale after this long without an update. */
  readonly staleAfterMs: number;
  /** Every symbol's latest ticker (REST), for the first paint and for providers without a stream. */
  tickers(): Promise<MarketTick[]>;
  /** Oldest first. */
  candles(symbol: string, interval: CandleInterval, limit: number): Promise<MarketCandle[]>;
  /**
   * The freshest price of one symbol from the provider's lightest endpoint (Binance ticker/price, CoinGecko
   * simple/price), for the symbol view: fields the endpoint does not give are null. Providers whose stream is
   * already live per tick leave it out.
   */
  quote?(symbol: string): Promise<MarketTick>;
  /** Current signals (providers with signals); others resolve []. */
  signals(symbols?: readonly string[]): Promise<MarketSignal[]>;
  /**
   * Live updates for `symbols` ('all': everything the provider streams), over a WebSocket with reconnect,
   * backoff and resubscription, or by polling where the provider has no stream. Ping/heartbeat per the provider.
   */
  stream(symbols: 'all' | readonly string[], handlers: StreamHandlers): MarketFeed;
}

/** What every adapter is built with. */
export interface ProviderDeps {
  readonly http: PublicHttp;
  readonly openSocket: SocketOpener;
  /** The vault entry whose key the provider uses, when it uses one. */
  readonly entryId: string | null;
  /** Epoch ms; tests drive it. */
  readonly now?: () => number;
}

/** A provider refused or failed: `code` for logic (rate_limited, unauthorized, bad_symbol, unavailable, bad_response), `message` for people. */
export class ProviderError extends Error {
  constructor(
    readonly provider: MarketProviderId,
    readonly code: 'rate_limited' | 'unauthorized' | 'bad_symbol' | 'unavailable' | 'bad_response',
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
