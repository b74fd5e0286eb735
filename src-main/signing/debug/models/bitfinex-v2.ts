/**
 * The debugger's knowledge of `bitfinex-v2` (schemes/bitfinex-v2.ts): bfx-signature is hex HMAC-SHA384, keyed with
 * the secret's text, over "/api/" + the URL path without its leading "/" + bfx-nonce + the JSON body as sent. The
 * nonce is a header the scheme adds (it signs one the request already carries as given). Bitfinex checks that nonces
 * increase, not a clock: there is no timestamp to judge, only the nonce to compare with the history.
 */
import { getHeader, parseUrl, withHeaders, withoutHeaders } from '../../encoding';
import type { CanonicalCandidate, DebugModel, MissingPart, ReadRequest } from '../model';

const PREFIX = '/api/';

export const bitfinexV2Model: DebugModel = {
  schemeId: 'bitfinex-v2',
  signatureParams: [],
  authHeaders: ['bfx-nonce', 'bfx-apikey', 'bfx-signature'],
  units: 'none',
  read(request): ReadRequest {
    const missing: MissingPart[] = [];
    const signature = getHeader(request.headers, 'bfx-signature');
    const nonce = getHeader(request.headers, 'bfx-nonce');
    if (signature === undefined) missing.push({ component: 'bfx-signature', where: 'header', explanation: 'The bfx-signature header is missing: Bitfinex reads the signature from it.' });
    if (getHeader(request.headers, 'bfx-apikey') === undefined) missing.push({ component: 'bfx-apikey', where: 'header', explanation: 'The bfx-apikey header is missing: Bitfinex reads the API key from it.' });
    if (nonce === undefined) missing.push({ component: 'bfx-nonce', where: 'header', explanation: 'The bfx-nonce header is missing: Bitfinex signs "/api/" + path + nonce + body, and reads the nonce from that header.' });
    return { signature: signature?.trim() ?? null, timestamp: null, nonce: nonce?.trim() ?? null, missing };
  },
  unsigned(request) {
    const nonce = getHeader(request.headers, 'bfx-nonce')?.trim() ?? null;
    return { request: { ...request, headers: withoutHeaders(request.headers, ['bfx-nonce', 'bfx-apikey', 'bfx-signature']) }, timestamp: null, nonce };
  },
  withSignature: (request, signature) => ({ ...request, headers: withHeaders(request.headers, { 'bfx-signature': signature }) }),
  mac: { hash: 'sha384', key: 'utf8', output: 'hex' },
  *canonicalCandidates(request, canonical): Generator<CanonicalCandidate> {
    if (!canonical.startsWith(PREFIX)) return;
    const rest = canonical.slice(PREFIX.length);
    let path: string;
    try {
      const url = parseUrl(request.url);
      path = `${url.pathname.slice(1)}${url.search}`;
    } catch {
      return;
    }
    yield { cause: 'path-form', detail: `signed the path as "${path}" without the "/api/" prefix Bitfinex puts first in the signature string ("/api/${path}")`, canonical: rest };
    yield { cause: 'path-form', detail: `signed the URL path "/${path}" without the "/api" prefix; the signature string starts "/api/${path}"`, canonical: `/${rest}` };
  },
};
