/** Filters over the recorded requests (provider, outcome, key, text) and Clear, which asks first. */
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { InspectorOutcome } from '../../../src-main/contract/inspector';
import { PROVIDERS } from '../../../src-main/contract/providers';
import { inspectorMutations, inspectorQueries } from '../../ipc/inspector-queries';
import { errorMessage } from '../../ipc/signet-client';
import { vaultQueries } from '../../ipc/vault-queries';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Dialog } from '../../shared/ui/dialog';
import { Select } from '../../shared/ui/field';
import { TrashIcon } from '../../shared/ui/icons';
import { SearchBox } from '../../shared/ui/search-box';
import { Segmented } from '../../shared/ui/segmented';
import { showToast } from '../../shared/ui/toast-store';
import { hasFilters, toQuery } from './inspector-model';
import { NO_FILTERS } from './inspector-slice';
import { useInspectorStore } from './inspector-store';

const OUTCOMES: { value: InspectorOutcome | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'ok', label: '2xx' },
  { value: 'client-error', label: '4xx' },
  { value: 'server-error', label: '5xx' },
  { value: 'failed', label: 'Failed' },
];

const PROVIDER_OPTIONS = [{ value: '', label: 'All providers' }, ...PROVIDERS.map((p) => ({ value: p.id, label: p.name }))];

function RecordSearch() {
  const text = useInspectorStore((s) => s.inspectorFilters.text);
  const changed = useInspectorStore((s) => s.inspectorFiltersChanged);
  return <SearchBox value={text} onChange={(t) => changed({ text: t })} label="Search sent requests" placeholder="Search method, URL, error" />;
}

function ClearDialog({ count, onClose }: { count: number; onClose: () => void }) {
  const recordSelected = useInspectorStore((s) => s.recordSelected);
  const clear = useMutation(inspectorMutations.clear());
  const submit = () =>
    clear.mutate(undefined, {
      onSuccess: (r) => {
        recordSelected(null);
        showToast({ tone: 'success', title: `Cleared ${r.cleared.toLocaleString()} ${r.cleared === 1 ? 'request' : 'requests'}` });
        onClose();
      },
    });
  return (
    <Dialog
      title="Clear the Inspector?"
      tone="danger"
      size="s"
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={clear.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" busy={clear.isPending}>
            Clear {count.toLocaleString()} {count === 1 ? 'request' : 'requests'}
          </Button>
        </>
      }
    >
      <p className="text-muted">The records of every request sent so far are removed from this computer. Keys, the vault and the APIs are not affected.</p>
      {clear.isError ? (
        <Callout tone="danger" title="Not cleared" role="alert">
          {errorMessage(clear.error)}
        </Callout>
      ) : null}
    </Dialog>
  );
}

export function InspectorToolbar() {
  const filters = useInspectorStore((s) => s.inspectorFilters);
  const changed = useInspectorStore((s) => s.inspectorFiltersChanged);
  const entries = useQuery(vaultQueries.list({})).data;
  const shown = useQuery(inspectorQueries.list(toQuery(filters))).data;
  const all = useQuery(inspectorQueries.list(toQuery(NO_FILTERS))).data;
  const [confirming, setConfirming] = useState(false);
  const keyOptions = useMemo(() => [{ value: '', label: 'All keys' }, ...(entries ?? []).map((e) => ({ value: e.id, label: e.label }))], [entries]);
  const total = all?.total ?? 0;
  const filtered = hasFilters(filters);
  const fmt = new Intl.NumberFormat();
  return (
    <div className="page-toolbar">
      <div className="page-filters" role="search" aria-label="Filter sent requests">
        <RecordSearch />
        <Select aria-label="Filter by provider" className="inspector-select" value={filters.provider} options={PROVIDER_OPTIONS} onChange={(e) => changed({ provider: e.target.value })} />
        <Segmented label="Filter by outcome" value={filters.outcome} options={OUTCOMES} onChange={(outcome) => changed({ outcome })} />
        <Select aria-label="Filter by key" className="inspector-select" value={filters.entryId} options={keyOptions} onChange={(e) => changed({ entryId: e.target.value })} />
        {filtered ? (
          <Button variant="ghost" size="s" onClick={() => changed(NO_FILTERS)}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <div className="toolbar-spacer" />
      <span className="page-count" aria-live="polite">
        {filtered ? `${fmt.format(shown?.total ?? 0)} of ${fmt.format(total)}` : `${fmt.format(total)} ${total === 1 ? 'request' : 'requests'}`}
      </span>
      <Button icon={<TrashIcon />} disabled={total === 0} onClick={() => setConfirming(true)} title="Remove every recorded request from this computer">
        Clear
      </Button>
      {confirming ? <ClearDialog count={total} onClose={() => setConfirming(false)} /> : null}
    </div>
  );
}
