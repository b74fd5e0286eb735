/**
 * The timeline: the log's events newest first under a heading per day, virtualized (a log grows by a line a minute
 * for a busy key, for years), older pages loaded as the end scrolls into view (with a button as well). Each event:
 * its time, type, the key (a link to it in the Vault, or marked deleted), who recorded it, a one-line summary, and
 * whether it was recorded while the vault was locked. Clicking it, or Enter, shows its details as text.
 * A listbox as the Vault's list is: arrow keys, Home, End, Page Up/Down move through the events.
 */
import { memo, useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AuditEvent, AuditType } from '../../../src-main/contract/audit';
import { auditQueries, type AuditFilter } from '../../ipc/audit-queries';
import { errorMessage } from '../../ipc/signet-client';
import { cx } from '../../shared/lib/cx';
import { useListKeyboard } from '../../shared/lib/use-list-keyboard';
import { useNow } from '../../shared/lib/use-now';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { EmptyState } from '../../shared/ui/empty-state';
import {
  AlertIcon,
  AuditIcon,
  CalendarIcon,
  ChevronDownIcon,
  ClockIcon,
  CopyIcon,
  DownloadIcon,
  EditIcon,
  EyeIcon,
  FileIcon,
  FilterXIcon,
  KeyIcon,
  LockIcon,
  PlusIcon,
  RotateIcon,
  SearchIcon,
  SendIcon,
  ShieldIcon,
  TrashIcon,
  UnlockIcon,
  UploadIcon,
  VaultIcon,
  WrenchIcon,
  XIcon,
} from '../../shared/ui/icons';
import { ACTOR_LABELS, AUDIT_TYPE_INFO, detailRows, emptyMessage, eventSummary, hasFilters, NO_FILTERS, timelineRows, toFilter, type AuditFilters, type TimelineRow } from './audit-model';
import { useAuditStore } from './audit-store';
import { useKeyChoices, type KeyChoice } from './audit-toolbar';

const ICONS: Readonly<Record<AuditType, typeof KeyIcon>> = {
  'vault.created': VaultIcon,
  'vault.unlocked': UnlockIcon,
  'vault.unlock_failed': AlertIcon,
  'vault.locked': LockIcon,
  'vault.rollback_accepted': AlertIcon,
  'vault.passphrase_changed': ShieldIcon,
  'vault.os_slot_added': ShieldIcon,
  'vault.os_slot_removed': ShieldIcon,
  'key.created': PlusIcon,
  'key.imported': UploadIcon,
  'key.updated': EditIcon,
  'key.deleted': TrashIcon,
  'key.used': SendIcon,
  'key.revealed': EyeIcon,
  'key.copied': CopyIcon,
  'key.exported': DownloadIcon,
  'key.rotation_step': RotateIcon,
  'key.revoked': XIcon,
  'backup.exported': DownloadIcon,
  'backup.imported': UploadIcon,
  'signature.verify_failed': AlertIcon,
  'signature.revealed': EyeIcon,
  'scan.run': SearchIcon,
  'audit.recovered': WrenchIcon,
  'audit.restarted': FileIcon,
};

type Row = TimelineRow | { readonly kind: 'details'; readonly id: string; readonly event: AuditEvent } | { readonly kind: 'end'; readonly id: 'end' };

const ESTIMATES: Record<Row['kind'], number> = { day: 36, event: 44, details: 160, end: 64 };
const domId = (seq: number) => `audit-event-${seq}`;
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const fullTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

interface KeyState {
  /** The key's label now, when it is in the vault. */
  readonly current: string | null;
  /** Not in the vault (deleted, or only in another vault file); unknown until the vault's list has loaded. */
  readonly gone: boolean;
}

function keyStateOf(id: string, inVault: ReadonlyMap<string, string>, loaded: boolean): KeyState {
  const current = inVault.get(id) ?? null;
  return { current, gone: loaded && current === null };
}

