/**
 * The Rotation page's pure model: the agenda (which keys need the person, which rotate next, what was rotated), a
 * run's stages for the stepper, and the words and durations the page shows. Time is passed in, so all of it is
 * unit-tested (test/renderer/features/rotation/rotation-model.test.ts) and a page left open past midnight regroups
 * itself without asking main.
 *
 * Due dates are UTC calendar days (contract/rotation-policy.ts): they are shown in UTC, so a key due on 2027-01-12
 * says 12 January everywhere, as the reminder and `signet rotation list` do.
 */
import { calendarDaysBetween, type RotationStatus } from '../../../src-main/contract/rotation-policy';
import type { RotationKey, RotationRun, RotationStateView, RunState } from '../../../src-main/contract/rotation';
import type { Environment } from '../../../src-main/contract/providers';
import { providerInfo } from '../../../src-main/contract/providers';
import { stepLabel } from '../../shared/lib/rotation-steps';

export const MINUTE_MS = 60_000;
export const MAX_OVERLAP_MINUTES = 30 * 24 * 60;
export const MAX_ARCHIVE_DAYS = 365;

// ───────────────────────────── the agenda ─────────────────────────────

export interface AgendaFilters {
  readonly text: string;
  readonly environment: Environment | 'all';
}

export const NO_AGENDA_FILTERS: AgendaFilters = { text: '', environment: 'all' };

export type AgendaGroup = 'attention' | 'in-progress' | 'due-soon' | 'upcoming' | 'past';

/** Why a key is in "Needs attention", most urgent first. */
export type Attention = 'expired' | 'run-error' | 'overdue' | 'awaiting';

export type AgendaRow =
  | { readonly kind: 'group'; readonly id: string; readonly group: AgendaGroup; readonly title: string; readonly count: number }
  | { readonly kind: 'month'; readonly id: string; readonly title: string; readonly count: number }
  | { readonly kind: 'key'; readonly id: string; readonly group: AgendaGroup; readonly key: RotationKey; readonly status: RotationStatus; readonly attention: Attention | null }
  | { readonly kind: 'run'; readonly id: string; readonly key: RotationKey; readonly run: RotationRun };

export type SelectableRow = Extract<AgendaRow, { kind: 'key' | 'run' }>;

export interface Agenda {
  readonly rows: readonly AgendaRow[];
  readonly counts: Readonly<Record<AgendaGroup, number>>;
  /** Keys that pass the filters, of all keys. */
  readonly shownKeys: number;
  readonly totalKeys: number;
  /** Past runs that pass the filters; the agenda lists at most `pastLimit` of them. */
  readonly pastTotal: number;
}

const GROUP_TITLES: Record<AgendaGroup, string> = {
  attention: 'Needs attention',
  'in-progress': 'In progress',
  'due-soon': 'Due soon',
  upcoming: 'Upcoming',
  past: 'Past rotations',
};

const ATTENTION_ORDER: Record<Attention, number> = { expired: 0, 'run-error': 1, overdue: 2, awaiting: 3 };

export const keyRowId = (entryId: string) => `key:${entryId}`;
export const runRowId = (runId: string) => `run:${runId}`;

/**
 * The key's status at `now`, from the dates main computed (so it moves from due soon to overdue at midnight UTC while
 * the page is open). Same order as policy.ts: expired, then overdue, then due soon.
 */
export function statusAt(state: RotationStateView, now: number): RotationStatus {
  if (state.expiresAt !== null && now >= Date.parse(state.expiresAt)) return 'expired';
  if (now >= Date.parse(state.dueAt)) return 'overdue';
  if (now >= Date.parse(state.warnFrom)) return 'due-soon';
  return 'ok';
}

/** True when the run is not over (an overview only holds live runs in `run`, but a late event may not have caught up). */
export function isLive(run: RotationRun | null | undefined): run is RotationRun {
  return run != null && run.endedAt === null;
}

/** Why the key needs the person now, or null. A run that is moving on by itself does not. */
export function attentionOf(key: RotationKey, now: number): Attention | null {
  const run = isLive(key.run) ? key.run : null;
  if (run) {
    if (run.state === 'awaiting-credentials') return 'awaiting';
    if (run.error) return 'run-error';
    return null;
  }
  const status = statusAt(key.state, now);
  return status === 'expired' ? 'expired' : status === 'overdue' ? 'overdue' : null;
}

type KeyGroup = Exclude<AgendaGroup, 'past'>;

function groupOf(key: RotationKey, attention: Attention | null, status: RotationStatus): KeyGroup {
  if (attention) return 'attention';
  if (isLive(key.run)) return 'in-progress';
  return status === 'due-soon' ? 'due-soon' : 'upcoming';
}

