/**
 * Checks the exchange schemes share: refusing options they do not take, and judging a request's time against the
 * verifier's window, with a reason a person can act on.
 */
import { signingInputError } from './signing-error';

/** None of the exchange schemes takes options; an unknown key is refused rather than silently ignored. */
export function refuseOptions(schemeId: string, options: Readonly<Record<string, string>> | undefined): void {
  if (options === undefined) return;
  const key = Object.keys(options)[0];
  if (key !== undefined) throw signingInputError(`option ${key}`, `the ${schemeId} scheme takes no options`);
}

/** Null when `timestampMs` is within ±windowMs of `now` (or the check is off: windowMs 0 or Infinity); else why not. */
export function windowReason(now: number, timestampMs: number, windowMs: number, what: string): string | null {
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) return null;
  const skew = now - timestampMs;
  if (Math.abs(skew) <= windowMs) return null;
  const direction = skew > 0 ? 'behind' : 'ahead of';
  return `The ${what} is ${seconds(Math.abs(skew))} ${direction} now; the window is ±${seconds(windowMs)}. Sign the request again just before sending it, and check the clock.`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
