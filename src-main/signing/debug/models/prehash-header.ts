/**
 * The debugger's knowledge of the prehash-and-headers schemes (OKX v5, KuCoin v2, Coinbase Exchange), made from the
 * same PrehashHeaderExchange descriptions the schemes are made from (../../prehash-header-scheme.ts): the header
 * names, the timestamp format, the key decoding, the path rule and the passphrase rule are read from the description,
 * and the string to sign from `prehashParts`, so no rule is written twice.
 *
 *   prehash = timestamp + METHOD + path?query + body, base64(HMAC-SHA256)
 *
 * Verify upper-cases the method and (KuCoin) URL-decodes the path, so "signed the method as get" and "signed the
 * endpoint percent-encoded" cannot be request edits: they are string-to-sign edits here. A timestamp the scheme cannot
 * read (OKX given epoch ms, Coinbase given ms) stops verify before it computes anything, so the timestamp mistakes are
 * made from the request's own parts. KuCoin v2 sends the passphrase signed; a plain one is a request edit that needs
 * the credentials.
 */
import { getHeader, parseUrl, withHeaders, withoutHeaders } from '../../encoding';
import { formPairs, formDecode } from '../../payload-text';
import { prehashParts, type PrehashHeaderExchange } from '../../prehash-header-scheme';
import { coinbaseExchangeHmacExchange } from '../../schemes/coinbase-exchange-hmac';
import { kucoinV2Exchange } from '../../schemes/kucoin-v2';
import { okxV5Exchange } from '../../schemes/okx-v5';
import type { CanonicalPart, SignableRequest } from '../../types';
import type { CanonicalCandidate, DebugModel, MacModel, MissingPart, ReadRequest, RequestCandidate, TimestampUnits } from '../model';
import { timestampAsSent, UNIT_NAMES, writeTimestamp } from './timestamp';
import { decodeOrSame } from '../request-candidates';

/** A moment every format can write; what `fresh` makes of it says which units the exchange wants. */
const PROBE_MS = 1_764_300_000_000;

function unitsOf(d: PrehashHeaderExchange): 's' | 'ms' | 'iso' {
  const fresh = d.timestamp.fresh(PROBE_MS);
  if (fresh === writeTimestamp(PROBE_MS, 'iso')) return 'iso';
  if (fresh === writeTimestamp(PROBE_MS, 's')) return 's';
  return 'ms';
}

/** Whether the exchange base64-decodes the secret ("QUJD" is base64 for "ABC"), else it keys the HMAC with its text. */
function keyDecoding(d: PrehashHeaderExchange): MacModel['key'] {
  return d.key.bytes('QUJD').equals(Buffer.from('ABC')) ? 'base64' : 'utf8';
}

/** Where the version prefix of an API path ends: /api/v5, /api, /v1 (the prefixes a client's base URL may hold). */
const PREFIXES = [/^\/api\/v\d+(?=\/)/, /^\/api(?=\/)/, /^\/v\d+(?=\/)/];