/** The key an event names: a link to it in the Vault, or its old label marked deleted. */
function EventKey({ event, state }: { event: AuditEvent; state: KeyState }) {
  const openKey = useNavigationStore((s) => s.openKey);
  const entry = event.entry;
  if (!entry) return <span className="audit-key audit-key-none" aria-hidden="true" />;
  const label = entry.label || 'Unnamed key';
  if (state.gone) {
    return (
      <span className="audit-key" title={`${label}: no longer in the vault`}>
        <span className="audit-key-text">{label}</span>
        <Badge tone="neutral" className="audit-deleted">
          Deleted key
        </Badge>
      </span>
    );
  }
  const renamed = state.current !== null && state.current !== entry.label;
  return (
    <span className="audit-key">
      <button
        type="button"
        tabIndex={-1}
        className="audit-key-link"
        title={renamed ? `Open “${state.current}” in the Vault (labelled “${label}” then)` : `Open “${label}” in the Vault`}
        onClick={(e) => {
          e.stopPropagation();
          openKey(entry.id);
        }}
      >
        <KeyIcon size={12} />
        <span className="audit-key-text">{label}</span>
      </button>
      {renamed ? <span className="audit-key-now">now “{state.current}”</span> : null}
    </span>
  );
}

const EventRow = memo(function EventRow({ event, keyState, expanded }: { event: AuditEvent; keyState: KeyState; expanded: boolean }) {
  const selected = useAuditStore((s) => s.auditSelectedSeq === event.seq);
  const toggled = useAuditStore((s) => s.auditEventToggled);
  const info = AUDIT_TYPE_INFO[event.type];
  const Icon = ICONS[event.type];
  const summary = eventSummary(event);
  return (
    <div
      id={domId(event.seq)}
      role="option"
      aria-selected={selected}
      className={cx('list-row-inflow', 'audit-row', `is-${info.tone}`, selected && 'is-selected', expanded && 'is-expanded')}
      onClick={() => toggled(event.seq)}
      data-seq={event.seq}
      data-type={event.type}
    >
      <span className="audit-time mono" title={fullTime.format(new Date(event.at))}>
        {clock.format(new Date(event.at))}
      </span>
      <span className={cx('audit-icon', `audit-tone-${info.tone}`)}>
        <Icon />
      </span>
      <span className="audit-main">
        <span className="audit-type">{info.label}</span>
        {summary ? <span className="audit-summary">{summary}</span> : null}
      </span>
      <EventKey event={event} state={keyState} />
      <span className="audit-meta">
        {event.queued ? (
          <Badge tone="warning" icon={<ClockIcon />} className="audit-queued" title="Recorded while the vault was locked, and chained into the log at the next unlock: not authenticated before then">
            Recorded while locked
          </Badge>
        ) : null}
        <span className={cx('audit-actor', `is-${event.actor}`)} title={`Recorded by ${ACTOR_LABELS[event.actor] === 'CLI' ? 'the signet command line' : ACTOR_LABELS[event.actor] === 'App' ? 'the Signet app' : 'the browser host (development)'}`}>
          {ACTOR_LABELS[event.actor]}
        </span>
      </span>
      <ChevronDownIcon className="icon audit-chevron" />
    </div>
  );
});

