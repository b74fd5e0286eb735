/**
 * Which market providers this host can use, and each one built with its vault key. Adapters are plain factories
 * (one file each in this folder); the registry adds what only the host knows: the egress doors, and which vault
 * entry holds the provider's key. A provider whose key is required and absent is listed with the reason and what
 * to do, and is never built — the markets service shows 'needs-key' with a way to the Vault instead.
 */
import type { MarketProviderId, MarketProviderInfo } from '../contract/markets';
import { MARKET_PROVIDERS } from '../contract/markets';
import type { Vault } from '../vault/types';
import type { MarketProvider, ProviderDeps, PublicHttp, SocketOpener } from './types';

export type ProviderFactory = (deps: ProviderDeps) => MarketProvider;

export type OpenedProvider =
  | { readonly ok: true; readonly provider: MarketProvider; readonly entryId: string | null }
  | { readonly ok: false; readonly state: 'needs-key' | 'error'; readonly message: string; readonly entryId: string | null };

export interface ProviderRegistry {
  list(): MarketProviderInfo[];
  open(id: MarketProviderId): OpenedProvider;
  /** Called when keys may have come or gone (the vault unlocked, locked, or its entries changed). */
  subscribe(listener: () => void): () => void;
}

export interface ProviderRegistryDeps {
  readonly factories: Partial<Record<MarketProviderId, ProviderFactory>>;
  readonly http: PublicHttp;
  readonly openSocket: SocketOpener;
  readonly vault: Pick<Vault, 'isUnlocked' | 'list' | 'subscribe'>;
  readonly now?: () => number;
}

const providerName: Readonly<Record<MarketProviderId, string>> = {
  sandbox: 'Sandbox exchange',
  binance: 'Binance',
  coinbase: 'Coinbase',
  kraken: 'Kraken',
  coingecko: 'CoinGecko',
  'token-metrics': 'Token Metrics',
};

export function createProviderRegistry(deps: ProviderRegistryDeps): ProviderRegistry {
  const factories = MARKET_PROVIDERS.filter((id) => deps.factories[id] !== undefined);

  /** The first vault entry of this provider; none while the vault is locked. */
  const entryFor = (id: MarketProviderId): string | null => {
    if (!deps.vault.isUnlocked()) return null;
    return deps.vault.list({ provider: id })[0]?.id ?? null;
  };
  const build = (id: MarketProviderId, entryId: string | null): MarketProvider =>
    deps.factories[id]!({ http: deps.http, openSocket: deps.openSocket, entryId, ...(deps.now ? { now: deps.now } : {}) });

  const missingKey = (name: string, id: MarketProviderId): string =>
    deps.vault.isUnlocked()
      ? `${name} needs an API key and the vault has none for it. Add a ${name} key in the Vault (provider “${id}”), then choose ${name} again.`
      : `${name} needs an API key from the vault, which is locked. Unlock the vault, then choose ${name} again.`;

  return {
    list() {
      return factories.map((id) => {
        const entryId = entryFor(id);
        const p = build(id, entryId);
        const needsKey = p.key === 'required';
        const available = !needsKey || entryId !== null;
        return { id, name: p.name, available, needsKey, hasSignals: p.hasSignals, reason: available ? null : missingKey(p.name, id) };
      });
    },
    open(id) {
      const name = providerName[id];
      if (!deps.factories[id]) return { ok: false, state: 'error', message: `${name} is not available in this build of Signet. Choose another provider.`, entryId: null };
      const entryId = entryFor(id);
      const provider = build(id, entryId);
      if (provider.key === 'required' && entryId === null) return { ok: false, state: 'needs-key', message: missingKey(name, id), entryId: null };
      return { ok: true, provider, entryId };
    },
    subscribe(listener) {
      return deps.vault.subscribe((e) => {
        if (e.type === 'entries' || e.type === 'status') listener();
      });
    },
  };
}
