/** Formatters for dates, relative times and expiry: pure, clock passed in, so they are testable and consistent. */

const DAY = 86_400_000;
export const EXPIRY_WARNING_DAYS = 14;

export type ExpiryState =
  | { kind: 'none' }
  | { kind: 'expired'; days: number }
  | { kind: 'soon'; days: number }
  | { kind: 'later'; days: number };

/** Expired (red), within 14 days (amber), later (plain) or none. `days` is whole days, rounded away from now. */
export function expiryState(expiresAt: string | null, now: number): ExpiryState {
  if (!expiresAt) return { kind: 'none' };
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return { kind: 'none' };
  const diff = at - now;
  // Rounded to the nearest day: a key created "9 days from now" a minute ago still says 9, not 10 or 8.
  if (diff <= 0) return { kind: 'expired', days: Math.round(-diff / DAY) };
  const days = Math.round(diff / DAY);
  return diff <= EXPIRY_WARNING_DAYS * DAY ? { kind: 'soon', days } : { kind: 'later', days };
}

export function expiryLabel(state: ExpiryState, expiresAt: string | null): string {
  switch (state.kind) {
    case 'none':
      return 'No expiry';
    case 'expired':
      return state.days === 0 ? 'Expired today' : `Expired ${plural(state.days, 'day')} ago`;
    case 'soon':
      return state.days < 1 ? 'Expires today' : `Expires in ${plural(state.days, 'day')}`;
    case 'later':
      return formatDate(expiresAt);
  }
}

/** The same, short enough for a table cell: "6 days left", "Expired 3d ago". */
export function expiryShortLabel(state: ExpiryState, expiresAt: string | null): string {
  switch (state.kind) {
    case 'expired':
      return state.days === 0 ? 'Expired today' : `Expired ${state.days}d ago`;
    case 'soon':
      return state.days < 1 ? 'Expires today' : `${plural(state.days, 'day')} left`;
    default:
      return expiryLabel(state, expiresAt);
  }
}

/** "1 day", "3 days", "1,204 files" (digits grouped the same on every page), or an irregular `many`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '—' : dateFormat.format(t);
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '—' : dateTimeFormat.format(t);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then a date. */
export function relativeTime(iso: string | null, now: number, never = 'Never'): string {
  if (!iso) return never;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return never;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 30) return `${plural(d, 'day')} ago`;
  return formatDate(iso);
}

/** `<input type="date">` value (local day) ↔ ISO instant at the end of that local day. */
export function dateInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, mo, d] = value.split('-').map(Number) as [number, number, number];
  const local = new Date(y, mo - 1, d, 23, 59, 59, 0);
  return Number.isNaN(local.getTime()) ? null : local.toISOString();
}

export function isoToDateInput(iso: string | null): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}
