/**
 * Per-key rate limits: a token bucket per key (burst `capacity`, refilled at `refillPerSec`; base/token-bucket.ts),
 * which allows short bursts and a steady rate, and says exactly how long to wait when empty (the Retry-After the
 * API sends). Unlike the egress, a server never waits: an empty bucket is a refusal.
 */
import { TokenBucket, type BucketLimit } from '../base/token-bucket';

export type RateLimit = BucketLimit;

export type TakeOutcome = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly limit: RateLimit) {}

  take(key: string, now: number): TakeOutcome {
    let b = this.buckets.get(key);
    if (b === undefined) this.buckets.set(key, (b = new TokenBucket(this.limit, now)));
    const retryAfterMs = b.waitMs(now);
    if (retryAfterMs > 0) return { ok: false, retryAfterMs };
    b.take(now);
    return { ok: true };
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
