/**
 * The rotation-policy form (a key's own policy in the Vault detail, the per-environment defaults in Settings): what
 * the person typed, checked against the same limits main's schema enforces, with an error per field in words.
 * The hard expiry is a calendar date in the person's own time zone, read like a key's own expiry date (format.ts):
 * the key is good through the end of that day.
 */
import type { RotationPolicy } from '../../../src-main/contract/rotation';
import { dateInputToIso, isoToDateInput, plural } from './format';

export interface PolicyDraft {
  /** Days between rotations, as typed. */
  readonly every: string;
  /** Days of warning before the due date, as typed. */
  readonly warn: string;
  /** YYYY-MM-DD, or '' for none. */
  readonly expires: string;
}

export type PolicyErrors = Partial<Record<keyof PolicyDraft, string>>;

export function draftOf(policy: RotationPolicy): PolicyDraft {
  return { every: String(policy.everyDays), warn: String(policy.warnDays), expires: isoToDateInput(policy.expiresAt ?? null) };
}

function wholeDays(text: string): number | null {
  const t = text.trim().replace(/\s*d(ays?)?$/i, '');
  return /^\d{1,5}$/.test(t) ? Number(t) : null;
}

/** The policy the draft describes, or what is wrong with each field. `now` decides what "in the past" means. */
export function parsePolicyDraft(draft: PolicyDraft, now: number): { ok: true; policy: RotationPolicy } | { ok: false; errors: PolicyErrors } {
  const errors: PolicyErrors = {};
  const every = wholeDays(draft.every);
  const warn = wholeDays(draft.warn);
  if (every === null || every < 1 || every > 3650) errors.every = 'Enter a whole number of days from 1 to 3650.';
  if (warn === null || warn > 365) errors.warn = 'Enter a whole number of days from 0 to 365.';
  else if (every !== null && !errors.every && warn >= every) errors.warn = `Warn fewer days before than the rotation period (${every} d).`;
  let expiresAt: string | null = null;
  const typed = draft.expires.trim();
  if (typed) {
    const iso = dateInputToIso(typed);
    // dateInputToIso rolls 30 February over into March: the round trip catches it.
    if (!iso || isoToDateInput(iso) !== typed) errors.expires = 'Enter a date as YYYY-MM-DD, or leave it empty for none.';
    else if (Date.parse(iso) <= now) errors.expires = 'Pick today or a later date: a policy that has already expired would flag the key at once.';
    else expiresAt = iso;
  }
  if (Object.keys(errors).length > 0 || every === null || warn === null) return { ok: false, errors };
  return { ok: true, policy: { everyDays: every, warnDays: warn, ...(expiresAt && { expiresAt }) } };
}

/** "Every 90 days · warn 14 days before · expires 1 Jun 2027". */
export function policySentence(policy: RotationPolicy, formatDate: (iso: string) => string): string {
  const parts = [`Every ${plural(policy.everyDays, 'day')}`, policy.warnDays === 0 ? 'no warning before' : `warn ${plural(policy.warnDays, 'day')} before`];
  if (policy.expiresAt) parts.push(`expires ${formatDate(policy.expiresAt)}`);
  return parts.join(' · ');
}
