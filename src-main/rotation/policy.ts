/**
 * Rotation policies and a key's rotation state (pure: time is passed in).
 *
 * Where the policy lives: a key's own policy is non-secret entry metadata in the vault (`EntryMeta.rotationPolicy`,
 * set through `vault:add` / `vault:update` meta like `expiresAt`, shown in EntrySummary only when set). It belongs to
 * the key (it travels with the key into backups and exports, and goes when the key goes), and sealed metadata keeps
 * it as private as the label. Vault files written before it existed simply lack the field: expandMeta fills in null.
 * The defaults per environment are a setting (`Settings.rotationDefaults`, DEFAULT_ROTATION_DEFAULTS in contract).
 *
 * Calendar days in UTC: a key rotated at any time on day D (UTC) is due at 00:00 UTC of day D + everyDays, computed
 * with Date.UTC on the day number, so a local DST change never moves a due date by an hour and leap days count as
 * the days they are (2027-03-01 + 365 d = 2028-02-29; 2028-02-29 + 365 d = 2029-02-28).
 */
import type { Environment } from '../contract/providers';
import type { EntrySummary, RotationDefaults, RotationPolicy } from '../contract/schemas';

export type RotationStatus = 'ok' | 'due-soon' | 'overdue' | 'expired';

/** Severity order, lowest first: a reminder is sent when a key reaches a higher one. */
export const ROTATION_STATUSES: readonly RotationStatus[] = ['ok', 'due-soon', 'overdue', 'expired'];

export interface RotationState {
  readonly status: RotationStatus;
  /** When the key must be rotated: the policy's due date, or the hard expiry if that comes first (ISO, UTC). */
  readonly dueAt: string;
  /** From when the key is due-soon (dueAt − warnDays). */
  readonly warnFrom: string;
  /** The hard expiry (the earlier of the key's and the policy's), or null. */
  readonly expiresAt: string | null;
  /** Why, in words for a reminder or a tooltip. */
  readonly reason: string;
}

/** The fields of an entry the computation reads. */
export type RotationSubject = Pick<EntrySummary, 'environment' | 'createdAt' | 'lastRotatedAt' | 'expiresAt'> & { readonly rotationPolicy?: RotationPolicy | undefined };

const DAY_MS = 86_400_000;

/** The policy that applies to a key: its own, else its environment's default. */
export function policyFor(entry: { readonly environment: Environment; readonly rotationPolicy?: RotationPolicy | undefined }, defaults: RotationDefaults): RotationPolicy {
  return entry.rotationPolicy ?? defaults[entry.environment];
}

/** 00:00 UTC of the UTC calendar day `t` falls on, plus `days` days. */
function utcDayPlus(t: number, days: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days);
}

/** Milliseconds of an ISO date, or null when absent or unreadable. */
function timeOf(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** Whole calendar days from `from` to `to` (UTC days), ≥ 0 when to is later. */
export function calendarDaysBetween(from: number, to: number): number {
  return Math.round((utcDayPlus(to, 0) - utcDayPlus(from, 0)) / DAY_MS);
}

/**
 * The key's state at `now`: expired once the hard expiry has passed, overdue from dueAt, due-soon from warnFrom.
 * The start is lastRotatedAt, else createdAt.
 */
export function rotationState(entry: RotationSubject, policy: RotationPolicy, now: number): RotationState {
  const start = timeOf(entry.lastRotatedAt) ?? timeOf(entry.createdAt) ?? now;
  const rotateBy = utcDayPlus(start, policy.everyDays);
  const hard = [timeOf(entry.expiresAt), timeOf(policy.expiresAt)].filter((t): t is number => t !== null);
  const expires = hard.length ? Math.min(...hard) : null;
  const byExpiry = expires !== null && expires < rotateBy;
  const due = byExpiry ? expires : rotateBy;
  const warn = utcDayPlus(due, -policy.warnDays);
  const since = entry.lastRotatedAt ? 'last rotated' : 'created';
  const startDay = new Date(utcDayPlus(start, 0)).toISOString().slice(0, 10);
  const dueDay = new Date(due).toISOString().slice(0, 10);
  let status: RotationStatus;
  let reason: string;
  if (expires !== null && now >= expires) {
    status = 'expired';
    reason = `Expired on ${new Date(expires).toISOString().slice(0, 10)}: replace the key.`;
  } else if (now >= due) {
    status = 'overdue';
    reason = `Rotation was due on ${dueDay} (every ${policy.everyDays} days, ${since} ${startDay}); overdue by ${calendarDaysBetween(due, now)} d.`;
  } else if (now >= warn) {
    status = 'due-soon';
    reason = byExpiry ? `Expires on ${dueDay}, in ${calendarDaysBetween(now, due)} d: rotate it before then.` : `Rotation due on ${dueDay}, in ${calendarDaysBetween(now, due)} d (every ${policy.everyDays} days, ${since} ${startDay}).`;
  } else {
    status = 'ok';
    reason = `Next rotation due on ${dueDay} (every ${policy.everyDays} days, ${since} ${startDay}).`;
  }
  return {
    status,
    dueAt: new Date(due).toISOString(),
    warnFrom: new Date(warn).toISOString(),
    expiresAt: expires === null ? null : new Date(expires).toISOString(),
    reason,
  };
}

/** The CLI's ROTATION column: `ok`, `due in N d`, `overdue N d`, `expired`. */
export function rotationLabel(state: RotationState, now: number): string {
  switch (state.status) {
    case 'ok':
      return 'ok';
    case 'due-soon':
      return `due in ${calendarDaysBetween(now, Date.parse(state.dueAt))} d`;
    case 'overdue':
      return `overdue ${calendarDaysBetween(Date.parse(state.dueAt), now)} d`;
    case 'expired':
      return 'expired';
  }
}
