/**
 * `okx-v5`: OKX v5 REST private endpoints (www.okx.com).
 * Docs: https://www.okx.com/docs-v5/en/#overview-rest-authentication-making-requests
 *
 *   OK-ACCESS-KEY        the API key
 *   OK-ACCESS-SIGN       base64(HMAC-SHA256(key = the SecretKey's UTF-8 bytes, prehash))
 *   OK-ACCESS-TIMESTAMP  ISO 8601 UTC with milliseconds, e.g. 2020-12-08T09:08:57.715Z
 *   OK-ACCESS-PASSPHRASE the passphrase chosen when the key was created, as typed
 *
 *   prehash = timestamp + METHOD + requestPath + body
 *
 * requestPath is the path plus `?query` as sent ("GET request parameters are counted as requestPath, not body"); body
 * is the JSON body as sent, or nothing. The SecretKey looks like hex but is used as text, not decoded. A request that
 * already carries OK-ACCESS-TIMESTAMP is signed with it as given.
 */
import { constantTimeEqual, getHeader, hmac, parseUrl, requireField, upperMethod, withHeaders } from '../encoding';
import { epochMs, readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { windowReason } from '../window-reason';

const ID = 'okx-v5';
const H = { key: 'OK-ACCESS-KEY', sign: 'OK-ACCESS-SIGN', timestamp: 'OK-ACCESS-TIMESTAMP', passphrase: 'OK-ACCESS-PASSPHRASE' } as const;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isoTimestamp(value: string): number | null {
  if (!ISO_MS.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function compute(request: SignableRequest, secret: string, timestamp: string) {
  const method = upperMethod(request);
  const url = parseUrl(request.url);
  const parts = [
    { label: 'timestamp (OK-ACCESS-TIMESTAMP, ISO 8601 with ms)', value: timestamp },
    { label: 'method', value: method },
    { label: 'request path (path and query as sent)', value: url.pathname + url.search },
    { label: 'body (as sent; empty when there is none)', value: request.body ?? '' },
  ];
  const canonical = parts.map((p) => p.value).join('');
  const digest = hmac('sha256', Buffer.from(secret, 'utf8'), Buffer.from(canonical, 'utf8'));
  return { parts, canonical, digest, signature: digest.toString('base64') };
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  readOptions(ctx, [], ID);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the OKX API key');
  const secret = requireField(credentials.secret, 'secret', 'the OKX SecretKey, as issued');
  const passphrase = requireField(credentials.passphrase, 'passphrase', 'the passphrase chosen when the OKX API key was created');
  const given = getHeader(request.headers, H.timestamp);
  if (given !== undefined && isoTimestamp(given) === null) throw signingInputError(`headers.${H.timestamp}`, 'expected ISO 8601 UTC with milliseconds, like 2020-12-08T09:08:57.715Z');
  const timestamp = given ?? new Date(epochMs(ctx)).toISOString();
  const { parts, canonical, digest, signature } = compute(request, secret, timestamp);
  const headers = withHeaders(request.headers, { [H.key]: apiKey, [H.sign]: signature, [H.timestamp]: timestamp, [H.passphrase]: passphrase });
  return {
    request: { ...request, method: request.method.toUpperCase(), headers },
    canonical,
    canonicalParts: parts,
    signature,
    steps: [
      { label: 'Prehash: timestamp + METHOD + requestPath + body', value: canonical, encoding: 'text', note: given === undefined ? 'timestamp added from the clock' : 'timestamp taken from the request as given' },
      { label: 'HMAC-SHA256 keyed with the SecretKey (its UTF-8 bytes, not decoded)', value: digest.toString('hex'), encoding: 'hex' },
      { label: 'Base64 of the digest (OK-ACCESS-SIGN)', value: signature, encoding: 'base64' },
      { label: 'Headers added', value: `${H.key}: ${apiKey}\n${H.sign}: ${signature}\n${H.timestamp}: ${timestamp}\n${H.passphrase}: (your passphrase, as typed)`, encoding: 'text' },
    ],
  };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  const secret = requireField(credentials.secret, 'secret', 'the OKX SecretKey, as issued');
  const sent = getHeader(request.headers, H.sign);
  const timestamp = getHeader(request.headers, H.timestamp);
  if (sent === undefined) return { valid: false, reason: `The ${H.sign} header is missing: the request is not signed.`, canonical: '', expected: '' };
  const ms = timestamp === undefined ? null : isoTimestamp(timestamp);
  if (timestamp === undefined || ms === null) {
    return { valid: false, reason: `The ${H.timestamp} header is ${timestamp === undefined ? 'missing' : `"${timestamp}", not ISO 8601 with milliseconds (2020-12-08T09:08:57.715Z)`}: OKX signs it into the prehash.`, canonical: '', expected: '' };
  }
  const { canonical, signature } = compute(request, secret, timestamp);
  const invalid = (reason: string): VerifyResult => ({ valid: false, reason, canonical, expected: signature });
  const sentKey = getHeader(request.headers, H.key);
  if (credentials.apiKey !== undefined && sentKey !== credentials.apiKey) {
    return invalid(sentKey === undefined ? `The ${H.key} header is missing.` : `The request names API key "${sentKey}", not this key.`);
  }
  const sentPassphrase = getHeader(request.headers, H.passphrase);
  if (credentials.passphrase !== undefined && (sentPassphrase === undefined || !constantTimeEqual(sentPassphrase, credentials.passphrase))) {
    return invalid(`${H.passphrase} ${sentPassphrase === undefined ? 'is missing' : 'is not this key’s passphrase'}.`);
  }
  if (!constantTimeEqual(signature, sent.trim())) {
    return invalid('The signature does not match the request: check the SecretKey (used as text), and that timestamp, method, path with query, and body are exactly what was signed.');
  }
  const stale = windowReason(ms, opts, H.timestamp);
  if (stale) return invalid(stale);
  return { valid: true, reason: null, canonical, expected: signature };
}

export const okxV5Scheme: Scheme = {
  id: ID,
  title: 'OKX v5',
  description: 'OKX v5 REST: OK-ACCESS-SIGN = base64 HMAC-SHA256 with the SecretKey over ISO-8601 timestamp + METHOD + path?query + body; key, timestamp and passphrase headers.',
  docs: 'https://www.okx.com/docs-v5/en/#overview-rest-authentication-making-requests',
  hosts: ['www.okx.com', 'okx.com', 'aws.okx.com'],
  credentials: ['apiKey', 'secret', 'passphrase'],
  sign,
  verify,
};
