/**
 * What the diagnosis engine (diagnose.ts) needs to know of a scheme beyond its sign and verify: where the request
 * carries its signature, timestamp and nonce, what the scheme adds when it signs (so the engine can sign again), and
 * — for MAC schemes — how the MAC is made, so the engine can try the hashes, key decodings and string-to-sign
 * mistakes that a request edit cannot express (the method's letter case, a query a sorting scheme left unsorted).
 *
 * Everything the engine tries through a request edit goes through the scheme's own verify, so the crypto and the
 * canonical rules stay in one place (schemes/); a model adds knowledge, never a second implementation of a scheme.
 * Where a signature cannot be recomputed (a randomized JWT), a model reads its mistakes off the request instead
 * (`findings`); where the scheme's options say where things are (a recipe), the engine asks for the model of
 * those options (`forOptions`).
 */
import type { Cause, Fix } from '../../contract/debug';
import type { SchemeCredentials, SignableRequest, SignContext, VerifyResult } from '../types';

export type TimestampUnits = 's' | 'ms' | 'us' | 'iso' | 'none';

/** What the client put on the request. */
export interface ReadRequest {
  /** The signature as the scheme compares it (a parameter's value percent-decoded, a header's value, …); null when absent. */
  readonly signature: string | null;
  /** The request's timestamp as sent, with where it is; null when the scheme reads none or it is absent. */
  readonly timestamp: { readonly raw: string; readonly atMs: number | null; readonly units: TimestampUnits; readonly where: string } | null;
  readonly nonce: string | null;
  /** Required parts that are absent: each becomes a `missing-component` diagnosis. */
  readonly missing: readonly MissingPart[];
}

export interface MissingPart {
  readonly component: string;
  readonly where: 'header' | 'query' | 'body' | 'credentials';
  readonly explanation: string;
}

/** A hash and a key decoding a MAC scheme could have been signed with. */
export interface MacVariant {
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  readonly key: 'utf8' | 'base64' | 'hex';
}

export interface MacModel extends MacVariant {
  /** How the scheme writes the MAC in the request (upper-case hex and base64url: recipes). */
  readonly output: 'hex' | 'HEX' | 'base64' | 'base64url';
  /**
   * The MAC's bytes over a string to sign, with this variant's hash and key. Default: HMAC(key bytes, UTF-8 of the
   * canonical string). Kraken (a path prefix and an inner SHA-256) and AWS (a derived key over a string to sign) say
   * their own.
   */
  digest?(canonical: string, request: SignableRequest, credentials: SchemeCredentials, variant: MacVariant): Buffer | null;
}

/** A string to sign the client may have made instead of the right one, and the mistake that makes it. */
export interface CanonicalCandidate {
  readonly cause: Cause;
  /** What the client did, in words that show it: "signed the method as \"get\"". */
  readonly detail: string;
  readonly canonical: string;
}

/** A request the client may have signed instead of the one it sent. */
export interface RequestCandidate {
  readonly cause: Cause;
  readonly detail: string;
  readonly request: SignableRequest;
  /**
   * The whole explanation, when the engine's "The client <detail>. The server signs what it receives…" does not fit:
   * an edit to a part that is checked but not signed (KuCoin's passphrase header).
   */
  readonly explanation?: string;
}

/**
 * A mistake the model reads off the request itself, where recomputing a signature cannot show it: a JWT signed with
 * a randomized algorithm reproduces nothing, but its claims can be read and compared with the request.
 */
export interface Finding {
  readonly cause: Cause;
  /** The whole explanation, in plain words with the values that show it. */
  readonly explanation: string;
  /** Default: sign again, keeping the request's timestamp and nonce. */
  readonly fix?: Fix;
  readonly signedCanonical?: string | null;
}

export interface DebugModel {
  readonly schemeId: string;
  /** Query or body parameter names the scheme adds (never reordered or re-encoded by the engine's edits). */
  readonly signatureParams: readonly string[];
  /**
   * The scheme percent-decodes the path and query before signing (KuCoin): a request sent with another encoding
   * says nothing about what the client signed, so the engine's re-encoded queries are not tried (the model's string
   * to sign edits say it instead).
   */
  readonly signsDecodedUrl?: boolean;
  /** Header names the scheme sets when it signs; removed before signing again. */
  readonly authHeaders: readonly string[];
  /** The timestamp units the API wants, and the timestamp's name for explanations. */
  readonly units: TimestampUnits;
  read(request: SignableRequest, credentials: SchemeCredentials): ReadRequest;
  /**
   * The request as the user would have typed it before signing: the scheme's headers and parameters taken out,
   * and the context that signs it again to the same request (its timestamp and nonce, its options).
   */
  unsigned(request: SignableRequest): { request: SignableRequest; timestamp: number | null; nonce: string | null; options?: Readonly<Record<string, string>> };
  /** The request with its timestamp replaced (to try seconds for milliseconds); null when the scheme has none. */
  withTimestamp?(request: SignableRequest, raw: string): SignableRequest | null;
  /**
   * The request with its nonce replaced, for a nonce the request text carries (a body field) and signing keeps as
   * given; `ctx` is the fresh nonce and the time now, read as the scheme reads a SignContext. Absent: the scheme adds
   * the nonce when it signs (unsigned() took it out).
   */
  withNonce?(request: SignableRequest, ctx: Pick<SignContext, 'nonce' | 'timestamp'>): SignableRequest | null;
  /** The request with another signature in the scheme's place (to re-encode one). */
  withSignature(request: SignableRequest, signature: string): SignableRequest;
  readonly mac?: MacModel;
  /** The MAC when the request chooses it (an algorithm field); else `mac`. */
  macOf?(request: SignableRequest): MacModel | undefined;
  /** Strings to sign that no request edit can express (method case, an unsorted query for a sorting scheme). */
  canonicalCandidates?(request: SignableRequest, canonical: string): Iterable<CanonicalCandidate>;
  /**
   * Request edits special to the scheme (a path prefix, where the query goes), beside the engine's generic ones. The
   * credentials are there for a part derived from them (a passphrase the scheme sends signed).
   */
  requestCandidates?(request: SignableRequest, credentials: SchemeCredentials): Iterable<RequestCandidate>;
  /** Mistakes read off the request (tried first, when the scheme's verify refuses it). */
  findings?(request: SignableRequest, credentials: SchemeCredentials, verified: VerifyResult): Promise<readonly Finding[]> | readonly Finding[];
  /** The model for a request signed with these scheme options (recipe: the template says where everything goes). */
  forOptions?(options: Readonly<Record<string, string>> | undefined): DebugModel;
}
