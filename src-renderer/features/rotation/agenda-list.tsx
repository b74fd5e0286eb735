/**
 * The agenda: every key grouped by what it needs (Needs attention, In progress, Due soon, Upcoming by month) and the
 * past rotations, newest first. A virtualized listbox (a vault may hold 10,000 keys), headings as rows between the
 * options; arrow keys move through the keys and runs as in the Vault list.
 */
import { memo, useCallback, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { providerInfo } from '../../../src-main/contract/providers';
import type { RotationKey } from '../../../src-main/contract/rotation';
import type { RotationStatus } from '../../../src-main/contract/rotation-policy';
import { cx } from '../../shared/lib/cx';
import { formatDateTime, relativeTime } from '../../shared/lib/format';
import { useListKeyboard } from '../../shared/lib/use-list-keyboard';
import { Badge, EnvironmentBadge } from '../../shared/ui/badge';
import { AlertIcon, CalendarIcon, CheckIcon, ClockIcon, KeyIcon, RotateIcon, XIcon } from '../../shared/ui/icons';
import { countLabel, dueRelative, formatCountdown, formatDueDate, isSelectable, outcomeOf, runStateText, type Agenda, type AgendaRow, type Attention, type SelectableRow } from './rotation-model';
import { useRotationStore } from './rotation-store';

const HEIGHTS: Record<AgendaRow['kind'], number> = { group: 40, month: 30, key: 56, run: 56 };
const domId = (rowId: string) => `rotation-row-${rowId.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export const providerLabel = (id: string) => providerInfo(id)?.name ?? id;
export const modeLabel = (mode: RotationKey['mode']) => (mode === 'automated' ? 'Automated' : 'Guided');

function StatusIcon({ status, attention, rotating }: { status: RotationStatus; attention: Attention | null; rotating: boolean }) {
  if (attention === 'awaiting') return <KeyIcon className="icon rot-icon-warning" />;
  if (attention === 'run-error' || attention === 'expired' || attention === 'overdue') return <AlertIcon className="icon rot-icon-danger" />;
  if (rotating) return <RotateIcon className="icon rot-icon-accent" />;
  if (status === 'due-soon') return <ClockIcon className="icon rot-icon-warning" />;
  return <CalendarIcon className="icon rot-icon-faint" />;
}

function useSelected(row: SelectableRow): boolean {
  return useRotationStore((s) => (row.kind === 'key' ? s.rotationSelectedId === row.key.entryId && s.rotationSelectedRunId === null : s.rotationSelectedRunId === row.run.id));
}

function useSelect(): (row: SelectableRow) => void {
  const keySelected = useRotationStore((s) => s.rotationKeySelected);
  const pastRunSelected = useRotationStore((s) => s.rotationPastRunSelected);
  return useCallback((row: SelectableRow) => (row.kind === 'key' ? keySelected(row.key.entryId) : pastRunSelected(row.key.entryId, row.run.id)), [keySelected, pastRunSelected]);
}

/** When the key is due, or where its run stands: the row's right-hand column. */
function KeyWhen({ row, now }: { row: Extract<AgendaRow, { kind: 'key' }>; now: number }) {
  const run = row.key.run;
  if (run && row.group !== 'upcoming' && row.group !== 'due-soon') {
    const keeping = (run.state === 'overlap' || run.state === 'archived') && run.keepOldUntil;
    return (
      <div className="rot-when">
        <span className={cx('rot-when-main', run.error ? 'rot-text-danger' : run.state === 'awaiting-credentials' ? 'rot-text-warning' : 'rot-text-accent')}>{runStateText(run)}</span>
        <span className="rot-when-sub">{keeping ? `${formatCountdown(Date.parse(run.keepOldUntil!) - now)} left` : `started ${relativeTime(run.startedAt, now)}`}</span>
      </div>
    );
  }
  const tone = row.status === 'expired' || row.status === 'overdue' ? 'rot-text-danger' : row.status === 'due-soon' ? 'rot-text-warning' : 'rot-text-muted';
  const date = row.status === 'expired' && row.key.state.expiresAt ? row.key.state.expiresAt : row.key.state.dueAt;
  return (
    <div className="rot-when">
      <span className="rot-when-main">{formatDueDate(date)}</span>
      <span className={cx('rot-when-sub', tone)}>{dueRelative(row.key.state, now)}</span>
    </div>
  );
}

const KeyRow = memo(function KeyRow({ row, top, now }: { row: Extract<AgendaRow, { kind: 'key' }>; top: number; now: number }) {
  const selected = useSelected(row);
  const select = useSelect();
  const { key } = row;
  const title = key.run?.error ? key.run.error.message : key.run ? `${runStateText(key.run)}. ${key.state.reason}` : key.state.reason;
  return (
    <div
      id={domId(row.id)}
      role="option"
      aria-selected={selected}
      className={cx('list-row rot-row', selected && 'is-selected', key.environment === 'prod' && 'is-prod', row.attention && 'is-attention')}
      style={{ transform: `translateY(${top}px)`, height: HEIGHTS.key }}
      onClick={() => select(row)}
      title={title}
      data-entry-id={key.entryId}
    >
      <span className="rot-row-icon">
        <StatusIcon status={row.status} attention={row.attention} rotating={key.run !== null} />
      </span>
      <div className="rot-row-main">
        <span className="rot-row-label">{key.label}</span>
        <span className="rot-row-sub">
          {providerLabel(key.provider)} · {modeLabel(key.mode)}
          <span className="visually-hidden">. {key.state.reason}</span>
        </span>
      </div>
      <span className="rot-row-env">
        <EnvironmentBadge environment={key.environment} />
      </span>
      <KeyWhen row={row} now={now} />
    </div>
  );
});

const OUTCOME_ICONS = { success: CheckIcon, danger: XIcon, warning: AlertIcon, neutral: XIcon } as const;

const RunRow = memo(function RunRow({ row, top, now }: { row: Extract<AgendaRow, { kind: 'run' }>; top: number; now: number }) {
  const selected = useSelected(row);
  const select = useSelect();
  const { key, run } = row;
  const outcome = outcomeOf(run);
  const Icon = OUTCOME_ICONS[outcome.tone];
  const last = run.steps[run.steps.length - 1];
  return (
    <div
      id={domId(row.id)}
      role="option"
      aria-selected={selected}
      className={cx('list-row rot-row rot-row-past', selected && 'is-selected')}
      style={{ transform: `translateY(${top}px)`, height: HEIGHTS.run }}
      onClick={() => select(row)}
      title={run.error?.message ?? last?.detail}
      data-run-id={run.id}
    >
      <span className="rot-row-icon">
        <Icon className={cx('icon', `rot-icon-${outcome.tone === 'neutral' ? 'faint' : outcome.tone}`)} />
      </span>
      <div className="rot-row-main">
        <span className="rot-row-label">{key.label}</span>
        <span className="rot-row-sub">
          {providerLabel(key.provider)} · {modeLabel(run.mode)}
        </span>
      </div>
      <span className="rot-row-env">
        <EnvironmentBadge environment={key.environment} />
      </span>
      <div className="rot-when">
        <Badge tone={outcome.tone} className="rot-outcome">
          {outcome.label}
        </Badge>
        <span className="rot-when-sub" title={formatDateTime(run.endedAt ?? run.updatedAt)}>
          {relativeTime(run.endedAt ?? run.updatedAt, now)}
        </span>
      </div>
    </div>
  );
});

function Heading({ row, top }: { row: Extract<AgendaRow, { kind: 'group' | 'month' }>; top: number }) {
  const group = row.kind === 'group' ? row.group : null;
  return (
    <div role="presentation" className={cx('rot-heading', row.kind === 'group' ? 'rot-heading-group' : 'rot-heading-month', group && `rot-heading-${group}`)} style={{ transform: `translateY(${top}px)`, height: HEIGHTS[row.kind] }}>
      <span className="rot-heading-title">{row.title}</span>
      <span className={cx('rot-heading-count', row.kind === 'group' && 'count-pill')}>{row.kind === 'month' ? `— ${countLabel(row.count, 'key')}` : row.count.toLocaleString()}</span>
    </div>
  );
}

export function AgendaList({ agenda, now, pastLimit }: { agenda: Agenda; now: number; pastLimit: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = agenda.rows;
  const selectedId = useRotationStore((s) => (s.rotationSelectedRunId ? `run:${s.rotationSelectedRunId}` : s.rotationSelectedId ? `key:${s.rotationSelectedId}` : null));
  const select = useSelect();
  const selectable = useMemo(() => rows.filter(isSelectable), [rows]);
  const flatIndex = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => HEIGHTS[rows[i]!.kind],
    overscan: 10,
    getItemKey: (i) => rows[i]?.id ?? i,
  });

  const onKeyDown = useListKeyboard(
    selectable,
    selectedId,
    (id) => {
      const row = selectable.find((r) => r.id === id);
      if (row) select(row);
    },
    scrollRef,
    HEIGHTS.key,
    (index) => virtualizer.scrollToIndex(flatIndex.get(selectable[index]!.id) ?? 0, { align: 'auto' }),
  );

  const active = selectedId && flatIndex.has(selectedId) ? domId(selectedId) : undefined;
  const hiddenPast = agenda.pastTotal - Math.min(agenda.pastTotal, pastLimit);
  return (
    <div ref={scrollRef} className="list-scroll is-listbox rot-agenda" role="listbox" aria-label="Rotation agenda" tabIndex={0} aria-activedescendant={active} onKeyDown={onKeyDown}>
      <div className="list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          if (row.kind === 'key') return <KeyRow key={row.id} row={row} top={item.start} now={now} />;
          if (row.kind === 'run') return <RunRow key={row.id} row={row} top={item.start} now={now} />;
          return <Heading key={row.id} row={row} top={item.start} />;
        })}
      </div>
      {hiddenPast > 0 ? <p className="rot-agenda-more">{countLabel(hiddenPast, 'earlier rotation')} not listed here: each key’s pane has its whole history.</p> : null}
    </div>
  );
}
