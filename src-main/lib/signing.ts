/**
 * The signing engine as a library: `import { signRequest, verifyRequest, schemes } from 'signet/signing'`.
 * This facade supplies what the pure engine leaves to its caller: the current time and a random nonce.
 */
import { randomBytes } from 'node:crypto';
import { getScheme, SCHEMES } from '../signing/registry';
import type { SchemeCredentials, SignableRequest, SignResult, VerifyResult } from '../signing/types';

export type { SchemeCredentials, SignableRequest, SignResult, VerifyResult, SignStep, CanonicalPart } from '../signing/types';

export interface SignOptions {
  /** Epoch milliseconds; default: now. */
  readonly timestamp?: number;
  /** Default: 16 random bytes, hex (schemes that need a numeric nonce use the timestamp). */
  readonly nonce?: string;
  /** Scheme-specific choices, e.g. `{ algorithm: 'hmac-sha512' }` for `hmac`, `{ recipe: '<JSON>' }` for `recipe`. */
  readonly options?: Readonly<Record<string, string>>;
}

export interface VerifyRequestOptions {
  /** Epoch milliseconds; default: now. */
  readonly now?: number;
  /** Allowed clock skew in ms; default 30,000. */
  readonly windowMs?: number;
  /** The same scheme-specific choices as when signing, e.g. `{ recipe: '<JSON>' }` for the `recipe` scheme. */
  readonly options?: Readonly<Record<string, string>>;
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** Signs `request` with the scheme `schemeId`. */
export async function signRequest(schemeId: string, request: SignableRequest, credentials: SchemeCredentials, opts: SignOptions = {}): Promise<SignResult> {
  const scheme = getScheme(schemeId);
  return scheme.sign(normalize(request), credentials, { timestamp: opts.timestamp ?? Date.now(), nonce: opts.nonce ?? newNonce(), ...(opts.options ? { options: opts.options } : {}) });
}

/** Checks a signed request: recomputes what it should carry and compares, and checks its timestamp. */
export async function verifyRequest(schemeId: string, request: SignableRequest, credentials: SchemeCredentials, opts: VerifyRequestOptions = {}): Promise<VerifyResult> {
  const scheme = getScheme(schemeId);
  return scheme.verify(normalize(request), credentials, { now: opts.now ?? Date.now(), windowMs: opts.windowMs ?? 30_000, ...(opts.options ? { options: opts.options } : {}) });
}

/** The schemes, with what they need. */
export const schemes: readonly { id: string; title: string; description: string; docs: string; credentials: readonly (string | readonly string[])[] }[] = SCHEMES.map(
  ({ id, title, description, docs, credentials }) => ({ id, title, description, docs, credentials }),
);

function normalize(r: SignableRequest): SignableRequest {
  return { method: r.method, url: r.url, headers: r.headers ?? {}, body: r.body ?? null };
}
