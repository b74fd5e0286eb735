/**
 * `bybit-v5`: Bybit v5 REST private endpoints with a system-generated (HMAC) API key (api.bybit.com).
 * Docs: https://bybit-exchange.github.io/docs/v5/guide#authentication
 *
 *   X-BAPI-API-KEY      the API key
 *   X-BAPI-TIMESTAMP    epoch milliseconds
 *   X-BAPI-RECV-WINDOW  how long the request is valid, in ms (5000 unless the request or `recvWindow` says otherwise)
 *   X-BAPI-SIGN         lowercase hex HMAC-SHA256(key = the secret's UTF-8 bytes, payload)
 *   X-BAPI-SIGN-TYPE    2 (HMAC)
 *
 *   payload = timestamp + apiKey + recvWindow + (queryString for GET | raw JSON body for POST)
 *
 * The query string is signed exactly as sent, unsorted ("no need to sort"); the body exactly as sent. A GET carries no
 * body and a POST no query (Bybit would not sign them), so both are refused rather than sent half-signed. A request
 * that already carries X-BAPI-TIMESTAMP or X-BAPI-RECV-WINDOW is signed with them as given. Bybit accepts a timestamp
 * when server_time - recv_window <= timestamp < server_time + 1000; verify applies that rule as well as the caller's
 * window.
 */
