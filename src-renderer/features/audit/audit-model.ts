/**
 * The Audit page's rules as pure functions: every event type's label, category and tone (one table over the
 * contract's AUDIT_TYPES), a one-line summary of an event's details, its details as key/value rows, the timeline
 * grouped by local day, the filters as the `audit:list` query, and what the verification banner says.
 *
 * Details are whatever a service recorded (JSON without secrets, contract/audit.ts): every reader here checks the
 * type of what it reads and falls back to the plain key/value text, so an unexpected shape shows, never throws.
 */
import { AUDIT_TYPES, type AuditActor, type AuditEvent, type AuditProblem, type AuditType, type AuditValue, type AuditVerification } from '../../../src-main/contract/audit';
import { CREDENTIAL_LABELS, providerInfo, type CredentialField } from '../../../src-main/contract/providers';
import type { AuditFilter } from '../../ipc/audit-queries';
import { dateInputToIso, formatDate, formatDateTime, plural as count } from '../../shared/lib/format';
import { stepLabel } from '../../shared/lib/rotation-steps';

// ───────────────────────────── types and categories ─────────────────────────────

export type AuditCategory = 'vault' | 'keys' | 'rotation' | 'backups' | 'signatures' | 'scans' | 'audit';

export const AUDIT_CATEGORIES: readonly { readonly id: AuditCategory; readonly label: string }[] = [
  { id: 'vault', label: 'Vault' },
  { id: 'keys', label: 'Keys' },
  { id: 'rotation', label: 'Rotation' },
  { id: 'backups', label: 'Backups' },
  { id: 'signatures', label: 'Signatures' },
  { id: 'scans', label: 'Scans' },
  { id: 'audit', label: 'Audit' },
];

/** How an event is coloured: danger for what may be an attack or a loss, warning for a secret that left the vault. */
export type EventTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

export interface AuditTypeInfo {
  readonly label: string;
  readonly category: AuditCategory;
  readonly tone: EventTone;
}

/** Every event type, as the page names it. Keys exported or imported with a backup are Backups. */
export const AUDIT_TYPE_INFO: Readonly<Record<AuditType, AuditTypeInfo>> = {
  'vault.created': { label: 'Vault created', category: 'vault', tone: 'accent' },
  'vault.unlocked': { label: 'Vault unlocked', category: 'vault', tone: 'neutral' },
  'vault.unlock_failed': { label: 'Unlock failed', category: 'vault', tone: 'danger' },
  'vault.locked': { label: 'Vault locked', category: 'vault', tone: 'neutral' },
  'vault.rollback_accepted': { label: 'Older vault file opened', category: 'vault', tone: 'warning' },
  'vault.passphrase_changed': { label: 'Passphrase changed', category: 'vault', tone: 'accent' },
  'vault.os_slot_added': { label: 'Keychain unlock added', category: 'vault', tone: 'neutral' },
  'vault.os_slot_removed': { label: 'Keychain unlock removed', category: 'vault', tone: 'neutral' },
  'key.created': { label: 'Key added', category: 'keys', tone: 'success' },
  'key.imported': { label: 'Key imported', category: 'backups', tone: 'neutral' },
  'key.updated': { label: 'Key edited', category: 'keys', tone: 'neutral' },
  'key.deleted': { label: 'Key deleted', category: 'keys', tone: 'danger' },
  'key.used': { label: 'Key used', category: 'keys', tone: 'neutral' },
  'key.revealed': { label: 'Secret revealed', category: 'keys', tone: 'warning' },
  'key.copied': { label: 'Secret copied', category: 'keys', tone: 'warning' },
  'key.exported': { label: 'Key exported', category: 'backups', tone: 'warning' },
  'key.rotation_step': { label: 'Rotation step', category: 'rotation', tone: 'accent' },
  'key.revoked': { label: 'Key revoked', category: 'rotation', tone: 'neutral' },
  'backup.exported': { label: 'Backup exported', category: 'backups', tone: 'warning' },
  'backup.imported': { label: 'Backup imported', category: 'backups', tone: 'neutral' },
  'signature.verify_failed': { label: 'Signature refused', category: 'signatures', tone: 'danger' },
  'signature.revealed': { label: 'Signature revealed', category: 'signatures', tone: 'neutral' },
  'scan.run': { label: 'Secrets scan', category: 'scans', tone: 'neutral' },
  'audit.recovered': { label: 'Log recovered', category: 'audit', tone: 'warning' },
  'audit.restarted': { label: 'New log started', category: 'audit', tone: 'danger' },
};

