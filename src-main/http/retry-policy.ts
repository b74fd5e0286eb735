/**
 * When the egress tries again and how long it waits: the server's Retry-After when it gives one (seconds or an
 * HTTP date, RFC 9110 §10.2.3), else capped exponential backoff with full jitter (a random wait between 0 and the
 * cap, so clients that failed together do not retry together). Which failures are retried is decided here too:
 * a request that may have been processed is only repeated when repeating it is harmless (RFC 9110 §9.2.2).
 */

export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseMs: 250, capMs: 8_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** The wait a Retry-After value asks for, in ms; null when the value is absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Full jitter: uniform in [0, min(cap, base·2^(attempt−1))]. `attempt` is the try that failed (1 for the first). */
export function backoffMs(attempt: number, opts: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Whether a response with this status is worth another try. 429 and 503 say the request was not processed, so
 * any method may be repeated; other 5xx may have been processed, so only idempotent methods are.
 */
export function retryableStatus(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  return (status === 500 || status === 502 || status === 504) && isIdempotent(method);
}
