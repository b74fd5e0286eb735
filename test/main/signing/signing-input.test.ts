/**
 * Input from plain-JavaScript callers: every scheme's sign and verify check the
 * request, credentials and options at the engine's entry (define-scheme.ts), so a wrong type is ERR_SIGNING_INPUT
 * naming the field — never a raw TypeError — and a header name or value with CR, LF or NUL is refused by every
 * scheme (aws-sigv4 signed one silently). Values are cast through unknown, as JavaScript would pass them.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../src-main/lib/signing';
import { SCHEMES } from '../../../src-main/signing/registry';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, VerifyOptions } from '../../../src-main/signing/types';
import { expectInputError, thrown } from '../../helpers/expect-input-error';

const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const ED25519 = pem(generateKeyPairSync('ed25519').privateKey);
const RSA = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const EC_P256 = pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const B64 = Buffer.from('a secret of thirty-two bytes....').toString('base64');

const JSON_POST: SignableRequest = { method: 'POST', url: 'https://api.example.com/v1/order', headers: { 'Content-Type': 'application/json' }, body: '{"qty":"1"}' };
const RECIPE = JSON.stringify({ components: [{ type: 'method' }, { type: 'path' }, { type: 'body' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' } });

/** A request and credentials each scheme signs as they are: the one fault each case adds is the only one. */
const FIXTURES: Readonly<Record<string, { credentials: SchemeCredentials; request?: SignableRequest; options?: Record<string, string> }>> = {
  hmac: { credentials: { apiKey: 'k', secret: 's' } },
  'binance-hmac-sha256': { credentials: { apiKey: 'k', secret: 's' }, request: { method: 'POST', url: 'https://api.binance.com/api/v3/order', headers: {}, body: 'symbol=BTCUSDT' } },
  'binance-ed25519': { credentials: { apiKey: 'k', privateKeyPem: ED25519 }, request: { method: 'POST', url: 'https://api.binance.com/api/v3/order', headers: {}, body: 'symbol=BTCUSDT' } },
  'binance-rsa': { credentials: { apiKey: 'k', privateKeyPem: RSA }, request: { method: 'POST', url: 'https://api.binance.com/api/v3/order', headers: {}, body: 'symbol=BTCUSDT' } },
  'kraken-spot': { credentials: { apiKey: 'k', secret: B64 }, request: { method: 'POST', url: 'https://api.kraken.com/0/private/Balance', headers: {}, body: 'asset=XBT' } },
  gemini: { credentials: { apiKey: 'k', secret: 's' }, request: { method: 'POST', url: 'https://api.gemini.com/v1/balances', headers: {}, body: null } },
  'bitfinex-v2': { credentials: { apiKey: 'k', secret: 's' }, request: { method: 'POST', url: 'https://api.bitfinex.com/v2/auth/r/wallets', headers: {}, body: '{}' } },
  'coinbase-exchange-hmac': { credentials: { apiKey: 'k', secret: B64, passphrase: 'p' } },
  'coinbase-advanced-cdp-jwt': { credentials: { apiKey: 'organizations/o/apiKeys/k', privateKeyPem: EC_P256 }, request: { method: 'GET', url: 'https://api.coinbase.com/api/v3/brokerage/accounts', headers: {}, body: null } },
  'okx-v5': { credentials: { apiKey: 'k', secret: 's', passphrase: 'p' } },
  'bybit-v5': { credentials: { apiKey: 'k', secret: 's' } },
  'kucoin-v2': { credentials: { apiKey: 'k', secret: 's', passphrase: 'p' } },
  'aws-sigv4': { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service' } },
  recipe: { credentials: { apiKey: 'k', secret: 's' }, options: { recipe: RECIPE } },
};

const CTX = { timestamp: 1_764_300_000_000, nonce: 'n-1' };

interface Inputs {
  request: unknown;
  credentials: unknown;
  ctx: unknown;
  verify: unknown;
}

/** Each case: what it changes, and the field the error must name (the message starts with it). */
type Fault = readonly [what: string, change: (i: Inputs) => Inputs, field: RegExp];
const withRequest = (f: (r: Record<string, unknown>) => unknown) => (i: Inputs): Inputs => ({ ...i, request: f(i.request as Record<string, unknown>) });
const withHeaders = (extra: Record<string, unknown>) => withRequest((r) => ({ ...r, headers: { ...(r.headers as object), ...extra } }));
const REQUEST_FAULTS: readonly Fault[] = [
  ['no request', (i) => ({ ...i, request: null }), /^request: expected an object .*got null/],
  ['a string for the request', (i) => ({ ...i, request: 'GET /' }), /^request: expected an object .*got string/],
  ['a number method', withRequest((r) => ({ ...r, method: 5 })), /^method: expected a string .*got number/],
  ['no method', withRequest((r) => ({ ...r, method: undefined })), /^method: expected a string .*got undefined/],
  ['an undefined url', withRequest((r) => ({ ...r, url: undefined })), /^url: expected a string .*got undefined/],
  ['an object url', withRequest((r) => ({ ...r, url: new URL('https://h/') })), /^url: expected a string .*got object/],
  ['null headers', withRequest((r) => ({ ...r, headers: null })), /^headers: expected an object .*got null/],
  ['an array of headers', withRequest((r) => ({ ...r, headers: ['X-Foo: 1'] })), /^headers: expected an object .*got array/],
  ['a number header value', withHeaders({ 'x-foo': 5 }), /^headers\.x-foo: expected a string, got number/],
  ['a null header value', withHeaders({ 'X-Foo': null }), /^headers\.X-Foo: expected a string, got null/],
  ['CR LF in a header value', withHeaders({ 'X-Foo': 'a\r\nX-Injected: 1' }), /^headers\.X-Foo: .*CR, LF or NUL/],
  ['LF in a header value', withHeaders({ 'X-Foo': 'a\nb' }), /^headers\.X-Foo: .*CR, LF or NUL/],
  ['NUL in a header value', withHeaders({ 'X-Foo': 'a\0b' }), /^headers\.X-Foo: .*CR, LF or NUL/],
  ['CR LF in a header name', withHeaders({ 'X-Foo\r\nX-Injected': 'v' }), /^headers\.X-Foo\\r\\nX-Injected: .*name .*CR, LF or NUL/],
  ['an object body', withRequest((r) => ({ ...r, body: { qty: 1 } })), /^body: expected a string or null, got object/],
  ['a number body', withRequest((r) => ({ ...r, body: 5 })), /^body: expected a string or null, got number/],
  ['an undefined body', withRequest((r) => ({ ...r, body: undefined })), /^body: expected a string or null, got undefined/],
  ['null credentials', (i) => ({ ...i, credentials: null }), /^credentials: expected an object .*got null/],
  ['a string for the credentials', (i) => ({ ...i, credentials: 'secret' }), /^credentials: expected an object .*got string/],
  ['a null passphrase', (i) => ({ ...i, credentials: { ...(i.credentials as object), passphrase: null } }), /^credentials\.passphrase: expected a string, got null/],
  ['a number session token', (i) => ({ ...i, credentials: { ...(i.credentials as object), sessionToken: 7 } }), /^credentials\.sessionToken: expected a string, got number/],
];
const SIGN_FAULTS: readonly Fault[] = [
  ['no context', (i) => ({ ...i, ctx: null }), /^context: expected an object .*got null/],
  ['a string timestamp', (i) => ({ ...i, ctx: { ...(i.ctx as object), timestamp: '1764300000000' } }), /^timestamp: expected epoch milliseconds/],
  ['a NaN timestamp', (i) => ({ ...i, ctx: { ...(i.ctx as object), timestamp: Number.NaN } }), /^timestamp: expected epoch milliseconds/],
  ['a number nonce', (i) => ({ ...i, ctx: { ...(i.ctx as object), nonce: 5 } }), /^nonce: expected a string, got number/],
  ['string options', (i) => ({ ...i, ctx: { ...(i.ctx as object), options: 'recipe' } }), /^options: expected an object .*got string/],
  ['a number option', (i) => ({ ...i, ctx: { ...(i.ctx as object), options: { ...((i.ctx as SignContext).options ?? {}), recipe: 5 } } }), /^option recipe: expected a string, got number/],
];
const VERIFY_FAULTS: readonly Fault[] = [
  ['no verify options', (i) => ({ ...i, verify: null }), /^verify options: expected an object .*got null/],
  ['a string now', (i) => ({ ...i, verify: { ...(i.verify as object), now: 'now' } }), /^now: expected epoch milliseconds/],
  ['a NaN window', (i) => ({ ...i, verify: { ...(i.verify as object), windowMs: Number.NaN } }), /^windowMs: expected/],
  ['a negative window', (i) => ({ ...i, verify: { ...(i.verify as object), windowMs: -1 } }), /^windowMs: expected/],
  ['a null option', (i) => ({ ...i, verify: { ...(i.verify as object), options: { ...((i.verify as VerifyOptions).options ?? {}), recipe: null } } }), /^option recipe: expected a string, got null/],
];

function inputsFor(scheme: Scheme): Inputs {
  const f = FIXTURES[scheme.id];
  if (!f) throw new Error(`no fixture for ${scheme.id}: add one`);
  const options = f.options ? { options: f.options } : {};
  return { request: f.request ?? JSON_POST, credentials: f.credentials, ctx: { ...CTX, ...options }, verify: { now: CTX.timestamp, windowMs: 30_000, ...options } };
}

describe('signing input: every scheme checks its input at the entry (plain-JavaScript callers)', () => {
  it('has a fixture for every scheme, and each signs and verifies as it is', async () => {
    for (const scheme of SCHEMES) {
      const i = inputsFor(scheme);
      const signed = await scheme.sign(i.request as SignableRequest, i.credentials as SchemeCredentials, i.ctx as SignContext);
      expect((await scheme.verify(signed.request, i.credentials as SchemeCredentials, i.verify as VerifyOptions)).valid, scheme.id).toBe(true);
    }
  });

  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: a wrong type or a line break anywhere in the input is ERR_SIGNING_INPUT naming the field, never a TypeError', async (_id, scheme) => {
    for (const [what, change, field] of [...REQUEST_FAULTS, ...SIGN_FAULTS]) {
      const i = change(inputsFor(scheme));
      expectInputError(await thrown(() => scheme.sign(i.request as SignableRequest, i.credentials as SchemeCredentials, i.ctx as SignContext)), field, `${scheme.id} sign: ${what}`);
    }
    for (const [what, change, field] of [...REQUEST_FAULTS, ...VERIFY_FAULTS]) {
      const i = change(inputsFor(scheme));
      expectInputError(await thrown(() => scheme.verify(i.request as SignableRequest, i.credentials as SchemeCredentials, i.verify as VerifyOptions)), field, `${scheme.id} verify: ${what}`);
    }
    // Each credential field the scheme reads, as a number.
    for (const name of scheme.credentials.flat()) {
      const i = inputsFor(scheme);
      const credentials = { ...(i.credentials as object), [name]: 42 } as unknown as SchemeCredentials;
      expectInputError(await thrown(() => scheme.sign(i.request as SignableRequest, credentials, i.ctx as SignContext)), new RegExp(`^credentials\\.${name}: expected a string, got number`), `${scheme.id}: credentials.${name}`);
    }
  });

  it('refuses a SigV4 header value with CR or LF (it was signed silently)', async () => {
    const i = inputsFor(SCHEMES.find((s) => s.id === 'aws-sigv4')!);
    const request = { ...(i.request as SignableRequest), headers: { 'X-Amz-Meta-Note': 'ok\r\nX-Amz-Security-Token: forged' } };
    await expect(signRequest('aws-sigv4', request, i.credentials as SchemeCredentials, CTX)).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^headers\.X-Amz-Meta-Note: must not contain CR, LF or NUL/) });
  });
});
