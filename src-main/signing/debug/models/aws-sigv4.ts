/**
 * The debugger's knowledge of `aws-sigv4` (schemes/aws-sigv4.ts). The signature is hex HMAC-SHA256 with kSigning —
 * derived from the secret access key through the scope's day, region and service — over the string to sign, whose
 * last line hashes the canonical request; `mac.digest` makes it with the scope the request names, so a request
 * scoped to another region still reproduces. X-Amz-Date (ISO 8601 basic form) is the timestamp; there is no nonce.
 *
 * AWS canonicalises what it receives — it sorts and RFC 3986-encodes the query, encodes the path (twice, but for
 * S3), lower-cases header names and signs the headers SignedHeaders lists — so most client mistakes leave the request
 * as sent and change only the canonical request the client hashed: those are canonical candidates (line edits).
 */
import { getHeader, parseUrl, rfc3986, sha256Hex, withHeaders, withoutHeaders } from '../../encoding';
import { amzDate, amzDateMs, awsSignature, awsStringToSign, normalizePath, parseAwsAuthorization, writtenPath } from '../../schemes/aws-sigv4';
import type { SchemeCredentials, SignableRequest } from '../../types';
import { encodingOf } from '../mac-check';
import type { CanonicalCandidate, DebugModel, Finding, MacModel, MissingPart, ReadRequest } from '../model';
import { decodeOrSame, splitQuery } from '../request-candidates';

function auth(request: SignableRequest) {
  const parsed = parseAwsAuthorization(getHeader(request.headers, 'authorization'));
  return 'error' in parsed ? null : parsed;
}

/** The scope the request is signed for: what its Authorization names, else what the credentials say. */
function scopeOf(request: SignableRequest, credentials: SchemeCredentials): { day: string; region: string; service: string } | null {
  const a = auth(request);
  const date = getHeader(request.headers, 'x-amz-date')?.trim();
  const region = a?.region ?? credentials.region;
  const service = a?.service ?? credentials.service;
  const day = a?.date ?? date?.slice(0, 8);
  return region && service && day ? { day, region, service } : null;
}

const MAC: MacModel = {
  hash: 'sha256',
  key: 'utf8',
  output: 'hex',
  digest(canonical, request, credentials, variant) {
    // The secret is "AWS4" + its text: no other decoding of it is a mistake clients make.
    if (variant.key !== 'utf8' || !credentials.secretAccessKey) return null;
    const date = getHeader(request.headers, 'x-amz-date')?.trim();
    const scope = scopeOf(request, credentials);
    if (date === undefined || scope === null) return null;
    const sts = awsStringToSign(date, `${scope.day}/${scope.region}/${scope.service}/aws4_request`, sha256Hex(Buffer.from(canonical, 'utf8')));
    return awsSignature(credentials.secretAccessKey, scope.day, scope.region, scope.service, sts, variant.hash);
  },
};

/** Query pairs as AWS writes them (canonical), and edits of them a client may have signed. */
function queryForms(raw: string): { sortedDecoded: string; sortedTwice: string; sentOrder: string } {
  const pairs = raw
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    }) as [string, string][];
  const canonical = pairs.map(([k, v]) => [rfc3986(decodeOrSame(k)), rfc3986(decodeOrSame(v))] as [string, string]);
  const sort = (list: [string, string][]) => [...list].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const join = (list: [string, string][]) => list.map(([k, v]) => `${k}=${v}`).join('&');
  return {
    sortedDecoded: join(sort(canonical).map(([k, v]) => [decodeOrSame(k), decodeOrSame(v)])),
    sortedTwice: join(sort(canonical).map(([k, v]) => [rfc3986(k), rfc3986(v)])),
    sentOrder: join(canonical),
  };
}

