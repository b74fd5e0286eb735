/**
 * The debugger's knowledge of `kraken-spot` (schemes/kraken-spot.ts): API-Sign is base64 HMAC-SHA512, keyed with the
 * base64-decoded secret, over the URI path bytes followed by SHA-256(nonce + POST data); API-Key names the key. The
 * nonce is a field of the body (form `nonce=` or JSON "nonce") and is signed inside the POST data, so it stays in the
 * body when the request is signed again. Kraken checks that nonces increase, not a clock: the request has no
 * timestamp to judge, only a nonce to compare with the history.
 */
import { getHeader, hmac, parseUrl, withHeaders, withoutHeaders } from '../../encoding';
import { integerNonce } from '../../integer-nonce';
import { bodyNonce, isKrakenJson, krakenMessage } from '../../schemes/kraken-spot';
import type { SignableRequest } from '../../types';
import { keyBytes } from '../mac-check';
import type { CanonicalCandidate, DebugModel, MacModel, MissingPart, ReadRequest, RequestCandidate } from '../model';
import { splitQuery } from '../request-candidates';

function nonceOf(request: SignableRequest): string | undefined {
  try {
    return bodyNonce(request.body ?? '', isKrakenJson(request));
  } catch {
    return undefined;
  }
}

/** The first JSON "nonce" member as written: `"nonce":"123"` or `"nonce": 123`, with the text around it. */
const JSON_NONCE = /("nonce"\s*:\s*)("\d{1,20}"|\d{1,20})/;
/** The first form nonce= field. */
const FORM_NONCE = /(^|&)nonce=[^&]*/;

/** The body with its nonce value replaced, the way it was written (a JSON string stays a string). */
function bodyWithNonce(request: SignableRequest, nonce: string): SignableRequest | null {
  const body = request.body ?? '';
  if (isKrakenJson(request)) {
    if (!JSON_NONCE.test(body)) return null;
    return { ...request, body: body.replace(JSON_NONCE, (_, head: string, value: string) => `${head}${value.startsWith('"') ? `"${nonce}"` : nonce}`) };
  }
  if (!FORM_NONCE.test(body)) return null;
  return { ...request, body: body.replace(FORM_NONCE, (_, lead: string) => `${lead}nonce=${nonce}`) };
}

/** The POST data without its nonce field: what a client hashes when it adds the nonce to the body after hashing. */
function bodyWithoutNonce(request: SignableRequest): string | null {
  const body = request.body ?? '';
  if (isKrakenJson(request)) {
    const m = /"nonce"\s*:\s*("\d{1,20}"|\d{1,20})\s*,?\s*/.exec(body);
    if (!m) return null;
    const out = `${body.slice(0, m.index)}${body.slice(m.index + m[0].length)}`;
    return out.replace(/,\s*}$/, '}');
  }
  const pairs = body.split('&');
  const at = pairs.findIndex((p) => p.startsWith('nonce='));
  if (at < 0) return null;
  return pairs.filter((_, i) => i !== at).join('&');
}

const MAC: MacModel = {
  hash: 'sha512',
  key: 'base64',
  output: 'base64',
  digest(canonical, request, credentials, variant) {
    const key = keyBytes(credentials.secret ?? '', variant.key);
    if (!key || key.length === 0) return null;
    let path: string;
    try {
      path = parseUrl(request.url).pathname;
    } catch {
      return null;
    }
    return hmac(variant.hash, key, krakenMessage(path, canonical).message);
  },
};

export const krakenSpotModel: DebugModel = {
  schemeId: 'kraken-spot',
  signatureParams: ['nonce'],
  authHeaders: ['API-Key', 'API-Sign'],
  units: 'none',
  read(request): ReadRequest {
    const missing: MissingPart[] = [];
    const signature = getHeader(request.headers, 'api-sign');
    if (signature === undefined) missing.push({ component: 'API-Sign', where: 'header', explanation: 'The API-Sign header is missing: Kraken reads the signature from it (EAPI:Invalid key).' });
    if (getHeader(request.headers, 'api-key') === undefined) missing.push({ component: 'API-Key', where: 'header', explanation: 'The API-Key header is missing: Kraken reads the public API key from it (EAPI:Invalid key).' });
    const nonce = nonceOf(request);
    if (nonce === undefined) {
      missing.push({
        component: 'nonce',
        where: 'body',
        explanation: `The POST data has no ${isKrakenJson(request) ? '"nonce" member' : 'nonce= field'}: Kraken signs nonce + POST data and refuses a request without an increasing nonce (EAPI:Invalid nonce).`,
      });
    }
    return { signature: signature?.trim() ?? null, timestamp: null, nonce: nonce ?? null, missing };
  },
  unsigned(request) {
    // The nonce stays in the body: the scheme signs a body that has one as given, so this signs the same bytes again.
    const headers = withoutHeaders(request.headers, ['api-key', 'api-sign']);
    return { request: { ...request, headers }, timestamp: null, nonce: nonceOf(request) ?? null };
  },
  withNonce(request, ctx) {
    return bodyWithNonce(request, integerNonce(ctx, 'ms').value);
  },
  withSignature: (request, signature) => ({ ...request, headers: withHeaders(request.headers, { 'API-Sign': signature }) }),
  mac: MAC,
  *canonicalCandidates(request, canonical): Generator<CanonicalCandidate> {
    const nonce = nonceOf(request);
    const without = bodyWithoutNonce(request);
    if (nonce === undefined || without === null) return;
    yield {
      cause: 'body-mismatch',
      detail: `hashed the nonce followed by the POST data without its nonce field (${nonce} + ${JSON.stringify(without)}), but sent the body with it: Kraken's POST data is the body exactly as sent, nonce included (${JSON.stringify(canonical.slice(nonce.length))})`,
      canonical: nonce + without,
    };
  },
  *requestCandidates(request): Generator<RequestCandidate> {
    const { before, query, after } = splitQuery(request.url);
    const m = /^([a-z]+:\/\/[^/]*)(\/0\/private)(\/[^?#]*)$/i.exec(before);
    if (!m) return;
    const [, origin, , rest] = m as unknown as [string, string, string, string];
    const tail = `${query ? `?${query}` : ''}${after}`;
    yield { cause: 'path-form', detail: `signed the path as ${rest}, without the /0/private prefix that the URI path ${m[2]}${rest} has`, request: { ...request, url: `${origin}${rest}${tail}` } };
    yield { cause: 'path-form', detail: `signed the path as /private${rest}, without the /0 version prefix that the URI path /0/private${rest} has`, request: { ...request, url: `${origin}/private${rest}${tail}` } };
  },
};
