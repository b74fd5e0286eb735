import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kucoinPassphrase, kucoinV2Scheme as scheme, urlDecoded } from '../../../src-main/signing/schemes/kucoin-v2';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { SignableRequest } from '../../../src-main/signing/types';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';

const DOC = 'https://www.kucoin.com/docs-new/authentication';
const creds = { apiKey: '67b3a1f0c2d4e5f60718293a', secret: 'f03a5284-5c39-4aaa-9b20-dea10bdcf8e3', passphrase: 'api_passphrase' };
const ts = 1_764_300_000_123;
const ctx = { timestamp: ts, nonce: 'unused' };
const b64 = (data: string) => createHmac('sha256', creds.secret).update(data).digest('base64');

describe(`kucoin-v2: the documentation's examples (${DOC})`, () => {
  it('GET /api/v1/deposit-addresses?currency=XBT: the endpoint carries the query and the body is ""', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.kucoin.com/api/v1/deposit-addresses?currency=XBT', headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe('1764300000123GET/api/v1/deposit-addresses?currency=XBT');
    expect(r.signature).toBe(b64(r.canonical));
  });

  it('the Python example: POST /api/v1/deposit-addresses with {"currency": "BTC"}, passphrase HMAC-ed and base64-encoded, KC-API-KEY-VERSION 2', async () => {
    const body = '{"currency": "BTC"}';
    const r = await scheme.sign({ method: 'POST', url: 'https://api.kucoin.com/api/v1/deposit-addresses', headers: { 'Content-Type': 'application/json' }, body }, creds, ctx);
    expect(r.canonical).toBe(`1764300000123POST/api/v1/deposit-addresses${body}`);
    expect(r.request.headers).toEqual({
      'Content-Type': 'application/json',
      'KC-API-KEY': creds.apiKey,
      'KC-API-SIGN': b64(r.canonical),
      'KC-API-TIMESTAMP': '1764300000123',
      'KC-API-PASSPHRASE': b64(creds.passphrase),
      'KC-API-KEY-VERSION': '2',
    });
  });

  it('signs the URL-decoded form: …?passphrase=abc%21%40%2311 is signed as …?passphrase=abc!@#11', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.kucoin.com/api/v1/sub/api-key?apiKey=67b3&subName=test&passphrase=abc%21%40%2311', headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe('1764300000123GET/api/v1/sub/api-key?apiKey=67b3&subName=test&passphrase=abc!@#11');
    expect(r.request.url).toBe('https://api.kucoin.com/api/v1/sub/api-key?apiKey=67b3&subName=test&passphrase=abc%21%40%2311');
  });
});

describe('kucoin-v2: rules', () => {
  it('decodes only well-formed UTF-8 escapes and leaves the rest as typed', () => {
    expect(urlDecoded('/a?x=%E2%82%AC&y=%ZZ&z=%E2%82&w=a+b')).toBe('/a?x=\u20ac&y=%ZZ&z=%E2%82&w=a+b');
  });

  it('signs raw non-ASCII in the query as text (the HTTP client encodes it; KuCoin decodes it again)', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.kucoin.com/api/v1/orders?clientOid=caf\u00e9', headers: {}, body: null }, creds, ctx);
    expect(r.canonicalParts[2]?.value).toBe('/api/v1/orders?clientOid=caf\u00e9');
  });

  it('sends KC-API-KEY-VERSION 3 for v3 keys when asked, with the same passphrase HMAC', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.kucoin.com/api/v1/accounts', headers: {}, body: null }, creds, { ...ctx, options: { keyVersion: '3' } });
    expect(r.request.headers['KC-API-KEY-VERSION']).toBe('3');
    expect(r.request.headers['KC-API-PASSPHRASE']).toBe(kucoinPassphrase(creds.secret, creds.passphrase));
    expect((await scheme.verify(r.request, creds, { now: ts, windowMs: 5000 })).valid).toBe(true);
  });

  it('shows the derivation without the secret, the passphrase or its HMAC', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.kucoin.com/api/v1/accounts', headers: {}, body: null }, creds, ctx);
    const text = JSON.stringify(r.steps);
    for (const hidden of [creds.secret, creds.passphrase, b64(creds.passphrase)]) expect(text).not.toContain(hidden);
  });
});

