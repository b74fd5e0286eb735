/**
 * Encodings and primitives the schemes share: RFC 3986 percent-encoding, sorted query strings, HMAC and hashes
 * (node:crypto; no I/O), strict base64, and case-insensitive header access.
 */
import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { signingInputError } from './signing-error';
import type { SignableRequest } from './types';

/** RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes (uppercase hex). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 3986 unreserved bytes: A-Z a-z 0-9 - . _ ~ (they are written as themselves, every other byte as %XX). */
const UNRESERVED_BYTE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') UNRESERVED_BYTE[c.charCodeAt(0)] = 1;
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);
const UNRESERVED_TEXT = /^[A-Za-z0-9\-._~]*$/;
const HEX_DIGIT = /^[0-9A-Fa-f]$/;

/**
 * One query name or value as it is signed: the text percent-decoded to bytes (a %XX escape is its byte, either hex
 * case; any other character its UTF-8 bytes; a "%" that starts no escape is itself, as URL parsers percent-decode),
 * then every byte but the unreserved ones written %XX in upper case. "+" is a plus sign, not a space: AWS and RFC 3986
 * read it so (form decoding is for bodies). Bytes, not text: an escape that is not UTF-8 stays that byte.
 */
export function canonicalQueryPart(raw: string): string {
  if (UNRESERVED_TEXT.test(raw)) return raw;
  let out = '';
  let run = 0;
  const flush = (end: number) => {
    if (end > run) for (const b of Buffer.from(raw.slice(run, end), 'utf8')) out += UNRESERVED_BYTE[b] ? String.fromCharCode(b) : HEX_BYTE[b]!;
  };
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) !== 0x25 || !HEX_DIGIT.test(raw.charAt(i + 1)) || !HEX_DIGIT.test(raw.charAt(i + 2))) continue;
    flush(i);
    const b = parseInt(raw.slice(i + 1, i + 3), 16);
    out += UNRESERVED_BYTE[b] ? String.fromCharCode(b) : HEX_BYTE[b]!;
    i += 2;
    run = i + 1;
  }
  flush(raw.length);
  return out;
}

/**
 * The parameters of a raw query (without its first "?", exactly as the URL carries it), each name and value
 * canonical (`canonicalQueryPart`): split on "&" and then on the first "="; empty segments skipped; a name without
 * "=" has the value "". Nothing else is dropped or rewritten — a leading literal "?" belongs to the first name, as in
 * AWS's canonical query of `GET /??x=1` (`%3Fx=1`). (URLSearchParams, used before, drops a leading "?" and reads "+"
 * as a space, so what was signed was not the query sent.)
 */
export function canonicalQueryPairs(query: string): [name: string, value: string][] {
  const pairs: [string, string][] = [];
  if (query === '') return pairs;
  for (const segment of query.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    pairs.push(eq < 0 ? [canonicalQueryPart(segment), ''] : [canonicalQueryPart(segment.slice(0, eq)), canonicalQueryPart(segment.slice(eq + 1))]);
  }
  return pairs;
}

/** Two canonical pairs in signing order: by name, then value (code units; canonical text is ASCII, so byte order). */
export function compareQueryPairs(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** A raw query (without its first "?"): parameters percent-decoded, sorted by name then value, re-encoded with RFC 3986. */
export function sortedQueryString(query: string): string {
  if (query === '') return '';
  const pairs = canonicalQueryPairs(query);
  pairs.sort(compareQueryPairs);
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += `${i ? '&' : ''}${pairs[i]![0]}=${pairs[i]![1]}`;
  return out;
}

export function hmac(algorithm: 'sha256' | 'sha384' | 'sha512', key: string | Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

const HMAC_KEYS = new WeakMap<object, { readonly text: string; readonly key: KeyObject }>();

/**
 * The HMAC key for a secret taken as its UTF-8 bytes, made once per credentials object: a caller signing many
 * requests with the same credentials pays for the key once (about a tenth of a small HMAC), and the key material sits
 * in a KeyObject outside the JS heap. The cache lives exactly as long as the credentials object; a different secret
 * in the same object makes a new key.
 */
export function utf8HmacKey(credentials: object, secret: string): KeyObject {
  const hit = HMAC_KEYS.get(credentials);
  if (hit !== undefined && hit.text === secret) return hit.key;
  const key = createSecretKey(secret, 'utf8');
  HMAC_KEYS.set(credentials, { text: secret, key });
  return key;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Strict base64 (standard alphabet, padding optional): names the field when the value is not base64. */
export function decodeBase64(value: string, field: string): Buffer {
  const clean = value.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw signingInputError(field, 'expected base64 (as the API issued it)');
  return Buffer.from(clean, 'base64');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseUrl(url: string): URL {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    return u;
  } catch {
    throw signingInputError('url', `expected an absolute http(s) URL like https://api.example.com/v1/path?x=1, not ${JSON.stringify(url).slice(0, 80)}`);
  }
}

/** The raw query string as typed (without '?'), which several APIs sign byte for byte. */
export function rawQuery(url: URL): string {
  return url.search.startsWith('?') ? url.search.slice(1) : url.search;
}

export function getHeader(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Returns headers with `name` set (replacing any case variant). */
export function withHeaders(headers: Readonly<Record<string, string>>, set: Readonly<Record<string, string>>): Record<string, string> {
  const lowered = new Set(Object.keys(set).map((k) => k.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!lowered.has(k.toLowerCase())) out[k] = v;
  return { ...out, ...set };
}

export function withoutHeaders(headers: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  const lowered = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !lowered.has(k.toLowerCase())));
}

export function requireField(value: string | undefined, field: string, expected = 'required by this scheme'): string {
  if (value === undefined || value === '') throw signingInputError(`credentials.${field}`, expected);
  return value;
}

const COMMON_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

export function upperMethod(request: SignableRequest): string {
  // Fast path for the usual spelling: this runs on every signature.
  if (COMMON_METHODS.has(request.method)) return request.method;
  const m = request.method.trim().toUpperCase();
  if (!/^[A-Z]+$/.test(m)) throw signingInputError('method', `expected an HTTP method like GET or POST, not ${JSON.stringify(request.method)}`);
  return m;
}
