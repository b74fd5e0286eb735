/**
 * The list of recorded requests, newest first: a virtualized listbox (up to 1,000 rows kept), arrow keys move the
 * selection as in the Vault. Rows show what a person scans for: the status, the method and path, where it went,
 * how long it took and when.
 */
import { memo, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { InspectorSummary } from '../../../src-main/contract/inspector';
import { providerInfo } from '../../../src-main/contract/providers';
import { inspectorQueries } from '../../ipc/inspector-queries';
import { errorMessage } from '../../ipc/signet-client';
import { cx } from '../../shared/lib/cx';
import { useListKeyboard } from '../../shared/lib/use-list-keyboard';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { EmptyState } from '../../shared/ui/empty-state';
import { FilterXIcon, RequestIcon, SearchIcon } from '../../shared/ui/icons';
import { formatMs, MethodLabel, StatusBadge } from '../../shared/ui/http-record';
import { hasFilters, toQuery } from './inspector-model';
import { NO_FILTERS } from './inspector-slice';
import { useInspectorStore } from './inspector-store';

export const ROW_HEIGHT = 52;
const rowId = (id: string) => `record-row-${id}`;
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** "/v1/account?x=1" and "127.0.0.1:51234": the part that differs between rows first. */
export function splitUrl(url: string): { path: string; host: string } {
  try {
    const u = new URL(url);
    return { path: `${u.pathname}${u.search}`, host: u.host };
  } catch {
    return { path: url, host: '' };
  }
}

const RecordRow = memo(function RecordRow({ r, top }: { r: InspectorSummary; top: number }) {
  const selected = useInspectorStore((s) => s.inspectorSelectedId === r.id);
  const recordSelected = useInspectorStore((s) => s.recordSelected);
  const { path, host } = splitUrl(r.url);
  return (
    <div id={rowId(r.id)} role="option" aria-selected={selected} className={cx('record-row', 'list-row', selected && 'is-selected', `is-${r.outcome}`)} style={{ transform: `translateY(${top}px)` }} onClick={() => recordSelected(r.id)} data-record-id={r.id}>
      <div className="record-cell">
        <StatusBadge status={r.status} outcome={r.outcome} errorCode={r.errorCode} />
      </div>
      <div className="record-cell">
        <MethodLabel method={r.method} />
      </div>
      <div className="record-cell record-cell-url">
        <span className="record-path mono" title={r.url}>
          {path}
        </span>
        <span className="record-sub">
          <span>{providerInfo(r.provider)?.name ?? r.provider}</span>
          {r.entryLabel ? <span>· {r.entryLabel}</span> : null}
          {host ? <span className="mono">· {host}</span> : null}
          {r.attempts > 1 ? <span className="record-retries">· {r.attempts} attempts</span> : null}
        </span>
      </div>
      <div className="record-cell record-cell-num mono">{formatMs(r.totalMs)}</div>
      <div className="record-cell record-cell-num text-muted" title={r.at}>
        {clock.format(new Date(r.at))}
      </div>
    </div>
  );
});

function ListEmpty({ filtered }: { filtered: boolean }) {
  const changed = useInspectorStore((s) => s.inspectorFiltersChanged);
  const pageOpened = useNavigationStore((s) => s.pageOpened);
  if (!filtered) {
    return (
      <EmptyState
        icon={<RequestIcon size={20} />}
        title="Nothing sent yet"
        action={
          <Button variant="primary" icon={<RequestIcon />} onClick={() => pageOpened('request')}>
            Open the Request page
          </Button>
        }
      >
        Every request Signet sends is recorded here, without secrets: what was signed, the headers, the response and where the time went.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={<SearchIcon size={20} />}
      title="No requests match these filters"
      action={
        <Button icon={<FilterXIcon />} onClick={() => changed(NO_FILTERS)}>
          Clear filters
        </Button>
      }
    >
      Search matches the method, the URL and the error code.
    </EmptyState>
  );
}

export function RecordList() {
  const filters = useInspectorStore((s) => s.inspectorFilters);
  const list = useQuery(inspectorQueries.list(toQuery(filters)));
  const records = list.data?.records ?? EMPTY;
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectedId = useInspectorStore((s) => s.inspectorSelectedId);
  const recordSelected = useInspectorStore((s) => s.recordSelected);

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => records[i]?.id ?? i,
  });

  const onKeyDown = useListKeyboard(records, selectedId, recordSelected, scrollRef, ROW_HEIGHT, (index) => virtualizer.scrollToIndex(index, { align: 'auto' }));

  if (list.isError) return <EmptyState title="The list could not be loaded">{errorMessage(list.error)}</EmptyState>;
  const active = selectedId && records.some((r) => r.id === selectedId) ? rowId(selectedId) : undefined;
  return (
    <div className="page-list">
      {list.data?.loadError ? (
        <Callout tone="warning" title="Earlier requests could not be loaded" className="record-load-error">
          {list.data.loadError}
        </Callout>
      ) : null}
      <div className="list-header record-list-header" aria-hidden="true">
        <span>Status</span>
        <span>Method</span>
        <span>Request</span>
        <span className="record-cell-num">Time</span>
        <span className="record-cell-num">At</span>
      </div>
      <div ref={scrollRef} className={cx('list-scroll is-listbox record-list-scroll', list.isPlaceholderData && 'is-stale')} role="listbox" aria-label="Sent requests" tabIndex={0} aria-activedescendant={active} onKeyDown={onKeyDown}>
        {list.isPending ? null : records.length === 0 ? (
          <ListEmpty filtered={hasFilters(filters)} />
        ) : (
          <div className="list-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const r = records[item.index]!;
              return <RecordRow key={r.id} r={r} top={item.start} />;
            })}
          </div>
        )}
      </div>
    </div>
  );
}

const EMPTY: InspectorSummary[] = [];
