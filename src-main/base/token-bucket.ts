/**
 * Token buckets by name (burst `capacity`, refilled at `refillPerSec`), which allow short bursts and a steady rate and
 * say exactly how long to wait when empty. Two callers: the egress waits (one bucket per provider and one per key, so
 * a burst from one key cannot spend the whole provider budget and several keys cannot together exceed what the
 * provider allows one client); the sandbox, a server, never waits: an empty bucket is a refusal, and the wait is the
 * Retry-After it sends. A reservation may leave a bucket negative, and the next caller waits behind it (first come,
 * first served). Time is passed in, so tests drive it.
 */

export interface BucketLimit {
  /** Most tokens held at once: the burst allowed after a quiet spell. */
  readonly capacity: number;
  readonly refillPerSec: number;
}

class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly limit: BucketLimit,
    now: number,
  ) {
    if (!(limit.capacity >= 1) || !(limit.refillPerSec > 0)) throw new RangeError('a bucket needs capacity >= 1 and refillPerSec > 0');
    this.#tokens = limit.capacity;
    this.#at = now;
  }

  #refill(now: number): void {
    if (now > this.#at) this.#tokens = Math.min(this.limit.capacity, this.#tokens + ((now - this.#at) / 1000) * this.limit.refillPerSec);
    this.#at = Math.max(this.#at, now);
  }

  /** Milliseconds until a token is free (0: now), counting the reservations already made. */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.limit.refillPerSec) * 1000);
  }

  /** Takes a token now, or reserves the next one (the caller then waits `waitMs` as it was before the take). */
  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }
}

/** Buckets by name, created on first use with the limit `limitFor(name)` gives. */
export class RateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(private readonly limitFor: (name: string) => BucketLimit) {}

  /**
   * Reserves a token in every named bucket and returns how long to wait for them, or null (nothing taken) when
   * that would be longer than `maxWaitMs`.
   */
  reserve(names: readonly string[], now: number, maxWaitMs: number): number | null {
    const buckets = names.map((n) => this.#bucket(n, now));
    const wait = Math.max(0, ...buckets.map((b) => b.waitMs(now)));
    if (wait > maxWaitMs) return null;
    for (const b of buckets) b.take(now);
    return wait;
  }

  /**
   * Takes a token from the named bucket only if one is free now, for a caller that refuses rather than waits: 0 when
   * taken, otherwise the milliseconds until one is free (and nothing taken).
   */
  takeNow(name: string, now: number): number {
    const bucket = this.#bucket(name, now);
    const wait = bucket.waitMs(now);
    if (wait === 0) bucket.take(now);
    return wait;
  }

  #bucket(name: string, now: number): TokenBucket {
    let b = this.#buckets.get(name);
    if (!b) this.#buckets.set(name, (b = new TokenBucket(this.limitFor(name), now)));
    return b;
  }
}
