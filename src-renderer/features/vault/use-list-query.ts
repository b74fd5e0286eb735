/** The list query the page shows: the search box (debounced) and the filters, with empty parts left out. */
import { useMemo } from 'react';
import type { ListQuery } from '../../../src-main/contract/schemas';
import { useDebouncedValue } from '../../shared/lib/use-debounced-value';
import { useVaultStore } from './vault-store';

/** Short enough to feel instant, long enough that fast typing makes one call, not ten. */
export const SEARCH_DEBOUNCE_MS = 120;

export function useListQuery(): ListQuery {
  const search = useVaultStore((s) => s.search);
  const provider = useVaultStore((s) => s.filters.provider);
  const environment = useVaultStore((s) => s.filters.environment);
  const tag = useVaultStore((s) => s.filters.tag);
  const settled = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  return useMemo(
    () => ({
      ...(settled ? { search: settled } : {}),
      ...(provider ? { provider } : {}),
      ...(environment ? { environment } : {}),
      ...(tag ? { tag } : {}),
    }),
    [settled, provider, environment, tag],
  );
}

export function useHasFilters(): boolean {
  const search = useVaultStore((s) => s.search.trim() !== '');
  const filtered = useVaultStore((s) => s.filters.provider !== null || s.filters.environment !== null || s.filters.tag !== null);
  return search || filtered;
}