export function matchesFilters(key: RotationKey, filters: AgendaFilters): boolean {
  if (filters.environment !== 'all' && key.environment !== filters.environment) return false;
  const text = filters.text.trim().toLowerCase();
  if (!text) return true;
  const provider = providerInfo(key.provider)?.name ?? key.provider;
  return key.label.toLowerCase().includes(text) || key.provider.toLowerCase().includes(text) || provider.toLowerCase().includes(text);
}

const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "January 2027" for a due date (UTC, as due dates are). */
export function monthTitle(iso: string): string {
  return monthFormat.format(Date.parse(iso));
}

const monthKey = (iso: string) => iso.slice(0, 7);
const collator = new Intl.Collator();

export { plural as countLabel } from '../../shared/lib/format';

/**
 * The agenda: Needs attention (expired, a run that failed and waits, overdue, a guided run waiting for the new key),
 * In progress (a run moving on by itself: creating, an overlap, an archive), Due soon, Upcoming (by due date, a
 * heading per month) and Past rotations (every key's ended runs, newest first, at most `pastLimit`).
 */
export function buildAgenda(keys: readonly RotationKey[], filters: AgendaFilters, now: number, pastLimit = 100): Agenda {
  type KeyRow = Extract<AgendaRow, { kind: 'key' }>;
  const buckets: Record<KeyGroup, KeyRow[]> = { attention: [], 'in-progress': [], 'due-soon': [], upcoming: [] };
  // Times parsed once: a 10,000-key vault sorts on numbers, not on Date.parse in every comparison.
  const dueOf = new Map<KeyRow, number>();
  // The newest `pastLimit` runs, newest first, kept by insertion (a vault's history may hold 200,000 runs).
  const past: { row: Extract<AgendaRow, { kind: 'run' }>; at: number }[] = [];
  let pastTotal = 0;
  let shownKeys = 0;
  for (const key of keys) {
    if (!matchesFilters(key, filters)) continue;
    shownKeys++;
    const status = statusAt(key.state, now);
    const attention = attentionOf(key, now);
    const group = groupOf(key, attention, status);
    const row: KeyRow = { kind: 'key', id: keyRowId(key.entryId), group, key, status, attention };
    dueOf.set(row, Date.parse(key.state.dueAt));
    buckets[group].push(row);
    pastTotal += key.history.length;
    for (const run of key.history) {
      if (pastLimit <= 0) break;
      const at = Date.parse(run.endedAt ?? run.updatedAt);
      // A key's history is newest first: once one is too old for the list, the rest of it is too.
      if (past.length === pastLimit && at <= past[past.length - 1]!.at) break;
      let i = past.length;
      while (i > 0 && past[i - 1]!.at < at) i--;
      past.splice(i, 0, { row: { kind: 'run', id: runRowId(run.id), key, run }, at });
      if (past.length > pastLimit) past.pop();
    }
  }
  const byDue = (a: KeyRow, b: KeyRow) => dueOf.get(a)! - dueOf.get(b)! || collator.compare(a.key.label, b.key.label);
  buckets.attention.sort((a, b) => ATTENTION_ORDER[a.attention!] - ATTENTION_ORDER[b.attention!] || byDue(a, b));
  buckets['in-progress'].sort((a, b) => Date.parse(b.key.run!.startedAt) - Date.parse(a.key.run!.startedAt));
  buckets['due-soon'].sort(byDue);
  buckets.upcoming.sort(byDue);

  const rows: AgendaRow[] = [];
  const head = (group: AgendaGroup, count: number) => rows.push({ kind: 'group', id: `group:${group}`, group, title: GROUP_TITLES[group], count });
  for (const group of ['attention', 'in-progress', 'due-soon'] as const) {
    if (!buckets[group].length) continue;
    head(group, buckets[group].length);
    rows.push(...buckets[group]);
  }
  if (buckets.upcoming.length) {
    head('upcoming', buckets.upcoming.length);
    let i = 0;
    while (i < buckets.upcoming.length) {
      const month = monthKey(buckets.upcoming[i]!.key.state.dueAt);
      let j = i;
      while (j < buckets.upcoming.length && monthKey(buckets.upcoming[j]!.key.state.dueAt) === month) j++;
      rows.push({ kind: 'month', id: `month:${month}`, title: monthTitle(buckets.upcoming[i]!.key.state.dueAt), count: j - i });
      rows.push(...buckets.upcoming.slice(i, j));
      i = j;
    }
  }
  if (pastTotal) {
    head('past', pastTotal);
    for (const p of past) rows.push(p.row);
  }
  return {
    rows,
    counts: { attention: buckets.attention.length, 'in-progress': buckets['in-progress'].length, 'due-soon': buckets['due-soon'].length, upcoming: buckets.upcoming.length, past: pastTotal },
    shownKeys,
    totalKeys: keys.length,
    pastTotal,
  };
}

