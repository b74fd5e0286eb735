/**
 * The debugger's knowledge of `gemini` (schemes/gemini.ts): X-GEMINI-PAYLOAD is the base64 of a JSON payload holding
 * "request" (the URL path), "nonce" and the parameters; X-GEMINI-SIGNATURE is hex HMAC-SHA384, keyed with the
 * secret's text, over that base64 text. The signature covers the payload only, so the mistakes that matter are
 * payload facts Gemini checks beside it: "request" not the URL path, parameters sent in a body instead. The nonce
 * is judged as a timestamp when it reads as one (10, 13, 16 or 19 digits), as the scheme's verify does; its units are
 * not judged, since Gemini takes any increasing nonce (and keys set to time-based nonces want seconds).
 */
import { getHeader, parseUrl, withHeaders, withoutHeaders } from '../../encoding';
import { preview } from '../../payload-text';
import { nonceTime } from '../../schemes/gemini';
import type { SignableRequest, SignContext } from '../../types';
import type { CanonicalCandidate, DebugModel, MissingPart, ReadRequest } from '../model';

const ADDED = ['content-type', 'content-length', 'cache-control', 'x-gemini-apikey', 'x-gemini-payload', 'x-gemini-signature'];
const JSON_NONCE = /("nonce"\s*:\s*)("\d{1,20}"|\d{1,20})/;
const UNIT_DIGITS: Readonly<Record<number, TimestampScale>> = { 10: 's', 13: 'ms', 16: 'us', 19: 'ns' };
type TimestampScale = 's' | 'ms' | 'us' | 'ns';

interface Payload {
  readonly text: string;
  readonly json: Record<string, unknown> | null;
}

function payloadOf(request: SignableRequest): Payload | null {
  const b64 = getHeader(request.headers, 'x-gemini-payload')?.trim();
  if (b64 === undefined) return null;
  const text = Buffer.from(b64, 'base64').toString('utf8');
  try {
    const v: unknown = JSON.parse(text);
    return { text, json: v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null };
  } catch {
    return { text, json: null };
  }
}

function nonceText(json: Record<string, unknown> | null): string | null {
  const n = json?.nonce;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return String(n);
  return typeof n === 'string' && /^\d{1,20}$/.test(n) ? n : null;
}

function pathOf(request: SignableRequest): string | null {
  try {
    return parseUrl(request.url).pathname;
  } catch {
    return null;
  }
}

/** A nonce that is a timestamp now, in the units of the one it replaces (a counter gets milliseconds). */
function nowLike(old: string | null, ms: number): string {
  const scale = old === null || nonceTime(old) === null ? 'ms' : (UNIT_DIGITS[old.length] ?? 'ms');
  const t = Math.floor(ms);
  return scale === 's' ? String(Math.floor(t / 1000)) : scale === 'us' ? `${t}000` : scale === 'ns' ? `${t}000000` : String(t);
}