/** The model for one exchange's description. */
export function prehashHeaderModel(d: PrehashHeaderExchange): DebugModel {
  const H = d.headers;
  const units = unitsOf(d);
  const mac: MacModel = { hash: 'sha256', key: keyDecoding(d), output: 'base64' };
  const extra = d.extraHeader;
  const passphraseForm = d.passphrase.step ? `sent as ${d.passphrase.step.label.replace(/^[^=]*=\s*/, '')}` : 'sent as typed';
  const wants = d.timestamp.notA;

  /** The timestamp header as sent, read by what it looks like. */
  function timestampOf(request: SignableRequest): { raw: string; atMs: number | null; units: TimestampUnits; readable: boolean } | null {
    const raw = getHeader(request.headers, H.timestamp);
    if (raw === undefined) return null;
    const seen = timestampAsSent(raw);
    const ms = d.timestamp.ms(raw);
    return { raw, atMs: seen.atMs ?? ms, units: seen.units, readable: ms !== null };
  }

  function partsOf(request: SignableRequest, timestamp: string): CanonicalPart[] | null {
    try {
      return prehashParts(d, request, timestamp);
    } catch {
      return null;
    }
  }

  return {
    schemeId: d.id,
    signatureParams: [],
    // "%41" is "A" percent-encoded: an exchange whose path rule changes it signs the URL decoded.
    signsDecodedUrl: d.path.value('/%41') !== '/%41',
    authHeaders: [H.key, H.sign, H.timestamp, H.passphrase, ...(extra ? [extra.name] : [])],
    units,
    read(request): ReadRequest {
      const missing: MissingPart[] = [];
      const signature = getHeader(request.headers, H.sign) ?? null;
      if (signature === null) missing.push({ component: H.sign, where: 'header', explanation: `The ${H.sign} header is missing: ${d.exchange} reads the request’s signature from it (base64 HMAC-SHA256 of timestamp + METHOD + ${d.path.term} + body).` });
      const ts = timestampOf(request);
      if (ts === null) {
        missing.push({ component: H.timestamp, where: 'header', explanation: `The ${H.timestamp} header is missing: ${d.exchange} signs it first in the prehash and wants ${wants}.` });
      } else if (ts.units === 'none' && !ts.readable) {
        missing.push({ component: H.timestamp, where: 'header', explanation: `The ${H.timestamp} header is "${ts.raw}", which is not a timestamp: ${d.exchange} signs it first in the prehash and wants ${wants}.` });
      }
      if (getHeader(request.headers, H.key) === undefined) missing.push({ component: H.key, where: 'header', explanation: `The ${H.key} header is missing: ${d.exchange} reads the API key from it.` });
      if (getHeader(request.headers, H.passphrase) === undefined) {
        missing.push({ component: H.passphrase, where: 'header', explanation: `The ${H.passphrase} header is missing: ${d.exchange} wants ${d.expect.passphrase}, ${passphraseForm}, on every private request.` });
      }
      const extraReason = extra?.check(getHeader(request.headers, extra.name)) ?? null;
      if (extra && extraReason !== null) missing.push({ component: extra.name, where: 'header', explanation: extraReason });
      return { signature, timestamp: ts && ts.units !== 'none' ? { raw: ts.raw, atMs: ts.atMs, units: ts.units, where: H.timestamp } : null, nonce: null, missing };
    },
    unsigned(request) {
      // A timestamp the scheme reads stays: it signs a given one as given, so the same request comes back to the
      // byte (Coinbase's fractional seconds included). One it cannot read goes, and its moment signs again.
      const ts = timestampOf(request);
      const drop = [H.key, H.sign, H.passphrase, ...(extra ? [extra.name] : []), ...(ts && !ts.readable ? [H.timestamp] : [])];
      const version = extra && getHeader(request.headers, extra.name)?.trim();
      const options = extra && version !== undefined && extra.check(version) === null && version !== extra.value(undefined) ? { options: { [extra.option]: version } } : {};
      return { request: { ...request, headers: withoutHeaders(request.headers, drop) }, timestamp: ts?.atMs ?? null, nonce: null, ...options };
    },
    withTimestamp: (request, raw) => ({ ...request, headers: withHeaders(request.headers, { [H.timestamp]: raw }) }),
    withSignature: (request, signature) => ({ ...request, headers: withHeaders(request.headers, { [H.sign]: signature }) }),
    mac,
    *canonicalCandidates(request): Generator<CanonicalCandidate> {
      const ts = timestampOf(request);
      if (ts === null) return;
      const parts = partsOf(request, ts.raw);
      if (parts === null) return;
      const [timestamp, method, path, body] = parts.map((p) => p.value) as [string, string, string, string];
      const prehash = (edit: Partial<{ timestamp: string; method: string; path: string; body: string }>) =>
        (edit.timestamp ?? timestamp) + (edit.method ?? method) + (edit.path ?? path) + (edit.body ?? body);

      for (const m of new Set([method.toLowerCase(), method.charAt(0) + method.slice(1).toLowerCase()])) {
        if (m !== method) yield { cause: 'method-case', detail: `signed the method as "${m}"; ${d.exchange}’s prehash has it in upper case ("${method}")`, canonical: prehash({ method: m }) };
      }

      const url = parseUrl(request.url);
      const asSent = url.pathname + url.search;
      if (path !== asSent) {
        yield { cause: 'url-encoding', detail: `signed the ${d.path.term} percent-encoded, as sent (${asSent}); ${d.exchange} signs it URL-decoded (${path})`, canonical: prehash({ path: asSent }) };
      } else if (decodeOrSame(asSent) !== asSent) {
        yield { cause: 'url-encoding', detail: `signed the ${d.path.term} URL-decoded (${decodeOrSame(asSent)}); ${d.exchange} signs it as sent (${asSent})`, canonical: prehash({ path: decodeOrSame(asSent) }) };
      }

      yield { cause: 'path-form', detail: `signed the full URL (${url.origin}${path}); ${d.exchange} signs only the ${d.path.term} (${path})`, canonical: prehash({ path: url.origin + path }) };
      for (const prefix of PREFIXES) {
        const m = prefix.exec(path);
        if (m) yield { cause: 'path-form', detail: `signed the ${d.path.term} without its ${m[0]} prefix (${path.slice(m[0].length)}); ${d.exchange} signs it whole (${path})`, canonical: prehash({ path: path.slice(m[0].length) }) };
      }
      const query = url.search.slice(1);
      if (query !== '' && body === '') {
        const json = JSON.stringify(Object.fromEntries(formPairs(query).map((p) => [p.name, formDecode(p.rawValue)])));
        const bare = d.path.value(url.pathname);
        yield { cause: 'path-form', detail: `signed the query as a JSON body (${bare} + ${json}); ${d.exchange} signs it in the ${d.path.term} (${path})`, canonical: prehash({ path: bare, body: json }) };
      }

      // The same moment in other units than sent, or (a timestamp the scheme cannot read) the timestamp as sent.
      if (!ts.readable && ts.units !== 'none') {
        const meant = ts.atMs === null ? '' : `, here ${writeTimestamp(ts.atMs, units)}`;
        yield { cause: 'timestamp-units', detail: `signed and sent ${H.timestamp} as ${ts.raw} (${UNIT_NAMES[ts.units]}); ${d.exchange} wants ${wants}${meant}`, canonical: prehash({}) };
      }
      if (ts.atMs !== null) {
        for (const other of ['s', 'ms', 'iso'] as const) {
          const written = writeTimestamp(ts.atMs, other);
          if (written !== ts.raw && other !== ts.units) {
            yield { cause: 'timestamp-units', detail: `signed the timestamp as ${written} (${UNIT_NAMES[other]}), but sent ${H.timestamp}: ${ts.raw}`, canonical: prehash({ timestamp: written }) };
          }
        }
      }
    },
    *requestCandidates(request, credentials): Generator<RequestCandidate> {
      // KuCoin v2 sends the passphrase as an HMAC of it; a client that sent it as typed signed everything else right.
      // The cause is secret-encoding, not missing-component: the passphrase is there, as text where the API wants it
      // encoded (signed with the secret), and the fix is to sign again, not to add a header.
      const { passphrase, secret } = credentials;
      const sent = getHeader(request.headers, H.passphrase);
      if (passphrase === undefined || secret === undefined || sent !== passphrase) return;
      let derived: string;
      try {
        derived = d.passphrase.value(secret, passphrase);
      } catch {
        return;
      }
      if (derived === passphrase) return;
      const set: Record<string, string> = { [H.passphrase]: derived };
      if (extra && extra.check(getHeader(request.headers, extra.name)) !== null) set[extra.name] = extra.value(undefined);
      const reason = d.passphrase.check(sent, passphrase, secret, H.passphrase) ?? `${H.passphrase} carries the passphrase in plain text.`;
      yield {
        cause: 'secret-encoding',
        detail: `sent ${H.passphrase} as typed`,
        request: { ...request, headers: withHeaders(request.headers, set) },
        explanation: `${reason} The signature itself is right: only the passphrase header is refused.`,
      };
    },
  };
}

export const okxV5Model = prehashHeaderModel(okxV5Exchange);
export const kucoinV2Model = prehashHeaderModel(kucoinV2Exchange);
export const coinbaseExchangeHmacModel = prehashHeaderModel(coinbaseExchangeHmacExchange);
