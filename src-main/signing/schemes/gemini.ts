/**
 * `gemini`: Gemini REST private API (docs: https://developer.gemini.com/authentication/api-key, formerly
 * https://docs.gemini.com/rest-api/#private-api-invocation).
 *
 *   payload            = JSON object with "request" (the URL path, e.g. "/v1/order/status"), "nonce" and the parameters
 *   X-GEMINI-PAYLOAD   = base64(payload's UTF-8 bytes)
 *   X-GEMINI-SIGNATURE = lowercase hex HMAC-SHA384(key = the API secret, message = the base64 text)
 *
 * plus `X-GEMINI-APIKEY`, and, as the docs send it, an empty POST body with `Content-Type: text/plain`,
 * `Content-Length: 0` and `Cache-Control: no-cache`. The payload is given as the request body (JSON). One that
 * already has "request" and "nonce" is signed byte for byte as given (the docs' hand-formatted example has newlines
 * and a blank line, and only reproduces that way); otherwise the missing members are added at the front of the
 * object and the rest of the text is kept. With no body the payload is {"request":…,"nonce":…}.
 *
 * The nonce is a number: the given nonce when numeric, else the timestamp in milliseconds (the docs recommend a
 * millisecond or finer timestamp; keys set to "time based nonce" want seconds: pass one with --nonce). Verifying
 * checks the window only when the nonce reads as a timestamp (10, 13, 16 or 19 digits: s, ms, µs, ns); otherwise it
 * is a counter, which Gemini only requires to increase.
 */
import { constantTimeEqual, getHeader, hmac, parseUrl, rawQuery, requireField, upperMethod, withHeaders } from '../encoding';
import { integerNonce } from '../integer-nonce';
import { parseJsonObject, prependJsonMembers } from '../payload-text';
import { readOptions } from '../sign-context';
import { windowReason } from '../window-reason';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { defineScheme } from '../define-scheme';

const ID = 'gemini';

