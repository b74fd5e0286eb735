/**
 * The Audit page's filters: the key (the vault's keys, and the keys the log saw deleted), the time range (presets or
 * two dates), and the event types by category; with the count of what is shown.
 */
import { useMemo } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { auditQueries } from '../../ipc/audit-queries';
import { vaultQueries } from '../../ipc/vault-queries';
import { cx } from '../../shared/lib/cx';
import { Button } from '../../shared/ui/button';
import { Input } from '../../shared/ui/field';
import { Segmented } from '../../shared/ui/segmented';
import { AUDIT_CATEGORIES, categoryState, hasFilters, NO_FILTERS, RANGES, toFilter, toggleCategory, type AuditFilters, type RangeId } from './audit-model';
import { useAuditStore } from './audit-store';

export interface KeyChoice {
  readonly id: string;
  readonly label: string;
}

/**
 * The keys to filter by: those in the vault (their labels now), then those the log names that are gone from it
 * (deleted, or only ever in another vault file), as the log last labelled them.
 */
export function useKeyChoices(): { inVault: KeyChoice[]; gone: KeyChoice[]; loaded: boolean } {
  const entries = useQuery(vaultQueries.list({}));
  const deleted = useQuery(auditQueries.deletedKeys()).data;
  const filters = useAuditStore((s) => s.auditFilters);
  const shown = toFilter(filters);
  const events = useInfiniteQuery({ ...auditQueries.list('filter' in shown ? shown.filter : {}), enabled: 'filter' in shown }).data;
  return useMemo(() => {
    const inVault = (entries.data ?? []).map((e) => ({ id: e.id, label: e.label }));
    const present = new Set(inVault.map((e) => e.id));
    const gone = new Map<string, string>();
    for (const d of deleted ?? []) if (!present.has(d.id)) gone.set(d.id, d.label);
    for (const page of events?.pages ?? []) for (const e of page.events) if (e.entry && !present.has(e.entry.id) && !gone.has(e.entry.id)) gone.set(e.entry.id, e.entry.label);
    return { inVault, gone: [...gone].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label)), loaded: entries.isSuccess };
  }, [entries.data, entries.isSuccess, deleted, events]);
}

function KeyFilter() {
  const entryId = useAuditStore((s) => s.auditFilters.entryId);
  const changed = useAuditStore((s) => s.auditFiltersChanged);
  const { inVault, gone } = useKeyChoices();
  const known = entryId === '' || inVault.some((e) => e.id === entryId) || gone.some((e) => e.id === entryId);
  return (
    <select aria-label="Filter by key" className={cx('input select audit-key-select', entryId && 'is-set')} value={entryId} onChange={(e) => changed({ entryId: e.target.value })}>
      <option value="">All keys</option>
      {inVault.length ? (
        <optgroup label="In the vault">
          {inVault.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
            </option>
          ))}
        </optgroup>
      ) : null}
      {gone.length || !known ? (
        <optgroup label="Deleted keys">
          {gone.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label} (deleted)
            </option>
          ))}
          {known ? null : <option value={entryId}>A key not in the vault</option>}
        </optgroup>
      ) : null}
    </select>
  );
}

function RangeFilter() {
  const filters = useAuditStore((s) => s.auditFilters);
  const changed = useAuditStore((s) => s.auditFiltersChanged);
  const shown = toFilter(filters);
  return (
    <div className="audit-range">
      <Segmented<RangeId>
        label="Time range"
        size="s"
        value={filters.range}
        options={RANGES.map((r) => ({ value: r.id, label: <span title={r.title}>{r.label}</span> }))}
        onChange={(range) => changed({ range })}
      />
      {filters.range === 'custom' ? (
        <span className="audit-dates">
          <label className="audit-date">
            <span>From</span>
            <Input type="date" aria-label="From date" value={filters.from} max={filters.to || undefined} aria-invalid={'error' in shown || undefined} onChange={(e) => changed({ from: e.target.value })} />
          </label>
          <label className="audit-date">
            <span>to</span>
            <Input type="date" aria-label="To date" value={filters.to} min={filters.from || undefined} aria-invalid={'error' in shown || undefined} onChange={(e) => changed({ to: e.target.value })} />
          </label>
        </span>
      ) : null}
    </div>
  );
}

/** "All" and one toggle per category: several may be on; a category with a single type picked shows as partly on. */
function TypeFilter() {
  const types = useAuditStore((s) => s.auditFilters.types);
  const changed = useAuditStore((s) => s.auditFiltersChanged);
  return (
    <div className="audit-types" role="group" aria-label="Filter by event type">
      <button type="button" className={cx('audit-type-chip', types.length === 0 && 'is-on')} aria-pressed={types.length === 0} onClick={() => changed({ types: [] })}>
        All types
      </button>
      {AUDIT_CATEGORIES.map((c) => {
        const state = categoryState(c.id, types);
        return (
          <button
            key={c.id}
            type="button"
            className={cx('audit-type-chip', state === 'on' && 'is-on', state === 'mixed' && 'is-mixed')}
            aria-pressed={state === 'on' ? true : state === 'mixed' ? 'mixed' : false}
            data-category={c.id}
            onClick={() => changed({ types: toggleCategory(c.id, types) })}
          >
            {c.label}
          </button>
        );
      })}
    </div>
  );
}

function Count({ filters }: { filters: AuditFilters }) {
  const shown = toFilter(filters);
  const list = useInfiniteQuery({ ...auditQueries.list('filter' in shown ? shown.filter : {}), enabled: 'filter' in shown });
  const total = useQuery(auditQueries.verification()).data?.lines;
  if (!list.data || !('filter' in shown)) return null;
  const n = list.data.pages.reduce((sum, p) => sum + p.events.length, 0);
  const loaded = `${n.toLocaleString()}${list.hasNextPage ? '+' : ''}`;
  const filtered = hasFilters(filters);
  return (
    <span className="page-count" aria-live="polite">
      {filtered && total !== undefined ? `${loaded} of ${total.toLocaleString()} events` : `${loaded} ${n === 1 && !list.hasNextPage ? 'event' : 'events'}`}
    </span>
  );
}

export function AuditToolbar() {
  const filters = useAuditStore((s) => s.auditFilters);
  const changed = useAuditStore((s) => s.auditFiltersChanged);
  return (
    <div className="audit-toolbar">
      <div className="page-toolbar">
        <div className="page-filters" role="search" aria-label="Filter the audit log">
          <KeyFilter />
          <RangeFilter />
          {hasFilters(filters) ? (
            <Button variant="ghost" size="s" onClick={() => changed(NO_FILTERS)}>
              Clear filters
            </Button>
          ) : null}
        </div>
        <div className="toolbar-spacer" />
        <Count filters={filters} />
      </div>
      <TypeFilter />
    </div>
  );
}
