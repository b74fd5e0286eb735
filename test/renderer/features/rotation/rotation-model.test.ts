import { describe, expect, it } from 'vitest';
import { DEFAULT_ROTATION_DEFAULTS, type RotationKey, type RotationRun } from '../../../../src-main/contract/rotation';
import { policyFor, rotationState } from '../../../../src-main/contract/rotation-policy';
import type { Environment } from '../../../../src-main/contract/providers';
import {
  attentionOf,
  buildAgenda,
  canAbandon,
  canCancel,
  dueRelative,
  formatCountdown,
  formatMinutes,
  NO_AGENDA_FILTERS,
  outcomeOf,
  parseArchiveDays,
  parseOverlap,
  runStages,
  runStateText,
  statusAt,
  type AgendaRow,
} from '../../../../src-renderer/features/rotation/rotation-model';

const NOW = Date.parse('2026-12-04T18:00:00.000Z');
const DAY = 86_400_000;

/** A key as main's overview has it, its state computed by the scheduler's own function at NOW. */
function keyOf(o: { id: string; label?: string; provider?: string; environment?: Environment; createdDaysAgo?: number; everyDays?: number; warnDays?: number; expiresAt?: string | null; run?: RotationRun | null; history?: RotationRun[] }): RotationKey {
  const environment = o.environment ?? 'dev';
  const entry = { environment, createdAt: new Date(NOW - (o.createdDaysAgo ?? 0) * DAY).toISOString(), lastRotatedAt: null, expiresAt: o.expiresAt ?? null, ...(o.everyDays ? { rotationPolicy: { everyDays: o.everyDays, warnDays: o.warnDays ?? 7 } } : {}) };
  const policy = policyFor(entry, DEFAULT_ROTATION_DEFAULTS);
  return {
    entryId: o.id,
    label: o.label ?? o.id,
    provider: o.provider ?? 'sandbox',
    environment,
    policy,
    policySource: o.everyDays ? 'own' : 'default',
    state: rotationState(entry, policy, NOW),
    mode: (o.provider ?? 'sandbox') === 'sandbox' ? 'automated' : 'guided',
    run: o.run ?? null,
    history: o.history ?? [],
    lastRotatedAt: null,
  };
}

function runOf(patch: Partial<RotationRun> & { id: string }): RotationRun {
  return {
    rev: 1,
    mode: 'automated',
    state: 'creating',
    startedAt: new Date(NOW - 60_000).toISOString(),
    updatedAt: new Date(NOW - 30_000).toISOString(),
    endedAt: null,
    keepOldUntil: null,
    oldPreview: '••••aaaa',
    newPreview: null,
    remote: { newKeyId: null, oldKeyId: null, label: null },
    steps: [{ step: 'started', at: new Date(NOW - 60_000).toISOString(), outcome: 'ok', detail: 'Started.' }],
    error: null,
    overlapMinutes: 60,
    archiveDays: null,
    endAs: null,
    priorRotatedAt: null,
    nextKeyPair: null,
    priorKeyPair: null,
    ...patch,
  };
}

const summary = (rows: readonly AgendaRow[]) => rows.map((r) => (r.kind === 'group' ? `# ${r.title} (${r.count})` : r.kind === 'month' ? `## ${r.title} — ${r.count}` : r.kind === 'key' ? r.key.label : `run ${r.run.id}`));

