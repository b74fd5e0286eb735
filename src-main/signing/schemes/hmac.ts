/**
 * `hmac`: Signet's own HMAC request authentication, as HMAC request signing is usually described (the sandbox
 * exchange verifies it).
 *
 *   Authorization: HMAC apiKey="…", signature="…", timestamp="…", nonce="…"[, algorithm="hmac-sha512"]
 *
 * String to sign, joined with "\n": METHOD, path (as sent, percent-encoded), the query sorted by key then value
 * with RFC 3986 encoding (encoding.ts `sortedQueryString`: the raw query percent-decoded, "+" a plus sign), lowercase
 * hex SHA-256 of the body bytes (of "" when there is none), the timestamp in Unix seconds, the nonce. Signature:
 * lowercase hex HMAC (SHA-256 by default) keyed with the secret's UTF-8 bytes.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual, parseUrl, rawQuery, requireField, sha256Hex, sortedQueryString, upperMethod, utf8HmacKey, withHeaders, getHeader } from '../encoding';
import { splitPlainUrl } from '../split-url';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyResult } from '../types';
import { defineScheme } from '../define-scheme';

const ALGORITHMS = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512' } as const;
type Algorithm = keyof typeof ALGORITHMS;

/** Query parameters decoded, sorted by key then value, re-encoded with RFC 3986. */
export function sortedQuery(url: URL): string {
  return sortedQueryString(rawQuery(url));
}

export interface HmacAuthorization {
  readonly apiKey: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly algorithm: Algorithm;
}

/**
 * Parses `HMAC k="v", …`. Returns a reason instead of throwing: servers answer `malformed_authorization` with it.
 * Every field once, quoted, printable ASCII without quotes or backslashes; apiKey, signature, timestamp and nonce
 * required; nothing else allowed.
 */
export function parseHmacAuthorization(header: string | undefined): HmacAuthorization | { error: string } {
  if (header === undefined) return { error: 'the Authorization header is missing' };
  if (header.length > 4096) return { error: 'the Authorization header is too long' };
  const m = /^HMAC[ ]+(.*)$/s.exec(header.trim());
  if (!m) return { error: 'the Authorization header does not start with "HMAC "' };
  const fields: Record<string, string> = {};
  const re = /\s*([A-Za-z]+)="([\x21\x23-\x5b\x5d-\x7e]*)"\s*(,|$)/y;
  const rest = m[1] as string;
  let pos = 0;
  while (pos < rest.length) {
    re.lastIndex = pos;
    const f = re.exec(rest);
    if (!f) return { error: `the Authorization header is malformed near ${JSON.stringify(rest.slice(pos, pos + 20))}` };
    const key = f[1] as string;
    if (!['apiKey', 'signature', 'timestamp', 'nonce', 'algorithm'].includes(key)) return { error: `the Authorization header has an unknown field "${key}"` };
    if (key in fields) return { error: `the Authorization header has "${key}" twice` };
    fields[key] = f[2] as string;
    pos = re.lastIndex;
    if (f[3] === '' && pos < rest.length) return { error: 'the Authorization header is malformed' };
  }
  for (const k of ['apiKey', 'signature', 'timestamp', 'nonce']) if (!fields[k]) return { error: `the Authorization header has no ${k}` };
  const algorithm = (fields.algorithm ?? 'hmac-sha256') as Algorithm;
  if (!(algorithm in ALGORITHMS)) return { error: `the Authorization header names an unknown algorithm "${fields.algorithm}" (use hmac-sha256 or hmac-sha512)` };
  if (!/^\d{1,12}$/.test(fields.timestamp as string)) return { error: 'the timestamp is not Unix seconds' };
  return { apiKey: fields.apiKey as string, signature: fields.signature as string, timestamp: fields.timestamp as string, nonce: fields.nonce as string, algorithm };
}

function algorithmOf(ctx: Pick<SignContext, 'options'>): Algorithm {
  const extra = Object.keys(ctx.options ?? {}).filter((k) => k !== 'algorithm');
  if (extra.length) throw signingInputError(`option ${extra[0]}`, 'the hmac scheme takes only algorithm=hmac-sha256|hmac-sha512');
  const a = ctx.options?.algorithm ?? 'hmac-sha256';
  if (!(a in ALGORITHMS)) throw signingInputError('option algorithm', 'expected hmac-sha256 or hmac-sha512');
  return a as Algorithm;
}

/** SHA-256 of no bytes: a request without a body (most GETs) skips hashing. */
const EMPTY_BODY_SHA256 = sha256Hex('');

/** Path and query as sent: the plain-URL fast path (a server verifies every request), else the WHATWG parser. */
function pathAndQuery(href: string): { pathname: string; query: string } {
  const plain = splitPlainUrl(href);
  if (plain) return plain;
  const url = parseUrl(href);
  return { pathname: url.pathname, query: rawQuery(url) };
}