/** The types of a category, in the contract's order. */
export function typesOf(category: AuditCategory): AuditType[] {
  return AUDIT_TYPES.filter((t) => AUDIT_TYPE_INFO[t].category === category);
}

/** Whether a category is wholly chosen, partly (a single type picked from an event), or not at all. */
export function categoryState(category: AuditCategory, chosen: readonly AuditType[]): 'on' | 'mixed' | 'off' {
  const own = typesOf(category);
  const n = own.filter((t) => chosen.includes(t)).length;
  return n === 0 ? 'off' : n === own.length ? 'on' : 'mixed';
}

/** Chosen types after clicking a category: a category wholly on goes off; otherwise it goes wholly on. */
export function toggleCategory(category: AuditCategory, chosen: readonly AuditType[]): AuditType[] {
  const own = new Set(typesOf(category));
  const rest = chosen.filter((t) => !own.has(t));
  const next = categoryState(category, chosen) === 'on' ? rest : [...rest, ...own];
  // Every type chosen is the same as none (no filter): say so, so "All" shows selected.
  return next.length === AUDIT_TYPES.length ? [] : AUDIT_TYPES.filter((t) => next.includes(t));
}

export const ACTOR_LABELS: Readonly<Record<AuditActor, string>> = { app: 'App', cli: 'CLI', 'browser-host': 'Browser host' };

// ───────────────────────────── summaries ─────────────────────────────

type Details = AuditEvent['details'];

const str = (d: Details, k: string): string | null => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
const num = (d: Details, k: string): number | null => (typeof d[k] === 'number' && Number.isFinite(d[k]) ? (d[k] as number) : null);
const bool = (d: Details, k: string): boolean | null => (typeof d[k] === 'boolean' ? (d[k] as boolean) : null);
const strings = (d: Details, k: string): string[] | null => (Array.isArray(d[k]) ? (d[k] as AuditValue[]).filter((v): v is string => typeof v === 'string') : null);
const join = (parts: readonly (string | null | false | undefined)[]) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
const fmt = (n: number) => n.toLocaleString('en-US');
/** `backups/signet-2026-12-04.signet` → `signet-2026-12-04.signet`: the file is what a person recognises. */
const fileName = (path: string) => path.split(/[\\/]/).pop() || path;

const fieldLabel = (field: string): string => {
  const credential = field.startsWith('credentials.') ? field.slice('credentials.'.length) : field;
  const label = (CREDENTIAL_LABELS as Record<string, string | undefined>)[credential as CredentialField];
  return label ? label.toLowerCase().replace(/^api /, 'API ').replace(/\bpem\b/, 'PEM') : field;
};
const FIELD_NAMES: Readonly<Record<string, string>> = { label: 'label', provider: 'provider', baseUrl: 'base URL', environment: 'environment', scopes: 'scopes', tags: 'tags', notes: 'notes', expiresAt: 'expiry', rotationPolicy: 'rotation policy' };

const providerName = (id: string | null) => (id ? (providerInfo(id)?.name ?? id) : null);
const ENV_SHORT: Readonly<Record<string, string>> = { dev: 'dev', test: 'test', prod: 'PROD' };

/** What a key is: "Binance · PROD · ••••3f9a". */
function keyFacts(d: Details): string {
  const env = str(d, 'environment');
  const pair = str(d, 'keyPair');
  return join([providerName(str(d, 'provider')), env ? (ENV_SHORT[env] ?? env) : null, str(d, 'preview'), pair ? `${pair} key pair` : null]);
}

const VIA: Readonly<Record<string, string>> = { passphrase: 'with the passphrase', os: 'with the OS keychain' };
const LOCK_REASONS: Readonly<Record<string, string>> = {
  user: 'locked by hand',
  idle: 'after being idle',
  'screen-locked': 'when the screen locked',
  suspend: 'when the computer went to sleep',
  shutdown: 'when the computer shut down',
  quit: 'when Signet quit',
  'command-done': 'when the CLI command ended',
};
const UNLOCK_FAILURES: Readonly<Record<string, string>> = {
  ERR_BAD_PASSPHRASE: 'wrong passphrase',
  ERR_VAULT_ROLLBACK: 'the vault file is older than one opened before',
  ERR_VAULT_TAMPERED: 'the vault file fails its integrity check',
  ERR_VAULT_CORRUPT: 'the vault file cannot be read',
};