/** An event's details as key/value text, its place in the log, and the ways on from it. */
function EventDetails({ event, keyState }: { event: AuditEvent; keyState: KeyState }) {
  const openKey = useNavigationStore((s) => s.openKey);
  const changed = useAuditStore((s) => s.auditFiltersChanged);
  const typeChosen = useAuditStore((s) => s.auditTypeChosen);
  const entryId = useAuditStore((s) => s.auditFilters.entryId);
  const onlyType = useAuditStore((s) => s.auditFilters.types.length === 1 && s.auditFilters.types[0] === event.type);
  const rows = detailRows(event.details);
  const info = AUDIT_TYPE_INFO[event.type];
  return (
    <div className="audit-details" role="group" aria-label={`Details of event ${event.seq}`} onClick={(e) => e.stopPropagation()}>
      <dl className="audit-details-grid">
        <dt>Line</dt>
        <dd className="mono">{event.seq.toLocaleString()}</dd>
        <dt>At</dt>
        <dd>
          {fullTime.format(new Date(event.at))} <span className="mono text-faint">{event.at}</span>
        </dd>
        <dt>Type</dt>
        <dd>
          {info.label} <span className="mono text-faint">{event.type}</span>
        </dd>
        <dt>Recorded by</dt>
        <dd>{ACTOR_LABELS[event.actor]}</dd>
        {event.entry ? (
          <>
            <dt>Key</dt>
            <dd>
              {event.entry.label} {keyState.gone ? <span className="text-faint">(deleted)</span> : keyState.current !== null && keyState.current !== event.entry.label ? <span className="text-faint">(now “{keyState.current}”)</span> : null} <span className="mono text-faint">{event.entry.id}</span>
            </dd>
          </>
        ) : null}
        {event.queued ? (
          <>
            <dt>Chained</dt>
            <dd>Recorded while the vault was locked; chained into the log at the next unlock.</dd>
          </>
        ) : null}
        {rows.map((r) => (
          <div key={r.key} className="audit-details-row">
            <dt className="mono">{r.key}</dt>
            <dd className="mono">{r.value}</dd>
          </div>
        ))}
      </dl>
      <div className="audit-details-actions">
        {event.entry && !keyState.gone ? (
          <Button size="s" icon={<KeyIcon />} onClick={() => openKey(event.entry!.id)}>
            Open in the Vault
          </Button>
        ) : null}
        {event.entry && entryId !== event.entry.id ? (
          <Button size="s" variant="ghost" onClick={() => changed({ entryId: event.entry!.id })}>
            Only this key
          </Button>
        ) : null}
        {onlyType ? null : (
          <Button size="s" variant="ghost" onClick={() => typeChosen(event.type)}>
            Only “{info.label}”
          </Button>
        )}
      </div>
    </div>
  );
}

function DayHeading({ row }: { row: Extract<TimelineRow, { kind: 'day' }> }) {
  return (
    <div role="presentation" className="audit-day">
      <CalendarIcon className="icon audit-day-icon" />
      <span className="audit-day-title">{row.title}</span>
      <span className="count-pill audit-day-count" title={row.partial ? 'Older events of this day load as you scroll' : undefined}>
        {row.count.toLocaleString()}
        {row.partial ? '+' : ''}
      </span>
    </div>
  );
}

function TimelineEnd({ more, loading, error, onMore, filtered }: { more: boolean; loading: boolean; error: unknown; onMore: () => void; filtered: boolean }) {
  if (error) {
    return (
      <div className="audit-end" role="presentation">
        <span className="audit-end-error">{errorMessage(error)}</span>
        <Button size="s" onClick={onMore}>
          Try again
        </Button>
      </div>
    );
  }
  if (more) {
    return (
      <div className="audit-end" role="presentation">
        <Button size="s" busy={loading} onClick={onMore}>
          Load older events
        </Button>
      </div>
    );
  }
  return (
    <div className="audit-end" role="presentation">
      <span className="text-faint">{filtered ? 'No older events match these filters.' : 'The first line of the log.'}</span>
    </div>
  );
}

