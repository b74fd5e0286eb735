/**
 * The market-data adapters this build ships, as factories for the provider registry: one list, so the Electron
 * app and the browser host offer the same providers. Each adapter is its own file in this folder.
 */
import type { MarketProviderId } from '../contract/markets';
import type { ProviderFactory } from './provider-registry';
import { createBinanceProvider } from './binance-provider';
import { createCoinbaseProvider } from './coinbase-provider';
import { createCoinGeckoProvider } from './coingecko-provider';
import { createKrakenProvider } from './kraken-provider';
import { createSandboxProvider } from './sandbox-provider';
import { createTokenMetricsProvider } from './token-metrics-provider';

export interface FactoryOptions {
  /** The embedded sandbox's base URL, or null while it is not running. */
  readonly sandboxUrl: () => string | null;
  /** Overrides the sandbox feed's stale threshold (tests; the default suits its 1 Hz stream). */
  readonly sandboxStaleAfterMs?: number;
}

export function marketProviderFactories(opts: FactoryOptions): Partial<Record<MarketProviderId, ProviderFactory>> {
  return {
    sandbox: (deps) => createSandboxProvider({ ...deps, sandboxUrl: opts.sandboxUrl, ...(opts.sandboxStaleAfterMs ? { staleAfterMs: opts.sandboxStaleAfterMs } : {}) }),
    binance: (deps) => createBinanceProvider(deps),
    coinbase: (deps) => createCoinbaseProvider(deps),
    kraken: (deps) => createKrakenProvider(deps),
    coingecko: (deps) => createCoinGeckoProvider(deps),
    'token-metrics': (deps) => createTokenMetricsProvider(deps),
  };
}