/** A rolled-up line's count, when it stands for more than one event. */
function rolledUp(d: Details): string | null {
  const n = num(d, 'count');
  return n !== null && n > 1 ? `${fmt(n)} times in the minute` : null;
}

/** The scalar details, "k: v", for a type this file has no sentence for (or an unexpected shape). */
function plainDetails(d: Details): string {
  return Object.entries(d)
    .filter(([, v]) => v === null || typeof v !== 'object')
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${scalarText(v)}`)
    .join(' · ');
}

/** One line of what an event's details say, in words: "used 14 times", "rotation step: switched", "copied the secret". */
export function eventSummary(e: Pick<AuditEvent, 'type' | 'details'>): string {
  const d = e.details;
  switch (e.type) {
    case 'vault.created': {
      const slots = strings(d, 'slots');
      const previous = str(d, 'previousLog');
      return join([
        slots?.length ? `unlocks with ${slots.map((s) => (s === 'os' ? 'the OS keychain' : 'a passphrase')).join(' or ')}` : null,
        bool(d, 'sandboxKey') ? 'sandbox key added' : null,
        previous ? `the previous log kept as ${previous}` : null,
      ]);
    }
    case 'vault.unlocked':
      return VIA[str(d, 'via') ?? ''] ?? plainDetails(d);
    case 'vault.unlock_failed': {
      const code = str(d, 'code');
      return join([VIA[str(d, 'via') ?? ''], code ? (UNLOCK_FAILURES[code] ?? code) : null]);
    }
    case 'vault.locked': {
      const reason = str(d, 'reason');
      return reason ? (LOCK_REASONS[reason] ?? reason) : '';
    }
    case 'vault.rollback_accepted': {
      const generation = num(d, 'generation');
      const seen = num(d, 'seen');
      return join([generation !== null && seen !== null ? `generation ${fmt(generation)} opened after ${fmt(seen)} was seen` : null, bool(d, 'restoredBackup') ? 'restored from vault.json.bak' : null]);
    }
    case 'vault.passphrase_changed': {
      const dropped = num(d, 'droppedOsSlots') ?? 0;
      return join(['the vault re-keyed', bool(d, 'osSlotKept') ? 'keychain unlock kept' : null, dropped > 0 ? `${count(dropped, 'other keychain unlock')} dropped` : null]);
    }
    case 'vault.os_slot_added':
    case 'vault.os_slot_removed':
      return join([str(d, 'backend'), str(d, 'provider'), bool(d, 'replaced') ? 'replaced the one before' : null]);
    case 'key.created':
      return join([keyFacts(d), str(d, 'with') === 'the new vault' ? 'with the new vault' : null]);
    case 'key.deleted':
      return keyFacts(d);
    case 'key.imported': {
      const outcome = str(d, 'outcome');
      const from = str(d, 'from');
      return join([outcome === 'replaced' ? 'replaced the key of the same label' : outcome === 'renamed' ? 'added beside a key of the same label' : 'added', from ? `from ${fileName(from)}` : null, keyFacts(d)]);
    }
    case 'key.updated': {
      const fields = strings(d, 'fields') ?? [];
      const previous = str(d, 'previousLabel');
      const named = fields.filter((f) => f !== 'label').map((f) => (f.startsWith('credentials.') ? fieldLabel(f) : (FIELD_NAMES[f] ?? f)));
      return join([previous ? `renamed from “${previous}”` : null, named.length ? `changed ${named.join(', ')}` : fields.length === 0 ? 'nothing changed' : null]);
    }
    case 'key.used': {
      const n = num(d, 'count');
      return n === null || n === 1 ? 'used once' : `used ${fmt(n)} times`;
    }
    case 'key.revealed':
    case 'key.copied': {
      const field = str(d, 'field');
      return `${e.type === 'key.copied' ? 'copied' : 'revealed'} the ${field ? fieldLabel(field) : 'secret'}`;
    }
    case 'key.exported': {
      const to = str(d, 'to');
      return join([to ? `in a backup to ${fileName(to)}` : 'in a backup', str(d, 'preview')]);
    }
    case 'key.rotation_step': {
      const step = str(d, 'step');
      const outcome = str(d, 'outcome');
      const until = str(d, 'keepOldUntil');
      if (step === 'updated') return join(['rotation updated', until ? `keeps the old key until ${formatDateTime(until)}` : null]);
      // The row's label already says "Rotation step": the summary says which, as the Rotation page names it.
      const named = step ? stepLabel(step) : 'A step';
      return join([`${named.charAt(0).toLowerCase()}${named.slice(1)}${outcome && outcome !== 'ok' ? ` (${outcome})` : ''}`, str(d, 'mode')]);
    }
    case 'key.revoked': {
      const which = str(d, 'which');
      return join([`${which === 'new' ? 'the new key' : 'the old key'} revoked at the provider`, str(d, 'preview')]);
    }
    case 'backup.exported': {
      const n = num(d, 'entryCount');
      const path = str(d, 'path');
      return join([n !== null ? count(n, 'key') : null, path ? `to ${fileName(path)}` : null]);
    }
    case 'backup.imported': {
      const path = str(d, 'path');
      const parts = (['added', 'replaced', 'renamed', 'skipped'] as const).map((k) => [k, num(d, k) ?? 0] as const).filter(([, n]) => n > 0);
      return join([parts.length ? parts.map(([k, n]) => `${fmt(n)} ${k}`).join(', ') : 'nothing imported', path ? `from ${fileName(path)}` : null]);
    }
    case 'signature.verify_failed': {
      const source = str(d, 'source');
      const where = join([str(d, 'method'), str(d, 'path')]).replace(' · ', ' ');
      if (source === 'cli') return join(['refused by signet verify', str(d, 'reason'), where || null]);
      return join([source === 'sandbox' ? 'refused by the sandbox' : 'refused', where || null, str(d, 'code'), str(d, 'keyPreview'), rolledUp(d)]);
    }
    case 'signature.revealed':
      return join(['shown in the Inspector', join([str(d, 'method'), str(d, 'host')]).replace(' · ', ' ') || null]);
    case 'scan.run': {
      const findings = num(d, 'findings');
      const files = num(d, 'files');
      return findings !== null || files !== null ? join([findings !== null ? count(findings, 'finding') : null, files !== null ? `in ${count(files, 'file')}` : null]) : plainDetails(d);
    }
    case 'audit.recovered': {
      const adopted = d.adopted;
      const range = adopted && typeof adopted === 'object' && !Array.isArray(adopted) ? (adopted as Record<string, AuditValue>) : null;
      const bytes = num(d, 'incompleteLineBytes');
      const skipped = num(d, 'queueLinesSkipped');
      return join([
        range && typeof range.from === 'number' && typeof range.to === 'number' ? `lines ${range.from === range.to ? fmt(range.from) : `${fmt(range.from)}–${fmt(range.to)}`} of an unfinished write adopted` : null,
        bytes !== null ? `a partial last line (${count(bytes, 'byte')}) taken out` : null,
        skipped !== null ? `${count(skipped, 'queue line')} that were no event skipped` : null,
      ]);
    }
    case 'audit.restarted': {
      const p = d.problem;
      const problem = p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, AuditValue>) : null;
      const lines = num(d, 'previousLines');
      const aside = str(d, 'previousLog');
      return join([
        problem && typeof problem.kind === 'string' ? `the previous log failed verification (${problem.kind}${typeof problem.line === 'number' ? ` at line ${fmt(problem.line)}` : ''})` : 'the previous log failed verification',
        lines !== null ? count(lines, 'line') : null,
        aside ? `kept as ${aside}` : null,
      ]);
    }
  }
}

// ───────────────────────────── details ─────────────────────────────

function scalarText(v: AuditValue): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * The details as rows to show, in the order recorded: nested objects flattened (`adopted.from`), lists of plain values
 * joined, anything else as its JSON. Text only: the page renders it as text, never as HTML.
 */
export function detailRows(details: Details): { key: string; value: string }[] {
  const rows: { key: string; value: string }[] = [];
  const walk = (prefix: string, v: AuditValue, depth: number) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
      const entries = Object.entries(v);
      if (entries.length === 0) rows.push({ key: prefix, value: '—' });
      for (const [k, inner] of entries) walk(`${prefix}.${k}`, inner, depth + 1);
      return;
    }
    if (Array.isArray(v)) {
      rows.push({ key: prefix, value: v.length === 0 ? '—' : v.every((x) => x === null || typeof x !== 'object') ? v.map(scalarText).join(', ') : JSON.stringify(v) });
      return;
    }
    rows.push({ key: prefix, value: scalarText(v) });
  };
  for (const [k, v] of Object.entries(details)) walk(k, v, 0);
  return rows;
}

// ───────────────────────────── the timeline ─────────────────────────────

export type TimelineRow =
  | { readonly kind: 'day'; readonly id: string; readonly title: string; readonly count: number; readonly partial: boolean }
  | { readonly kind: 'event'; readonly id: string; readonly event: AuditEvent };

const dayTitleFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

function localDayStart(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "Today", "Yesterday", else the local date in full ("Monday, December 1, 2026"). */
export function dayTitle(dayStart: number, now: number): string {
  const today = localDayStart(now);
  if (dayStart === today) return 'Today';
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (dayStart === yesterday.getTime()) return 'Yesterday';
  return dayTitleFormat.format(dayStart);
}

/**
 * Events (newest first, as pages come) under a heading per local day. `more`: older events exist that are not loaded
 * yet, so the last day's count may grow (the heading says "12+").
 */
export function timelineRows(events: readonly AuditEvent[], now: number, more: boolean): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let day: { index: number; start: number; count: number } | null = null;
  const close = () => {
    if (!day) return;
    const heading = rows[day.index] as Extract<TimelineRow, { kind: 'day' }>;
    rows[day.index] = { ...heading, count: day.count };
  };
  for (const e of events) {
    const t = Date.parse(e.at);
    const start = Number.isNaN(t) ? 0 : localDayStart(t);
    if (!day || day.start !== start) {
      close();
      day = { index: rows.length, start, count: 0 };
      // A clock set back can bring a day round again: its heading then comes twice, so the id carries its place.
      rows.push({ kind: 'day', id: `day:${start}:${rows.length}`, title: Number.isNaN(t) ? 'Unknown date' : dayTitle(start, now), count: 0, partial: false });
    }
    day.count++;
    rows.push({ kind: 'event', id: `event:${e.seq}`, event: e });
  }
  close();
  if (day && more) rows[day.index] = { ...(rows[day.index] as Extract<TimelineRow, { kind: 'day' }>), partial: true };
  return rows;
}

// ───────────────────────────── filters ─────────────────────────────

export type RangeId = 'hour' | 'day' | 'week' | 'month' | 'all' | 'custom';

const HOUR = 3_600_000;
export const RANGES: readonly { readonly id: RangeId; readonly label: string; readonly title: string; readonly withinMs?: number }[] = [
  { id: 'hour', label: '1 h', title: 'The last hour', withinMs: HOUR },
  { id: 'day', label: '24 h', title: 'The last 24 hours', withinMs: 24 * HOUR },
  { id: 'week', label: '7 d', title: 'The last 7 days', withinMs: 7 * 24 * HOUR },
  { id: 'month', label: '30 d', title: 'The last 30 days', withinMs: 30 * 24 * HOUR },
  { id: 'all', label: 'All', title: 'All time' },
  { id: 'custom', label: 'Dates', title: 'From one day to another' },
];

export interface AuditFilters {
  /** '' = every key. */
  readonly entryId: string;
  /** The types shown; empty = every type. */
  readonly types: readonly AuditType[];
  readonly range: RangeId;
  /** `YYYY-MM-DD` (local day) or '' (open), for the custom range. */
  readonly from: string;
  readonly to: string;
}

export const NO_FILTERS: AuditFilters = { entryId: '', types: [], range: 'all', from: '', to: '' };

export function hasFilters(f: AuditFilters): boolean {
  return f.entryId !== '' || f.types.length > 0 || (f.range !== 'all' && (f.range !== 'custom' || f.from !== '' || f.to !== ''));
}

/** The start of a local day (`YYYY-MM-DD`) as an ISO instant. */
export function dayStartIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const local = new Date(y, m - 1, d);
  return Number.isNaN(local.getTime()) || local.getDate() !== d ? null : local.toISOString();
}

/** The filters as the list query (a preset range is resolved when each page is asked for), or why they cannot be. */
export function toFilter(f: AuditFilters): { filter: AuditFilter } | { error: string } {
  const base: AuditFilter = { ...(f.entryId ? { entryId: f.entryId } : {}), ...(f.types.length ? { types: AUDIT_TYPES.filter((t) => f.types.includes(t)) } : {}) };
  const preset = RANGES.find((r) => r.id === f.range);
  if (f.range !== 'custom') return { filter: preset?.withinMs ? { ...base, withinMs: preset.withinMs } : base };
  const from = f.from ? dayStartIso(f.from) : null;
  const to = f.to ? dateInputToIso(f.to) : null;
  if (f.from && !from) return { error: 'The start date is not a date.' };
  if (f.to && !to) return { error: 'The end date is not a date.' };
  if (from && to && Date.parse(from) > Date.parse(to)) return { error: 'The start date is after the end date: swap them to see that period.' };
  return { filter: { ...base, ...(from ? { from } : {}), ...(to ? { to } : {}) } };
}

/** What the chosen types are called: whole categories by name ("Keys or Rotation events"), else the one type, else a count. */
export function typesPhrase(types: readonly AuditType[]): string {
  if (types.length === 0) return 'events';
  if (types.length === 1) return `“${AUDIT_TYPE_INFO[types[0] as AuditType].label}” events`;
  const whole = AUDIT_CATEGORIES.filter((c) => categoryState(c.id, types) === 'on');
  const covered = new Set(whole.flatMap((c) => typesOf(c.id)));
  if (types.every((t) => covered.has(t))) return `${whole.map((c) => c.label).join(' or ')} events`;
  return `events of the ${fmt(types.length)} chosen types`;
}

/** What an empty timeline says, for the filters that emptied it. */
export function emptyMessage(f: AuditFilters, keyLabel: string | null): { title: string; body: string } {
  if (!hasFilters(f)) {
    return { title: 'Nothing recorded yet', body: 'Unlocks, keys added, copied or used, rotations and refused signatures are recorded here as they happen, each line chained to the one before so that a change to the log shows.' };
  }
  const whose = f.entryId ? ` for “${keyLabel ?? 'this key'}”` : '';
  let when = '';
  if (f.range === 'custom') {
    const from = f.from ? dayStartIso(f.from) : null;
    const to = f.to ? dateInputToIso(f.to) : null;
    when = from && to ? ` from ${formatDate(from)} to ${formatDate(to)}` : from ? ` since ${formatDate(from)}` : to ? ` up to ${formatDate(to)}` : '';
  } else if (f.range !== 'all') when = ` in ${(RANGES.find((r) => r.id === f.range)?.title ?? '').toLowerCase()}`;
  const body = f.range !== 'all' ? 'Try a longer time range, or other event types. Clear filters shows the whole log.' : f.types.length ? 'Try other event types. Clear filters shows the whole log.' : 'Clear filters shows the whole log.';
  return { title: `No ${typesPhrase(f.types)}${whose}${when}`, body };
}

// ───────────────────────────── verification ─────────────────────────────

const span = (a: number, b: number) => (a === b ? `line ${fmt(a)}` : `lines ${fmt(a)}–${fmt(b)}`);

const PROBLEM_TITLES: Readonly<Record<AuditProblem['kind'], (line: number) => string>> = {
  edited: (l) => `Line ${fmt(l)} was edited`,
  deleted: (l) => `Lines were deleted before line ${fmt(l)}`,
  reordered: (l) => `Lines were moved at line ${fmt(l)}`,
  truncated: (l) => `The log was cut short: line ${fmt(l)} on is gone`,
  forged: (l) => `Line ${fmt(l)} was not written by Signet`,
  'beyond-head': (l) => `Line ${fmt(l)} is newer than the vault file`,
  malformed: (l) => `Line ${fmt(l)} is damaged`,
  missing: () => 'The log file is missing',
  unreadable: () => 'The log cannot be read',
};

/**
 * What to do about each problem: keep the evidence first, then start over. Events wait in the queue only when the
 * line the sealed head names no longer matches (main checks that line before each append, not the whole file), so
 * the queue is mentioned only when it holds some.
 */
function adviceFor(kind: AuditProblem['kind'], pending: number): string {
  const queued = pending > 0 ? ` Meanwhile ${count(pending, 'event')} ${pending === 1 ? 'waits' : 'wait'} in the queue instead of being appended to this log; the new log takes ${pending === 1 ? 'it' : 'them'}.` : '';
  if (kind === 'unreadable') return `Check that the log is a regular file this user can read (not a link or a folder), then verify again.${queued}`;
  if (kind === 'beyond-head') {
    return `If you put back an older vault file (a restore), the lines after it are genuine but can no longer be vouched for. If you did not, something holding the vault key wrote them. Keep a copy of the log as evidence, then run \`signet audit reset\` to set it aside and start a new one.${queued}`;
  }
  return `Something other than Signet changed the log file. Keep a copy of it as evidence and find out who had access to this computer; then run \`signet audit reset\`, which sets the log aside (kept, renamed) and starts a new one.${queued}`;
}