function TimelineEmpty({ filters, keys }: { filters: AuditFilters; keys: { inVault: readonly KeyChoice[]; gone: readonly KeyChoice[] } }) {
  const changed = useAuditStore((s) => s.auditFiltersChanged);
  const label = filters.entryId ? ([...keys.inVault, ...keys.gone].find((k) => k.id === filters.entryId)?.label ?? null) : null;
  const { title, body } = emptyMessage(filters, label);
  if (!hasFilters(filters)) {
    return (
      <EmptyState icon={<AuditIcon size={20} />} title={title}>
        {body}
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={<SearchIcon size={20} />}
      title={title}
      action={
        <Button icon={<FilterXIcon />} onClick={() => changed(NO_FILTERS)}>
          Clear filters
        </Button>
      }
    >
      {body}
    </EmptyState>
  );
}

function Timeline({ filter, filters }: { filter: AuditFilter; filters: AuditFilters }) {
  const list = useInfiniteQuery(auditQueries.list(filter));
  const expanded = useAuditStore((s) => s.auditExpanded);
  const selectedSeq = useAuditStore((s) => s.auditSelectedSeq);
  const selected = useAuditStore((s) => s.auditEventSelected);
  const toggled = useAuditStore((s) => s.auditEventToggled);
  const keys = useKeyChoices();
  const now = useNow(60_000);
  const scrollRef = useRef<HTMLDivElement>(null);

  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError } = list;
  const events = useMemo(() => list.data?.pages.flatMap((p) => p.events) ?? [], [list.data]);
  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    for (const r of timelineRows(events, now, hasNextPage)) {
      out.push(r);
      if (r.kind === 'event' && expanded.has(r.event.seq)) out.push({ kind: 'details', id: `details:${r.event.seq}`, event: r.event });
    }
    if (events.length) out.push({ kind: 'end', id: 'end' });
    return out;
  }, [events, now, hasNextPage, expanded]);
  const inVault = useMemo(() => new Map(keys.inVault.map((k) => [k.id, k.label])), [keys.inVault]);
  const items = useMemo(() => events.map((e) => ({ id: String(e.seq) })), [events]);
  const flatIndex = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => ESTIMATES[rows[i]!.kind],
    overscan: 12,
    getItemKey: (i) => rows[i]?.id ?? i,
  });

  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // The end of what is loaded in view (or nearly): ask for the page before it. Not again after a failed page: its button retries.
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= rows.length - 8 && !isFetchNextPageError) loadMore();
  }, [lastIndex, rows.length, loadMore, isFetchNextPageError]);

  const listKeys = useListKeyboard(items, selectedSeq === null ? null : String(selectedSeq), (id) => selected(Number(id)), scrollRef, ESTIMATES.event, (index) =>
    virtualizer.scrollToIndex(flatIndex.get(`event:${events[index]!.seq}`) ?? 0, { align: 'auto' }),
  );
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.key === 'Enter' || e.key === ' ') && selectedSeq !== null && e.target === e.currentTarget) {
      e.preventDefault();
      toggled(selectedSeq);
      return;
    }
    listKeys(e);
  };

  // A page after the first that failed keeps what is shown; its row at the end retries.
  if (list.isError && !list.data) {
    return (
      <EmptyState title="The audit log could not be read" action={<Button onClick={() => void list.refetch()}>Try again</Button>}>
        {errorMessage(list.error)}
      </EmptyState>
    );
  }
  const active = selectedSeq !== null && flatIndex.has(`event:${selectedSeq}`) ? domId(selectedSeq) : undefined;
  return (
    <div ref={scrollRef} className={cx('list-scroll is-listbox audit-timeline', list.isPlaceholderData && 'is-stale')} role="listbox" aria-label="Audit events" tabIndex={0} aria-activedescendant={active} onKeyDown={onKeyDown} aria-busy={list.isPending || undefined}>
      {list.isPending ? null : events.length === 0 ? (
        <TimelineEmpty filters={filters} keys={keys} />
      ) : (
        <div className="list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualItems.map((item) => {
            const row = rows[item.index]!;
            return (
              <div key={row.id} ref={virtualizer.measureElement} data-index={item.index} className="audit-slot" style={{ transform: `translateY(${item.start}px)` }}>
                {row.kind === 'day' ? (
                  <DayHeading row={row} />
                ) : row.kind === 'event' ? (
                  <EventRow event={row.event} keyState={keyStateOf(row.event.entry?.id ?? '', inVault, keys.loaded)} expanded={expanded.has(row.event.seq)} />
                ) : row.kind === 'details' ? (
                  <EventDetails event={row.event} keyState={keyStateOf(row.event.entry?.id ?? '', inVault, keys.loaded)} />
                ) : (
                  <TimelineEnd more={hasNextPage} loading={isFetchingNextPage} error={isFetchNextPageError ? list.error : null} onMore={() => void fetchNextPage()} filtered={hasFilters(filters)} />
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

export function AuditTimeline() {
  const filters = useAuditStore((s) => s.auditFilters);
  const shown = toFilter(filters);
  if ('error' in shown) {
    return (
      <div className="audit-timeline-pane">
        <EmptyState icon={<CalendarIcon size={20} />} title="Check the dates">
          {shown.error}
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="audit-timeline-pane">
      <Timeline filter={shown.filter} filters={filters} />
    </div>
  );
}