/** `credentials` keys the HMAC key cache (encoding.ts): a caller that keeps one object per key pays for the key once. */
function compute(request: SignableRequest, credentials: object, secret: string, timestamp: string, nonce: string, algorithm: Algorithm) {
  const method = upperMethod(request);
  const { pathname, query } = pathAndQuery(request.url);
  const bodyHash = request.body === null || request.body === '' ? EMPTY_BODY_SHA256 : sha256Hex(Buffer.from(request.body, 'utf8'));
  const parts = [
    { label: 'method', value: method },
    { label: 'path', value: pathname },
    { label: 'sorted query (RFC 3986)', value: sortedQueryString(query) },
    { label: 'SHA-256 of the body (hex)', value: bodyHash },
    { label: 'timestamp (Unix seconds)', value: timestamp },
    { label: 'nonce', value: nonce },
  ];
  const canonical = parts.map((p) => p.value).join('\n');
  // Parts carry their separator, so that concatenating them gives the canonical string (as for every scheme).
  const labelled = parts.map((p, i) => (i < parts.length - 1 ? { ...p, value: `${p.value}\n` } : p));
  const signature = createHmac(ALGORITHMS[algorithm], utf8HmacKey(credentials, secret)).update(canonical).digest('hex');
  return { parts: labelled, canonical, signature, bodyHash };
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  const apiKey = requireField(credentials.apiKey, 'apiKey');
  const secret = requireField(credentials.secret, 'secret');
  const algorithm = algorithmOf(ctx);
  if (!/^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/.test(ctx.nonce)) throw signingInputError('nonce', 'expected 1-200 printable ASCII characters without quotes or backslashes');
  if (/["\\\s]/.test(apiKey)) throw signingInputError('credentials.apiKey', 'must not contain quotes, backslashes or spaces');
  const timestamp = String(Math.floor(ctx.timestamp / 1000));
  const { parts, canonical, signature, bodyHash } = compute(request, credentials, secret, timestamp, ctx.nonce, algorithm);
  const authorization = `HMAC apiKey="${apiKey}", signature="${signature}", timestamp="${timestamp}", nonce="${ctx.nonce}"${algorithm === 'hmac-sha256' ? '' : `, algorithm="${algorithm}"`}`;
  return {
    request: { ...request, method: request.method.toUpperCase(), headers: withHeaders(request.headers, { Authorization: authorization }) },
    canonical,
    canonicalParts: parts,
    signature,
    steps: [
      { label: 'SHA-256 of the body bytes', value: bodyHash, encoding: 'hex', note: request.body ? `${Buffer.byteLength(request.body)} bytes` : 'no body: hash of the empty string' },
      { label: 'String to sign (parts joined with \\n)', value: canonical, encoding: 'text' },
      { label: `${algorithm.toUpperCase()} keyed with the secret (UTF-8)`, value: signature, encoding: 'hex' },
      { label: 'Authorization header', value: authorization, encoding: 'text' },
    ],
  };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: { now: number; windowMs: number }): VerifyResult {
  const auth = parseHmacAuthorization(getHeader(request.headers, 'authorization'));
  if ('error' in auth) {
    requireField(credentials.secret, 'secret');
    return { valid: false, reason: `Malformed authorization: ${auth.error}.`, canonical: '', expected: '' };
  }
  return verifyHmacAuthorization(request, auth, credentials, opts);
}

/**
 * Verifies a request whose Authorization header the caller has already parsed (a server parses it once, to find
 * the key). Keep one `credentials` object per key: its HMAC key is made once (encoding.ts).
 */
export function verifyHmacAuthorization(request: SignableRequest, auth: HmacAuthorization, credentials: SchemeCredentials, opts: { now: number; windowMs: number }): VerifyResult {
  const secret = requireField(credentials.secret, 'secret');
  const { canonical, signature } = compute(request, credentials, secret, auth.timestamp, auth.nonce, auth.algorithm);
  if (credentials.apiKey !== undefined && auth.apiKey !== credentials.apiKey) {
    return { valid: false, reason: `The request names API key "${auth.apiKey}", not this key.`, canonical, expected: signature };
  }
  if (!constantTimeEqual(signature, auth.signature.toLowerCase())) {
    return { valid: false, reason: 'The signature does not match the request: check the secret, and that method, path, query, body, timestamp and nonce are exactly what was signed.', canonical, expected: signature };
  }
  const skew = Math.abs(opts.now - Number(auth.timestamp) * 1000);
  if (opts.windowMs > 0 && Number.isFinite(opts.windowMs) && skew > opts.windowMs) {
    return { valid: false, reason: `The timestamp is ${Math.round(skew / 1000)} s away from now; the window is ±${Math.round(opts.windowMs / 1000)} s. Check the clock.`, canonical, expected: signature };
  }
  return { valid: true, reason: null, canonical, expected: signature };
}

export const hmacScheme: Scheme = defineScheme({
  id: 'hmac',
  title: 'Signet HMAC',
  description: 'Signet’s own HMAC-SHA256/512 request signing (the sandbox exchange): Authorization: HMAC apiKey, signature, timestamp, nonce.',
  docs: 'docs/signing.md#hmac',
  hosts: ['127.0.0.1', 'localhost'],
  credentials: ['apiKey', 'secret'],
  sign,
  verify,
});