function isInteger(value: unknown): boolean {
  return (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (typeof value === 'string' && /^\d{1,20}$/.test(value));
}

/** The payload text to sign: the body as given when complete, else with "request" and/or "nonce" added at the front. */
function payloadOf(body: string, path: string, ctx: SignContext): { payload: string; note: string } {
  const { value: nonce, note: nonceNote } = integerNonce(ctx, 'ms');
  if (body.trim() === '') return { payload: `{"request":${JSON.stringify(path)},"nonce":${nonce}}`, note: `built from the URL path; nonce: ${nonceNote}` };
  const parsed = parseJsonObject(body, 'body', 'expected the JSON payload object (Gemini sends it base64-encoded in X-GEMINI-PAYLOAD)');
  if (parsed.request !== undefined && parsed.request !== path) {
    throw signingInputError('body.request', `expected ${JSON.stringify(path)} (the URL path), not ${JSON.stringify(parsed.request).slice(0, 60)}`);
  }
  if (parsed.nonce !== undefined && !isInteger(parsed.nonce)) throw signingInputError('body.nonce', 'expected an unsigned integer (a number or a string of digits)');
  const missing: [string, string][] = [];
  if (parsed.request === undefined) missing.push(['request', JSON.stringify(path)]);
  if (parsed.nonce === undefined) missing.push(['nonce', nonce]);
  if (missing.length === 0) return { payload: body, note: 'the body as given, byte for byte (it has request and nonce)' };
  return {
    payload: prependJsonMembers(body, missing, Object.keys(parsed).length === 0),
    note: `the body with ${missing.map(([k]) => k).join(' and ')} added at the front${parsed.nonce === undefined ? `; nonce: ${nonceNote}` : ''}`,
  };
}

function signatureOf(b64: string, secret: string): string {
  return hmac('sha384', Buffer.from(secret, 'utf8'), Buffer.from(b64, 'ascii')).toString('hex');
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  readOptions(ctx, [], ID);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the API key Gemini issued (sent as X-GEMINI-APIKEY)');
  const secret = requireField(credentials.secret, 'secret', 'the API secret Gemini issued');
  const method = upperMethod(request);
  if (method !== 'POST') throw signingInputError('method', `Gemini private endpoints are POST, not ${method}`);
  const url = parseUrl(request.url);
  if (rawQuery(url) !== '') throw signingInputError('url', 'Gemini private endpoints take their parameters in the payload: move the query string into the JSON body');
  const path = url.pathname;
  const { payload, note } = payloadOf(request.body ?? '', path, ctx);
  const b64 = Buffer.from(payload, 'utf8').toString('base64');
  const signature = signatureOf(b64, secret);
  const headers = {
    'Content-Type': 'text/plain',
    'Content-Length': '0',
    'Cache-Control': 'no-cache',
    'X-GEMINI-APIKEY': apiKey,
    'X-GEMINI-PAYLOAD': b64,
    'X-GEMINI-SIGNATURE': signature,
  };
  return {
    request: { method, url: `${url.origin}${path}`, headers: withHeaders(request.headers, headers), body: null },
    canonical: b64,
    canonicalParts: [{ label: 'X-GEMINI-PAYLOAD: the JSON payload in base64', value: b64 }],
    signature,
    steps: [
      { label: 'JSON payload', value: payload, encoding: 'json', note },
      { label: 'X-GEMINI-PAYLOAD: base64 of the payload’s UTF-8 bytes', value: b64, encoding: 'base64' },
      { label: 'X-GEMINI-SIGNATURE: HMAC-SHA384 of the base64 text, keyed with the API secret, as hex', value: signature, encoding: 'hex' },
    ],
  };
}

/** Epoch ms when a nonce reads as a timestamp (seconds, ms, µs or ns since 2001); null for a counter. */
export function nonceTime(nonce: string): number | null {
  const scale: Record<number, number> = { 10: 1000, 13: 1, 16: 1e-3, 19: 1e-6 };
  const factor = scale[nonce.length];
  if (factor === undefined || !/^\d+$/.test(nonce)) return null;
  const ms = Number(nonce) * factor;
  return ms >= 978_307_200_000 ? ms : null;
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  readOptions({ options: opts.options }, [], ID);
  const secret = requireField(credentials.secret, 'secret', 'the API secret Gemini issued');
  const url = parseUrl(request.url);
  const b64 = getHeader(request.headers, 'x-gemini-payload');
  if (b64 === undefined) return { valid: false, reason: 'The X-GEMINI-PAYLOAD header is missing: Gemini reads the request from it.', canonical: '', expected: '' };
  const expected = signatureOf(b64, secret);
  const result = (reason: string | null): VerifyResult => ({ valid: reason === null, reason, canonical: b64, expected });
  const received = getHeader(request.headers, 'x-gemini-signature');
  const apiKey = getHeader(request.headers, 'x-gemini-apikey');
  if (received === undefined) return result('The X-GEMINI-SIGNATURE header is missing.');
  if (apiKey === undefined) return result('The X-GEMINI-APIKEY header is missing: Gemini needs the API key there.');
  if (credentials.apiKey !== undefined && credentials.apiKey !== '' && apiKey !== credentials.apiKey) return result(`The request names API key "${apiKey.slice(0, 12)}…" in X-GEMINI-APIKEY, not this key.`);
  if (!constantTimeEqual(expected, received.trim().toLowerCase())) {
    return result('X-GEMINI-SIGNATURE does not match X-GEMINI-PAYLOAD: check the API secret, and that the signature was computed over the base64 text exactly as sent.');
  }
  let payload: Record<string, unknown>;
  try {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('not base64');
    payload = parseJsonObject(Buffer.from(b64, 'base64').toString('utf8'), 'payload', 'expected a JSON object');
  } catch {
    return result('X-GEMINI-PAYLOAD is not the base64 of a JSON object.');
  }
  if (payload.request !== url.pathname) return result(`The payload's "request" is ${JSON.stringify(payload.request)}, but the URL path is ${JSON.stringify(url.pathname)}: Gemini rejects the mismatch.`);
  if (!isInteger(payload.nonce)) return result('The payload has no "nonce" that is an unsigned integer.');
  if (rawQuery(url) !== '') return result('The URL has a query string, which the signature does not cover: Gemini takes parameters in the payload.');
  if ((request.body ?? '') !== '') return result('The request has a body, which the signature does not cover: Gemini reads parameters from X-GEMINI-PAYLOAD; send an empty body.');
  if (upperMethod(request) !== 'POST') return result('Gemini private endpoints are POST.');
  const at = nonceTime(String(payload.nonce));
  return result(at === null ? null : windowReason(at, opts, 'nonce (read as a timestamp)'));
}

export const geminiScheme: Scheme = defineScheme({
  id: ID,
  title: 'Gemini',
  description: 'Gemini REST private API: X-GEMINI-PAYLOAD = base64 of the JSON payload (request, nonce, parameters), X-GEMINI-SIGNATURE = hex HMAC-SHA384 of it; X-GEMINI-APIKEY.',
  docs: 'https://developer.gemini.com/authentication/api-key',
  hosts: ['api.gemini.com', 'api.sandbox.gemini.com'],
  credentials: ['apiKey', 'secret'],
  sign,
  verify,
});
