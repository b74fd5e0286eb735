/**
 * A timestamp header read by what it looks like, not by what the scheme wants: a client that sent seconds where the
 * API wants milliseconds meant a moment all the same, and the debugger judges that moment (and names the units it
 * was sent in) instead of reading "1764300000" as a date in January 1970.
 */
import type { TimestampUnits } from '../model';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The units `raw` is written in and the moment it means (epoch ms); `none` and null when it is not a timestamp. */
export function timestampAsSent(raw: string): { units: TimestampUnits; atMs: number | null } {
  const t = raw.trim();
  if (ISO.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? { units: 'none', atMs: null } : { units: 'iso', atMs: ms };
  }
  if (/^\d{9,11}(\.\d+)?$/.test(t)) return { units: 's', atMs: Math.round(Number(t) * 1000) };
  if (/^\d{12,14}(\.\d+)?$/.test(t)) return { units: 'ms', atMs: Math.floor(Number(t)) };
  if (/^\d{15,17}$/.test(t)) return { units: 'us', atMs: Math.floor(Number(t) / 1000) };
  return { units: 'none', atMs: null };
}

/** The same moment written in `units` (the renderings a client may have signed instead). */
export function writeTimestamp(atMs: number, units: TimestampUnits): string {
  if (units === 's') return String(Math.floor(atMs / 1000));
  if (units === 'us') return String(Math.floor(atMs) * 1000);
  if (units === 'iso') return new Date(atMs).toISOString();
  return String(Math.floor(atMs));
}

export const UNIT_NAMES: Readonly<Record<TimestampUnits, string>> = { s: 'Unix seconds', ms: 'Unix milliseconds', us: 'Unix microseconds', iso: 'ISO 8601', none: 'not a timestamp' };