export interface VerificationView {
  readonly tone: 'success' | 'info' | 'danger';
  readonly title: string;
  /** The problem's kind, as the contract names it (a tampered log only). */
  readonly kind: AuditProblem['kind'] | null;
  /** The main sentence under the title. */
  readonly text: string;
  /** What to do (a tampered log only). */
  readonly advice: string | null;
  /** The things a crash or a lock leaves, each in a sentence. */
  readonly notes: readonly string[];
}

/** What the banner at the top of the page says about a verification. */
export function verificationView(v: AuditVerification): VerificationView {
  const notes: string[] = [];
  if (v.unsealedTail) {
    const { from, to } = v.unsealedTail;
    notes.push(`${span(from, to).replace(/^l/, 'L')} ${from === to ? 'was' : 'were'} written just before Signet stopped (a crash) and ${from === to ? 'is' : 'are'} not sealed in the vault yet; ${from === to ? 'it chains' : 'they chain'} correctly, and the next change seals ${from === to ? 'it' : 'them'}.`);
  }
  if (v.incompleteLastLine) notes.push(`The last line is incomplete (${count(v.incompleteLastLine.bytes, 'byte')}, a crash while writing it): it is not checked, and the next change takes it out.`);
  for (const g of v.queued) {
    notes.push(`${count(g.count, 'event')} recorded while the vault was locked (${span(g.from, g.to)}) ${g.count === 1 ? 'was' : 'were'} chained ${g.chainedBy.type === 'vault.unlocked' ? 'at the unlock' : 'with the change'} of ${formatDateTime(g.chainedAt)}: ${g.count === 1 ? 'it is' : 'they are'} not authenticated before then.`);
  }
  if (v.pending > 0 && v.ok) notes.push(`${count(v.pending, 'event')} recorded while the vault was locked ${v.pending === 1 ? 'waits' : 'wait'} in the queue, to be chained with the next event the vault records.`);

  if (v.status === 'tampered' && v.problem) {
    const p = v.problem;
    const verified = v.verifiedLines > 0 ? ` ${span(1, v.verifiedLines).replace(/^l/, 'L')} verify.` : '';
    return { tone: 'danger', title: `The audit log was altered — ${PROBLEM_TITLES[p.kind](p.line)}`, kind: p.kind, text: `${p.message}${verified}`, advice: adviceFor(p.kind, v.pending), notes };
  }
  if (v.status === 'tampered') return { tone: 'danger', title: 'The audit log does not verify', kind: null, text: v.summary[0] ?? 'The log failed verification.', advice: adviceFor('edited', v.pending), notes };
  if (v.status === 'empty') return { tone: 'info', title: 'Nothing recorded yet', kind: null, text: 'The audit log is empty. Unlocks, keys added or copied, rotations and refused signatures appear here as they happen.', advice: null, notes };
  const sealed = v.sealedLines >= v.lines ? 'all sealed in the vault' : `${fmt(v.sealedLines)} sealed in the vault`;
  return { tone: 'success', title: 'Chain verified', kind: null, text: `${count(v.lines, 'event')}, each chained to the one before, ${sealed}.`, advice: null, notes };
}
