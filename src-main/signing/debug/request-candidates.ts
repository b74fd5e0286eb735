/**
 * The generic client mistakes, as requests the client may have signed instead of the one it sent: the query in
 * another order or with another percent-encoding, the body re-serialized, the method in another case, the query
 * left out of the path, the timestamp in other units. Each candidate keeps the received signature where it was,
 * so the scheme's own verify says whether that signature signs it. Edits work on the text as sent: nothing is
 * parsed and re-serialized that the candidate does not mean to change.
 */
import type { SchemeCredentials, SignableRequest } from '../types';
import type { DebugModel, RequestCandidate } from './model';

/** At most this many orders of the query are tried (all of them up to 5 parameters). */
const MAX_ORDERS = 120;

/** The URL split where its query is: `before?query#after`. */
export function splitQuery(url: string): { before: string; query: string; after: string } {
  const hash = url.indexOf('#');
  const main = hash < 0 ? url : url.slice(0, hash);
  const after = hash < 0 ? '' : url.slice(hash);
  const q = main.indexOf('?');
  return q < 0 ? { before: main, query: '', after } : { before: main.slice(0, q), query: main.slice(q + 1), after };
}

export function withQuery(request: SignableRequest, query: string): SignableRequest {
  const { before, after } = splitQuery(request.url);
  return { ...request, url: `${before}${query === '' ? '' : `?${query}`}${after}` };
}

const nameOf = (pair: string): string => {
  const eq = pair.indexOf('=');
  return eq < 0 ? pair : pair.slice(0, eq);
};

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) yield [items[i] as T, ...p];
  }
}

/** Other orders of the pairs the client chose, the scheme's own parameters kept where they are. */
function* reorderings(pairs: readonly string[], fixed: ReadonlySet<string>): Generator<string[]> {
  const movable = pairs.filter((p) => !fixed.has(nameOf(p)));
  if (movable.length < 2) return;
  const place = (order: readonly string[]): string[] => {
    let i = 0;
    return pairs.map((p) => (fixed.has(nameOf(p)) ? p : (order[i++] as string)));
  };
  const seen = new Set([movable.join('&')]);
  const orders: string[][] = [
    [...movable].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0)),
    [...movable].sort(),
    [...movable].reverse(),
  ];
  for (const order of orders) {
    if (seen.has(order.join('&'))) continue;
    seen.add(order.join('&'));
    yield place(order);
  }
  if (movable.length > 5) return;
  let count = 0;
  for (const order of permutations(movable)) {
    if (seen.has(order.join('&'))) continue;
    seen.add(order.join('&'));
    yield place(order);
    if (++count >= MAX_ORDERS) return;
  }
}

/** `text` percent-decoded, or as it is when it holds a malformed escape. */
export function decodeOrSame(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The encodings a client library may have signed a name or value with, other than the one sent. */
function encodings(raw: string): { form: string; encode: (part: string) => string }[] {
  const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const out = [
    { form: 'percent-decoded (the raw text, unencoded)', encode: (v: string) => decodeOrSame(v) },
    { form: 'with "+" for spaces (form encoding)', encode: (v: string) => encodeURIComponent(decodeOrSame(v.replace(/\+/g, '%2B'))).replace(/%20/g, '+') },
    { form: 'with "%20" for spaces', encode: (v: string) => encodeURIComponent(decodeOrSame(v.replace(/\+/g, ' '))) },
    { form: 'RFC 3986 (also !\'()* escaped)', encode: (v: string) => rfc3986(decodeOrSame(v)) },
    { form: 'with lowercase hex escapes', encode: (v: string) => v.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()) },
    { form: 'with uppercase hex escapes', encode: (v: string) => v.replace(/%[0-9a-f]{2}/g, (e) => e.toUpperCase()) },
    { form: 'encoded twice', encode: (v: string) => encodeURIComponent(v) },
  ];
  return out.filter((e) => e.encode(raw) !== raw || raw === '');
}

function reencodedPairs(pairs: readonly string[], fixed: ReadonlySet<string>, encode: (part: string) => string): string[] {
  return pairs.map((p) => {
    if (fixed.has(nameOf(p))) return p;
    const eq = p.indexOf('=');
    return eq < 0 ? encode(p) : `${encode(p.slice(0, eq))}=${encode(p.slice(eq + 1))}`;
  });
}

