/**
 * Binance Spot SIGNED requests, shared by the three key types (HMAC-SHA256, Ed25519, RSA), which differ only in how
 * the payload is signed and whether the signature needs URL-encoding. The request rules follow
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security:
 *
 * - The signature payload is the query string (without "?") concatenated WITHOUT separator with the body, both exactly
 *   as sent. The body is application/x-www-form-urlencoded; GET carries its parameters in the query string.
 * - Non-ASCII must be percent-encoded (UTF-8) before signing: the URL parser does it for the query, we do it for the
 *   body, and the encoded text is what is signed and sent.
 * - `timestamp` (ms, or µs) is mandatory: a request that already has one is signed as given; otherwise
 *   `timestamp=<ms>` is appended next to the other parameters (the body when they are there, else the query).
 *   `recvWindow` is left to the user.
 * - `signature` is appended last: to the body when the parameters are in the body, else to the query. Header
 *   `X-MBX-APIKEY`.
 *
 * Verifying recomputes the payload with the signature parameter taken out, checks the signature, then the timestamp
 * against the verifier's window (and against the request's own recvWindow when it has one). Binance's server also
 * rejects a timestamp more than 1 s ahead of its clock; that depends on Binance's clock, which a verifier here
 * cannot see.
 */
import { getHeader, parseUrl, rawQuery, requireField, upperMethod, withHeaders } from './encoding';
import { appendParam, assertFormText, encodeFormText, formPairs, formValue, type FormPair } from './payload-text';
import { readOptions } from './sign-context';
import { windowReason } from './window-reason';
import { splitPlainUrl, type SplitUrl } from './split-url';
import { signingInputError } from './signing-error';
import type { CanonicalPart, CredentialRequirement, Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, SignStep, VerifyOptions, VerifyResult } from './types';
import { defineScheme } from './define-scheme';

export const BINANCE_DOCS = 'https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security';

/** Binance REST hosts whose SIGNED endpoints follow these rules (Spot, its testnet, USDⓈ-M and COIN-M futures). */
export const BINANCE_HOSTS: readonly string[] = [
  'api.binance.com',
  'api-gcp.binance.com',
  'api1.binance.com',
  'api2.binance.com',
  'api3.binance.com',
  'api4.binance.com',
  'testnet.binance.vision',
  'fapi.binance.com',
  'dapi.binance.com',
];

/** What differs between the key types. */
export interface BinanceKeyAlgorithm {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly docs: string;
  readonly credentials: readonly CredentialRequirement[];
  /** The signature parameter travels percent-encoded (base64 has '+', '/' and '='); HMAC hex needs nothing. */
  readonly urlEncoded: boolean;
  /** Signs the payload: the signature as the docs show it (hex or base64) and the steps that produced it. */
  sign(payload: string, credentials: SchemeCredentials): { signature: string; steps: SignStep[] };
  /** Checks a signature received for `payload` (already URL-decoded). The payload is signed as its UTF-8 bytes. */
  check(payload: string, signature: string, credentials: SchemeCredentials, wantExpected: boolean): { valid: boolean; expected: string; reason: string | null };
}

const TIMESTAMP = /^\d{13}(?:\d{3})?$/;

/** Timestamp in ms from Binance's ms (13 digits) or µs (16 digits) value. */
function timestampMs(value: string): number {
  return value.length === 16 ? Math.floor(Number(value) / 1000) : Number(value);
}

function fromUrl(url: URL): SplitUrl {
  return { protocol: url.protocol as SplitUrl['protocol'], host: url.host, pathname: url.pathname, query: rawQuery(url) };
}

function hasHeaders(headers: Readonly<Record<string, string>>): boolean {
  for (const _ in headers) return true;
  return false;
}