import { constantTimeEqual, getHeader, hmac, parseUrl, rawQuery, requireField, upperMethod, withHeaders } from '../encoding';
import { epochMs, readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { CanonicalPart, Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { formatDuration, windowEnabled, windowReason } from '../window-reason';
import { defineScheme } from '../define-scheme';

const ID = 'bybit-v5';
/** The headers, the default recv window and the formats, shared with the debugger's model (debug/models/bybit.ts). */
export const BYBIT_HEADERS = { key: 'X-BAPI-API-KEY', timestamp: 'X-BAPI-TIMESTAMP', recvWindow: 'X-BAPI-RECV-WINDOW', sign: 'X-BAPI-SIGN', signType: 'X-BAPI-SIGN-TYPE' } as const;
const H = BYBIT_HEADERS;
export const BYBIT_DEFAULT_RECV_WINDOW = '5000';
const DEFAULT_RECV_WINDOW = BYBIT_DEFAULT_RECV_WINDOW;
export const BYBIT_MS = /^\d{1,15}$/;
const MS = BYBIT_MS;
export const BYBIT_RECV_WINDOW = /^[1-9]\d{0,7}$/;
const RECV_WINDOW = BYBIT_RECV_WINDOW;

/** What Bybit signs after the recv window: the query for GET, the body otherwise. */
function payloadOf(method: string, url: URL, request: SignableRequest): { label: string; value: string } {
  if (method === 'GET') {
    if (request.body !== null && request.body !== '') throw signingInputError('body', 'a Bybit GET signs the query string and carries no body: move the parameters into the URL');
    return { label: 'query string (as sent, unsorted)', value: rawQuery(url) };
  }
  if (url.search !== '') throw signingInputError('url', `a Bybit ${method} signs only its JSON body: move the query parameters into the body`);
  return { label: 'raw JSON body (as sent)', value: request.body ?? '' };
}

/** The payload's four parts: timestamp, API key, recv window, then the query (GET) or body. Throws on a GET with a body or a POST with a query. */
export function bybitPayloadParts(request: SignableRequest, apiKey: string, timestamp: string, recvWindow: string): CanonicalPart[] {
  return [
    { label: 'timestamp (X-BAPI-TIMESTAMP, ms)', value: timestamp },
    { label: 'API key', value: apiKey },
    { label: 'recv window (X-BAPI-RECV-WINDOW, ms)', value: recvWindow },
    payloadOf(upperMethod(request), parseUrl(request.url), request),
  ];
}

function compute(request: SignableRequest, secret: string, apiKey: string, timestamp: string, recvWindow: string) {
  const parts = bybitPayloadParts(request, apiKey, timestamp, recvWindow);
  const canonical = parts.map((p) => p.value).join('');
  const signature = hmac('sha256', Buffer.from(secret, 'utf8'), Buffer.from(canonical, 'utf8')).toString('hex');
  return { parts, canonical, signature };
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  const options = readOptions(ctx, ['recvWindow'], ID);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the Bybit API key');
  const secret = requireField(credentials.secret, 'secret', 'the Bybit API secret, as issued');
  const givenTimestamp = getHeader(request.headers, H.timestamp);
  if (givenTimestamp !== undefined && !MS.test(givenTimestamp)) throw signingInputError(`headers.${H.timestamp}`, 'expected epoch milliseconds, like 1658384314791');
  const givenWindow = getHeader(request.headers, H.recvWindow);
  if (givenWindow !== undefined && !RECV_WINDOW.test(givenWindow)) throw signingInputError(`headers.${H.recvWindow}`, 'expected a whole number of milliseconds, like 5000');
  if (options.recvWindow !== undefined && !RECV_WINDOW.test(options.recvWindow)) throw signingInputError('option recvWindow', 'expected a whole number of milliseconds, like 5000');
  const timestamp = givenTimestamp ?? String(epochMs(ctx));
  const recvWindow = givenWindow ?? options.recvWindow ?? DEFAULT_RECV_WINDOW;
  const { parts, canonical, signature } = compute(request, secret, apiKey, timestamp, recvWindow);
  const headers = withHeaders(request.headers, { [H.key]: apiKey, [H.timestamp]: timestamp, [H.recvWindow]: recvWindow, [H.sign]: signature, [H.signType]: '2' });
  return {
    request: { ...request, method: request.method.toUpperCase(), headers },
    canonical,
    canonicalParts: parts,
    signature,
    steps: [
      { label: 'String to sign: timestamp + apiKey + recvWindow + (queryString | body)', value: canonical, encoding: 'text', note: upperMethod(request) === 'GET' ? 'GET: the query string as sent' : 'the raw body as sent' },
      { label: 'HMAC-SHA256 keyed with the secret (UTF-8), lowercase hex (X-BAPI-SIGN)', value: signature, encoding: 'hex' },
      { label: 'Headers added', value: `${H.key}: ${apiKey}\n${H.timestamp}: ${timestamp}\n${H.recvWindow}: ${recvWindow}\n${H.sign}: ${signature}\n${H.signType}: 2`, encoding: 'text' },
    ],
  };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  const secret = requireField(credentials.secret, 'secret', 'the Bybit API secret, as issued');
  const sent = getHeader(request.headers, H.sign);
  const timestamp = getHeader(request.headers, H.timestamp);
  const sentKey = getHeader(request.headers, H.key);
  const recvWindow = getHeader(request.headers, H.recvWindow) ?? DEFAULT_RECV_WINDOW;
  const unsigned = (reason: string): VerifyResult => ({ valid: false, reason, canonical: '', expected: '' });
  if (sent === undefined) return unsigned(`The ${H.sign} header is missing: the request is not signed.`);
  if (timestamp === undefined || !MS.test(timestamp)) return unsigned(`The ${H.timestamp} header is ${timestamp === undefined ? 'missing' : `"${timestamp}", not epoch milliseconds`}: Bybit signs it.`);
  if (sentKey === undefined) return unsigned(`The ${H.key} header is missing: Bybit signs the API key too.`);
  if (!RECV_WINDOW.test(recvWindow)) return unsigned(`The ${H.recvWindow} header is "${recvWindow}", not a number of milliseconds.`);
  const signType = getHeader(request.headers, H.signType);
  if (signType !== undefined && signType.trim() !== '2') return unsigned(`${H.signType} is "${signType}": this scheme checks HMAC signatures (type 2), not RSA.`);
  const { canonical, signature } = compute(request, secret, credentials.apiKey ?? sentKey, timestamp, recvWindow);
  const invalid = (reason: string): VerifyResult => ({ valid: false, reason, canonical, expected: signature });
  if (credentials.apiKey !== undefined && sentKey !== credentials.apiKey) return invalid(`The request names API key "${sentKey}", not this key.`);
  if (!constantTimeEqual(signature, sent.trim())) {
    return invalid(
      constantTimeEqual(signature, sent.trim().toLowerCase())
        ? 'The signature is upper-case hex; Bybit’s is lower-case hex.'
        : 'The signature does not match the request: check the secret, and that timestamp, API key, recv window and the query string (GET) or body (POST) are exactly what was signed.',
    );
  }
  if (windowEnabled(opts)) {
    const age = opts.now - Number(timestamp);
    if (age > Number(recvWindow)) return invalid(`The timestamp is ${formatDuration(age)} old, past its ${H.recvWindow} of ${recvWindow} ms: Bybit rejects it. Sign again just before sending, or raise the recv window.`);
    if (age <= -1000) return invalid(`The timestamp is ${formatDuration(age)} ahead of now; Bybit rejects timestamps 1 s or more in the future. Check the clock.`);
    const stale = windowReason(Number(timestamp), opts, H.timestamp);
    if (stale) return invalid(stale);
  }
  return { valid: true, reason: null, canonical, expected: signature };
}

export const bybitV5Scheme: Scheme = defineScheme({
  id: ID,
  title: 'Bybit v5 (HMAC)',
  description: 'Bybit v5 REST: X-BAPI-SIGN = hex HMAC-SHA256 over timestamp + apiKey + recvWindow + (GET query | POST body); key, timestamp (ms), recv window and sign-type headers.',
  docs: 'https://bybit-exchange.github.io/docs/v5/guide#authentication',
  hosts: ['api.bybit.com', 'api.bytick.com', 'api-testnet.bybit.com'],
  credentials: ['apiKey', 'secret'],
  sign,
  verify,
});
