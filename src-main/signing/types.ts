/**
 * The signing engine's model. Pure data: a request in, a signed request out, with the canonical string and the
 * derivation as labelled steps a person can follow. Time and nonce are inputs (`SignContext`), never read here.
 */

/** An HTTP request as a user types it. Header names keep the case they were given; lookups ignore case. */
export interface SignableRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** Whatever a provider issued; each scheme reads the fields it needs (see `Scheme.credentials`). */
export interface SchemeCredentials {
  readonly apiKey?: string;
  /** The secret as the API issued it (a PKCS#8 PEM private key for the Ed25519, RSA and ES256 schemes). */
  readonly secret?: string;
  readonly passphrase?: string;
  readonly privateKeyPem?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  readonly region?: string;
  readonly service?: string;
}

export interface SignContext {
  /** Epoch milliseconds. Schemes convert to what their API wants (seconds, ISO 8601, …). */
  readonly timestamp: number;
  /** Used by schemes that carry a nonce; others ignore it. */
  readonly nonce: string;
  /**
   * Scheme-specific choices. Unknown keys are refused.
   * - `hmac`: `{ algorithm: 'hmac-sha256' | 'hmac-sha512' }`.
   * - `recipe`: `{ recipe: '<JSON>' }`, the template (src-main/contract/recipe.ts, docs/signing.md#recipe); an
   *   invalid one is ERR_SIGNING_INPUT naming the recipe field, e.g. `recipe.signature.in: expected header, query or body`.
   */
  readonly options?: Readonly<Record<string, string>>;
}

/** One labelled part of the canonical string (the UI highlights each). Concatenated in order, the values are exactly the canonical string: separators belong to the part they follow. */
export interface CanonicalPart {
  readonly label: string;
  readonly value: string;
}

/** One step of the derivation, e.g. "HMAC-SHA512 keyed with the base64-decoded secret" → its output. */
export interface SignStep {
  readonly label: string;
  /** What the step produced, as text (hex, base64 or plain, as `encoding` says). Never a secret. */
  readonly value: string;
  readonly encoding: 'text' | 'hex' | 'base64' | 'json';
  /** Optional detail: which key, which algorithm. */
  readonly note?: string;
}

export interface SignResult {
  readonly request: SignableRequest;
  readonly canonical: string;
  readonly canonicalParts: readonly CanonicalPart[];
  readonly signature: string;
  readonly steps: readonly SignStep[];
}

export interface VerifyOptions {
  /** Epoch ms to judge the timestamp against. */
  readonly now: number;
  /** How far the request's timestamp may be from `now` (ms); 0 or Infinity disables the check. */
  readonly windowMs: number;
  /** The same scheme-specific choices as `SignContext.options` (the `recipe` scheme verifies with its recipe). */
  readonly options?: Readonly<Record<string, string>>;
  /**
   * false: the caller needs the verdict only (the debugger tries hundreds of candidates), so a scheme whose expected
   * signature costs a private-key operation (RSA, Ed25519, ES256) may leave `expected` empty. Default true.
   */
  readonly expected?: boolean;
}

export interface VerifyResult {
  readonly valid: boolean;
  /** Why it is invalid, in words a person can act on; null when valid. */
  readonly reason: string | null;
  readonly canonical: string;
  /** The signature the request should carry. */
  readonly expected: string;
}

/** One credential field a scheme needs, or alternatives (e.g. secret or privateKeyPem). */
export type CredentialRequirement = keyof SchemeCredentials | readonly (keyof SchemeCredentials)[];

/**
 * A signing scheme. Each is made with `defineScheme` (define-scheme.ts), so `sign` and `verify` check their input
 * first: a wrong type from a plain-JavaScript caller, or CR/LF/NUL in a header, is ERR_SIGNING_INPUT naming the field.
 */
export interface Scheme {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The API documentation the scheme follows. */
  readonly docs: string;
  /** Hosts this scheme is the natural choice for (the Request page suggests it). */
  readonly hosts: readonly string[];
  readonly credentials: readonly CredentialRequirement[];
  sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult | Promise<SignResult>;
  verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult | Promise<VerifyResult>;
}
