/**
 * Kraken, Gemini, Bitfinex, AWS SigV4, Coinbase CDP JWTs and recipes through the diagnosis engine: per scheme, every
 * client mistake that applies to it (scheme-case.ts), made the way clients make them.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { SchemeCredentials, SignableRequest } from '../../../../src-main/signing/types';
import { getScheme } from '../../../../src-main/signing/registry';
import { debugModel } from '../../../../src-main/signing/debug/models';
import { describeSchemeCases, withoutHeader, type Maker, type SchemeCase } from './scheme-case';
import type { MistakeInput } from './mistakes';

const word = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/);
const value = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
const alnum = (n: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`));
const base64Secret = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));
const jsonBody = fc.dictionary(word, fc.oneof(value, fc.integer({ min: 0, max: 10_000 })), { minKeys: 1, maxKeys: 4 }).map((o) => JSON.stringify(o));
const formBody = fc.uniqueArray(fc.tuple(word, value), { minLength: 1, maxLength: 4, selector: ([k]) => k }).map((pairs) => pairs.filter(([k]) => k !== 'nonce').map(([k, v]) => `${k}=${v}`).join('&'));

const sign = (input: MistakeInput, request: SignableRequest = input.unsigned, credentials: SchemeCredentials = input.credentials) => Promise.resolve(getScheme(input.schemeId).sign(request, credentials, input.ctx));

/** The request as signed for `sent`, carrying the signature made for `variant`. */
async function signedFor(input: MistakeInput, variant: SignableRequest) {
  const [right, wrong] = await Promise.all([sign(input), sign(input, variant)]);
  if (right.signature === wrong.signature) return null;
  return { request: debugModel(input.schemeId).withSignature(right.request, wrong.signature) };
}

const withPath = (url: string, path: string) => url.replace(/^(https?:\/\/[^/]+)[^?#]*/, `$1${path}`);

// ───────────── Kraken ─────────────
const krakenUrl = fc.constantFrom('AddOrder', 'Balance', 'CancelOrder', 'OpenOrders').map((e) => `https://api.kraken.com/0/private/${e}`);
const krakenMac = {
  hash: 'sha512' as const,
  key: (s: string) => Buffer.from(s, 'base64'),
  output: 'base64' as const,
  message: (canonical: string, r: { request: SignableRequest }) => Buffer.concat([Buffer.from(new URL(r.request.url).pathname), createHash('sha256').update(canonical).digest()]),
};
const krakenPathForm: Maker = (input) => signedFor(input, { ...input.unsigned, url: input.unsigned.url.replace('/0/private', '') });
/** A client that builds {nonce, …params}, signs it pretty-printed and sends it compact. */
const krakenJsonPretty: Maker = (input) => {
  const params = JSON.parse(input.unsigned.body ?? '{}') as Record<string, unknown>;
  return signedFor(input, { ...input.unsigned, body: JSON.stringify({ nonce: String(input.ctx.timestamp), ...params }, null, 2) });
};
const krakenCauses = ['path-form', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'replayed-nonce', 'wrong-secret', 'missing-component'] as const;
const krakenCredentials = fc.record({ apiKey: alnum(56), secret: base64Secret });

// ───────────── Gemini ─────────────
const geminiUrl = fc.constantFrom('/v1/order/new', '/v1/mytrades', '/v1/balances', '/v1/order/status').map((p) => `https://api.gemini.com${p}`);
const geminiPathForm: Maker = async (input) => {
  const path = new URL(input.unsigned.url).pathname;
  const other = path === '/v1/order/status' ? '/v1/order/new' : '/v1/order/status';
  const r = await sign(input, { ...input.unsigned, url: withPath(input.unsigned.url, other) });
  return { request: { ...r.request, url: input.unsigned.url } };
};
const geminiBody: Maker = async (input) => {
  if (!input.unsigned.body) return null;
  const r = await sign(input);
  return { request: { ...r.request, body: input.unsigned.body } };
};

// ───────────── Bitfinex ─────────────
const bitfinexUrl = fc.constantFrom('v2/auth/r/wallets', 'v2/auth/w/order/submit', 'v2/auth/r/orders').map((p) => `https://api.bitfinex.com/${p}`);

const CASES: SchemeCase[] = [
  {
    label: 'kraken-spot (form body)',
    schemeId: 'kraken-spot',
    request: fc.record({ url: krakenUrl, body: fc.option(formBody, { nil: null, freq: 5 }) }).map(({ url, body }) => ({ method: 'POST', url, headers: {}, body })),
    credentials: krakenCredentials,
    mac: { ...krakenMac, edits: { 'body-mismatch': (r) => `${r.canonicalParts[0]!.value}${(r.request.body ?? '').split('&').filter((p) => !p.startsWith('nonce=')).join('&')}` } },
    causes: krakenCauses,
    makers: { 'path-form': krakenPathForm },
    withoutPart: withoutHeader('API-Key'),
  },
  {
    label: 'kraken-spot (JSON body)',
    schemeId: 'kraken-spot',
    request: fc.record({ url: krakenUrl, body: jsonBody }).map(({ url, body }) => ({ method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body })),
    credentials: krakenCredentials,
    mac: krakenMac,
    causes: krakenCauses,
    makers: { 'path-form': krakenPathForm, 'body-mismatch': krakenJsonPretty },
    withoutPart: (r) => ({ ...r, body: (r.body ?? '').replace(/"nonce":"\d+",?/, '') }),
  },
  {
    label: 'gemini',
    schemeId: 'gemini',
    request: fc.record({ url: geminiUrl, body: fc.option(jsonBody, { nil: null, freq: 5 }) }).map(({ url, body }) => ({ method: 'POST', url, headers: {}, body })),
    credentials: fc.record({ apiKey: fc.stringMatching(/^account-[A-Za-z0-9]{20}$/), secret: alnum(28) }),
    mac: { hash: 'sha384', key: (s) => Buffer.from(s, 'utf8'), output: 'hex' },
    causes: ['path-form', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'timestamp-skew', 'replayed-nonce', 'wrong-secret', 'missing-component'],
    makers: { 'path-form': geminiPathForm, 'body-mismatch': geminiBody },
    withoutPart: withoutHeader('X-GEMINI-APIKEY'),
  },
  {
    label: 'bitfinex-v2',
    schemeId: 'bitfinex-v2',
    request: fc.record({ url: bitfinexUrl, body: fc.option(jsonBody, { nil: null, freq: 5 }) }).map(({ url, body }) => ({ method: 'POST', url, headers: {}, body })),
    credentials: fc.record({ apiKey: alnum(43), secret: alnum(44) }),
    mac: { hash: 'sha384', key: (s) => Buffer.from(s, 'utf8'), output: 'hex', edits: { 'path-form': (r) => r.canonical.slice('/api/'.length) } },
    causes: ['path-form', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'replayed-nonce', 'wrong-secret', 'missing-component'],
    withoutPart: withoutHeader('bfx-apikey'),
  },
];

void createHmac;
describeSchemeCases(CASES);