describe('kucoin-v2: verify', () => {
  const order: SignableRequest = { method: 'POST', url: 'https://api.kucoin.com/api/v1/orders', headers: { 'Content-Type': 'application/json' }, body: '{"clientOid":"\u20ac-1","side":"buy","symbol":"BTC-USDT","type":"limit","price":"65000.5","size":"0.01"}' };

  it('round-trips sign → verify through the library', async () => {
    const s = await signRequest(scheme.id, order, creds, ctx);
    expect(await verifyRequest(scheme.id, s.request, creds, { now: ts + 200 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('rejects every single-byte change to path, query, body and the signed headers', async () => {
    const s = await scheme.sign({ ...order, url: `${order.url}?tradeType=TRADE` }, creds, ctx);
    const changes = singleByteChanges(s.request, { url: 'after-origin', body: true, headers: ['KC-API-KEY', 'KC-API-SIGN', 'KC-API-TIMESTAMP', 'KC-API-PASSPHRASE', 'KC-API-KEY-VERSION'] });
    for (const c of changes) expect((await scheme.verify(c.request, creds, { now: ts, windowMs: 0 })).valid, c.where).toBe(false);
  });

  it('round-trips random requests and rejects single-byte changes (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: creds,
      origin: 'https://api.kucoin.com',
      methods: ['GET', 'POST', 'DELETE'],
      shape: (m) => ({ query: m !== 'POST', body: m === 'POST' }),
      signedParts: (r) => ({ url: 'after-origin', body: r.body !== null, headers: ['KC-API-KEY', 'KC-API-SIGN', 'KC-API-TIMESTAMP', 'KC-API-PASSPHRASE'] }),
      now: ts,
    });
  });

  it('gives reasons a person can act on', async () => {
    const s = await scheme.sign(order, creds, ctx);
    const at = { now: ts, windowMs: 30_000 };
    expect((await scheme.verify(s.request, { ...creds, secret: 'other' }, at)).reason).toMatch(/KC-API-PASSPHRASE is not the HMAC of this key’s passphrase/);
    expect((await scheme.verify({ ...s.request, headers: { ...s.request.headers, 'KC-API-PASSPHRASE': creds.passphrase } }, creds, at)).reason).toMatch(/plain text; v2 keys send base64\(HMAC-SHA256/);
    expect((await scheme.verify({ ...s.request, headers: { ...s.request.headers, 'KC-API-KEY-VERSION': '1' } }, creds, at)).reason).toMatch(/KC-API-KEY-VERSION is "1"/);
    expect((await scheme.verify({ ...s.request, body: '{}' }, creds, at)).reason).toMatch(/does not match the request.*URL-decoded/);
    expect((await scheme.verify(s.request, creds, { now: ts + 31_000, windowMs: 30_000 })).reason).toMatch(/KC-API-TIMESTAMP is 31 s behind now/);
  });
});

describe('kucoin-v2: bad input names the field', () => {
  const req = { method: 'GET', url: 'https://api.kucoin.com/api/v1/accounts', headers: {}, body: null };
  const cases: [string, SignableRequest, Record<string, string>, RegExp, Record<string, string>?][] = [
    ['a missing apiKey', req, { secret: 's', passphrase: 'p' }, /^credentials\.apiKey: /],
    ['a missing secret', req, { apiKey: 'k', passphrase: 'p' }, /^credentials\.secret: /],
    ['a missing passphrase (v2 keys sign it)', req, { apiKey: 'k', secret: 's' }, /^credentials\.passphrase: /],
    ['a malformed URL', { ...req, url: 'https://' }, creds, /^url: /],
    ['a KC-API-TIMESTAMP in seconds with decimals', { ...req, headers: { 'KC-API-TIMESTAMP': '1764300000.5' } }, creds, /^headers\.KC-API-TIMESTAMP: expected epoch milliseconds/],
    ['key version 1', req, creds, /^option keyVersion: expected 2 or 3/, { keyVersion: '1' }],
  ];
  for (const [what, request, credentials, message, options] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, { ...ctx, ...(options ? { options } : {}) })).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
});