export const awsSigv4Model: DebugModel = {
  schemeId: 'aws-sigv4',
  signatureParams: [],
  authHeaders: ['Authorization'],
  units: 'iso',
  read(request, credentials): ReadRequest {
    const missing: MissingPart[] = [];
    const header = getHeader(request.headers, 'authorization');
    const parsed = parseAwsAuthorization(header);
    if ('error' in parsed) {
      missing.push({
        component: 'Authorization',
        where: 'header',
        explanation: header === undefined ? 'The Authorization header is missing: SigV4 sends "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…" in it.' : `The Authorization header cannot be read: ${parsed.error}.`,
      });
    }
    const date = getHeader(request.headers, 'x-amz-date')?.trim();
    if (date === undefined) missing.push({ component: 'X-Amz-Date', where: 'header', explanation: 'The X-Amz-Date header is missing: the string to sign starts with it, in the ISO 8601 basic form (20150830T123600Z), and AWS refuses a request without it.' });
    if (credentials.sessionToken && getHeader(request.headers, 'x-amz-security-token') === undefined) {
      missing.push({ component: 'X-Amz-Security-Token', where: 'header', explanation: 'The X-Amz-Security-Token header is missing: temporary credentials (with a session token) must send the token there, signed (InvalidClientTokenId).' });
    }
    if (!('error' in parsed)) {
      const sent = new Set([...Object.keys(request.headers).map((k) => k.toLowerCase()), 'host']);
      const named = new Set(missing.map((m) => m.component.toLowerCase()));
      for (const h of parsed.signedHeaders.filter((n) => !sent.has(n) && !named.has(n))) {
        missing.push({ component: h, where: 'header', explanation: `SignedHeaders lists "${h}", but the request does not carry it: it was removed after signing (or never added), and AWS cannot rebuild the canonical request.` });
      }
    }
    return {
      signature: 'error' in parsed ? null : parsed.signature,
      timestamp: date === undefined ? null : { raw: date, atMs: amzDateMs(date), units: 'iso', where: 'X-Amz-Date' },
      nonce: null,
      missing,
    };
  },
  unsigned(request) {
    // X-Amz-Date, X-Amz-Security-Token and x-amz-content-sha256 stay: the scheme signs the ones given as given.
    const date = getHeader(request.headers, 'x-amz-date')?.trim();
    const ms = date === undefined ? null : amzDateMs(date);
    return { request: { ...request, headers: withoutHeaders(request.headers, ['authorization']) }, timestamp: ms, nonce: null };
  },
  withTimestamp(request, raw) {
    const name = Object.keys(request.headers).find((k) => k.toLowerCase() === 'x-amz-date');
    if (name === undefined) return null;
    const ms = amzDateMs(raw) ?? Date.parse(raw);
    if (Number.isNaN(ms)) return null;
    return { ...request, headers: { ...request.headers, [name]: amzDate(ms) } };
  },
  withSignature(request, signature) {
    const header = getHeader(request.headers, 'authorization');
    if (header === undefined) return request;
    return { ...request, headers: withHeaders(request.headers, { Authorization: header.replace(/Signature=[^,\s]*/, `Signature=${signature}`) }) };
  },
  mac: MAC,
  *canonicalCandidates(request, canonical): Generator<CanonicalCandidate> {
    const lines = canonical.split('\n');
    const end = lines.indexOf('', 3);
    if (lines.length < 6 || end < 0) return;
    const edit = (i: number, value: string) => lines.map((l, j) => (j === i ? value : l)).join('\n');
    const [method, uri, query] = lines as [string, string, string];

    for (const m of new Set([method.toLowerCase(), method.charAt(0) + method.slice(1).toLowerCase()])) {
      if (m !== method) yield { cause: 'method-case', detail: `signed the method as "${m}"; the canonical request has it in upper case ("${method}")`, canonical: edit(0, m) };
    }

    const sentQuery = splitQuery(request.url).query;
    if (sentQuery !== '') {
      const forms = queryForms(sentQuery);
      if (sentQuery !== query) yield { cause: 'query-order', detail: `signed the query as sent (${sentQuery}); AWS sorts it by name, then value, and RFC 3986-encodes it (${query})`, canonical: edit(2, sentQuery) };
      if (forms.sentOrder !== query && forms.sentOrder !== sentQuery) yield { cause: 'query-order', detail: `signed the query in the order sent (${forms.sentOrder}); AWS sorts it by name, then value (${query})`, canonical: edit(2, forms.sentOrder) };
      if (forms.sortedDecoded !== query) yield { cause: 'url-encoding', detail: `signed the sorted query without percent-encoding it (${forms.sortedDecoded}); AWS signs it RFC 3986-encoded (${query})`, canonical: edit(2, forms.sortedDecoded) };
      if (forms.sortedTwice !== query) yield { cause: 'url-encoding', detail: `signed the sorted query percent-encoded twice (${forms.sortedTwice}); AWS encodes each name and value once (${query})`, canonical: edit(2, forms.sortedTwice) };
      yield { cause: 'path-form', detail: `signed the path with its query (${uri}?${query}) and an empty query line; the canonical request has the query on its own line`, canonical: lines.map((l, j) => (j === 1 ? `${uri}?${query}` : j === 2 ? '' : l)).join('\n') };
    }

    let url: URL | null;
    try {
      url = parseUrl(request.url);
    } catch {
      url = null;
    }
    if (url) {
      const s3 = auth(request)?.service === 's3';
      const written = s3 ? url.pathname : normalizePath(writtenPath(request.url, url));
      const once = written.split('/').map((s) => rfc3986(decodeOrSame(s))).join('/');
      const raw = written.split('/').map(decodeOrSame).join('/');
      const twice = once.split('/').map(rfc3986).join('/');
      const rules = s3 ? 'S3 encodes each path segment once' : 'AWS encodes each path segment as written, so an escape in it is encoded again (%2520 for %20)';
      for (const [form, value] of [['without percent-encoding it', raw], ['percent-encoded once', once], ['percent-encoded twice', twice]] as const) {
        if (value !== uri) yield { cause: 'url-encoding', detail: `signed the path ${form} (${value}); ${rules}: ${uri}`, canonical: edit(1, value) };
      }
    }

    const signed = (lines[end + 1] ?? '').split(';');
    for (let i = 3; i < end; i++) {
      const name = (lines[i] as string).slice(0, (lines[i] as string).indexOf(':'));
      if (name === 'host' || name === 'x-amz-date') continue;
      const rest = signed.filter((h) => h !== name).join(';');
      yield {
        cause: 'missing-component',
        detail: `left the ${name} header out of the canonical request it signed, though SignedHeaders lists it (${signed.join(';')}): the header was added after signing, or the client signs only some headers`,
        canonical: lines.filter((_, j) => j !== i).map((l, j, all) => (j === all.length - 2 ? rest : l)).join('\n'),
      };
    }
  },
  findings(request, credentials, verified) {
    const scope = scopeMistake(request, credentials, verified.canonical);
    return scope ? [scope] : [];
  },
};

