/**
 * The egress's WebSocket door: market-data adapters open streams only through the opener made here,
 * which checks the provider's market-data allowlist (host-allowlist.ts `marketDataRefusal`: wss to the provider's
 * documented stream hosts, plain ws only to the running sandbox on loopback) before any connection is made, and
 * logs opens and closes — never payloads, which are market data nobody needs in a log. Reconnecting, pings and
 * silence detection belong to the adapters (markets/reconnecting-socket.ts); this only opens.
 */
import tls from 'node:tls';
import { WebSocket } from 'ws';
import { AppError } from '../base/errors';
import { silentLogger, type Logger } from '../base/logger';
import type { MarketProviderId } from '../contract/markets';
import type { SocketOpener } from '../request/market-http';
import { marketDataRefusal } from './host-allowlist';

export interface SocketOpenerOptions {
  /** The running sandbox's base URL (http://127.0.0.1:PORT), or null. */
  readonly sandboxUrl: () => string | null;
  readonly logger?: Logger;
  /** Certificates to trust besides the system's (a TLS-inspecting proxy, a local test server). */
  readonly ca?: readonly string[];
  /** Opening handshake limit (default 15 s); a stalled handshake errors and the adapter reconnects. */
  readonly handshakeTimeoutMs?: number;
  /** Exact origins allowed per provider besides the product allowlist: loopback fixture servers, for tests only. */
  readonly extraOrigins?: Partial<Record<MarketProviderId, readonly string[]>>;
}

export function createSocketOpener(opts: SocketOpenerOptions): SocketOpener {
  const logger = opts.logger ?? silentLogger;
  const ca = opts.ca?.length ? { ca: [...tls.rootCertificates, ...opts.ca] } : {};
  return (provider, href) => {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      throw new AppError('ERR_VALIDATION', `"${href}" is not a URL; a market stream needs an absolute wss URL.`);
    }
    if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
      throw new AppError('ERR_VALIDATION', `A market stream is a WebSocket (wss://), not ${url.protocol.replace(':', '')}.`);
    }
    const why = marketDataRefusal(url, { provider, sandboxUrl: opts.sandboxUrl(), extraOrigins: opts.extraOrigins?.[provider] ?? [] });
    if (why) {
      logger.warn('egress-socket: host refused', { provider, host: url.host });
      throw new AppError('ERR_HOST_NOT_ALLOWED', why);
    }
    const where = `${url.origin}${url.pathname}`;
    const openedAt = Date.now();
    const ws = new WebSocket(url, { handshakeTimeout: opts.handshakeTimeoutMs ?? 15_000, ...ca });
    ws.on('open', () => logger.info('egress-socket: open', { provider, url: where }));
    ws.on('error', (e) => logger.warn('egress-socket: error', { provider, url: where, message: e.message }));
    ws.on('close', (code, reason) => logger.info('egress-socket: close', { provider, url: where, code, reason: reason.toString('utf8').slice(0, 200), openMs: Date.now() - openedAt }));
    return ws;
  };
}
