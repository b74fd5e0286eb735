/**
 * The debugger's knowledge of `hmac` (Signet's own scheme, the sandbox's API): everything is in the Authorization
 * header; the string to sign is METHOD, path, sorted RFC 3986 query, SHA-256 of the body, timestamp (s), nonce, joined
 * with "\n" (schemes/hmac.ts). The query is sorted and re-encoded by the scheme, so "left unsorted" and "encoded
 * otherwise" are string-to-sign edits here, not request edits.
 */
import { getHeader, withHeaders, withoutHeaders } from '../../encoding';
import { parseHmacAuthorization } from '../../schemes/hmac';
import type { SignableRequest } from '../../types';
import type { CanonicalCandidate, DebugModel, MacModel, ReadRequest } from '../model';
import { decodeOrSame, splitQuery } from '../request-candidates';

const MAC_256: MacModel = { hash: 'sha256', key: 'utf8', output: 'hex' };
const MAC_512: MacModel = { hash: 'sha512', key: 'utf8', output: 'hex' };

function auth(request: SignableRequest) {
  const parsed = parseHmacAuthorization(getHeader(request.headers, 'authorization'));
  return 'error' in parsed ? null : parsed;
}

/** The Authorization header with one field's value replaced. */
function withField(request: SignableRequest, field: string, value: string): SignableRequest | null {
  const header = getHeader(request.headers, 'authorization');
  if (header === undefined || !new RegExp(`\\b${field}="`).test(header)) return null;
  return { ...request, headers: withHeaders(request.headers, { Authorization: header.replace(new RegExp(`\\b${field}="[^"]*"`), `${field}="${value}"`) }) };
}

export const hmacModel: DebugModel = {
  schemeId: 'hmac',
  signatureParams: [],
  authHeaders: ['Authorization'],
  units: 's',
  read(request): ReadRequest {
    const header = getHeader(request.headers, 'authorization');
    const parsed = parseHmacAuthorization(header);
    if ('error' in parsed) {
      return {
        signature: null,
        timestamp: null,
        nonce: null,
        missing: [{ component: 'Authorization', where: 'header', explanation: header === undefined ? 'The Authorization header is missing: the sandbox API needs `HMAC apiKey="…", signature="…", timestamp="…", nonce="…"`.' : `The Authorization header cannot be read: ${parsed.error}.` }],
      };
    }
    return {
      signature: parsed.signature,
      timestamp: { raw: parsed.timestamp, atMs: Number(parsed.timestamp) * 1000, units: 's', where: 'The timestamp in Authorization' },
      nonce: parsed.nonce,
      missing: [],
    };
  },
  unsigned(request) {
    const a = auth(request);
    return {
      request: { ...request, headers: withoutHeaders(request.headers, ['authorization']) },
      timestamp: a ? Number(a.timestamp) * 1000 : null,
      nonce: a?.nonce ?? null,
      ...(a && a.algorithm !== 'hmac-sha256' && { options: { algorithm: a.algorithm } }),
    };
  },
  withTimestamp: (request, raw) => withField(request, 'timestamp', raw),
  withSignature: (request, signature) => withField(request, 'signature', signature) ?? request,
  mac: MAC_256,
  macOf: (request) => (auth(request)?.algorithm === 'hmac-sha512' ? MAC_512 : MAC_256),
  *canonicalCandidates(request, canonical): Generator<CanonicalCandidate> {
    const lines = canonical.split('\n');
    if (lines.length !== 6) return;
    const edit = (i: number, value: string) => lines.map((l, j) => (j === i ? value : l)).join('\n');
    const method = lines[0] as string;
    for (const m of new Set([method.toLowerCase(), method.charAt(0) + method.slice(1).toLowerCase()])) {
      if (m !== method) yield { cause: 'method-case', detail: `signed the method as "${m}"; the string to sign has it in upper case ("${method}")`, canonical: edit(0, m) };
    }
    const { query } = splitQuery(request.url);
    const sorted = lines[2] as string;
    if (query !== '' && query !== sorted) {
      const pairs = query.split('&');
      const sortedRaw = [...pairs].sort().join('&');
      if (sortedRaw !== sorted && sortedRaw !== query) {
        yield { cause: 'url-encoding', detail: `signed the sorted query without re-encoding it as RFC 3986 (${sortedRaw}); the string to sign has ${sorted}`, canonical: edit(2, sortedRaw) };
      }
      const decoded = sorted.split('&').map(decodeOrSame).join('&');
      if (decoded !== sorted) yield { cause: 'url-encoding', detail: `signed the query percent-decoded (${decoded}); the string to sign has it RFC 3986-encoded (${sorted})`, canonical: edit(2, decoded) };
      const plus = sorted.replace(/%20/g, '+');
      if (plus !== sorted) yield { cause: 'url-encoding', detail: `signed spaces in the query as "+"; RFC 3986 writes them %20 (${sorted})`, canonical: edit(2, plus) };
      yield { cause: 'query-order', detail: `signed the query as sent (${query}); the string to sign has it sorted by name, then value (${sorted})`, canonical: edit(2, query) };
    }
    const path = lines[1] as string;
    const decodedPath = decodeOrSame(path);
    if (decodedPath !== path) yield { cause: 'url-encoding', detail: `signed the path percent-decoded (${decodedPath}); the string to sign has it as sent (${path})`, canonical: edit(1, decodedPath) };
    if (query !== '') yield { cause: 'path-form', detail: `signed the path with its query (${path}?${query}); the query has its own line`, canonical: edit(1, `${path}?${query}`) };
    const ms = lines[4] as string;
    yield { cause: 'timestamp-units', detail: `signed the timestamp in milliseconds (${ms}000…); the string to sign has Unix seconds (${ms})`, canonical: edit(4, `${ms}000`) };
  },
};
