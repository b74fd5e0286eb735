/**
 * The key list: a virtualized listbox (TanStack Virtual renders only the rows in view, so 10,000 keys scroll
 * like 10). Rows are memoized and each subscribes only to whether it is selected; arrow keys, Home and End move
 * the selection like a native list.
 */
import { memo, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EntrySummary } from '../../../src-main/contract/schemas';
import { vaultQueries } from '../../ipc/vault-queries';
import { useRotationFlags } from '../../ipc/rotation-queries';
import { RotationBadge } from '../../shared/ui/rotation-badge';
import { cx } from '../../shared/lib/cx';
import { useListKeyboard } from '../../shared/lib/use-list-keyboard';
import { relativeTime } from '../../shared/lib/format';
import { useNow } from '../../shared/lib/use-now';
import { Badge, DestinationBadge, EnvironmentBadge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { EmptyState } from '../../shared/ui/empty-state';
import { FilterXIcon, KeyIcon, PlusIcon, SearchIcon } from '../../shared/ui/icons';
import { errorMessage } from '../../ipc/signet-client';
import { ExpiryBadge } from './expiry-badge';
import { ProviderAvatar, providerName } from './provider-avatar';
import { ScopeList } from './scope-list';
import { useHasFilters, useListQuery } from './use-list-query';
import { useVaultStore } from './vault-store';

export const ROW_HEIGHT = 52;
const rowId = (id: string) => `key-row-${id}`;

const KeyRow = memo(function KeyRow({ entry, now, top }: { entry: EntrySummary; now: number; top: number }) {
  const selected = useVaultStore((s) => s.selectedId === entry.id);
  const keySelected = useVaultStore((s) => s.keySelected);
  const flag = useRotationFlags()(entry, now);
  return (
    <div
      id={rowId(entry.id)}
      role="option"
      aria-selected={selected}
      className={cx('key-row', 'list-row', selected && 'is-selected', entry.environment === 'prod' && 'is-prod')}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => keySelected(entry.id)}
      data-entry-id={entry.id}
    >
      <div className="key-cell key-cell-name">
        <ProviderAvatar provider={entry.provider} />
        <div className="key-name">
          <span className="key-label" title={entry.label}>
            {entry.label}
          </span>
          <span className="key-sub">
            <span>{providerName(entry.provider)}</span>
            <DestinationBadge baseUrl={entry.baseUrl} />
            {entry.awaitingApiKey ? (
              <Badge tone="warning" title="A key pair generated in Signet: register its public key, then add the API key">
                Awaiting API key
              </Badge>
            ) : null}
            <RotationBadge flag={flag} now={now} besideExpiry={entry.expiresAt} />
            {entry.tags.slice(0, 3).map((t) => (
              <span key={t} className="tag">
                #{t}
              </span>
            ))}
            {entry.tags.length > 3 ? <span className="tag">+{entry.tags.length - 3}</span> : null}
          </span>
        </div>
      </div>
      <div className="key-cell">
        <EnvironmentBadge environment={entry.environment} />
      </div>
      <div className="key-cell key-cell-preview mono" title="Masked API key">
        {entry.preview}
      </div>
      <div className="key-cell key-cell-scopes">
        <ScopeList scopes={entry.scopes} max={3} />
      </div>
      <div className="key-cell">
        <ExpiryBadge expiresAt={entry.expiresAt} now={now} />
      </div>
      <div className="key-cell key-cell-used text-muted" title={entry.lastUsedAt ?? 'Never used'}>
        {relativeTime(entry.lastUsedAt, now)}
      </div>
    </div>
  );
});

function ListHeader() {
  return (
    <div className="list-header key-list-header" aria-hidden="true">
      <span>Name</span>
      <span>Env</span>
      <span>Key</span>
      <span>Scopes</span>
      <span>Expires</span>
      <span>Last used</span>
    </div>
  );
}

function ListEmpty({ total }: { total: number }) {
  const search = useVaultStore((s) => s.search.trim());
  const hasFilters = useHasFilters();
  const filtersCleared = useVaultStore((s) => s.filtersCleared);
  const addKeyRequested = useVaultStore((s) => s.addKeyRequested);
  if (total === 0 && !hasFilters) {
    return (
      <EmptyState
        icon={<KeyIcon size={20} />}
        title="Your vault is empty"
        action={
          <Button variant="primary" icon={<PlusIcon />} onClick={addKeyRequested}>
            Add your first key
          </Button>
        }
      >
        Add an exchange or API key. It is encrypted on this computer and never shown in full again.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={<SearchIcon size={20} />}
      title={search ? `No keys match “${search}”` : 'No keys match these filters'}
      action={
        <Button icon={<FilterXIcon />} onClick={filtersCleared}>
          Clear search and filters
        </Button>
      }
    >
      Search matches labels, providers, scopes, tags and notes.
    </EmptyState>
  );
}

export function KeyList() {
  const query = useListQuery();
  const list = useQuery(vaultQueries.list(query));
  const all = useQuery({ ...vaultQueries.list({}), select: countOf });
  const entries = list.data ?? EMPTY;
  const now = useNow(60_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectedId = useVaultStore((s) => s.selectedId);
  const keySelected = useVaultStore((s) => s.keySelected);

  // No React Compiler here: rows are memoized by hand, and the virtualizer is read fresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => entries[i]?.id ?? i,
  });

  const onKeyDown = useListKeyboard(entries, selectedId, keySelected, scrollRef, ROW_HEIGHT, (index) => virtualizer.scrollToIndex(index, { align: 'auto' }));

  if (list.isError) {
    return <EmptyState title="The list could not be loaded">{errorMessage(list.error)}</EmptyState>;
  }

  const activeInList = selectedId && entries.some((e) => e.id === selectedId) ? rowId(selectedId) : undefined;
  return (
    <div className="page-list key-list">
      <ListHeader />
      <div
        ref={scrollRef}
        className={cx('list-scroll is-listbox key-list-scroll', list.isPlaceholderData && 'is-stale')}
        role="listbox"
        aria-label="Keys"
        tabIndex={0}
        aria-activedescendant={activeInList}
        onKeyDown={onKeyDown}
      >
        {list.isPending ? null : entries.length === 0 ? (
          <ListEmpty total={all.data ?? 0} />
        ) : (
          <div className="list-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = entries[item.index]!;
              return <KeyRow key={entry.id} entry={entry} now={now} top={item.start} />;
            })}
          </div>
        )}
      </div>
    </div>
  );
}

const EMPTY: EntrySummary[] = [];
const countOf = (entries: EntrySummary[]) => entries.length;
