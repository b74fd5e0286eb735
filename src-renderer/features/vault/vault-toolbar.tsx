/**
 * Search and filters. The search box updates the store on every key (so it feels instant); the list query is
 * debounced behind it. `/` focuses search from anywhere on the page, Esc in the box clears it.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EntrySummary } from '../../../src-main/contract/schemas';
import type { Environment } from '../../../src-main/contract/providers';
import { vaultQueries } from '../../ipc/vault-queries';
import { Button } from '../../shared/ui/button';
import { Select } from '../../shared/ui/field';
import { PlusIcon } from '../../shared/ui/icons';
import { SearchBox } from '../../shared/ui/search-box';
import { Segmented } from '../../shared/ui/segmented';
import { providerName } from './provider-avatar';
import { useHasFilters, useListQuery } from './use-list-query';
import { useVaultStore } from './vault-store';

interface Facets {
  total: number;
  providers: string[];
  tags: string[];
}

function toFacets(entries: EntrySummary[]): Facets {
  const providers = new Set<string>();
  const tags = new Set<string>();
  for (const e of entries) {
    providers.add(e.provider);
    for (const t of e.tags) tags.add(t);
  }
  return {
    total: entries.length,
    providers: [...providers].sort((a, b) => providerName(a).localeCompare(providerName(b))),
    tags: [...tags].sort((a, b) => a.localeCompare(b)),
  };
}

function KeySearch() {
  const search = useVaultStore((s) => s.search);
  const searchChanged = useVaultStore((s) => s.searchChanged);
  return <SearchBox value={search} onChange={searchChanged} label="Search keys" placeholder="Search keys" />;
}

const ENV_OPTIONS: { value: Environment | 'all'; label: string; className?: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'dev', label: 'Dev' },
  { value: 'test', label: 'Test' },
  { value: 'prod', label: 'Prod', className: 'segmented-prod' },
];

function ResultCount({ total }: { total: number }) {
  const query = useListQuery();
  const shown = useQuery({ ...vaultQueries.list(query), select: countOf });
  const hasFilters = useHasFilters();
  const n = shown.data ?? 0;
  const fmt = new Intl.NumberFormat();
  return (
    <span className="page-count" aria-live="polite">
      {hasFilters ? `${fmt.format(n)} of ${fmt.format(total)}` : `${fmt.format(total)} ${total === 1 ? 'key' : 'keys'}`}
    </span>
  );
}

export function VaultToolbar() {
  const facets = useQuery({ ...vaultQueries.list({}), select: toFacets });
  const provider = useVaultStore((s) => s.filters.provider);
  const environment = useVaultStore((s) => s.filters.environment);
  const tag = useVaultStore((s) => s.filters.tag);
  const providerFilterChanged = useVaultStore((s) => s.providerFilterChanged);
  const environmentFilterChanged = useVaultStore((s) => s.environmentFilterChanged);
  const tagFilterChanged = useVaultStore((s) => s.tagFilterChanged);
  const filtersCleared = useVaultStore((s) => s.filtersCleared);
  const addKeyRequested = useVaultStore((s) => s.addKeyRequested);
  const hasFilters = useHasFilters();

  const providerOptions = useMemo(() => {
    const ids = facets.data?.providers ?? [];
    const withSelected = provider && !ids.includes(provider) ? [...ids, provider] : ids;
    return [{ value: '', label: 'All providers' }, ...withSelected.map((id) => ({ value: id, label: providerName(id) }))];
  }, [facets.data?.providers, provider]);
  const tagOptions = useMemo(() => {
    const tags = facets.data?.tags ?? [];
    const withSelected = tag && !tags.includes(tag) ? [...tags, tag] : tags;
    return [{ value: '', label: tags.length ? 'All tags' : 'No tags yet' }, ...withSelected.map((t) => ({ value: t, label: `#${t}` }))];
  }, [facets.data?.tags, tag]);

  return (
    <div className="page-toolbar vault-toolbar">
      <div className="page-filters" role="search" aria-label="Search and filter keys">
        <KeySearch />
        <Select aria-label="Filter by provider" className="toolbar-select" value={provider ?? ''} options={providerOptions} onChange={(e) => providerFilterChanged(e.target.value || null)} />
        <Segmented
          label="Filter by environment"
          size="m"
          value={environment ?? 'all'}
          options={ENV_OPTIONS}
          onChange={(v) => environmentFilterChanged(v === 'all' ? null : v)}
        />
        <Select aria-label="Filter by tag" className="toolbar-select" value={tag ?? ''} options={tagOptions} onChange={(e) => tagFilterChanged(e.target.value || null)} disabled={!facets.data?.tags.length && !tag} />
        {hasFilters ? (
          <Button variant="ghost" size="s" onClick={filtersCleared}>
            Clear
          </Button>
        ) : null}
      </div>
      <div className="toolbar-spacer" />
      <ResultCount total={facets.data?.total ?? 0} />
      <Button variant="primary" icon={<PlusIcon />} onClick={addKeyRequested}>
        Add key
      </Button>
    </div>
  );
}

const countOf = (entries: EntrySummary[]) => entries.length;
