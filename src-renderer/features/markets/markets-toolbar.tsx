/** The provider switcher, the feed's state, filters and search over the table. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeedStatus, MarketProviderId } from '../../../src-main/contract/markets';
import { marketsKeys, marketsMutations, marketsQueries } from '../../ipc/markets-queries';
import { settingsKeys } from '../../ipc/settings-queries';
import { errorMessage } from '../../ipc/signet-client';
import { cx } from '../../shared/lib/cx';
import { Select } from '../../shared/ui/field';
import { SearchBox } from '../../shared/ui/search-box';
import { Segmented } from '../../shared/ui/segmented';
import { showToast } from '../../shared/ui/toast-store';
import { useRotationFlags } from '../../ipc/rotation-queries';
import { vaultQueries } from '../../ipc/vault-queries';
import { useNow } from '../../shared/lib/use-now';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { RotationBadge } from '../../shared/ui/rotation-badge';
import { rotationFlagText } from '../../shared/lib/rotation-flag';
import type { MarketsFilter } from './markets-slice';
import { marketsStore, useMarketsMeta } from './markets-store';
import { useMarketsUiStore } from './markets-ui-store';

const FILTERS: { value: MarketsFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'watchlist', label: 'Watchlist' },
  { value: 'bullish', label: 'Bullish' },
  { value: 'bearish', label: 'Bearish' },
];

const STATE_LABEL: Record<FeedStatus['state'], string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  stale: 'Stale',
  error: 'Error',
  'needs-key': 'Needs a key',
};

function ProviderSwitch() {
  const client = useQueryClient();
  const provider = useMarketsMeta((m) => m.provider);
  const providers = useQuery(marketsQueries.providers());
  const opened = useMarketsUiStore((s) => s.marketsSymbolOpened);
  const select = useMutation({
    ...marketsMutations.select(),
    onSuccess: (snapshot) => {
      marketsStore.reset(snapshot);
      opened(null);
      void client.invalidateQueries({ queryKey: marketsKeys.providers() });
      void client.invalidateQueries({ queryKey: settingsKeys.settings() });
    },
    onError: (e) => showToast({ tone: 'danger', title: 'Could not switch the provider', body: errorMessage(e) }),
  });
  const options = (providers.data ?? []).map((p) => ({ value: p.id, label: p.available ? p.name : `${p.name} (needs a key)` }));
  if (provider && !options.some((o) => o.value === provider)) options.unshift({ value: provider, label: provider });
  return (
    <Select
      className="mkt-provider"
      aria-label="Market data provider"
      value={provider ?? ''}
      options={options}
      disabled={select.isPending}
      onChange={(e) => select.mutate(e.target.value as MarketProviderId)}
    />
  );
}

export function FeedState() {
  const status = useMarketsMeta((m) => m.status);
  if (!status) return null;
  return (
    <span className={cx('mkt-feed', `is-${status.state}`)} role="status" title={status.message ?? undefined}>
      <span className="mkt-feed-dot" aria-hidden="true" />
      {STATE_LABEL[status.state]}
    </span>
  );
}

/**
 * The key the feed signs with, when it is flagged for rotation (expired, overdue, due soon, rotating): a feed that
 * starts failing with 401s is explained before it happens. Clicking it opens the key on the Rotation page.
 */
export function FeedKeyFlag() {
  const entryId = useMarketsMeta((m) => m.status?.entryId ?? null);
  const entry = useQuery({ ...vaultQueries.detail(entryId ?? ''), enabled: entryId !== null }).data;
  const flagOf = useRotationFlags();
  const now = useNow(60_000);
  const openRotation = useNavigationStore((s) => s.openRotation);
  if (!entryId || !entry) return null;
  const flag = flagOf(entry, now);
  if (!rotationFlagText(flag, now)) return null;
  return (
    <button type="button" className="mkt-key-flag" onClick={() => openRotation(entry.id)} title={`${entry.label}: ${flag.reason} Open it on the Rotation page.`}>
      <span className="mkt-key-label">{entry.label}</span>
      <RotationBadge flag={flag} now={now} />
    </button>
  );
}

export function MarketsToolbar({ shown, total }: { shown: number; total: number }) {
  const filter = useMarketsUiStore((s) => s.marketsFilter);
  const filterChanged = useMarketsUiStore((s) => s.marketsFilterChanged);
  const search = useMarketsUiStore((s) => s.marketsSearch);
  const searchChanged = useMarketsUiStore((s) => s.marketsSearchChanged);
  return (
    <div className="page-toolbar mkt-toolbar">
      <ProviderSwitch />
      <FeedState />
      <FeedKeyFlag />
      <Segmented label="Show" size="s" value={filter} options={FILTERS} onChange={filterChanged} />
      <SearchBox value={search} onChange={searchChanged} label="Search symbols" placeholder="Search symbols" />
      <span className="mkt-count" aria-live="polite">
        {shown === total ? `${total.toLocaleString()} symbols` : `${shown.toLocaleString()} of ${total.toLocaleString()}`}
      </span>
    </div>
  );
}