function* queryCandidates(request: SignableRequest, model: DebugModel): Generator<RequestCandidate> {
  const { query } = splitQuery(request.url);
  if (query === '') return;
  const fixed = new Set(model.signatureParams);
  const pairs = query.split('&');
  /** The query as the client wrote it: the scheme's own parameters (the signature) left out of the words. */
  const shown = (list: readonly string[]) => list.filter((p) => !fixed.has(nameOf(p))).join('&');
  for (const order of reorderings(pairs, fixed)) {
    yield { cause: 'query-order', detail: `signed the query as ${shown(order)}, but sent ${shown(pairs)}`, request: withQuery(request, order.join('&')) };
  }
  if (model.signsDecodedUrl || !/[%+]|[^\x21-\x7e]|[!'()*]/.test(query)) return;
  const seen = new Set([query]);
  for (const { form, encode } of encodings(query)) {
    const edited = reencodedPairs(pairs, fixed, encode);
    const text = edited.join('&');
    if (seen.has(text)) continue;
    seen.add(text);
    yield { cause: 'url-encoding', detail: `signed the query ${form}: ${shown(edited)}, but sent ${shown(pairs)}`, request: withQuery(request, text) };
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Bodies a client may have signed instead: JSON with other spacing or key order, empty for `{}`, a stray newline. */
export function bodyAlternatives(body: string | null): { body: string | null; detail: string }[] {
  const sent = body ?? '';
  const out: { body: string | null; detail: string }[] = [];
  const add = (b: string | null, detail: string) => {
    if ((b ?? '') !== sent && !out.some((o) => (o.body ?? '') === (b ?? ''))) out.push({ body: b, detail });
  };
  if (sent === '') {
    add('{}', 'signed "{}" but sent no body');
  } else {
    if (sent.trim() === '{}') add(null, `signed no body but sent ${JSON.stringify(sent)}`);
    add(sent.replace(/\r?\n$/, ''), 'signed the body without its final newline');
    add(`${sent}\n`, 'signed the body with a final newline it was sent without');
    add(sent.trim(), 'signed the body without its surrounding whitespace');
    let parsed: unknown;
    try {
      parsed = JSON.parse(sent);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      add(JSON.stringify(parsed), 'signed the JSON without spaces (JSON.stringify), but sent it with other spacing');
      add(JSON.stringify(parsed, null, 2), 'signed the JSON pretty-printed (2 spaces), but sent it compact');
      add(JSON.stringify(parsed, null, 4), 'signed the JSON pretty-printed (4 spaces), but sent it compact');
      add(JSON.stringify(parsed).replace(/":/g, '": ').replace(/,"/g, ', "'), 'signed the JSON with Python\'s json.dumps spacing (", " and ": ")');
      add(JSON.stringify(sortKeys(parsed)), 'signed the JSON with its keys sorted, but sent them in another order');
    } else if (/^[^=&]+=[^&]*(&[^=&]+=[^&]*)*$/.test(sent)) {
      const pairs = sent.split('&');
      add([...pairs].sort().join('&'), 'signed the form parameters sorted, but sent them in another order');
    }
  }
  return out;
}

/** The generic candidates for one received request. */
export function* requestCandidates(request: SignableRequest, model: DebugModel, credentials: SchemeCredentials = {}): Generator<RequestCandidate> {
  yield* queryCandidates(request, model);
  for (const alt of bodyAlternatives(request.body)) yield { cause: 'body-mismatch', detail: alt.detail, request: { ...request, body: alt.body } };
  const method = request.method;
  for (const m of new Set([method.toLowerCase(), method.toUpperCase(), method.charAt(0).toUpperCase() + method.slice(1).toLowerCase()])) {
    if (m !== method) yield { cause: 'method-case', detail: `signed the method as "${m}", but sent "${method}"`, request: { ...request, method: m } };
  }
  const { before, query, after } = splitQuery(request.url);
  const fixed = new Set(model.signatureParams);
  const own = query.split('&').filter((p) => p !== '' && !fixed.has(nameOf(p)));
  if (own.length > 0) {
    const kept = query.split('&').filter((p) => fixed.has(nameOf(p)));
    yield { cause: 'path-form', detail: `signed the path without its query (${own.join('&')})`, request: { ...request, url: `${before}${kept.length ? `?${kept.join('&')}` : ''}${after}` } };
  }
  const path = /^[a-z]+:\/\/[^/]*(\/[^?#]*)?/i.exec(before)?.[1] ?? '';
  if (path.length > 1 && !path.endsWith('/')) yield { cause: 'path-form', detail: `signed the path with a trailing "/" it was sent without`, request: { ...request, url: `${before}/${query ? `?${query}` : ''}${after}` } };
  if (path.length > 1 && path.endsWith('/')) yield { cause: 'path-form', detail: `signed the path without its trailing "/"`, request: { ...request, url: `${before.slice(0, -1)}${query ? `?${query}` : ''}${after}` } };
  if (model.withTimestamp) {
    const ts = model.read(request, {}).timestamp;
    if (ts && /^\d+$/.test(ts.raw)) {
      const n = ts.raw;
      const alts = [
        { raw: `${n}000`, detail: `signed the timestamp as ${n}000 (milliseconds), but sent ${n}` },
        { raw: n.length > 3 ? n.slice(0, -3) : n, detail: `signed the timestamp as ${n.slice(0, -3)} (seconds), but sent ${n}` },
      ];
      for (const alt of alts) {
        if (alt.raw === n) continue;
        const edited = model.withTimestamp(request, alt.raw);
        if (edited) yield { cause: 'timestamp-units', detail: alt.detail, request: edited };
      }
    }
  }
  if (model.requestCandidates) yield* model.requestCandidates(request, credentials);
}
