import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { okxV5Scheme as scheme } from '../../../src-main/signing/schemes/okx-v5';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { SignableRequest } from '../../../src-main/signing/types';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';

const DOC = 'https://www.okx.com/docs-v5/en/#overview-rest-authentication-making-requests';
// The SecretKey is hex-looking text (the docs' example has this shape); OKX uses it as text, not decoded.
const creds = { apiKey: '985d5b66-57ce-40fb-b714-afc0b9787083', secret: '22582BD0CFF14C41EDBF1AB98506286D', passphrase: 'Pa$$phrase-1' };
const DOC_TS = Date.parse('2020-12-08T09:08:57.715Z');
const ctx = { timestamp: DOC_TS, nonce: 'unused' };
const okSign = (prehash: string) => createHmac('sha256', creds.secret).update(prehash).digest('base64');

describe(`okx-v5: the documentation's examples (${DOC})`, () => {
  it('GET /api/v5/account/balance?ccy=BTC at 2020-12-08T09:08:57.715Z: the query is part of requestPath, not body', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://www.okx.com/api/v5/account/balance?ccy=BTC', headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe('2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC');
    expect(r.signature).toBe(okSign(r.canonical));
    expect(r.request.headers).toEqual({ 'OK-ACCESS-KEY': creds.apiKey, 'OK-ACCESS-SIGN': r.signature, 'OK-ACCESS-TIMESTAMP': '2020-12-08T09:08:57.715Z', 'OK-ACCESS-PASSPHRASE': creds.passphrase });
  });

  it('POST with the documented body {"instId":"BTC-USDT","lever":"5","mgnMode":"isolated"} signs it verbatim', async () => {
    const body = '{"instId":"BTC-USDT","lever":"5","mgnMode":"isolated"}';
    const r = await scheme.sign({ method: 'post', url: 'https://www.okx.com/api/v5/account/set-leverage', headers: { 'Content-Type': 'application/json' }, body }, creds, ctx);
    expect(r.canonical).toBe(`2020-12-08T09:08:57.715ZPOST/api/v5/account/set-leverage${body}`);
    expect(r.signature).toBe(okSign(r.canonical));
    expect(r.canonicalParts.map((p) => p.value).join('')).toBe(r.canonical);
  });

  it('uses the SecretKey as text (its UTF-8 bytes), not hex-decoded', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://www.okx.com/api/v5/account/balance', headers: {}, body: null }, creds, ctx);
    expect(r.signature).not.toBe(createHmac('sha256', Buffer.from(creds.secret, 'hex')).update(r.canonical).digest('base64'));
  });
});

describe('okx-v5: rules', () => {
  it('formats the clock as ISO 8601 UTC with milliseconds, and signs an OK-ACCESS-TIMESTAMP already on the request as given', async () => {
    const fromClock = await scheme.sign({ method: 'GET', url: 'https://www.okx.com/api/v5/account/balance', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_007, nonce: 'n' });
    expect(fromClock.request.headers['OK-ACCESS-TIMESTAMP']).toBe('2025-11-28T03:20:00.007Z');
    const given = await scheme.sign({ method: 'GET', url: 'https://www.okx.com/api/v5/account/balance', headers: { 'OK-ACCESS-TIMESTAMP': '2020-12-08T09:08:57.715Z' }, body: null }, creds, { timestamp: 1_764_300_000_007, nonce: 'n' });
    expect(given.canonical.startsWith('2020-12-08T09:08:57.715ZGET')).toBe(true);
  });

  it('signs the query as sent: raw non-ASCII percent-encoded', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://www.okx.com/api/v5/asset/currencies?ccy=BTC,ETH&note=\u20ac', headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe('2020-12-08T09:08:57.715ZGET/api/v5/asset/currencies?ccy=BTC,ETH&note=%E2%82%AC');
  });

  it('shows the derivation without the secret or the passphrase', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://www.okx.com/api/v5/account/balance', headers: {}, body: null }, creds, ctx);
    const text = JSON.stringify(r.steps);
    expect(text).not.toContain(creds.secret);
    expect(text).not.toContain(creds.passphrase);
    expect(r.steps[2]).toMatchObject({ label: 'Base64 of the digest (OK-ACCESS-SIGN)', value: r.signature });
  });
});

