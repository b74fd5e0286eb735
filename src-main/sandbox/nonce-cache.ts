/**
 * Replay protection: the nonces each key has used, kept only while a request carrying them could still pass the
 * timestamp check (until its timestamp + the window). Memory is bounded twice: entries expire, and a key holds at
 * most `maxPerKey` live nonces — a key that outruns that is refused (the caller answers 429), never allowed to
 * push out a nonce that is still replayable.
 */

export type NonceOutcome = { ok: true } | { ok: false; reason: 'replayed' } | { ok: false; reason: 'full'; retryAfterMs: number };

export class NonceCache {
  /** Per key: nonce → the time (epoch ms) after which its request is outside the window anyway. Insertion order ≈ time order. */
  private readonly byKey = new Map<string, Map<string, number>>();

  constructor(
    private readonly windowMs: number,
    private readonly maxPerKey = 100_000,
  ) {}

  /** Records `nonce` for `keyId` unless it was seen within the window. `timestampMs` is the request's own timestamp. */
  use(keyId: string, nonce: string, timestampMs: number, now: number): NonceOutcome {
    let seen = this.byKey.get(keyId);
    if (seen === undefined) {
      seen = new Map();
      this.byKey.set(keyId, seen);
    }
    const expiry = seen.get(nonce);
    if (expiry !== undefined && expiry >= now) return { ok: false, reason: 'replayed' };
    if (seen.size >= this.maxPerKey) {
      this.sweep(seen, now);
      if (seen.size >= this.maxPerKey) {
        const oldest = seen.values().next().value as number;
        return { ok: false, reason: 'full', retryAfterMs: Math.max(1, oldest - now) };
      }
    } else if ((seen.size & 0x3ff) === 0) {
      // Every 1,024 insertions: drop what has expired from the front, so a quiet key's map shrinks back.
      this.sweep(seen, now);
    }
    seen.delete(nonce); // an expired entry for the same nonce moves to the back
    seen.set(nonce, timestampMs + this.windowMs);
    return { ok: true };
  }

  /** Live entries for a key (tests and metrics). */
  size(keyId: string): number {
    return this.byKey.get(keyId)?.size ?? 0;
  }

  forget(keyId: string): void {
    this.byKey.delete(keyId);
  }

  private sweep(seen: Map<string, number>, now: number): void {
    // Entries arrive roughly in timestamp order: stop at the first live one rather than scan everything.
    for (const [nonce, expiry] of seen) {
      if (expiry >= now) break;
      seen.delete(nonce);
    }
  }
}
