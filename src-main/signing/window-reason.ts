/**
 * The freshness check every scheme's verify shares, worded so a person can act on it. A verifier passes `now` and
 * `windowMs` (VerifyOptions); 0 or Infinity switches the check off, as the type documents.
 */
import type { VerifyOptions } from './types';

export function windowEnabled(opts: Pick<VerifyOptions, 'windowMs'>): boolean {
  return opts.windowMs > 0 && Number.isFinite(opts.windowMs);
}

/** "1.5 s", "250 ms", "3 min 20 s": short enough for a one-line reason. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  if (abs < 120_000) return `${Math.round(abs / 100) / 10} s`;
  const s = Math.round(abs / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** "4 s behind" or "2 s ahead of" (now). */
export function describeSkew(skewMs: number): string {
  return skewMs >= 0 ? `${formatDuration(skewMs)} behind` : `${formatDuration(skewMs)} ahead of`;
}

/**
 * Null when `timestampMs` is within ±windowMs of `now` (or the check is off); otherwise why not. `what` names where the
 * timestamp came from, e.g. "CB-ACCESS-TIMESTAMP".
 */
export function windowReason(timestampMs: number, opts: VerifyOptions, what: string): string | null {
  if (!windowEnabled(opts)) return null;
  const skew = opts.now - timestampMs;
  if (Math.abs(skew) <= opts.windowMs) return null;
  return `The ${what} is ${describeSkew(skew)} now; the window is ±${formatDuration(opts.windowMs)}. Check the clock, and sign again just before sending.`;
}
