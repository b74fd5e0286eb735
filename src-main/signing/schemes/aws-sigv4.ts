/**
 * `aws-sigv4`: AWS Signature Version 4, header form, for any service (*.amazonaws.com).
 * Docs: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * (S3 specifics: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html)
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *   StringToSign     = "AWS4-HMAC-SHA256" \n X-Amz-Date \n yyyymmdd/region/service/aws4_request \n hex(SHA256(CanonicalRequest))
 *   kSigning         = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, yyyymmdd), region), service), "aws4_request")
 *   Signature        = hex(HMAC(kSigning, StringToSign))
 *   Authorization: AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=…, Signature=…
 *
 * - CanonicalURI: every service but S3 normalises the path (dot segments removed, repeated slashes collapsed) and
 *   URI-encodes each segment of the path AS WRITTEN — a path already percent-encoded is encoded again (AWS's "encode
 *   twice"), and a raw non-ASCII path is encoded once, as the AWS test suite's get-utf8 case requires. S3 does not
 *   normalise and encodes each decoded segment once.
 * - CanonicalQuery: the raw query as written, split on "&" and the first "=" (a leading "?" belongs to the first name:
 *   `GET /??x=1` signs `%3Fx=1`), percent-decoded to bytes ("+" is a plus sign), RFC 3986-encoded, sorted by key then
 *   value (`a` becomes `a=`): encoding.ts `sortedQueryString`.
 * - CanonicalHeaders: names lower-cased, values trimmed with inner whitespace runs collapsed, case variants of one name
 *   joined with `,`; sorted. Signed: host and every header the request carries except transport headers the HTTP
 *   client owns (Content-Length, Connection, Transfer-Encoding, User-Agent, Expect, …) — the payload hash already binds
 *   the body, and a client that recomputes Content-Length must not break the signature.
 * - PayloadHash: X-Amz-Content-Sha256 when the request carries it (e.g. UNSIGNED-PAYLOAD), else hex SHA-256 of the body.
 *   For s3 that header is added (S3 requires it).
 * - X-Amz-Date is added from the clock unless the request carries it (then it is signed as given); a session token is
 *   added as X-Amz-Security-Token and signed.
 *
 * Written here rather than taken from @smithy/signature-v4: that package signs an SDK HttpRequest (already-encoded
 * path, parsed query), not a URL as a person types it, and cannot expose the intermediate steps this scheme shows.
 * test/main/signing/aws-sigv4-differential.test.ts checks the two agree on random requests.
 */
import { HEADER_NAME } from '../../contract/field-rules';
import { constantTimeEqual, getHeader, hmac, parseUrl, requireField, rfc3986, sha256Hex, upperMethod, withHeaders } from '../encoding';
import { epochMs, readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { CanonicalPart, Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, SignStep, VerifyOptions, VerifyResult } from '../types';
import { windowReason } from '../window-reason';
import { sortedQuery } from './hmac';
import { defineScheme } from '../define-scheme';

const ID = 'aws-sigv4';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** Headers the HTTP client sets or rewrites on the way out; signing them would break on the wire. */
const UNSIGNED = new Set(['authorization', 'content-length', 'connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect', 'user-agent', 'x-amzn-trace-id']);

interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
  readonly sessionToken: string | undefined;
}

function awsCredentials(c: SchemeCredentials): AwsCredentials {
  const accessKeyId = requireField(c.accessKeyId, 'accessKeyId', 'the access key id, like AKIAIOSFODNN7EXAMPLE');
  if (/[\s/,=]/.test(accessKeyId)) throw signingInputError('credentials.accessKeyId', 'must not contain spaces, "/", "," or "="');
  const secretAccessKey = requireField(c.secretAccessKey, 'secretAccessKey', 'the secret access key that belongs to the access key id');
  const region = requireField(c.region, 'region', 'the AWS region to sign for, like us-east-1');
  if (!/^[a-z0-9-]{1,64}$/.test(region)) throw signingInputError('credentials.region', `expected a region name like us-east-1, not ${JSON.stringify(region)}`);
  const service = requireField(c.service, 'service', 'the service signing name, like s3, iam, sts or execute-api');
  if (!/^[a-z0-9-]{1,64}$/.test(service)) throw signingInputError('credentials.service', `expected a service signing name like s3 or execute-api, not ${JSON.stringify(service)}`);
  return { accessKeyId, secretAccessKey, region, service, sessionToken: c.sessionToken === '' ? undefined : c.sessionToken };
}

