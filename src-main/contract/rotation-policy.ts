/**
 * Rotation policies and a key's rotation state (pure: time is passed in). Main (the scheduler, the CLI) and the
 * renderer (the flags on every key) compute it with this one function, so they always agree.
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
import type { Environment } from './providers';
import type { EntrySummary, RotationDefaults, RotationPolicy } from './schemas';

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

/**
 * 00:00 UTC of the UTC calendar day `t` falls on, plus `days` days. Plain arithmetic is exact: epoch milliseconds
 * count every UTC day as 86,400,000 ms (no leap seconds, no DST), so this equals Date.UTC(y, m, d + days) and
 * costs no Date object (the scheduler's pass runs it 20,000 times).
 */
function utcDayPlus(t: number, days: number): number {
  return (Math.floor(t / DAY_MS) + days) * DAY_MS;
}

/** Milliseconds of an ISO date, or null when absent or unreadable. */
function timeOf(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** Whole calendar days from `from` to `to` (UTC days), ≥ 0 when to is later. */
export function calendarDaysBetween(from: number, to: number): number {
  return Math.floor(to / DAY_MS) - Math.floor(from / DAY_MS);
}

/** rotationState's numbers, without the words: what the scheduler's pass needs for every key. */
export interface RotationTimes {
  readonly status: RotationStatus;
  /** The start of the period: lastRotatedAt, else createdAt. */
  readonly start: number;
  readonly due: number;
  readonly warn: number;
  readonly expires: number | null;
  /** The hard expiry comes before the rotation date, so it is the due date. */
  readonly byExpiry: boolean;
}

/** The key's state at `now` as numbers (see rotationState). */
export function rotationTimes(entry: RotationSubject, policy: RotationPolicy, now: number): RotationTimes {
  const start = timeOf(entry.lastRotatedAt) ?? timeOf(entry.createdAt) ?? now;
  const rotateBy = utcDayPlus(start, policy.everyDays);
  const own = timeOf(entry.expiresAt);
  const policyExpiry = timeOf(policy.expiresAt);
  const expires = own === null ? policyExpiry : policyExpiry === null ? own : Math.min(own, policyExpiry);
  const byExpiry = expires !== null && expires < rotateBy;
  const due = byExpiry ? expires : rotateBy;
  const warn = utcDayPlus(due, -policy.warnDays);
  const status: RotationStatus = expires !== null && now >= expires ? 'expired' : now >= due ? 'overdue' : now >= warn ? 'due-soon' : 'ok';
  return { status, start, due, warn, expires, byExpiry };
}

/**
 * The key's state at `now`: expired once the hard expiry has passed, overdue from dueAt, due-soon from warnFrom.
 * The start is lastRotatedAt, else createdAt.
 */
export function rotationState(entry: RotationSubject, policy: RotationPolicy, now: number): RotationState {
  return describeRotation(entry, policy, rotationTimes(entry, policy, now), now);
}

/** What every key carries wherever it is shown: its schedule state and, while it rotates, where the run stands. */
export interface RotationFlag extends RotationState {
  /** The policy the state was computed with: the key's own, else its environment's default. */
  readonly policy: RotationPolicy;
  readonly rotating?: EntrySummary['rotating'];
}

/** The flag of a key from its summary and the defaults (the renderer's lists; the scheduler uses rotationTimes). */
export function rotationFlag(entry: RotationSubject & Pick<EntrySummary, 'rotating'>, defaults: RotationDefaults, now: number): RotationFlag {
  const policy = policyFor(entry, defaults);
  return { ...rotationState(entry, policy, now), policy, rotating: entry.rotating };
}

/** rotationTimes in words and ISO dates. */
export function describeRotation(entry: Pick<RotationSubject, 'lastRotatedAt'>, policy: RotationPolicy, t: RotationTimes, now: number): RotationState {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const basis = `every ${policy.everyDays} days, ${entry.lastRotatedAt ? 'last rotated' : 'created'} ${day(t.start)}`;
  const reason =
    t.status === 'expired'
      ? `Expired on ${day(t.expires as number)}: replace the key.`
      : t.status === 'overdue'
        ? `Rotation was due on ${day(t.due)} (${basis}); overdue by ${calendarDaysBetween(t.due, now)} d.`
        : t.status === 'due-soon'
          ? t.byExpiry
            ? `Expires on ${day(t.due)}, in ${calendarDaysBetween(now, t.due)} d: rotate it before then.`
            : `Rotation due on ${day(t.due)}, in ${calendarDaysBetween(now, t.due)} d (${basis}).`
          : `Next rotation due on ${day(t.due)} (${basis}).`;
  return {
    status: t.status,
    dueAt: new Date(t.due).toISOString(),
    warnFrom: new Date(t.warn).toISOString(),
    expiresAt: t.expires === null ? null : new Date(t.expires).toISOString(),
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