/** The payload (in X-GEMINI-PAYLOAD, or the body of an unsigned request) with its nonce replaced. */
function withPayloadNonce(request: SignableRequest, next: (old: string) => string): SignableRequest | null {
  const edit = (text: string): string | null => {
    const m = JSON_NONCE.exec(text);
    if (!m) return null;
    const old = (m[2] as string).replace(/"/g, '');
    const value = next(old);
    return text.replace(JSON_NONCE, (_, head: string, v: string) => `${head}${v.startsWith('"') ? `"${value}"` : value}`);
  };
  const payload = payloadOf(request);
  if (payload) {
    const text = edit(payload.text);
    return text === null ? null : { ...request, headers: withHeaders(request.headers, { 'X-GEMINI-PAYLOAD': Buffer.from(text, 'utf8').toString('base64') }) };
  }
  const body = request.body === null ? null : edit(request.body);
  return body === null ? null : { ...request, body };
}

export const geminiModel: DebugModel = {
  schemeId: 'gemini',
  signatureParams: [],
  authHeaders: ['X-GEMINI-APIKEY', 'X-GEMINI-PAYLOAD', 'X-GEMINI-SIGNATURE'],
  units: 'none',
  read(request): ReadRequest {
    const missing: MissingPart[] = [];
    const signature = getHeader(request.headers, 'x-gemini-signature');
    const payload = payloadOf(request);
    if (payload === null) missing.push({ component: 'X-GEMINI-PAYLOAD', where: 'header', explanation: 'The X-GEMINI-PAYLOAD header is missing: Gemini reads the request (its path, nonce and parameters) from it, as base64 JSON.' });
    if (signature === undefined) missing.push({ component: 'X-GEMINI-SIGNATURE', where: 'header', explanation: 'The X-GEMINI-SIGNATURE header is missing: Gemini reads the hex HMAC-SHA384 of X-GEMINI-PAYLOAD from it.' });
    if (getHeader(request.headers, 'x-gemini-apikey') === undefined) missing.push({ component: 'X-GEMINI-APIKEY', where: 'header', explanation: 'The X-GEMINI-APIKEY header is missing: Gemini reads the API key from it (InvalidApiKey).' });
    const nonce = nonceText(payload?.json ?? null);
    if (payload !== null && nonce === null) missing.push({ component: 'nonce', where: 'header', explanation: 'The payload in X-GEMINI-PAYLOAD has no "nonce" that is an unsigned integer: Gemini requires an increasing nonce there (InvalidNonce).' });
    const at = nonce === null ? null : nonceTime(nonce);
    const scale = nonce === null ? undefined : UNIT_DIGITS[nonce.length];
    return {
      signature: signature?.trim() ?? null,
      timestamp: nonce !== null && at !== null ? { raw: nonce, atMs: at, units: scale === 's' ? 's' : scale === 'us' || scale === 'ns' ? 'us' : 'ms', where: 'The nonce in X-GEMINI-PAYLOAD (read as a timestamp)' } : null,
      nonce,
      missing,
    };
  },
  unsigned(request) {
    // The payload becomes the body again; one with "request" and "nonce" is signed byte for byte. Its "request" is
    // made the URL path, where Gemini wants it (the one thing changed: a payload naming another path is refused).
    const payload = payloadOf(request);
    const path = pathOf(request);
    let body = payload?.text ?? request.body;
    if (payload?.json && path !== null && typeof payload.json.request === 'string' && payload.json.request !== path) {
      body = payload.text.replace(/("request"\s*:\s*)"(?:[^"\\]|\\.)*"/, (_, head: string) => `${head}${JSON.stringify(path)}`);
    }
    return { request: { ...request, headers: withoutHeaders(request.headers, ADDED), body }, timestamp: null, nonce: nonceText(payload?.json ?? null) };
  },
  withTimestamp: (request, raw) => withPayloadNonce(request, (old) => (/^\d{13}$/.test(raw) ? nowLike(old, Number(raw)) : raw)),
  withNonce: (request, ctx: Pick<SignContext, 'nonce' | 'timestamp'>) => withPayloadNonce(request, (old) => (/^\d{1,20}$/.test(ctx.nonce) ? ctx.nonce : nowLike(old, ctx.timestamp))),
  withSignature: (request, signature) => ({ ...request, headers: withHeaders(request.headers, { 'X-GEMINI-SIGNATURE': signature }) }),
  mac: { hash: 'sha384', key: 'utf8', output: 'hex' },
  *canonicalCandidates(request, canonical): Generator<CanonicalCandidate> {
    // The signature covers the payload as sent (canonical): these are the payload facts Gemini refuses beside it.
    const payload = payloadOf(request);
    const path = pathOf(request);
    if (payload?.json && path !== null && payload.json.request !== path) {
      yield {
        cause: 'path-form',
        detail: `signed a payload whose "request" is ${JSON.stringify(payload.json.request) ?? 'missing'}, but sent it to ${path}: Gemini requires the payload's "request" to be the URL path exactly (no host, no query)`,
        canonical,
      };
    }
    if ((request.body ?? '') !== '') {
      yield {
        cause: 'body-mismatch',
        detail: `sent a body (${preview(request.body ?? '')}) beside X-GEMINI-PAYLOAD: Gemini signs and reads only the payload, so it refuses the body; put the parameters in the payload and send an empty body`,
        canonical,
      };
    }
  },
};
