import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { coinbaseExchangeHmacScheme as scheme } from '../../../src-main/signing/schemes/coinbase-exchange-hmac';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { SignableRequest } from '../../../src-main/signing/types';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';

const DOC = 'https://docs.cdp.coinbase.com/exchange/rest-api/authentication';
// A 64-byte secret, base64, shaped like the ones Coinbase Exchange issues.
const creds = { apiKey: 'f0d4b1c2e3a4958677869504a3b2c1d0', secret: createHash('sha512').update('signet coinbase exchange test').digest('base64'), passphrase: 'correct horse' };
const ctx = { timestamp: 1_764_300_000_123, nonce: 'unused' };
const cbSign = (prehash: string) => createHmac('sha256', Buffer.from(creds.secret, 'base64')).update(prehash).digest('base64');

describe(`coinbase-exchange-hmac: the documented rules (${DOC})`, () => {
  it('signs timestamp + METHOD + requestPath + body with the base64-DECODED secret, base64 output ("Signing a Message", POST /orders)', async () => {
    const body = '{"price":"1.0","size":"1.0","side":"buy","product_id":"BTC-USD"}';
    const r = await scheme.sign({ method: 'post', url: 'https://api.exchange.coinbase.com/orders', headers: { 'Content-Type': 'application/json' }, body }, creds, ctx);
    expect(r.canonical).toBe(`1764300000POST/orders${body}`);
    expect(r.signature).toBe(cbSign(r.canonical));
    expect(r.signature).not.toBe(createHmac('sha256', creds.secret).update(r.canonical).digest('base64'));
    expect(r.request).toEqual({
      method: 'POST',
      url: 'https://api.exchange.coinbase.com/orders',
      headers: { 'Content-Type': 'application/json', 'CB-ACCESS-KEY': creds.apiKey, 'CB-ACCESS-SIGN': r.signature, 'CB-ACCESS-TIMESTAMP': '1764300000', 'CB-ACCESS-PASSPHRASE': creds.passphrase },
      body,
    });
    expect(r.canonicalParts.map((p) => p.value)).toEqual(['1764300000', 'POST', '/orders', body]);
  });

  it('includes the query string in requestPath and omits the body of a GET (the Exchange signs /orders?status=open)', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.exchange.coinbase.com/orders?status=open&limit=10', headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe('1764300000GET/orders?status=open&limit=10');
    expect(r.signature).toBe(cbSign(r.canonical));
  });

  it('signs the path as sent: raw non-ASCII and spaces percent-encoded, as the HTTP client sends them', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.exchange.coinbase.com/profiles?name=caf\u00e9 bar', headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe('1764300000GET/profiles?name=caf%C3%A9%20bar');
  });

  it('signs a CB-ACCESS-TIMESTAMP already on the request as given, decimal seconds included', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.exchange.coinbase.com/accounts', headers: { 'cb-access-timestamp': '1764300000.123' }, body: null }, creds, ctx);
    expect(r.canonical).toBe('1764300000.123GET/accounts');
    expect(r.request.headers['CB-ACCESS-TIMESTAMP']).toBe('1764300000.123');
    expect(r.request.headers['cb-access-timestamp']).toBeUndefined();
    expect((await scheme.verify(r.request, creds, { now: 1_764_300_001_000, windowMs: 30_000 })).valid).toBe(true);
  });

  it('shows the derivation without the secret or the passphrase', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.exchange.coinbase.com/accounts', headers: {}, body: null }, creds, ctx);
    expect(r.steps.map((s) => s.label)).toEqual(['Prehash: timestamp + METHOD + requestPath + body', 'HMAC-SHA256 keyed with the base64-decoded secret', 'Base64 of the digest (CB-ACCESS-SIGN)', 'Headers added']);
    const text = JSON.stringify(r.steps);
    expect(text).not.toContain(creds.secret);
    expect(text).not.toContain(Buffer.from(creds.secret, 'base64').toString('hex'));
    expect(text).not.toContain(creds.passphrase);
  });
});

