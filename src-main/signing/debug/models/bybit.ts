/**
 * The debugger's knowledge of `bybit-v5` (schemes/bybit-v5.ts): everything travels in X-BAPI-* headers; the payload
 * is timestamp (ms) + API key + recv window + the query string (GET) or the raw JSON body (POST), as the scheme's
 * `bybitPayloadParts` builds it; the MAC is lowercase hex HMAC-SHA256 keyed with the secret's text. Bybit does not sign
 * the method or the path, so the mistakes that matter are where the parameters went (the query for a POST, a JSON
 * object for a GET, a "?" or the path signed with the query) and a part of the payload left out.
 */
import { getHeader, parseUrl, rawQuery, withHeaders, withoutHeaders } from '../../encoding';
import { formDecode, formPairs } from '../../payload-text';
import { BYBIT_DEFAULT_RECV_WINDOW, BYBIT_HEADERS as H, BYBIT_MS, BYBIT_RECV_WINDOW, bybitPayloadParts } from '../../schemes/bybit-v5';
import type { SignableRequest } from '../../types';
import type { CanonicalCandidate, DebugModel, MissingPart, ReadRequest } from '../model';
import { timestampAsSent } from './timestamp';

function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const bybitV5Model: DebugModel = {
  schemeId: 'bybit-v5',
  signatureParams: [],
  authHeaders: [H.key, H.timestamp, H.recvWindow, H.sign, H.signType],
  units: 'ms',
  read(request): ReadRequest {
    const missing: MissingPart[] = [];
    const signature = getHeader(request.headers, H.sign) ?? null;
    if (signature === null) missing.push({ component: H.sign, where: 'header', explanation: `The ${H.sign} header is missing: Bybit reads the request’s signature from it (hex HMAC-SHA256 of timestamp + API key + recv window + query or body).` });
    if (getHeader(request.headers, H.key) === undefined) missing.push({ component: H.key, where: 'header', explanation: `The ${H.key} header is missing: Bybit reads the API key from it, and the key is also part of what is signed.` });
    const raw = getHeader(request.headers, H.timestamp);
    const seen = raw === undefined ? null : timestampAsSent(raw);
    if (raw === undefined) missing.push({ component: H.timestamp, where: 'header', explanation: `The ${H.timestamp} header is missing: Bybit signs it first in the payload and wants epoch milliseconds, like 1658384314791.` });
    else if (seen?.units === 'none') missing.push({ component: H.timestamp, where: 'header', explanation: `The ${H.timestamp} header is "${raw}", which is not a timestamp: Bybit wants epoch milliseconds, like 1658384314791.` });
    const recvWindow = getHeader(request.headers, H.recvWindow);
    if (recvWindow !== undefined && !BYBIT_RECV_WINDOW.test(recvWindow)) {
      missing.push({ component: H.recvWindow, where: 'header', explanation: `The ${H.recvWindow} header is "${recvWindow}", not a whole number of milliseconds: Bybit signs it (leave it out for 5000).` });
    }
    const signType = getHeader(request.headers, H.signType);
    if (signType !== undefined && signType.trim() !== '2') {
      missing.push({ component: H.signType, where: 'header', explanation: `The ${H.signType} header is "${signType}": an HMAC key’s requests say 2 (1 is for RSA keys).` });
    }
    return { signature, timestamp: raw !== undefined && seen && seen.units !== 'none' ? { raw, atMs: seen.atMs, units: seen.units, where: H.timestamp } : null, nonce: null, missing };
  },
  unsigned(request) {
    // A timestamp and recv window the scheme reads stay: it signs given ones as given, so the same request comes back.
    const raw = getHeader(request.headers, H.timestamp);
    const recvWindow = getHeader(request.headers, H.recvWindow);
    const drop: string[] = [H.key, H.sign, H.signType];
    if (raw !== undefined && !BYBIT_MS.test(raw)) drop.push(H.timestamp);
    if (recvWindow !== undefined && !BYBIT_RECV_WINDOW.test(recvWindow)) drop.push(H.recvWindow);
    return { request: { ...request, headers: withoutHeaders(request.headers, drop) }, timestamp: raw === undefined ? null : timestampAsSent(raw).atMs, nonce: null };
  },
  withTimestamp: (request, raw) => ({ ...request, headers: withHeaders(request.headers, { [H.timestamp]: raw }) }),
  withSignature: (request, signature) => ({ ...request, headers: withHeaders(request.headers, { [H.sign]: signature }) }),
  mac: { hash: 'sha256', key: 'utf8', output: 'hex' },
  *canonicalCandidates(request: SignableRequest): Generator<CanonicalCandidate> {
    const timestamp = getHeader(request.headers, H.timestamp);
    const apiKey = getHeader(request.headers, H.key);
    if (timestamp === undefined || apiKey === undefined) return;
    const recvWindow = getHeader(request.headers, H.recvWindow) ?? BYBIT_DEFAULT_RECV_WINDOW;
    let payload: string;
    let url: URL;
    try {
      payload = bybitPayloadParts(request, apiKey, timestamp, recvWindow)[3]?.value ?? '';
      url = parseUrl(request.url);
    } catch {
      return;
    }
    const signed = (rest: string, parts = { key: apiKey, recvWindow }) => `${timestamp}${parts.key}${parts.recvWindow}${rest}`;
    const isGet = request.method.trim().toUpperCase() === 'GET';
    if (isGet) {
      const query = rawQuery(url);
      if (query !== '') {
        yield { cause: 'path-form', detail: `signed the query with its "?" (?${query}); Bybit signs the query string alone (${query})`, canonical: signed(`?${query}`) };
        yield { cause: 'path-form', detail: `signed the path with the query (${url.pathname}?${query}); Bybit signs only the query string (${query})`, canonical: signed(`${url.pathname}?${query}`) };
        const json = JSON.stringify(Object.fromEntries(formPairs(query).map((p) => [p.name, formDecode(p.rawValue)])));
        yield { cause: 'path-form', detail: `signed the parameters as a JSON body (${json}); for a GET, Bybit signs the query string (${query})`, canonical: signed(json) };
      }
    } else if (payload !== '') {
      const parsed = jsonObject(payload);
      if (parsed) {
        const form = Object.entries(parsed)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join('&');
        yield { cause: 'path-form', detail: `signed the parameters as a query string (${form}); for a ${request.method.toUpperCase()}, Bybit signs the raw JSON body (${payload})`, canonical: signed(form) };
      }
      yield { cause: 'body-mismatch', detail: `signed the payload without the body; for a ${request.method.toUpperCase()}, Bybit signs the raw JSON body after the recv window`, canonical: signed('') };
    }
    yield { cause: 'missing-component', detail: `left the recv window (${recvWindow}) out of the string to sign; Bybit signs timestamp + API key + recv window + ${isGet ? 'query string' : 'body'}`, canonical: signed(payload, { key: apiKey, recvWindow: '' }) };
    yield { cause: 'missing-component', detail: `left the API key out of the string to sign; Bybit signs timestamp + API key + recv window + ${isGet ? 'query string' : 'body'}`, canonical: signed(payload, { key: '', recvWindow }) };
  },
};
