/** How entries read in a terminal: PROD you cannot miss, expiry as a date with how soon, short ids. */
import type { Environment } from '../contract/providers';
import type { Output, Paint } from './output';

export const shortId = (id: string): string => id.slice(0, 8);

/** PROD in capitals (and red on a colour terminal); dev and test plainly. */
export function envLabel(env: Environment): string {
  return env === 'prod' ? 'PROD' : env;
}

export function envPaint(out: Output, env: Environment): Paint {
  return env === 'prod' ? (s) => out.bold(out.red(s)) : (s) => s;
}

const DAY = 86_400_000;
const SOON_DAYS = 30;

export function expiryLabel(expiresAt: string | null, now: number): string {
  if (!expiresAt) return '-';
  const t = Date.parse(expiresAt);
  const date = expiresAt.slice(0, 10);
  if (Number.isNaN(t)) return date;
  const days = Math.ceil((t - now) / DAY);
  if (t <= now) return `${date} (expired)`;
  if (days <= SOON_DAYS) return `${date} (in ${days} day${days === 1 ? '' : 's'})`;
  return date;
}

export function expiryPaint(out: Output, expiresAt: string | null, now: number): Paint {
  if (!expiresAt) return out.dim;
  const t = Date.parse(expiresAt);
  if (t <= now) return out.red;
  if (t - now <= SOON_DAYS * DAY) return out.yellow;
  return (s) => s;
}

export function dateTime(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : 'never';
}