describe('okx-v5: verify', () => {
  const order: SignableRequest = { method: 'POST', url: 'https://www.okx.com/api/v5/trade/order', headers: { 'Content-Type': 'application/json' }, body: '{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit","px":"2.15","sz":"2"}' };

  it('round-trips sign → verify through the library', async () => {
    const s = await signRequest(scheme.id, order, creds, { timestamp: 1_764_300_000_000 });
    expect(await verifyRequest(scheme.id, s.request, creds, { now: 1_764_300_000_400 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('rejects every single-byte change to path, body, and the key, timestamp, passphrase and signature headers', async () => {
    const s = await scheme.sign({ ...order, url: `${order.url}?x=1` }, creds, ctx);
    const changes = singleByteChanges(s.request, { url: 'after-origin', body: true, headers: ['OK-ACCESS-KEY', 'OK-ACCESS-TIMESTAMP', 'OK-ACCESS-PASSPHRASE', 'OK-ACCESS-SIGN'] });
    for (const c of changes) expect((await scheme.verify(c.request, creds, { now: DOC_TS, windowMs: 0 })).valid, c.where).toBe(false);
  });

  it('round-trips random requests and rejects single-byte changes (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: creds,
      origin: 'https://www.okx.com',
      methods: ['GET', 'POST'],
      shape: (m) => ({ query: m === 'GET', body: m === 'POST' }),
      signedParts: (r) => ({ url: 'after-origin', body: r.body !== null, headers: ['OK-ACCESS-KEY', 'OK-ACCESS-TIMESTAMP', 'OK-ACCESS-PASSPHRASE', 'OK-ACCESS-SIGN'] }),
      now: 1_764_300_000_000,
    });
  });

  it('gives reasons a person can act on', async () => {
    const s = await scheme.sign(order, creds, ctx);
    const at = { now: DOC_TS, windowMs: 30_000 };
    expect((await scheme.verify(s.request, { ...creds, secret: 'other' }, at)).reason).toMatch(/does not match the request: check the SecretKey/);
    expect((await scheme.verify(s.request, { ...creds, apiKey: 'other' }, at)).reason).toMatch(/not this key/);
    expect((await scheme.verify(s.request, { ...creds, passphrase: 'other' }, at)).reason).toMatch(/OK-ACCESS-PASSPHRASE is not this key’s passphrase/);
    expect((await scheme.verify({ ...s.request, headers: { ...s.request.headers, 'OK-ACCESS-TIMESTAMP': '1607418537715' } }, creds, at)).reason).toMatch(/not ISO 8601 with milliseconds/);
    expect((await scheme.verify(s.request, creds, { now: DOC_TS - 40_000, windowMs: 30_000 })).reason).toMatch(/OK-ACCESS-TIMESTAMP is 40 s ahead of now; the window is ±30 s/);
  });
});

describe('okx-v5: bad input names the field', () => {
  const req = { method: 'GET', url: 'https://www.okx.com/api/v5/account/balance', headers: {}, body: null };
  const cases: [string, SignableRequest, Record<string, string>, RegExp][] = [
    ['a missing apiKey', req, { secret: 's', passphrase: 'p' }, /^credentials\.apiKey: /],
    ['a missing secret', req, { apiKey: 'k', passphrase: 'p' }, /^credentials\.secret: /],
    ['a missing passphrase', req, { apiKey: 'k', secret: 's' }, /^credentials\.passphrase: /],
    ['a malformed URL', { ...req, url: 'www.okx.com/api/v5/account/balance' }, creds, /^url: /],
    ['an OK-ACCESS-TIMESTAMP without milliseconds', { ...req, headers: { 'OK-ACCESS-TIMESTAMP': '2020-12-08T09:08:57Z' } }, creds, /^headers\.OK-ACCESS-TIMESTAMP: expected ISO 8601 UTC with milliseconds/],
    ['a method that is not a word', { ...req, method: 'GET /' }, creds, /^method: /],
  ];
  for (const [what, request, credentials, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, ctx)).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
});
