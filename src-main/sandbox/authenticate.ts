/**
 * The private API's gate: one `hmac`-signed request in, the key it was signed with out — or the first reason it
 * must be refused, checked in this order (docs/sandbox.md#authentication):
 *
 *   malformed_authorization → unknown_key → key_revoked → key_expired → invalid_signature → timestamp_skew →
 *   replayed_nonce → insufficient_scope → rate_limited
 *
 * The signature is checked before the timestamp and the nonce, so only a request made with the secret can learn
 * about the clock or spend a nonce. Parsing and the signature itself are the signing engine's (hmac.ts: the same
 * canonical string and constant-time comparison the Request page shows); this file adds what a server owns: keys,
 * time, nonces, scopes and rate limits.
 */
import type { Clock } from '../base/clock';
import { RateLimiter, type BucketLimit } from '../base/token-bucket';
import { parseHmacAuthorization, verifyHmacAuthorization } from '../signing/schemes/hmac';
import type { VerifyResult } from '../signing/types';
import { NonceCache } from './nonce-cache';
import { SandboxError } from './sandbox-error';
import type { SandboxKeyRecord, SandboxKeyStore } from './sandbox-keys';

export interface IncomingSigned {
  readonly method: string;
  /** Path and query exactly as sent (the request line's target). */
  readonly url: string;
  readonly authorization: string | undefined;
  /** The raw body text; null when there is none. */
  readonly body: string | null;
}

/** Only the path and query are signed; the origin just makes the target an absolute URL for the engine's parser. */
const ORIGIN = 'http://sandbox.invalid';

/** An attacker-chosen value, made safe and short for a message. */
const shown = (s: string, max = 64): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

export class Authenticator {
  private readonly nonces: NonceCache;
  private readonly buckets: RateLimiter;

  constructor(
    private readonly keys: SandboxKeyStore,
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly rateLimit: BucketLimit,
  ) {
    this.nonces = new NonceCache(windowMs);
    this.buckets = new RateLimiter(() => rateLimit);
  }

  /** The key that signed `req`, if it may call a route that needs `scope`; otherwise throws SandboxError. */
  authenticate(req: IncomingSigned, scope: string): SandboxKeyRecord {
    const auth = parseHmacAuthorization(req.authorization);
    if ('error' in auth) {
      throw new SandboxError('malformed_authorization', `Malformed Authorization header: ${auth.error}. Send Authorization: HMAC apiKey="…", signature="…", timestamp="…", nonce="…" (docs/sandbox.md#authentication).`);
    }
    const key = this.keys.findByApiKey(auth.apiKey);
    if (!key) throw new SandboxError('unknown_key', `No key ${shown(auth.apiKey)} is known to this sandbox. Check the apiKey, and that it was issued by this sandbox (GET /v1/keys lists its keys).`);
    if (key.revokedAt !== null) throw new SandboxError('key_revoked', `The key ${shown(key.apiKey)} was revoked at ${key.revokedAt}. Create a new key (POST /v1/keys) or use another one.`);
    const now = this.clock.now();
    if (key.expiresAtMs !== null && now >= key.expiresAtMs) {
      throw new SandboxError('key_expired', `The key ${shown(key.apiKey)} expired at ${key.expiresAt} (server time ${new Date(now).toISOString()}). Use a key that is still valid, or create one with a later expiresAt.`);
    }
    let result: VerifyResult;
    try {
      // windowMs 0: the engine checks the signature only; the window is checked next, with its own code. The key
      // record is the credentials object, so the engine makes its HMAC key once per key, not once per request.
      result = verifyHmacAuthorization({ method: req.method, url: ORIGIN + req.url, headers: {}, body: req.body }, auth, key, { now, windowMs: 0 });
    } catch {
      result = { valid: false, reason: null, canonical: '', expected: '' };
    }
    if (!result.valid) {
      throw new SandboxError('invalid_signature', 'The signature does not match the request. Check the secret, and that the method, path, query, body bytes, timestamp and nonce you signed are exactly those sent (string to sign: METHOD, path, sorted query, SHA-256 of the body, timestamp, nonce, joined with \\n).');
    }
    const tsMs = Number(auth.timestamp) * 1000;
    const skew = now - tsMs;
    if (Math.abs(skew) > this.windowMs) {
      throw new SandboxError(
        'timestamp_skew',
        `The timestamp ${auth.timestamp} is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'behind' : 'ahead of'} the server time ${Math.floor(now / 1000)} (${new Date(now).toISOString()}); the window is ±${this.windowMs / 1000} s. Check the clock, and sign just before sending.`,
      );
    }
    const fresh = this.nonces.use(key.id, auth.nonce, tsMs, now);
    if (!fresh.ok && fresh.reason === 'replayed') {
      throw new SandboxError('replayed_nonce', `The nonce ${shown(auth.nonce)} was already used with this key within the last ${this.windowMs / 1000} s. Use a fresh nonce for every request (a random UUID).`);
    }
    if (!key.scopes.includes(scope)) {
      throw new SandboxError('insufficient_scope', `This route needs the "${scope}" scope; the key ${shown(key.apiKey)} has ${key.scopes.length ? key.scopes.join(', ') : 'no scopes'}. Use a key with that scope.`);
    }
    const retryAfterMs = fresh.ok ? this.buckets.takeNow(key.id, now) : fresh.retryAfterMs;
    if (retryAfterMs > 0) {
      const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
      throw new SandboxError(
        'rate_limited',
        `Too many requests with the key ${shown(key.apiKey)}: the limit is a burst of ${this.rateLimit.capacity}, then ${this.rateLimit.refillPerSec} per second. Retry after ${retryAfter} s.`,
        retryAfter,
      );
    }
    this.keys.markUsed(key.id, now);
    return key;
  }

  /** Live nonces held for a key (tests: the cache stays bounded). */
  noncesHeld(keyId: string): number {
    return this.nonces.size(keyId);
  }
}
