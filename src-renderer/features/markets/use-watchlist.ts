/**
 * The watchlist, persisted in settings (main): starring updates the settings cache at once, so the star and the
 * Watchlist filter answer the click without waiting for main, and rolls back with a toast if main refuses.
 */
import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '../../../src-main/contract/schemas';
import { settingsKeys, settingsQueries } from '../../ipc/settings-queries';
import { saveWatchlist } from '../../ipc/markets-queries';
import { errorMessage } from '../../ipc/signet-client';
import { showToast } from '../../shared/ui/toast-store';

const EMPTY: readonly string[] = [];

export function useWatchlist(): { watchlist: readonly string[]; toggle: (symbol: string) => void } {
  const client = useQueryClient();
  const watchlist = useQuery({ ...settingsQueries.get(), select: (s) => s.watchlist }).data ?? EMPTY;
  const { mutate } = useMutation({
    mutationKey: ['settings', 'watchlist'],
    mutationFn: saveWatchlist,
    onMutate: (next) => {
      const before = client.getQueryData<Settings>(settingsKeys.settings());
      if (before) client.setQueryData<Settings>(settingsKeys.settings(), { ...before, watchlist: next });
      return { before };
    },
    onError: (e, _next, ctx) => {
      if (ctx?.before) client.setQueryData(settingsKeys.settings(), ctx.before);
      showToast({ tone: 'danger', title: 'The watchlist was not saved', body: errorMessage(e) });
    },
    onSuccess: (saved) => client.setQueryData(settingsKeys.settings(), saved),
  });
  const toggle = useCallback(
    (symbol: string) => {
      const cur = client.getQueryData<Settings>(settingsKeys.settings())?.watchlist ?? [];
      mutate(cur.includes(symbol) ? cur.filter((s) => s !== symbol) : [...cur, symbol]);
    },
    [client, mutate],
  );
  return { watchlist, toggle };
}
