/**
 * The Audit page's rules: every type of the contract has a label and a category (and the categories cover them all),
 * summaries say in words what the details hold (and survive details of an unexpected shape), details flatten to
 * text rows, the timeline groups by local day, the filters become the list query, and the banner says what the
 * verification found.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_TYPES, type AuditEvent, type AuditType, type AuditVerification } from '../../../../src-main/contract/audit';
import {
  AUDIT_CATEGORIES,
  AUDIT_TYPE_INFO,
  categoryState,
  dayStartIso,
  dayTitle,
  detailRows,
  emptyMessage,
  eventSummary,
  hasFilters,
  NO_FILTERS,
  timelineRows,
  toFilter,
  toggleCategory,
  typesOf,
  typesPhrase,
  verificationView,
} from '../../../../src-renderer/features/audit/audit-model';

const ev = (seq: number, at: Date | string, type: AuditType = 'key.used', details: AuditEvent['details'] = {}, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  seq,
  at: typeof at === 'string' ? at : at.toISOString(),
  type,
  actor: 'app',
  entry: null,
  details,
  queued: false,
  ...extra,
});
const summary = (type: AuditType, details: AuditEvent['details']) => eventSummary({ type, details });

describe('event types', () => {
  it('labels every type of the contract, each in a category, labels distinct', () => {
    expect(Object.keys(AUDIT_TYPE_INFO).sort()).toEqual([...AUDIT_TYPES].sort());
    const labels = AUDIT_TYPES.map((t) => AUDIT_TYPE_INFO[t].label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const t of AUDIT_TYPES) expect(AUDIT_TYPE_INFO[t].label).toMatch(/^[A-Z]/);
  });

  it('puts every type in exactly one of the seven categories, and every category has a type', () => {
    expect(AUDIT_CATEGORIES.map((c) => c.label)).toEqual(['Vault', 'Keys', 'Rotation', 'Backups', 'Signatures', 'Scans', 'Audit']);
    const all = AUDIT_CATEGORIES.flatMap((c) => typesOf(c.id));
    expect(all.sort()).toEqual([...AUDIT_TYPES].sort());
    for (const c of AUDIT_CATEGORIES) expect(typesOf(c.id).length).toBeGreaterThan(0);
    expect(typesOf('rotation')).toEqual(['key.rotation_step', 'key.revoked']);
    expect(typesOf('backups')).toEqual(['key.imported', 'key.exported', 'backup.exported', 'backup.imported']);
  });

  it('toggles categories on and off; all of them on is no filter; a single type shows its category as mixed', () => {
    const keys = toggleCategory('keys', []);
    expect(keys).toEqual(typesOf('keys'));
    expect(categoryState('keys', keys)).toBe('on');
    const both = toggleCategory('rotation', keys);
    expect(categoryState('rotation', both)).toBe('on');
    expect(toggleCategory('keys', both)).toEqual(typesOf('rotation'));
    let every: AuditType[] = [];
    for (const c of AUDIT_CATEGORIES) every = toggleCategory(c.id, every);
    expect(every).toEqual([]);
    expect(categoryState('keys', ['key.copied'])).toBe('mixed');
    // A mixed category clicked goes wholly on.
    expect(toggleCategory('keys', ['key.copied'])).toEqual(typesOf('keys'));
  });

  it('names the chosen types in words', () => {
    expect(typesPhrase([])).toBe('events');
    expect(typesPhrase(['key.copied'])).toBe('“Secret copied” events');
    expect(typesPhrase([...typesOf('keys'), ...typesOf('rotation')])).toBe('Keys or Rotation events');
    expect(typesPhrase(['key.copied', 'vault.locked'])).toBe('events of the 2 chosen types');
  });
});

describe('summaries', () => {
  it('says what rolled-up key use counts', () => {
    expect(summary('key.used', { count: 14, minute: '2026-12-04T12:00Z', lastAt: '2026-12-04T12:00:59Z' })).toBe('used 14 times');
    expect(summary('key.used', { count: 1 })).toBe('used once');
    expect(summary('key.used', { count: 1234 })).toBe('used 1,234 times');
  });

  it('names the credential copied or revealed', () => {
    expect(summary('key.copied', { field: 'secret' })).toBe('copied the secret');
    expect(summary('key.copied', { field: 'apiKey' })).toBe('copied the API key');
    expect(summary('key.revealed', { field: 'passphrase' })).toBe('revealed the API passphrase');
    expect(summary('key.copied', {})).toBe('copied the secret');
  });

  it('says which rotation step, and when one failed', () => {
    expect(summary('key.rotation_step', { runId: 'r', mode: 'automated', state: 'overlap', step: 'switched', outcome: 'ok', detail: '…' })).toBe('switched to the new key · automated');
    expect(summary('key.rotation_step', { step: 'revoked', outcome: 'failed', mode: 'automated' })).toBe('old key revoked (failed) · automated');
    expect(summary('key.revoked', { which: 'old', preview: '••••abcd' })).toBe('the old key revoked at the provider · ••••abcd');
  });

  it('describes vault events', () => {
    expect(summary('vault.unlocked', { via: 'passphrase', generation: 3 })).toBe('with the passphrase');
    expect(summary('vault.unlock_failed', { via: 'passphrase', code: 'ERR_BAD_PASSPHRASE' })).toBe('with the passphrase · wrong passphrase');
    expect(summary('vault.unlock_failed', { via: 'os', code: 'ERR_SOMETHING_NEW' })).toBe('with the OS keychain · ERR_SOMETHING_NEW');
    expect(summary('vault.locked', { reason: 'idle' })).toBe('after being idle');
    expect(summary('vault.locked', { reason: 'user' })).toBe('locked by hand');
    expect(summary('vault.created', { slots: ['passphrase'], sandboxKey: true })).toBe('unlocks with a passphrase · sandbox key added');
  });

  it('describes keys and backups', () => {
    expect(summary('key.created', { provider: 'binance', environment: 'prod', preview: '••••3f9a', fingerprint: 'x' })).toBe('Binance · PROD · ••••3f9a');
    expect(summary('key.updated', { fields: ['label', 'notes', 'credentials.secret'], previousLabel: 'Old bot', preview: '••••' })).toBe('renamed from “Old bot” · changed notes, secret');
    expect(summary('backup.exported', { path: '/home/me/backups/signet-2026.signet', entryCount: 3 })).toBe('3 keys · to signet-2026.signet');
    expect(summary('backup.imported', { path: '/tmp/b.signet', added: 2, replaced: 1, renamed: 0, skipped: 0 })).toBe('2 added, 1 replaced · from b.signet');
    expect(summary('key.exported', { to: '/tmp/b.signet', preview: '••••3f9a' })).toBe('in a backup to b.signet · ••••3f9a');
  });

  it('describes refused signatures, with the count of a rolled-up minute', () => {
    expect(summary('signature.verify_failed', { source: 'sandbox', code: 'ERR_SIGNATURE', method: 'POST', path: '/api/v3/order', keyPreview: '••••9a1b', sigPrefix: 'ab', count: 3 })).toBe(
      'refused by the sandbox · POST /api/v3/order · ERR_SIGNATURE · ••••9a1b · 3 times in the minute',
    );
    expect(summary('signature.verify_failed', { source: 'cli', scheme: 'binance', method: 'GET', host: 'x', path: '/a', reason: 'the signature does not match' })).toBe('refused by signet verify · the signature does not match · GET /a');
  });

  it('describes the log’s own lines', () => {
    expect(summary('audit.recovered', { adopted: { from: 5, to: 7 }, why: '…' })).toBe('lines 5–7 of an unfinished write adopted');
    expect(summary('audit.restarted', { previousLog: 'audit.log.set-aside-1', previousLines: 12, sealedLines: 12, problem: { kind: 'edited', line: 4, message: '…' } })).toBe(
      'the previous log failed verification (edited at line 4) · 12 lines · kept as audit.log.set-aside-1',
    );
  });

  it('never throws on details of an unexpected shape, for any type', () => {
    const odd: AuditEvent['details'][] = [{}, { count: 'many', field: 3, fields: 'x', slots: null, adopted: [1], problem: 'p' }, { via: { nested: true } }];
    for (const t of AUDIT_TYPES) for (const d of odd) expect(typeof summary(t, d)).toBe('string');
  });
});

describe('details as rows', () => {
  it('flattens nested objects, joins lists of plain values and writes booleans and nulls in words', () => {
    expect(detailRows({ via: 'os', adopted: { from: 5, to: 7 }, slots: ['passphrase', 'os'], sandboxKey: true, fingerprint: null, count: 1500, empty: [] })).toEqual([
      { key: 'via', value: 'os' },
      { key: 'adopted.from', value: '5' },
      { key: 'adopted.to', value: '7' },
      { key: 'slots', value: 'passphrase, os' },
      { key: 'sandboxKey', value: 'yes' },
      { key: 'fingerprint', value: '—' },
      { key: 'count', value: '1,500' },
      { key: 'empty', value: '—' },
    ]);
  });

  it('keeps markup as text (the page renders it as text)', () => {
    expect(detailRows({ label: '<img src=x onerror=alert(1)>' })).toEqual([{ key: 'label', value: '<img src=x onerror=alert(1)>' }]);
    expect(detailRows({ list: [{ a: 1 }] })).toEqual([{ key: 'list', value: '[{"a":1}]' }]);
  });
});

describe('the timeline by day', () => {
  const now = new Date(2026, 11, 4, 15, 0).getTime();

  it('heads each local day with its count, newest first, Today and Yesterday by name', () => {
    const events = [ev(5, new Date(2026, 11, 4, 14, 0)), ev(4, new Date(2026, 11, 4, 0, 1)), ev(3, new Date(2026, 11, 3, 23, 59)), ev(2, new Date(2026, 10, 28, 9, 0)), ev(1, new Date(2026, 10, 28, 8, 0))];
    const rows = timelineRows(events, now, false);
    expect(rows.map((r) => (r.kind === 'day' ? `${r.title} (${r.count})` : r.event.seq))).toEqual([
      'Today (2)',
      5,
      4,
      'Yesterday (1)',
      3,
      `${new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(2026, 10, 28))} (2)`,
      2,
      1,
    ]);
    expect(rows.filter((r) => r.kind === 'day').every((r) => r.kind === 'day' && !r.partial)).toBe(true);
  });

  it('marks the last day partial while older pages are still to load', () => {
    const rows = timelineRows([ev(2, new Date(2026, 11, 4, 14, 0)), ev(1, new Date(2026, 11, 2, 14, 0))], now, true);
    const days = rows.filter((r) => r.kind === 'day');
    expect(days.map((d) => d.kind === 'day' && d.partial)).toEqual([false, true]);
  });

  it('names a day by its date past yesterday', () => {
    const start = new Date(2026, 11, 1).getTime();
    expect(dayTitle(start, now)).not.toMatch(/Today|Yesterday/);
    expect(dayTitle(new Date(2026, 11, 4).getTime(), now)).toBe('Today');
  });

  it('heads a day again when the log comes back to it (a clock set back), each heading with an id of its own', () => {
    const rows = timelineRows([ev(3, new Date(2026, 11, 4, 9, 0)), ev(2, new Date(2026, 11, 1, 9, 0)), ev(1, new Date(2026, 11, 4, 8, 0))], now, false);
    const days = rows.filter((r) => r.kind === 'day');
    expect(days.map((d) => d.kind === 'day' && d.title)).toEqual(['Today', dayTitle(new Date(2026, 11, 1).getTime(), now), 'Today']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('gives no rows for no events', () => {
    expect(timelineRows([], now, false)).toEqual([]);
  });
});

describe('filters as the query', () => {
  it('has no filter by default', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(toFilter(NO_FILTERS)).toEqual({ filter: {} });
    // A custom range with no dates yet filters nothing.
    expect(hasFilters({ ...NO_FILTERS, range: 'custom' })).toBe(false);
  });

  it('passes the key, the types in the contract’s order and a preset as a window', () => {
    expect(toFilter({ ...NO_FILTERS, entryId: 'k1', types: ['key.used', 'key.created'], range: 'day' })).toEqual({ filter: { entryId: 'k1', types: ['key.created', 'key.used'], withinMs: 86_400_000 } });
    expect(toFilter({ ...NO_FILTERS, range: 'hour' })).toEqual({ filter: { withinMs: 3_600_000 } });
  });

  it('takes a custom range from the start of the first day to the end of the last, both local', () => {
    const r = toFilter({ ...NO_FILTERS, range: 'custom', from: '2026-12-01', to: '2026-12-03' });
    expect(r).toEqual({ filter: { from: new Date(2026, 11, 1).toISOString(), to: new Date(2026, 11, 3, 23, 59, 59).toISOString() } });
    expect(toFilter({ ...NO_FILTERS, range: 'custom', from: '2026-12-01' })).toEqual({ filter: { from: new Date(2026, 11, 1).toISOString() } });
  });

  it('refuses a start after the end, and a date that is none', () => {
    expect(toFilter({ ...NO_FILTERS, range: 'custom', from: '2026-12-05', to: '2026-12-01' })).toEqual({ error: expect.stringMatching(/start date is after the end date/) });
    expect(dayStartIso('2026-02-30')).toBeNull();
    expect(toFilter({ ...NO_FILTERS, range: 'custom', from: '2026-02-30' })).toEqual({ error: 'The start date is not a date.' });
  });

  it('says what the filters left out when nothing matches', () => {
    expect(emptyMessage(NO_FILTERS, null).title).toBe('Nothing recorded yet');
    expect(emptyMessage({ ...NO_FILTERS, entryId: 'k', types: typesOf('rotation'), range: 'week' }, 'Binance bot').title).toBe('No Rotation events for “Binance bot” in the last 7 days');
    expect(emptyMessage({ ...NO_FILTERS, types: ['key.copied'] }, null).title).toBe('No “Secret copied” events');
  });
});

describe('the verification banner', () => {
  const base: AuditVerification = {
    ok: true,
    status: 'intact',
    path: '/home/me/.config/signet/audit.log',
    lines: 124,
    verifiedLines: 124,
    sealedLines: 124,
    vaultSealedLines: 124,
    problem: null,
    incompleteLastLine: null,
    unsealedTail: null,
    queued: [],
    pending: 0,
    summary: ['The audit log … is intact: 124 lines, each chained to the one before, all vouched for by the sealed head.'],
    checkedAt: '2026-12-04T15:00:00.000Z',
  };

  it('is green and counts the events when the chain verifies', () => {
    expect(verificationView(base)).toEqual({ tone: 'success', title: 'Chain verified', kind: null, text: '124 events, each chained to the one before, all sealed in the vault.', advice: null, notes: [] });
  });

  it('notes an unsealed tail, a partial last line, queued groups and pending events', () => {
    const v = verificationView({
      ...base,
      sealedLines: 120,
      unsealedTail: { from: 121, to: 124 },
      incompleteLastLine: { bytes: 37 },
      queued: [{ from: 10, to: 12, count: 3, chainedAt: '2026-12-04T10:00:00.000Z', chainedBy: { line: 13, type: 'vault.unlocked' } }],
      pending: 2,
    });
    expect(v.tone).toBe('success');
    expect(v.text).toBe('124 events, each chained to the one before, 120 sealed in the vault.');
    expect(v.notes[0]).toMatch(/^Lines 121–124 were written just before Signet stopped \(a crash\)/);
    expect(v.notes[1]).toMatch(/^The last line is incomplete \(37 bytes/);
    expect(v.notes[2]).toMatch(/^3 events recorded while the vault was locked \(lines 10–12\) were chained at the unlock of /);
    expect(v.notes[3]).toMatch(/^2 events recorded while the vault was locked wait in the queue/);
  });

  it('is red, names the first bad line and the kind, and says what to do', () => {
    const v = verificationView({
      ...base,
      ok: false,
      status: 'tampered',
      verifiedLines: 6,
      problem: { line: 7, kind: 'edited', message: 'Line 7 (key.copied at 2026-12-04 12:00:00Z) fails its MAC: it was edited after Signet wrote it.' },
      pending: 1,
    });
    expect(v.tone).toBe('danger');
    expect(v.title).toBe('The audit log was altered — Line 7 was edited');
    expect(v.kind).toBe('edited');
    expect(v.text).toBe('Line 7 (key.copied at 2026-12-04 12:00:00Z) fails its MAC: it was edited after Signet wrote it. Lines 1–6 verify.');
    expect(v.advice).toMatch(/Keep a copy of it as evidence.*`signet audit reset`.*Meanwhile 1 event waits in the queue instead of being appended to this log; the new log takes it\.$/);
    expect(verificationView({ ...base, ok: false, status: 'tampered', problem: { line: 7, kind: 'edited', message: 'm' } }).advice).not.toMatch(/queue/);
  });

  it('names deleted and truncated lines in the title', () => {
    const tampered = (kind: 'deleted' | 'truncated', line: number) => verificationView({ ...base, ok: false, status: 'tampered', problem: { line, kind, message: 'm' } });
    expect(tampered('deleted', 3)).toMatchObject({ title: 'The audit log was altered — Lines were deleted before line 3', kind: 'deleted' });
    expect(tampered('truncated', 123)).toMatchObject({ title: 'The audit log was altered — The log was cut short: line 123 on is gone', kind: 'truncated' });
  });

  it('says so when nothing has been recorded', () => {
    expect(verificationView({ ...base, status: 'empty', lines: 0, verifiedLines: 0, sealedLines: 0 })).toMatchObject({ tone: 'info', title: 'Nothing recorded yet' });
  });
});