describe('coinbase-exchange-hmac: verify', () => {
  const order: SignableRequest = { method: 'POST', url: 'https://api.exchange.coinbase.com/orders?client=%E2%82%AC1', headers: {}, body: '{"size":"0.01","price":"65000.5","side":"buy","product_id":"BTC-USD"}' };

  it('round-trips sign → verify through the library', async () => {
    const s = await signRequest(scheme.id, order, creds, ctx);
    expect(await verifyRequest(scheme.id, s.request, creds, { now: ctx.timestamp + 500 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('rejects every single-byte change to path, query, body, and the key, timestamp, passphrase and signature headers', async () => {
    const s = await scheme.sign(order, creds, ctx);
    const changes = singleByteChanges(s.request, { url: 'after-origin', body: true, headers: ['CB-ACCESS-KEY', 'CB-ACCESS-TIMESTAMP', 'CB-ACCESS-PASSPHRASE', 'CB-ACCESS-SIGN'] });
    expect(changes.length).toBeGreaterThan(150);
    for (const c of changes) expect((await scheme.verify(c.request, creds, { now: ctx.timestamp, windowMs: 0 })).valid, c.where).toBe(false);
    expect((await scheme.verify({ ...s.request, method: 'PUT' }, creds, { now: ctx.timestamp, windowMs: 0 })).valid).toBe(false);
  });

  it('round-trips random requests and rejects single-byte changes (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: creds,
      origin: 'https://api.exchange.coinbase.com',
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      shape: (m) => ({ query: true, body: m !== 'GET' }),
      signedParts: () => ({ url: 'after-origin', body: true, headers: ['CB-ACCESS-KEY', 'CB-ACCESS-TIMESTAMP', 'CB-ACCESS-PASSPHRASE', 'CB-ACCESS-SIGN'] }),
      now: ctx.timestamp,
    });
  });

  it('gives reasons a person can act on', async () => {
    const s = await scheme.sign(order, creds, ctx);
    const at = { now: ctx.timestamp, windowMs: 30_000 };
    expect((await scheme.verify(s.request, { ...creds, secret: Buffer.alloc(64, 1).toString('base64') }, at)).reason).toMatch(/does not match the request: check the secret \(base64-decoded/);
    expect((await scheme.verify(s.request, { ...creds, apiKey: 'another' }, at)).reason).toMatch(/names API key "f0d4.*", not this key/);
    expect((await scheme.verify(s.request, { ...creds, passphrase: 'wrong' }, at)).reason).toMatch(/CB-ACCESS-PASSPHRASE is not this key’s passphrase/);
    expect((await scheme.verify({ ...s.request, headers: {} }, creds, at)).reason).toMatch(/CB-ACCESS-SIGN header is missing/);
    expect((await scheme.verify({ ...s.request, headers: { ...s.request.headers, 'CB-ACCESS-TIMESTAMP': '2025-01-01' } }, creds, at)).reason).toMatch(/"2025-01-01", not Unix seconds/);
    expect((await scheme.verify(s.request, creds, { now: ctx.timestamp + 45_000, windowMs: 30_000 })).reason).toMatch(/CB-ACCESS-TIMESTAMP is 45.1 s behind now; the window is ±30 s/);
    expect((await scheme.verify(s.request, creds, { now: ctx.timestamp + 45_000, windowMs: 0 })).valid).toBe(true);
  });
});

describe('coinbase-exchange-hmac: bad input names the field', () => {
  const req = { method: 'GET', url: 'https://api.exchange.coinbase.com/accounts', headers: {}, body: null };
  const cases: [string, SignableRequest, Record<string, string>, RegExp, Record<string, string>?][] = [
    ['a missing apiKey', req, { secret: creds.secret, passphrase: 'p' }, /^credentials\.apiKey: /],
    ['a missing secret', req, { apiKey: 'k', passphrase: 'p' }, /^credentials\.secret: /],
    ['a missing passphrase', req, { apiKey: 'k', secret: creds.secret }, /^credentials\.passphrase: /],
    ['a secret that is not base64', req, { ...creds, secret: 'not base64!' }, /^credentials\.secret: expected base64/],
    ['a malformed URL', { ...req, url: '/accounts' }, creds, /^url: expected an absolute http\(s\) URL/],
    ['a CB-ACCESS-TIMESTAMP that is not seconds', { ...req, headers: { 'CB-ACCESS-TIMESTAMP': 'now' } }, creds, /^headers\.CB-ACCESS-TIMESTAMP: expected Unix seconds/],
    ['an option it does not take', req, creds, /^option algorithm: the coinbase-exchange-hmac scheme takes no options/, { algorithm: 'x' }],
  ];
  for (const [what, request, credentials, message, options] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, { ...ctx, ...(options ? { options } : {}) })).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
});