export function isSelectable(row: AgendaRow): row is SelectableRow {
  return row.kind === 'key' || row.kind === 'run';
}

// ───────────────────────────── dates and durations ─────────────────────────────

const utcDate = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A due date as the UTC day it is (policies count UTC days). */
export function formatDueDate(iso: string): string {
  return utcDate.format(Date.parse(iso));
}

/** "in 12 d", "due today", "overdue 3 d", "expired 2 d ago": how far a due date is, in UTC days. */
export function dueRelative(state: RotationStateView, now: number): string {
  const status = statusAt(state, now);
  if (status === 'expired' && state.expiresAt) {
    const d = calendarDaysBetween(Date.parse(state.expiresAt), now);
    return d === 0 ? 'expired today' : `expired ${d} d ago`;
  }
  const due = Date.parse(state.dueAt);
  if (now >= due) {
    const d = calendarDaysBetween(due, now);
    return d === 0 ? 'due today' : `overdue ${d} d`;
  }
  const d = calendarDaysBetween(now, due);
  return d === 0 ? 'due today' : `in ${d} d`;
}

/** A duration in minutes as a person says it: "no overlap" is the caller's; 15 min, 1 h, 1 h 30 min, 24 h, 3 d. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes % 1440 === 0 && minutes > 1440) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  if (minutes > 1440) return `${Math.floor(minutes / 1440)} d ${Math.round((minutes % 1440) / 60)} h`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Time left as a countdown: "14:59" under an hour (seconds rounded up, so it reads 0:00 only at the end), then
 * "23 h 05 min" under a day and "6 d 23 h" (rounded down: 30 days less a second is 29 d 23 h, not 30 d 0 h).
 */
