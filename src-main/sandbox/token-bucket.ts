/**
 * Per-key rate limits: a token bucket (burst `capacity`, refilled at `refillPerSec`), which allows short bursts
 * and a steady rate, and says exactly how long to wait when empty (the Retry-After the API sends).
 */

export interface RateLimit {
  readonly capacity: number;
  readonly refillPerSec: number;
}

export type TakeOutcome = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit) {}

  take(key: string, now: number): TakeOutcome {
    const { capacity, refillPerSec } = this.limit;
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = { tokens: capacity, at: now };
      this.buckets.set(key, b);
    } else if (now > b.at) {
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * refillPerSec);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) / refillPerSec) * 1000) };
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
