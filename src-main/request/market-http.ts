/**
 * The egress's doors for market data, as the provider adapters (markets/) see them and the egress (http/)
 * implements them. Declared here, below both, so that neither imports the other for them.
 */
import type { WebSocket } from 'ws';
import type { MarketProviderId } from '../contract/markets';

/** A provider's answer or refusal, already read (bounded) by the egress. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The egress's door for market data: GET/POST to the provider's hosts only (allowlist), with its rate limits,
 * retries (429/Retry-After) and timeouts; `entryId` adds the key's header for providers that need one (CoinGecko,
 * Token Metrics). Not recorded in the Inspector unless `record` (market polling would push out the requests a
 * person sent). Throws AppError ERR_HOST_NOT_ALLOWED / ERR_NETWORK / ERR_TIMEOUT / ERR_RATE_LIMITED.
 */
export interface PublicHttp {
  request(provider: MarketProviderId, req: { method: 'GET' | 'POST'; url: string; headers?: Readonly<Record<string, string>>; body?: string; entryId?: string | null; record?: boolean }): Promise<HttpAnswer>;
}

/** A WebSocket the egress opened after checking the provider's allowlist (the `ws` package's WebSocket). */
export type SocketOpener = (provider: MarketProviderId, url: string) => WebSocket;