export function formatCountdown(ms: number): string {
  if (ms < 3_600_000) {
    const s = Math.max(0, Math.ceil(ms / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
  const m = Math.floor(ms / 60_000);
  if (m < 1440) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`;
}

/** How long a run took, "350 ms", "12 s", "4 min", "2 h 5 min", "3 d". */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return formatMinutes(Math.round(s / 60));
}

// ───────────────────────────── choosing the overlap or the archive ─────────────────────────────

export type DurationUnit = 'min' | 'h' | 'd';
const UNIT_MINUTES: Record<DurationUnit, number> = { min: 1, h: 60, d: 1440 };

export const OVERLAP_PRESETS: readonly { readonly minutes: number; readonly label: string }[] = [
  { minutes: 0, label: 'None' },
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 1440, label: '24 h' },
];

export const ARCHIVE_PRESETS: readonly { readonly days: number; readonly label: string }[] = [
  { days: 0, label: 'None' },
  { days: 1, label: '1 day' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
];

/** A typed overlap: whole minutes from 0 to 30 days, or what is wrong with it. */
export function parseOverlap(value: string, unit: DurationUnit): { minutes: number } | { error: string } {
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return { error: 'Enter a number: 0 revokes the old key at once.' };
  const minutes = Number(text) * UNIT_MINUTES[unit];
  if (!Number.isInteger(minutes)) return { error: 'Use whole minutes.' };
  if (minutes > MAX_OVERLAP_MINUTES) return { error: 'At most 30 days.' };
  return { minutes };
}

/** A typed archive period: whole days from 0 to 365, or what is wrong with it. */
export function parseArchiveDays(value: string): { days: number } | { error: string } {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return { error: 'Enter whole days: 0 erases the old key right after the switch.' };
  const days = Number(text);
  if (days > MAX_ARCHIVE_DAYS) return { error: 'At most 365 days.' };
  return { days };
}

// ───────────────────────────── a run ─────────────────────────────

export type StageStatus = 'done' | 'active' | 'waiting' | 'todo' | 'skipped' | 'failed' | 'back';

export interface Stage {
  readonly id: RunState;
  readonly label: string;
  readonly status: StageStatus;
}

const AUTOMATED: readonly RunState[] = ['creating', 'verifying', 'switching', 'overlap', 'revoking', 'done'];
const GUIDED: readonly RunState[] = ['awaiting-credentials', 'verifying', 'switching', 'archived', 'done'];

const STAGE_LABELS: Partial<Record<RunState, string>> = {
  'awaiting-credentials': 'New key',
  creating: 'Create',
  verifying: 'Verify',
  switching: 'Switch',
  overlap: 'Overlap',
  revoking: 'Revoke',
  archived: 'Archive',
  done: 'Done',
  'rolling-back': 'Rolling back',
};

/** States in which the run waits for time or for the person, rather than working. */
const WAITING: readonly RunState[] = ['awaiting-credentials', 'overlap', 'archived'];

/** The stage a rolling-back run turned back at, from the step that started the rollback. */
function turnedAt(run: RotationRun, sequence: readonly RunState[]): number {
  for (let i = run.steps.length - 1; i >= 0; i--) {
    const name = run.steps[i]!.step;
    if (name === 'rollback') return sequence.indexOf(run.mode === 'automated' ? 'overlap' : 'archived');
    const state = (name === 'verify' ? 'verifying' : name) as RunState;
    const at = sequence.indexOf(state);
    if (at >= 0 && state !== 'done') return at;
  }
  return 0;
}

/**
 * The stepper of a live run. Automated: creating → verifying → switching → overlap → revoking → done; guided:
 * awaiting-credentials → verifying → switching → archived → done. A run rolling back keeps the stages it passed, marks
 * the one it turned back at, and ends on a "Rolling back" stage instead of the rest.
 */
export function runStages(run: RotationRun): Stage[] {
  const sequence = run.mode === 'automated' ? AUTOMATED : GUIDED;
  const label = (s: RunState) => STAGE_LABELS[s] ?? s;
  if (run.state === 'rolling-back') {
    const turn = turnedAt(run, sequence);
    const byChoice = run.endAs === 'rolled-back';
    return [
      ...sequence.slice(0, turn).map((id) => ({ id, label: label(id), status: 'done' as const })),
      { id: sequence[turn]!, label: label(sequence[turn]!), status: byChoice ? ('done' as const) : run.endAs === 'cancelled' ? ('skipped' as const) : ('failed' as const) },
      { id: 'rolling-back', label: label('rolling-back'), status: 'back' },
    ];
  }
  const current = sequence.indexOf(run.state);
  return sequence.map((id, i) => {
    const skipped = id === 'overlap' && run.overlapMinutes === 0;
    const status: StageStatus =
      i < current ? (skipped ? 'skipped' : 'done') : i > current ? (skipped ? 'skipped' : 'todo') : run.error ? 'failed' : WAITING.includes(id) ? 'waiting' : 'active';
    return { id, label: label(id), status };
  });
}

/** What the run is doing, in a few words (the agenda row and the progress heading). */
export function runStateText(run: RotationRun): string {
  if (run.error && run.state !== 'awaiting-credentials') return run.state === 'rolling-back' ? 'Rollback failed — retrying' : `${STAGE_LABELS[run.state] ?? run.state} failed — retrying`;
  switch (run.state) {
    case 'awaiting-credentials':
      return run.error ? 'New key refused — paste again' : 'Waiting for the new key';
    case 'creating':
      return 'Creating the new key';
    case 'verifying':
      return 'Verifying the new key';
    case 'switching':
      return 'Switching to the new key';
    case 'overlap':
      return 'Overlap: old key still valid';
    case 'revoking':
      return 'Revoking the old key';
    case 'archived':
      return 'Old key kept for rollback';
    case 'rolling-back':
      return run.endAs === 'rolled-back' ? 'Rolling back to the old key' : run.endAs === 'cancelled' ? 'Cancelling' : 'Failed — rolling back';
    default:
      return run.state;
  }
}

/** Cancel ends a run before the switch; after it only Roll back, Finish or Abandon do. */
export function canCancel(run: RotationRun): boolean {
  return run.state === 'awaiting-credentials' || run.state === 'creating' || run.state === 'verifying' || run.state === 'switching';
}

/** The old key is still kept: Finish now ends that early, Roll back goes back to it. */
export function isKeepingOld(run: RotationRun): boolean {
  return run.state === 'overlap' || run.state === 'archived';
}

/** A run that failed and waits to retry (a revoke the provider refused, a rollback that did not finish). */
export function canAbandon(run: RotationRun): boolean {
  return run.error !== null && run.state !== 'awaiting-credentials';
}

/** Past the switch: the new key is in use. */
export function isSwitched(run: RotationRun): boolean {
  return run.state === 'overlap' || run.state === 'archived' || run.state === 'revoking';
}

export type OutcomeTone = 'success' | 'danger' | 'warning' | 'neutral';

/** How an ended run ended: done, failed, cancelled, rolled back, or abandoned (ended by the person, keeping the key in use). */
export function outcomeOf(run: RotationRun): { label: string; tone: OutcomeTone } {
  if (run.steps.some((s) => s.step === 'abandoned')) return { label: 'Abandoned', tone: 'warning' };
  switch (run.state) {
    case 'done':
      return { label: 'Done', tone: 'success' };
    case 'failed':
      return { label: 'Failed', tone: 'danger' };
    case 'cancelled':
      return { label: 'Cancelled', tone: 'neutral' };
    case 'rolled-back':
      return { label: 'Rolled back', tone: 'warning' };
    default:
      return { label: 'In progress', tone: 'neutral' };
  }
}

/** A recorded step's name in words (shared: the Audit page names rotation steps too). */
export { stepLabel };
