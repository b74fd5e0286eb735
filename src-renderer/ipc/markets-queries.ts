/**
 * Markets: the provider list, a symbol's candles and signal history (TanStack Query), and the live feed — the first
 * snapshot and the `markets:update` stream, handed to whoever keeps the table's rows (the page's store) rather than
 * to the query cache, where a thousand symbols changing ten times a second would re-render everything.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import type { CandleInterval, MarketProviderId, MarketsSnapshot, MarketsUpdate } from '../../src-main/contract/markets';
import { signet, unwrap } from './signet-client';

export const marketsKeys = {
  all: ['markets'] as const,
  providers: () => ['markets', 'providers'] as const,
  symbol: (provider: MarketProviderId, symbol: string, interval: CandleInterval) => ['markets', 'symbol', provider, symbol, interval] as const,
};

export const marketsQueries = {
  /** Availability follows the vault (a key added or the vault locked), so it is asked again when the page shows. */
  providers: () => queryOptions({ queryKey: marketsKeys.providers(), queryFn: () => unwrap(signet().markets.providers()), staleTime: 2_000 }),
  symbol: (provider: MarketProviderId, symbol: string, interval: CandleInterval) =>
    queryOptions({ queryKey: marketsKeys.symbol(provider, symbol, interval), queryFn: () => unwrap(signet().markets.symbol({ symbol, interval })), staleTime: 30_000 }),
};

export const marketsMutations = {
  select: () =>
    mutationOptions({
      mutationKey: ['markets', 'select'],
      mutationFn: (provider: MarketProviderId) => unwrap(signet().markets.select({ provider })),
    }),
};

/** The watchlist lives in settings; answers the settings as saved. */
export const saveWatchlist = (next: string[]) => unwrap(signet().settings.set({ watchlist: next }));

export const fetchMarketsSnapshot = (): Promise<MarketsSnapshot> => unwrap(signet().markets.snapshot());

export function subscribeMarketsUpdates(listener: (u: MarketsUpdate) => void): () => void {
  return signet().markets.onUpdate(listener);
}