export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Epoch ms of an X-Amz-Date (YYYYMMDDTHHMMSSZ); null when it is not one. */
export function amzDateMs(value: string): number | null {
  const m = AMZ_DATE.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return amzDate(ms) === value ? ms : null;
}

function encodeSegment(segment: string): string {
  try {
    return rfc3986(segment);
  } catch {
    throw signingInputError('url', 'the path contains an unpaired UTF-16 surrogate, which has no UTF-8 encoding');
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path as the user wrote it (before WHATWG URL parsing percent-encodes it), or the parsed path when unclear. */
export function writtenPath(raw: string, url: URL): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\\]*([^?#]*)/.exec(raw.trim());
  const path = m?.[1] ?? url.pathname;
  if (path === '') return '/';
  return path.startsWith('/') && !path.includes('\\') ? path : url.pathname;
}

/** RFC 3986 dot-segment removal plus collapsing of empty segments, as AWS normalises non-S3 paths. */
export function normalizePath(path: string): string {
  const segments = path.split('/').slice(1);
  const out: string[] = [];
  let trailingSlash = false;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..' || segment === '') {
      if (segment === '..') out.pop();
      trailingSlash = last;
      return;
    }
    out.push(segment);
    trailingSlash = false;
  });
  return `/${out.join('/')}${trailingSlash && out.length > 0 ? '/' : ''}`;
}

function canonicalUri(raw: string, url: URL, service: string): { uri: string; note: string | null } {
  if (service === 's3') return { uri: url.pathname.split('/').map((s) => encodeSegment(decodeSegment(s))).join('/'), note: null };
  const written = writtenPath(raw, url);
  const uri = normalizePath(written).split('/').map(encodeSegment).join('/');
  const note =
    written !== url.pathname && normalizePath(written) !== normalizePath(url.pathname)
      ? `The path has characters an HTTP client percent-encodes before sending (it will send ${url.pathname}). This canonical URI encodes the path as written, as the AWS test suite does; services other than S3 encode the sent form again, so if AWS answers SignatureDoesNotMatch, write the path percent-encoded.`
      : null;
  return { uri, note };
}

function trimAll(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Values per lower-cased header name, case variants joined with ",". Host comes from the URL unless given. */
function headerValues(headers: Readonly<Record<string, string>>, url: URL): Map<string, string> {
  const values = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(lower)) throw signingInputError(`headers.${name}`, 'is not a valid HTTP header name');
    values.set(lower, [...(values.get(lower) ?? []), trimAll(value)]);
  }
  const out = new Map([...values].map(([k, v]) => [k, v.join(',')] as const));
  if (!out.has('host')) out.set('host', url.host);
  return out;
}

/** "AWS4-HMAC-SHA256" \n X-Amz-Date \n scope \n hex SHA-256 of the canonical request. */
export function awsStringToSign(date: string, scope: string, canonicalHash: string): string {
  return `${ALGORITHM}\n${date}\n${scope}\n${canonicalHash}`;
}

/**
 * The signature bytes: HMAC with kSigning (derived from "AWS4" + the secret through the day, region, service and
 * "aws4_request") over the string to sign. `hash` is SHA-256 for SigV4; another is what a client that swapped the
 * hash everywhere would make (the debugger tries it). The derived keys are wiped.
 */
export function awsSignature(secretAccessKey: string, day: string, region: string, service: string, stringToSign: string, hash: 'sha256' | 'sha384' | 'sha512' = 'sha256'): Buffer {
  const kDate = hmac(hash, Buffer.from(`AWS4${secretAccessKey}`, 'utf8'), day);
  const kRegion = hmac(hash, kDate, region);
  const kService = hmac(hash, kRegion, service);
  const kSigning = hmac(hash, kService, 'aws4_request');
  const signature = hmac(hash, kSigning, Buffer.from(stringToSign, 'utf8'));
  for (const k of [kDate, kRegion, kService, kSigning]) k.fill(0);
  return signature;
}

interface Computed {
  readonly canonical: string;
  readonly parts: CanonicalPart[];
  readonly canonicalHash: string;
  readonly stringToSign: string;
  readonly scope: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly uriNote: string | null;
}