/**
 * The scope mistake: the Credential names another day, region or service than the request is for, and the signature
 * is right for the scope it names. Its cause is `missing-component` — the API's region or service, a required part of
 * what is signed, is absent from the scope — rather than `path-form`, whose title is about the URL's path and query.
 */
function scopeMistake(request: SignableRequest, credentials: SchemeCredentials, canonical: string): Finding | null {
  const a = auth(request);
  const date = getHeader(request.headers, 'x-amz-date')?.trim();
  if (!a || !credentials.region || !credentials.service || canonical === '') return null;
  const wanted = `${date?.slice(0, 8) ?? a.date}/${credentials.region}/${credentials.service}`;
  const named = `${a.date}/${a.region}/${a.service}`;
  if (named === wanted) return null;
  const bytes = MAC.digest?.(canonical, request, credentials, { hash: 'sha256', key: 'utf8' });
  if (!bytes || encodingOf(a.signature, bytes) === null) return null;
  return {
    cause: 'missing-component',
    explanation: `The request is signed for the scope ${named}/aws4_request (the Credential in Authorization), but it is for ${wanted}/aws4_request: AWS derives the signing key from the scope’s day, region and service, so the scope must name the endpoint’s region and service, and the X-Amz-Date day. Sign with region ${credentials.region} and service ${credentials.service}.`,
    fix: { action: 'add-component', component: `Credential scope ${wanted}/aws4_request`, where: 'header' },
    signedCanonical: canonical,
  };
}