describe('the rotation agenda', () => {
  it('groups keys by what they need, upcoming ones by month of their due date, past runs newest first', () => {
    const keys = [
      keyOf({ id: 'later-b', everyDays: 70 }), // due 2027-02-12
      keyOf({ id: 'later-c', everyDays: 45 }), // due 2027-01-18
      keyOf({ id: 'later-a', everyDays: 40 }), // due 2027-01-13
      keyOf({ id: 'dec', everyDays: 20 }), // due 2026-12-24
      keyOf({ id: 'soon-a', createdDaysAgo: 5, everyDays: 10, warnDays: 7 }), // due 12-09, warned from 12-02
      keyOf({ id: 'soon-b', createdDaysAgo: 2, everyDays: 5, warnDays: 4 }), // due 12-07, warned from 12-03
      keyOf({ id: 'expired', expiresAt: new Date(NOW - 2 * DAY).toISOString() }),
      keyOf({ id: 'overdue', createdDaysAgo: 400 }), // the dev default, 365 days
      keyOf({ id: 'waiting', provider: 'binance', run: runOf({ id: 'r-wait', mode: 'guided', state: 'awaiting-credentials', overlapMinutes: null, archiveDays: 7 }) }),
      keyOf({ id: 'moving', run: runOf({ id: 'r-move', state: 'overlap', keepOldUntil: new Date(NOW + 600_000).toISOString() }) }),
      keyOf({
        id: 'rotated',
        everyDays: 100, // due 2027-03-14
        history: [
          runOf({ id: 'old', state: 'done', endedAt: new Date(NOW - 5 * DAY).toISOString() }),
          runOf({ id: 'older', state: 'failed', endedAt: new Date(NOW - 9 * DAY).toISOString() }),
        ],
      }),
      keyOf({ id: 'rotated-2', everyDays: 200, history: [runOf({ id: 'recent', state: 'rolled-back', endedAt: new Date(NOW - DAY).toISOString() })] }), // due 2027-06-22
    ];
    const agenda = buildAgenda(keys, NO_AGENDA_FILTERS, NOW);
    expect(summary(agenda.rows)).toEqual([
      '# Needs attention (3)',
      'expired',
      'overdue',
      'waiting',
      '# In progress (1)',
      'moving',
      '# Due soon (2)',
      'soon-b',
      'soon-a',
      '# Upcoming (6)',
      '## December 2026 — 1',
      'dec',
      '## January 2027 — 2',
      'later-a',
      'later-c',
      '## February 2027 — 1',
      'later-b',
      '## March 2027 — 1',
      'rotated',
      '## June 2027 — 1',
      'rotated-2',
      '# Past rotations (3)',
      'run recent',
      'run old',
      'run older',
    ]);
    expect(agenda.counts).toEqual({ attention: 3, 'in-progress': 1, 'due-soon': 2, upcoming: 6, past: 3 });
    expect(agenda.shownKeys).toBe(keys.length);
  });

  it('puts a run that failed and waits to retry in Needs attention, ahead of overdue keys', () => {
    const failing = runOf({ id: 'r', state: 'revoking', error: { code: 'ERR_ROTATION_FAILED', message: 'Revoking failed. Signet tries again in 5 minutes and at the next start.' } });
    const keys = [keyOf({ id: 'overdue', createdDaysAgo: 400 }), keyOf({ id: 'stuck', run: failing })];
    expect(attentionOf(keys[1]!, NOW)).toBe('run-error');
    expect(summary(buildAgenda(keys, NO_AGENDA_FILTERS, NOW).rows)).toEqual(['# Needs attention (2)', 'stuck', 'overdue']);
  });

  it('filters by label, provider name and environment, and counts what it shows', () => {
    const keys = [keyOf({ id: 'a', label: 'Trading bot', provider: 'binance', environment: 'prod' }), keyOf({ id: 'b', label: 'Local', environment: 'dev' })];
    expect(buildAgenda(keys, { text: 'BINANCE', environment: 'all' }, NOW).shownKeys).toBe(1);
    expect(buildAgenda(keys, { text: 'bot', environment: 'dev' }, NOW).shownKeys).toBe(0);
    const prod = buildAgenda(keys, { text: '', environment: 'prod' }, NOW);
    expect(prod.rows.filter((r) => r.kind === 'key').map((r) => (r.kind === 'key' ? r.key.label : ''))).toEqual(['Trading bot']);
    expect(prod.totalKeys).toBe(2);
  });

  it('lists at most the newest past runs, and says how many there are', () => {
    const history = Array.from({ length: 30 }, (_, i) => runOf({ id: `h${i}`, state: 'done', endedAt: new Date(NOW - (i + 1) * 60_000).toISOString() }));
    const agenda = buildAgenda([keyOf({ id: 'k', history })], NO_AGENDA_FILTERS, NOW, 10);
    const runs = agenda.rows.filter((r) => r.kind === 'run');
    expect(runs).toHaveLength(10);
    expect(runs[0]!.kind === 'run' && runs[0]!.run.id).toBe('h0');
    expect(agenda.pastTotal).toBe(30);
  });

  it('regroups as time passes: a key becomes overdue at 00:00 UTC of its due day', () => {
    const key = keyOf({ id: 'k', everyDays: 2, warnDays: 1 });
    const due = Date.parse(key.state.dueAt);
    expect(new Date(due).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(statusAt(key.state, due - 1)).toBe('due-soon');
    expect(statusAt(key.state, due)).toBe('overdue');
    expect(summary(buildAgenda([key], NO_AGENDA_FILTERS, due).rows)).toEqual(['# Needs attention (1)', 'k']);
  });
});

describe('due dates and durations', () => {
  it('says how far a due date is in UTC days', () => {
    const key = keyOf({ id: 'k', everyDays: 12 });
    expect(dueRelative(key.state, NOW)).toBe('in 12 d');
    expect(dueRelative(key.state, Date.parse(key.state.dueAt))).toBe('due today');
    expect(dueRelative(key.state, Date.parse(key.state.dueAt) + 3 * DAY + 5)).toBe('overdue 3 d');
    const expired = keyOf({ id: 'x', expiresAt: new Date(NOW - 2 * DAY).toISOString() });
    expect(dueRelative(expired.state, NOW)).toBe('expired 2 d ago');
  });

  it('counts down in minutes and seconds, then hours, then days', () => {
    expect(formatCountdown(59 * 60_000 + 59_000)).toBe('59:59');
    expect(formatCountdown(3_600_000)).toBe('1 h 00 min');
    expect(formatCountdown(14 * 60_000 + 59_000)).toBe('14:59');
    expect(formatCountdown(500)).toBe('0:01');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(23 * 3_600_000 + 5 * 60_000)).toBe('23 h 05 min');
    expect(formatCountdown(6 * DAY + 23 * 3_600_000 + 10)).toBe('6 d 23 h');
    expect(formatCountdown(30 * DAY - 300)).toBe('29 d 23 h');
    expect(formatCountdown(3_600_000 - 300)).toBe('60:00');
    expect(formatMinutes(15)).toBe('15 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(1440)).toBe('24 h');
    expect(formatMinutes(3 * 1440)).toBe('3 d');
  });

  it('takes a custom overlap of whole minutes up to 30 days, and archive days up to 365', () => {
    expect(parseOverlap('90', 'min')).toEqual({ minutes: 90 });
    expect(parseOverlap('1.5', 'h')).toEqual({ minutes: 90 });
    expect(parseOverlap('30', 'd')).toEqual({ minutes: 43_200 });
    expect(parseOverlap('0', 'h')).toEqual({ minutes: 0 });
    expect(parseOverlap('31', 'd')).toMatchObject({ error: expect.stringMatching(/30 days/) });
    expect(parseOverlap('0.5', 'min')).toMatchObject({ error: expect.stringMatching(/whole minutes/) });
    expect(parseOverlap('-1', 'min')).toMatchObject({ error: expect.any(String) });
    expect(parseOverlap('', 'min')).toMatchObject({ error: expect.any(String) });
    expect(parseArchiveDays('7')).toEqual({ days: 7 });
    expect(parseArchiveDays('366')).toMatchObject({ error: expect.stringMatching(/365/) });
    expect(parseArchiveDays('1.5')).toMatchObject({ error: expect.any(String) });
  });
});

describe('a run', () => {
  const stages = (run: RotationRun) => runStages(run).map((s) => `${s.id}:${s.status}`);

  it('shows the automated sequence with the current stage, an overlap of 0 skipped', () => {
    expect(stages(runOf({ id: 'r', state: 'verifying' }))).toEqual(['creating:done', 'verifying:active', 'switching:todo', 'overlap:todo', 'revoking:todo', 'done:todo']);
    expect(stages(runOf({ id: 'r', state: 'overlap' }))).toEqual(['creating:done', 'verifying:done', 'switching:done', 'overlap:waiting', 'revoking:todo', 'done:todo']);
    expect(stages(runOf({ id: 'r', state: 'revoking', overlapMinutes: 0 }))).toEqual(['creating:done', 'verifying:done', 'switching:done', 'overlap:skipped', 'revoking:active', 'done:todo']);
  });

  it('marks a failed step that waits to retry, and offers Abandon for it only', () => {
    const run = runOf({ id: 'r', state: 'revoking', error: { code: 'ERR_ROTATION_FAILED', message: 'x' } });
    expect(stages(run)[4]).toBe('revoking:failed');
    expect(runStateText(run)).toBe('Revoke failed — retrying');
    expect(canAbandon(run)).toBe(true);
    expect(canCancel(run)).toBe(false);
    const refused = runOf({ id: 'g', mode: 'guided', state: 'awaiting-credentials', error: { code: 'ERR_ROTATION_FAILED', message: 'refused' } });
    expect(canAbandon(refused)).toBe(false);
    expect(canCancel(refused)).toBe(true);
    expect(runStateText(refused)).toBe('New key refused — paste again');
    expect(stages(refused)).toEqual(['awaiting-credentials:failed', 'verifying:todo', 'switching:todo', 'archived:todo', 'done:todo']);
  });

  it('shows a rollback as its own stage after the stage it turned back at', () => {
    const failedVerify = runOf({ id: 'r', state: 'rolling-back', endAs: 'failed', steps: [{ step: 'started', at: '', outcome: 'ok', detail: '' }, { step: 'created', at: '', outcome: 'ok', detail: '' }, { step: 'verify', at: '', outcome: 'failed', detail: 'HTTP 401' }] });
    expect(stages(failedVerify)).toEqual(['creating:done', 'verifying:failed', 'rolling-back:back']);
    const byChoice = runOf({ id: 'g', mode: 'guided', state: 'rolling-back', endAs: 'rolled-back', steps: [{ step: 'switched', at: '', outcome: 'ok', detail: '' }, { step: 'rollback', at: '', outcome: 'ok', detail: '' }] });
    expect(stages(byChoice)).toEqual(['awaiting-credentials:done', 'verifying:done', 'switching:done', 'archived:done', 'rolling-back:back']);
    expect(runStateText(byChoice)).toBe('Rolling back to the old key');
  });

  it('names how an ended run ended, an abandoned one apart from a done one', () => {
    expect(outcomeOf(runOf({ id: 'a', state: 'done' }))).toEqual({ label: 'Done', tone: 'success' });
    expect(outcomeOf(runOf({ id: 'b', state: 'failed' })).label).toBe('Failed');
    expect(outcomeOf(runOf({ id: 'c', state: 'cancelled' })).label).toBe('Cancelled');
    expect(outcomeOf(runOf({ id: 'd', state: 'rolled-back' })).label).toBe('Rolled back');
    expect(outcomeOf(runOf({ id: 'e', state: 'done', steps: [{ step: 'abandoned', at: '', outcome: 'skipped', detail: '' }] }))).toEqual({ label: 'Abandoned', tone: 'warning' });
  });
});
