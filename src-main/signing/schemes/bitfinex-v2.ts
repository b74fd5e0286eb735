/**
 * `bitfinex-v2`: Bitfinex REST v2 authenticated endpoints (docs: https://docs.bitfinex.com/docs/rest-auth).
 *
 *   signature string = "/api/" + apiPath + nonce + body      e.g. "/api/v2/auth/r/wallets" + "1764300000123000" + "{}"
 *   bfx-signature    = lowercase hex HMAC-SHA384(key = the API secret, signature string)
 *
 * where apiPath is the URL path without its leading "/" (the docs' `v2/auth/r/wallets`) and body is the JSON body
 * exactly as sent (`{}` when there are no parameters: the docs send JSON.stringify({})). Headers: `bfx-nonce`,
 * `bfx-apikey`, `bfx-signature`, `Content-Type: application/json`; the method is POST. The nonce is the given one
 * when numeric (a request that already has a bfx-nonce header is signed with it), else the timestamp in
 * microseconds, as the docs' `(Date.now() * 1000).toString()`.
 *
 * A query string, which the docs never use on authenticated endpoints, is kept in apiPath (it is part of the path
 * the request is sent to) rather than silently left unsigned. Verifying has no time window: Bitfinex requires
 * increasing nonces, not a clock.
 */
import { constantTimeEqual, getHeader, hmac, parseUrl, requireField, upperMethod, withHeaders } from '../encoding';
import { integerNonce } from '../integer-nonce';
import { parseJsonObject } from '../payload-text';
import { readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { defineScheme } from '../define-scheme';

const ID = 'bitfinex-v2';

function apiPathOf(url: URL): string {
  return `${url.pathname.slice(1)}${url.search}`;
}

function compute(apiPath: string, nonce: string, body: string, secret: string) {
  const parts = [
    { label: 'the prefix "/api/"', value: '/api/' },
    { label: 'API path (the URL path without its leading "/")', value: apiPath },
    { label: 'nonce (bfx-nonce)', value: nonce },
    { label: 'body (JSON, as sent)', value: body },
  ];
  const canonical = parts.map((p) => p.value).join('');
  return { parts, canonical, signature: hmac('sha384', Buffer.from(secret, 'utf8'), Buffer.from(canonical, 'utf8')).toString('hex') };
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  readOptions(ctx, [], ID);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the API key Bitfinex issued (sent as bfx-apikey)');
  const secret = requireField(credentials.secret, 'secret', 'the API secret Bitfinex issued');
  const method = upperMethod(request);
  if (method !== 'POST') throw signingInputError('method', `Bitfinex authenticated endpoints are POST, not ${method}`);
  const url = parseUrl(request.url);
  const contentType = getHeader(request.headers, 'content-type');
  if (contentType !== undefined && !/^\s*application\/json\s*(;|$)/i.test(contentType)) {
    throw signingInputError('headers.Content-Type', `Bitfinex takes a JSON body (application/json), not ${JSON.stringify(contentType)}`);
  }
  const body = (request.body ?? '').trim() === '' ? '{}' : (request.body as string);
  parseJsonObject(body, 'body', 'expected a JSON object (Bitfinex v2 takes a JSON body; {} when there are no parameters)');
  const headerNonce = getHeader(request.headers, 'bfx-nonce');
  if (headerNonce !== undefined && !/^\d{1,20}$/.test(headerNonce)) throw signingInputError('headers.bfx-nonce', `expected an unsigned integer, not ${JSON.stringify(headerNonce)}`);
  const { value: nonce, note } = headerNonce !== undefined ? { value: headerNonce, note: 'the bfx-nonce header already on the request' } : integerNonce(ctx, 'us');
  const apiPath = apiPathOf(url);
  const { parts, canonical, signature } = compute(apiPath, nonce, body, secret);
  const headers: Record<string, string> = { 'bfx-nonce': nonce, 'bfx-apikey': apiKey, 'bfx-signature': signature };
  if (contentType === undefined) headers['Content-Type'] = 'application/json';
  return {
    request: { method, url: `${url.origin}/${apiPath}`, headers: withHeaders(request.headers, headers), body },
    canonical,
    canonicalParts: parts,
    signature,
    steps: [
      { label: 'Signature string: "/api/" + API path + nonce + body', value: canonical, encoding: 'text', note: `nonce: ${note}` },
      { label: 'bfx-signature: HMAC-SHA384 of the signature string, keyed with the API secret, as hex', value: signature, encoding: 'hex' },
    ],
  };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  readOptions({ options: opts.options }, [], ID);
  const secret = requireField(credentials.secret, 'secret', 'the API secret Bitfinex issued');
  const url = parseUrl(request.url);
  const nonce = getHeader(request.headers, 'bfx-nonce');
  if (nonce === undefined) return { valid: false, reason: 'The bfx-nonce header is missing: Bitfinex signs "/api/" + path + nonce + body.', canonical: '', expected: '' };
  const { canonical, signature } = compute(apiPathOf(url), nonce, request.body ?? '', secret);
  const result = (reason: string | null): VerifyResult => ({ valid: reason === null, reason, canonical, expected: signature });
  const received = getHeader(request.headers, 'bfx-signature');
  const apiKey = getHeader(request.headers, 'bfx-apikey');
  if (received === undefined) return result('The bfx-signature header is missing.');
  if (apiKey === undefined) return result('The bfx-apikey header is missing: Bitfinex needs the API key there.');
  if (credentials.apiKey !== undefined && credentials.apiKey !== '' && apiKey !== credentials.apiKey) return result(`The request names API key "${apiKey.slice(0, 12)}…" in bfx-apikey, not this key.`);
  if (!constantTimeEqual(signature, received.trim().toLowerCase())) {
    return result('bfx-signature does not match: check the API secret, and that the path, bfx-nonce and body are exactly what was signed (the body byte for byte: {} when empty).');
  }
  if (!/^\d{1,20}$/.test(nonce)) return result('bfx-nonce is not an unsigned integer: Bitfinex rejects it.');
  if (upperMethod(request) !== 'POST') return result('Bitfinex authenticated endpoints are POST.');
  return result(null);
}

export const bitfinexV2Scheme: Scheme = defineScheme({
  id: ID,
  title: 'Bitfinex v2',
  description: 'Bitfinex REST v2 authenticated endpoints: bfx-signature = hex HMAC-SHA384 of "/api/" + path + nonce + JSON body; bfx-nonce, bfx-apikey headers.',
  docs: 'https://docs.bitfinex.com/docs/rest-auth',
  hosts: ['api.bitfinex.com'],
  credentials: ['apiKey', 'secret'],
  sign,
  verify,
});
