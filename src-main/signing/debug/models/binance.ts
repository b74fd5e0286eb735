/**
 * The debugger's knowledge of the three Binance key types (binance-signed-request.ts): the payload is the query
 * string followed by the body, as sent, without the `signature=` parameter; `timestamp=` (ms, or µs) is a parameter
 * the client chooses; the API key goes in X-MBX-APIKEY. Ed25519 and RSA signatures are base64 and percent-encoded
 * in the parameter; HMAC ones are hex.
 */
import { getHeader, parseUrl, rawQuery, withoutHeaders } from '../../encoding';
import { formPairs, formValue } from '../../payload-text';
import type { SignableRequest } from '../../types';
import type { DebugModel, MacModel, MissingPart, ReadRequest } from '../model';
import { splitQuery, withQuery } from '../request-candidates';

function mapParam(text: string, name: string, value: (raw: string) => string | null): string {
  return text
    .split('&')
    .flatMap((pair) => {
      const eq = pair.indexOf('=');
      if ((eq < 0 ? pair : pair.slice(0, eq)) !== name) return [pair];
      const next = value(eq < 0 ? '' : pair.slice(eq + 1));
      return next === null ? [] : [`${name}=${next}`];
    })
    .join('&');
}

/** Edits one parameter wherever it is (query or body); `null` removes it. */
function editParam(request: SignableRequest, name: string, value: (raw: string) => string | null): SignableRequest {
  const { query } = splitQuery(request.url);
  const inQuery = formValue(query, name) !== undefined;
  if (inQuery) return withQuery(request, mapParam(query, name, value));
  const body = request.body ?? '';
  if (formValue(body, name) === undefined) return request;
  const next = mapParam(body, name, value);
  return { ...request, body: next === '' ? null : next };
}

function binanceModel(schemeId: string, urlEncoded: boolean, mac?: MacModel): DebugModel {
  return {
    schemeId,
    signatureParams: ['signature'],
    authHeaders: ['X-MBX-APIKEY'],
    units: 'ms',
    read(request): ReadRequest {
      let query: string;
      try {
        query = rawQuery(parseUrl(request.url));
      } catch {
        query = splitQuery(request.url).query;
      }
      const body = request.body ?? '';
      const missing: MissingPart[] = [];
      const raw = formValue(query, 'signature') ?? formValue(body, 'signature');
      let signature: string | null = raw ?? null;
      // Hex needs no percent-encoding, but a client that wrote base64 may have encoded it: read what it meant.
      if (raw !== undefined && (urlEncoded || raw.includes('%'))) {
        try {
          signature = decodeURIComponent(raw);
        } catch {
          signature = raw;
        }
      }
      if (raw === undefined) missing.push({ component: 'signature', where: 'query', explanation: 'The request carries no signature= parameter: Binance expects it as the last parameter of the query string (or of the body).' });
      if (getHeader(request.headers, 'x-mbx-apikey') === undefined) missing.push({ component: 'X-MBX-APIKEY', where: 'header', explanation: 'The X-MBX-APIKEY header is missing: Binance reads the API key from it (error -2014 / -2015).' });
      const ts = formValue(query, 'timestamp') ?? formValue(body, 'timestamp');
      if (ts === undefined) missing.push({ component: 'timestamp', where: 'query', explanation: 'The request has no timestamp= parameter: Binance refuses SIGNED requests without one (-1102).' });
      const atMs = ts === undefined || !/^\d+$/.test(ts) ? null : ts.length >= 15 ? Math.floor(Number(ts) / 1000) : ts.length <= 11 ? Number(ts) * 1000 : Number(ts);
      return {
        signature,
        timestamp: ts === undefined ? null : { raw: ts, atMs, units: ts.length >= 15 ? 'us' : ts.length <= 11 ? 's' : 'ms', where: 'timestamp=' },
        nonce: null,
        missing,
      };
    },
    unsigned(request) {
      const stripped = editParam(request, 'signature', () => null);
      return { request: { ...stripped, headers: withoutHeaders(stripped.headers, ['x-mbx-apikey']) }, timestamp: null, nonce: null };
    },
    withTimestamp(request, raw) {
      const { query } = splitQuery(request.url);
      if (formValue(query, 'timestamp') === undefined && formValue(request.body ?? '', 'timestamp') === undefined) return null;
      return editParam(request, 'timestamp', () => raw);
    },
    withSignature: (request, signature) => editParam(request, 'signature', () => (urlEncoded ? encodeURIComponent(signature) : signature)),
    ...(mac && { mac }),
    *requestCandidates(request) {
      // Binance signs the query and then the body; a client that signed the body alone, or the parameters moved.
      const body = request.body ?? '';
      const { query } = splitQuery(request.url);
      if (body !== '' && query !== '' && formPairs(query).some((p) => p.name !== 'signature')) {
        yield { cause: 'path-form', detail: 'signed the body only, without the query string that Binance puts first in the payload', request: withQuery({ ...request }, query.split('&').filter((p) => p.startsWith('signature=')).join('&')) };
      }
    },
  };
}

export const binanceHmacModel = binanceModel('binance-hmac-sha256', false, { hash: 'sha256', key: 'utf8', output: 'hex' });
export const binanceEd25519Model = binanceModel('binance-ed25519', true);
export const binanceRsaModel = binanceModel('binance-rsa', true);