function compute(request: SignableRequest, url: URL, headers: Readonly<Record<string, string>>, signedNames: readonly string[], date: string, creds: AwsCredentials): Computed {
  const method = upperMethod(request);
  const { uri, note } = canonicalUri(request.url, url, creds.service);
  const query = sortedQuery(url);
  const values = headerValues(headers, url);
  const lines = signedNames.map((name) => `${name}:${values.get(name) ?? ''}`);
  const signedHeaders = signedNames.join(';');
  const payloadHash = getHeader(headers, 'x-amz-content-sha256')?.trim() || sha256Hex(Buffer.from(request.body ?? '', 'utf8'));
  const parts: CanonicalPart[] = [
    { label: 'HTTP method', value: `${method}\n` },
    { label: 'canonical URI', value: `${uri}\n` },
    { label: 'canonical query string', value: `${query}\n` },
    ...lines.map((line, i) => ({ label: `canonical header ${signedNames[i]}`, value: `${line}\n` })),
    { label: 'end of canonical headers', value: '\n' },
    { label: 'signed headers', value: `${signedHeaders}\n` },
    { label: 'payload hash (hex SHA-256)', value: payloadHash },
  ];
  const canonical = parts.map((p) => p.value).join('');
  const canonicalHash = sha256Hex(Buffer.from(canonical, 'utf8'));
  const scope = `${date.slice(0, 8)}/${creds.region}/${creds.service}/aws4_request`;
  const stringToSign = awsStringToSign(date, scope, canonicalHash);
  const signature = awsSignature(creds.secretAccessKey, date.slice(0, 8), creds.region, creds.service, stringToSign).toString('hex');
  return { canonical, parts, canonicalHash, stringToSign, scope, signedHeaders, signature, uriNote: note };
}

