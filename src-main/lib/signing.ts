/**
 * The signing engine as a library: `import { signRequest, verifyRequest, schemes } from 'signet/signing'`.
 * This facade supplies what the pure engine leaves to its caller: the current time and a random nonce; and it shares
 * the event loop (run-in-turn.ts), so a burst of thousands of signatures never holds it for more than a few ms.
 */
import { randomUUID } from 'node:crypto';
import { checkEpochMs, checkNonce } from '../signing/define-scheme';
import { getScheme, SCHEMES } from '../signing/registry';
import { signingInputError } from '../signing/signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyResult } from '../signing/types';
import { runInTurn } from './run-in-turn';

export type { SchemeCredentials, SignableRequest, SignResult, VerifyResult, SignStep, CanonicalPart } from '../signing/types';

export interface SignOptions {
  /** Epoch milliseconds; default: now. */
  readonly timestamp?: number;
  /** Default: a random UUID (schemes that need a numeric nonce derive one from the timestamp). */
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

const BY_ID: ReadonlyMap<string, Scheme> = new Map(SCHEMES.map((s) => [s.id, s]));

/** 122 random bits; randomUUID draws from a pooled buffer, so it costs far less per call than randomBytes(16). */
export function newNonce(): string {
  return randomUUID();
}

/** Signs `request` with the scheme `schemeId`. */
export function signRequest(schemeId: string, request: SignableRequest, credentials: SchemeCredentials, opts?: SignOptions): Promise<SignResult> {
  return runInTurn(signNow, schemeId, request, credentials, opts);
}

function signNow(schemeId: string, request: SignableRequest, credentials: SchemeCredentials, opts: SignOptions | undefined): SignResult | Promise<SignResult> {
  return (BY_ID.get(schemeId) ?? getScheme(schemeId)).sign(normalize(request), credentials, signContext(opts));
}

/**
 * The context with time and nonce filled in, each when a scheme first reads it: most schemes have no nonce (a random
 * one costs about as much as the HMAC it would sit next to), and a request that carries its own timestamp (Binance's
 * timestamp=) never asks for the clock. (A class, so every context has the same shape and the getters live on the
 * prototype: this is the signing hot path.)
 */
class FilledContext implements SignContext {
  private givenNonce: string | undefined;
  private givenTimestamp: number | undefined;
  readonly options: Readonly<Record<string, string>> | undefined;
  constructor(opts: SignOptions | undefined) {
    // What the caller gave is checked here; what the getters supply (the clock, a UUID) needs no check. The engine
    // checks the options (define-scheme.ts).
    if (opts !== undefined && (typeof opts !== 'object' || opts === null)) throw optionsError('sign options', '{ timestamp?, nonce?, options? }', opts);
    if (opts?.timestamp !== undefined) checkEpochMs(opts.timestamp, 'timestamp');
    if (opts?.nonce !== undefined) checkNonce(opts.nonce);
    this.givenTimestamp = opts?.timestamp;
    this.givenNonce = opts?.nonce;
    this.options = opts?.options;
  }
  get timestamp(): number {
    return (this.givenTimestamp ??= Date.now());
  }
  get nonce(): string {
    return (this.givenNonce ??= newNonce());
  }
}

function signContext(opts: SignOptions | undefined): SignContext {
  return new FilledContext(opts);
}

/** Checks a signed request: recomputes what it should carry and compares, and checks its timestamp. */
export function verifyRequest(schemeId: string, request: SignableRequest, credentials: SchemeCredentials, opts?: VerifyRequestOptions): Promise<VerifyResult> {
  return runInTurn(verifyNow, schemeId, request, credentials, opts);
}

function verifyNow(schemeId: string, request: SignableRequest, credentials: SchemeCredentials, opts: VerifyRequestOptions | undefined): VerifyResult | Promise<VerifyResult> {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) throw optionsError('verify options', '{ now?, windowMs?, options? }', opts);
  return (BY_ID.get(schemeId) ?? getScheme(schemeId)).verify(normalize(request), credentials, { now: opts?.now ?? Date.now(), windowMs: opts?.windowMs ?? 30_000, ...(opts?.options ? { options: opts.options } : {}) });
}

/** The schemes, with what they need. */
export const schemes: readonly { id: string; title: string; description: string; docs: string; credentials: readonly (string | readonly string[])[] }[] = SCHEMES.map(
  ({ id, title, description, docs, credentials }) => ({ id, title, description, docs, credentials }),
);

function optionsError(field: string, shape: string, value: unknown): Error {
  return signingInputError(field, `expected an object ${shape} or nothing, got ${value === null ? 'null' : typeof value}`);
}

/**
 * JavaScript callers may leave out headers or body. Anything that is not a request is passed on as it is: the
 * engine's entry check (define-scheme.ts) names what is wrong.
 */
function normalize(r: SignableRequest): SignableRequest {
  if (typeof r !== 'object' || r === null || (r.headers && r.body !== undefined)) return r;
  return { method: r.method, url: r.url, headers: r.headers ?? {}, body: r.body ?? null };
}