function formBody(request: SignableRequest, method: string): string {
  const body = request.body ?? '';
  if (body === '') return '';
  if (method === 'GET' || method === 'HEAD') throw signingInputError('body', `Binance ${method} endpoints take their parameters in the query string: move them into the URL`);
  const contentType = getHeader(request.headers, 'content-type');
  if (contentType !== undefined && !/^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
    throw signingInputError('headers.Content-Type', `Binance takes body parameters as application/x-www-form-urlencoded, not ${JSON.stringify(contentType)}`);
  }
  const encoded = encodeFormText(body, 'body');
  assertFormText(encoded, 'body');
  return encoded;
}

function signRequest(algorithm: BinanceKeyAlgorithm, request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  readOptions(ctx, [], algorithm.id);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the API key Binance issued (sent as X-MBX-APIKEY)');
  const method = upperMethod(request);
  const url = splitPlainUrl(request.url) ?? fromUrl(parseUrl(request.url));
  let query = url.query;
  let body = formBody(request, method);
  if (formValue(query, 'signature') !== undefined) throw signingInputError('url', 'already carries signature=: remove it to sign the request again');
  if (formValue(body, 'signature') !== undefined) throw signingInputError('body', 'already carries signature=: remove it to sign the request again');

  const inBody = body !== '';
  const steps: SignStep[] = [];
  const given = formValue(query, 'timestamp') ?? formValue(body, 'timestamp');
  if (given === undefined) {
    if (!Number.isFinite(ctx.timestamp) || ctx.timestamp < 1e12 || ctx.timestamp >= 1e13) throw signingInputError('timestamp', 'expected Unix milliseconds (13 digits), like 1764300000000');
    const pair = `timestamp=${Math.floor(ctx.timestamp)}`;
    if (inBody) body = appendParam(body, pair);
    else query = appendParam(query, pair);
    steps.push({ label: `timestamp added to the ${inBody ? 'body' : 'query string'}`, value: pair, encoding: 'text', note: 'Unix milliseconds' });
  } else if (!TIMESTAMP.test(given)) {
    throw signingInputError(formValue(query, 'timestamp') !== undefined ? 'url' : 'body', `timestamp= must be Unix milliseconds (13 digits) or microseconds (16 digits), not ${JSON.stringify(given)}`);
  }

  const canonical = query + body;
  const canonicalParts: CanonicalPart[] = [];
  if (query !== '') canonicalParts.push({ label: 'query string (as sent, without "?")', value: query });
  if (body !== '') canonicalParts.push({ label: 'request body (as sent)', value: body });
  steps.push({ label: 'Signature payload: the query string and the body, concatenated without separator', value: canonical, encoding: 'text' });
  const { signature, steps: signSteps } = algorithm.sign(canonical, credentials);
  for (const step of signSteps) steps.push(step);
  const param = `signature=${algorithm.urlEncoded ? encodeURIComponent(signature) : signature}`;
  const appended: SignStep = { label: inBody ? 'signature parameter appended to the body' : 'signature parameter appended to the query string', value: param, encoding: 'text' };
  steps.push(algorithm.urlEncoded ? { ...appended, note: 'the base64 signature, percent-encoded' } : appended);
  if (inBody) body = appendParam(body, param);
  else query = appendParam(query, param);

  const headers: Record<string, string> = { 'X-MBX-APIKEY': apiKey };
  if (inBody && getHeader(request.headers, 'content-type') === undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';

  return {
    // protocol + host is the origin for http(s); the `origin` getter costs more on this hot path.
    request: { method, url: `${url.protocol}//${url.host}${url.pathname}${query === '' ? '' : `?${query}`}`, headers: hasHeaders(request.headers) ? withHeaders(request.headers, headers) : headers, body: inBody ? body : null },
    canonical,
    canonicalParts,
    signature,
    steps,
  };
}

function signaturePairs(text: string, where: 'query' | 'body'): (FormPair & { where: 'query' | 'body' })[] {
  return formPairs(text)
    .filter((p) => p.name === 'signature')
    .map((p) => ({ ...p, where }));
}

/** The text with its (single) signature parameter taken out; every other pair stays as sent. */
function withoutSignature(text: string): string {
  return formPairs(text)
    .filter((p) => p.name !== 'signature')
    .map((p) => p.raw)
    .join('&');
}

/** The signature as signed, from its parameter value; a reason instead when the value cannot be one. */
function decodeSignature(raw: string, urlEncoded: boolean): { signature: string } | { reason: string } {
  if (!urlEncoded) return { signature: raw };
  if (raw.includes('+')) return { reason: 'The signature parameter contains a raw "+", which Binance reads as a space: percent-encode the base64 signature (+ → %2B, / → %2F, = → %3D).' };
  try {
    return { signature: decodeURIComponent(raw) };
  } catch {
    return { reason: 'The signature parameter has a malformed percent-encoding.' };
  }
}

function verifyRequest(algorithm: BinanceKeyAlgorithm, request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  readOptions({ options: opts.options }, [], algorithm.id);
  const url = parseUrl(request.url);
  const query = rawQuery(url);
  const body = request.body ?? '';
  const found = [...signaturePairs(query, 'query'), ...signaturePairs(body, 'body')];
  if (found.length === 0) return { valid: false, reason: 'The request carries no signature= parameter: Binance expects it in the query string or the body.', canonical: query + body, expected: '' };
  if (found.length > 1) return { valid: false, reason: `signature= appears ${found.length} times: send it once, as the last parameter.`, canonical: query + body, expected: '' };
  const sig = found[0] as FormPair & { where: 'query' | 'body' };
  const canonical = sig.where === 'query' ? withoutSignature(query) + body : query + withoutSignature(body);
  const decoded = decodeSignature(sig.rawValue, algorithm.urlEncoded);
  const { valid, expected, reason } = algorithm.check(canonical, 'signature' in decoded ? decoded.signature : '', credentials, opts.expected !== false);
  const result = (r: string | null): VerifyResult => ({ valid: r === null, reason: r, canonical, expected });

  const apiKey = getHeader(request.headers, 'x-mbx-apikey');
  if (apiKey === undefined) return result('The X-MBX-APIKEY header is missing: Binance needs the API key there.');
  if (credentials.apiKey !== undefined && credentials.apiKey !== '' && apiKey !== credentials.apiKey) return result(`The request names API key "${apiKey.slice(0, 12)}…" in X-MBX-APIKEY, not this key.`);
  if ('reason' in decoded) return result(decoded.reason);
  if (!valid) return result(reason ?? 'The signature does not match the payload.');

  const ts = formValue(query, 'timestamp') ?? formValue(body, 'timestamp');
  if (ts === undefined) return result('The request has no timestamp= parameter: Binance rejects SIGNED requests without one.');
  if (!TIMESTAMP.test(ts)) return result(`timestamp=${ts} is not Unix milliseconds (13 digits) or microseconds (16 digits).`);
  const at = timestampMs(ts);
  const late = windowReason(at, opts, 'timestamp');
  if (late) return result(late);
  const recvWindow = formValue(query, 'recvWindow') ?? formValue(body, 'recvWindow');
  if (recvWindow !== undefined && opts.windowMs > 0 && Number.isFinite(opts.windowMs) && opts.now - at > Number(recvWindow)) {
    return result(`The request is ${opts.now - at} ms old, more than its recvWindow=${recvWindow}: Binance would reject it. Sign it again just before sending.`);
  }
  return result(null);
}

/** A Binance scheme from its key algorithm. */
export function binanceScheme(algorithm: BinanceKeyAlgorithm): Scheme {
  return defineScheme({
    id: algorithm.id,
    title: algorithm.title,
    description: algorithm.description,
    docs: algorithm.docs,
    hosts: BINANCE_HOSTS,
    credentials: algorithm.credentials,
    sign: (request, credentials, ctx) => signRequest(algorithm, request, credentials, ctx),
    verify: (request, credentials, opts) => verifyRequest(algorithm, request, credentials, opts),
  });
}

/** The reason every Binance key type gives when the signature does not match. */
export function mismatchReason(keyKind: string): string {
  return `The signature does not match the payload (the query string followed by the body, without the signature parameter): check the ${keyKind}, and that no parameter was changed, re-ordered or re-encoded after signing.`;
}