function steps(c: Computed, creds: AwsCredentials, date: string, authorization: string): SignStep[] {
  const derived = 'derived (32 bytes, not shown)';
  return [
    { label: 'Canonical request', value: c.canonical, encoding: 'text', ...(c.uriNote ? { note: c.uriNote } : {}) },
    { label: 'SHA-256 of the canonical request', value: c.canonicalHash, encoding: 'hex' },
    { label: 'String to sign', value: c.stringToSign, encoding: 'text', note: `credential scope ${c.scope}` },
    { label: `kDate = HMAC-SHA256 keyed with "AWS4" + the secret access key, over "${date.slice(0, 8)}"`, value: derived, encoding: 'text' },
    { label: `kRegion = HMAC-SHA256 keyed with kDate, over "${creds.region}"`, value: derived, encoding: 'text' },
    { label: `kService = HMAC-SHA256 keyed with kRegion, over "${creds.service}"`, value: derived, encoding: 'text' },
    { label: 'kSigning = HMAC-SHA256 keyed with kService, over "aws4_request"', value: derived, encoding: 'text' },
    { label: 'Signature = HMAC-SHA256 keyed with kSigning, over the string to sign (hex)', value: c.signature, encoding: 'hex' },
    { label: 'Authorization header', value: authorization, encoding: 'text' },
  ];
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  readOptions(ctx, [], ID);
  const creds = awsCredentials(credentials);
  const url = parseUrl(request.url);
  const givenDate = getHeader(request.headers, 'x-amz-date');
  if (givenDate !== undefined && amzDateMs(givenDate.trim()) === null) throw signingInputError('headers.X-Amz-Date', 'expected the ISO 8601 basic form YYYYMMDDTHHMMSSZ, like 20150830T123600Z');
  const date = givenDate?.trim() ?? amzDate(epochMs(ctx));
  const givenToken = getHeader(request.headers, 'x-amz-security-token');
  if (givenToken !== undefined && creds.sessionToken !== undefined && givenToken.trim() !== creds.sessionToken) {
    throw signingInputError('headers.X-Amz-Security-Token', 'differs from credentials.sessionToken: remove the header or use the matching credentials');
  }
  const added: Record<string, string> = {};
  if (givenDate === undefined) added['X-Amz-Date'] = date;
  if (creds.sessionToken !== undefined && givenToken === undefined) added['X-Amz-Security-Token'] = creds.sessionToken;
  if (creds.service === 's3' && getHeader(request.headers, 'x-amz-content-sha256') === undefined) added['x-amz-content-sha256'] = sha256Hex(Buffer.from(request.body ?? '', 'utf8'));
  const headers = withHeaders(request.headers, added);
  const signedNames = [...headerValues(headers, url).keys()].filter((n) => !UNSIGNED.has(n)).sort();
  const c = compute(request, url, headers, signedNames, date, creds);
  const authorization = `${ALGORITHM} Credential=${creds.accessKeyId}/${c.scope}, SignedHeaders=${c.signedHeaders}, Signature=${c.signature}`;
  return {
    request: { ...request, method: request.method.toUpperCase(), headers: withHeaders(headers, { Authorization: authorization }) },
    canonical: c.canonical,
    canonicalParts: c.parts,
    signature: c.signature,
    steps: steps(c, creds, date, authorization),
  };
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; a reason instead of throwing. */
export function parseAwsAuthorization(header: string | undefined): ParsedAuthorization | { error: string } {
  if (header === undefined) return { error: 'the Authorization header is missing: the request is not signed' };
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([^,\s]+)\s*$/.exec(header.trim());
  if (!m) return { error: 'the Authorization header is not "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…"' };
  const scope = (m[1] as string).split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1] as string)) return { error: 'the Credential is not AKID/yyyymmdd/region/service/aws4_request' };
  const signedHeaders = (m[2] as string).split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase()) || signedHeaders.join(';') !== [...signedHeaders].sort().join(';')) {
    return { error: 'SignedHeaders must be lower-case names, sorted, separated by ";"' };
  }
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  return { accessKeyId, date, region, service, signedHeaders, signature: m[3] as string };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  const creds = awsCredentials(credentials);
  const url = parseUrl(request.url);
  const unsigned = (reason: string): VerifyResult => ({ valid: false, reason, canonical: '', expected: '' });
  const auth = parseAwsAuthorization(getHeader(request.headers, 'authorization'));
  if ('error' in auth) return unsigned(`Malformed authorization: ${auth.error}.`);
  const date = getHeader(request.headers, 'x-amz-date')?.trim();
  const dateMs = date === undefined ? null : amzDateMs(date);
  if (date === undefined || dateMs === null) return unsigned(`X-Amz-Date is ${date === undefined ? 'missing' : `"${date}", not YYYYMMDDTHHMMSSZ`}: the string to sign starts with it.`);
  if (!auth.signedHeaders.includes('host')) return unsigned('SignedHeaders does not include host, which SigV4 always signs.');
  if (!auth.signedHeaders.includes('x-amz-date')) return unsigned('SignedHeaders does not include x-amz-date: the request’s date is not signed.');
  const present = headerValues(request.headers, url);
  const missing = auth.signedHeaders.find((h) => !present.has(h));
  if (missing) return unsigned(`The signed header "${missing}" is not in the request: it was removed after signing.`);
  const c = compute(request, url, request.headers, auth.signedHeaders, date, creds);
  const invalid = (reason: string): VerifyResult => ({ valid: false, reason, canonical: c.canonical, expected: c.signature });
  if (auth.accessKeyId !== creds.accessKeyId) return invalid(`The request is signed with access key ${auth.accessKeyId}, not ${creds.accessKeyId}.`);
  if (auth.date !== date.slice(0, 8)) return invalid(`The credential scope date ${auth.date} is not the X-Amz-Date day ${date.slice(0, 8)}.`);
  if (auth.region !== creds.region || auth.service !== creds.service) {
    return invalid(`The request is scoped to ${auth.region}/${auth.service}, but these credentials sign for ${creds.region}/${creds.service}.`);
  }
  if (!constantTimeEqual(c.signature, auth.signature)) {
    return invalid('The signature does not match: compare the canonical request (method, path encoding, sorted query, signed header values, payload hash) with what was signed, and check the secret access key.');
  }
  const stale = windowReason(dateMs, opts, 'X-Amz-Date');
  if (stale) return invalid(stale);
  return { valid: true, reason: null, canonical: c.canonical, expected: c.signature };
}

export const awsSigv4Scheme: Scheme = defineScheme({
  id: ID,
  title: 'AWS Signature Version 4',
  description: 'AWS SigV4 for any service: canonical request, string to sign, HMAC-SHA256 key derivation from the secret access key, Authorization header with X-Amz-Date (and X-Amz-Security-Token, x-amz-content-sha256 for s3).',
  docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html',
  hosts: ['*.amazonaws.com'],
  credentials: ['accessKeyId', 'secretAccessKey', 'region', 'service'],
  sign,
  verify,
});
