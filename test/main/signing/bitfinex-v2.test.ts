import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bitfinexV2Scheme as scheme } from '../../../src-main/signing/schemes/bitfinex-v2';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';

const DOC = 'https://docs.bitfinex.com/docs/rest-auth';
const creds = { apiKey: 'bfx-key-123', secret: 'bfx-secret-456' };

/** The docs' example, written out: CryptoJS.HmacSHA384(`/api/${apiPath}${nonce}${JSON.stringify(body)}`, apiSecret).toString(). */
function docsSignature(apiPath: string, nonce: string, body: unknown): string {
  return createHmac('sha384', creds.secret).update(`/api/${apiPath}${nonce}${JSON.stringify(body)}`).digest('hex');
}

describe(`bitfinex-v2: the docs' example (${DOC})`, () => {
  it('signs v2/auth/r/wallets with an empty body, the nonce being Date.now() * 1000 (the timestamp in µs)', async () => {
    const r = await signRequest('bitfinex-v2', { method: 'POST', url: 'https://api.bitfinex.com/v2/auth/r/wallets', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_123 });
    expect(r.canonical).toBe('/api/v2/auth/r/wallets1764300000123000{}');
    expect(r.signature).toBe(docsSignature('v2/auth/r/wallets', '1764300000123000', {}));
    expect(r.request).toEqual({
      method: 'POST',
      url: 'https://api.bitfinex.com/v2/auth/r/wallets',
      headers: { 'Content-Type': 'application/json', 'bfx-nonce': '1764300000123000', 'bfx-apikey': creds.apiKey, 'bfx-signature': r.signature },
      body: '{}',
    });
    expect(r.canonicalParts).toEqual([
      { label: 'the prefix "/api/"', value: '/api/' },
      { label: 'API path (the URL path without its leading "/")', value: 'v2/auth/r/wallets' },
      { label: 'nonce (bfx-nonce)', value: '1764300000123000' },
      { label: 'body (JSON, as sent)', value: '{}' },
    ]);
    expect(r.steps[0]?.note).toBe('nonce: the timestamp in microseconds, as the docs do (the nonce given is not an unsigned integer)');
  });

  it('signs a body with parameters as sent, as the official client does for order submission', async () => {
    const body = { type: 'EXCHANGE LIMIT', symbol: 'tBTCUSD', price: '65000', amount: '0.01' };
    const r = await scheme.sign({ method: 'POST', url: 'https://api.bitfinex.com/v2/auth/w/order/submit', headers: {}, body: JSON.stringify(body) }, creds, { timestamp: 0, nonce: '1764300000123456' });
    expect(r.signature).toBe(docsSignature('v2/auth/w/order/submit', '1764300000123456', body));
    const spaced = '{ "symbol": "tBTCUSD" }';
    const s = await scheme.sign({ method: 'POST', url: 'https://api.bitfinex.com/v2/auth/r/orders/tBTCUSD/hist', headers: {}, body: spaced }, creds, { timestamp: 0, nonce: '1' });
    expect(s.canonical).toBe(`/api/v2/auth/r/orders/tBTCUSD/hist1${spaced}`);
    expect(s.request.body).toBe(spaced);
  });

  it('uses a bfx-nonce header the request already has, and keeps a query string in the signed path', async () => {
    const r = await scheme.sign({ method: 'POST', url: 'https://api.bitfinex.com/v2/auth/r/ledgers/hist?limit=5', headers: { 'bfx-nonce': '99' }, body: null }, creds, { timestamp: 1, nonce: '5' });
    expect(r.canonical).toBe('/api/v2/auth/r/ledgers/hist?limit=599{}');
    expect(r.request.url).toBe('https://api.bitfinex.com/v2/auth/r/ledgers/hist?limit=5');
    expect(r.request.headers['bfx-nonce']).toBe('99');
  });
});

describe('bitfinex-v2: verify', () => {
  const signed = () => signRequest('bitfinex-v2', { method: 'POST', url: 'https://api.bitfinex.com/v2/auth/w/order/submit', headers: {}, body: '{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","price":"65000","amount":"0.01","meta":{"note":"ünïcode"}}' }, creds, { timestamp: 1_764_300_000_000 });

  it('round-trips sign → verify, with no time window (Bitfinex checks increasing nonces, not a clock)', async () => {
    const s = await signed();
    expect(await verifyRequest('bitfinex-v2', s.request, creds, { now: 1_999_999_999_999 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('round-trips random paths and unicode JSON bodies; any single-byte change to the path, body or bfx headers fails (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: creds,
      origin: 'https://api.bitfinex.com',
      methods: ['POST'],
      shape: () => ({ query: false, body: true }),
      signedParts: () => ({ url: 'after-origin', body: true, headers: ['bfx-nonce', 'bfx-signature', 'bfx-apikey'] }),
      now: 1_764_300_000_000,
    });
  });

  it('rejects every single-byte change to the path, the body, bfx-nonce, bfx-signature and bfx-apikey', async () => {
    const s = await signed();
    const changes = singleByteChanges(s.request, { url: 'after-origin', body: true, headers: ['bfx-nonce', 'bfx-signature', 'bfx-apikey'] });
    expect(changes.length).toBeGreaterThan(200);
    for (const c of changes) expect((await scheme.verify(c.request, creds, { now: 0, windowMs: 0 })).valid, c.where).toBe(false);
  });

  it('gives reasons a person can act on', async () => {
    const s = await signed();
    const v = (request: typeof s.request, c = creds) => scheme.verify(request, c, { now: 0, windowMs: 0 });
    expect((await v(s.request, { ...creds, secret: 'other' })).reason).toMatch(/bfx-signature does not match: check the API secret/);
    expect((await v({ ...s.request, headers: {} })).reason).toMatch(/bfx-nonce header is missing/);
    expect((await v({ ...s.request, headers: { 'bfx-nonce': '1' } })).reason).toBe('The bfx-signature header is missing.');
    expect((await v(s.request, { ...creds, apiKey: 'someone-else' })).reason).toMatch(/not this key/);
  });
});

describe('bitfinex-v2: bad input names the field', () => {
  const req = { method: 'POST', url: 'https://api.bitfinex.com/v2/auth/r/wallets', headers: {}, body: null };
  const ctx = { timestamp: 1_764_300_000_000, nonce: '1' };
  const cases: [string, Parameters<typeof scheme.sign>[0], Parameters<typeof scheme.sign>[1], RegExp][] = [
    ['a missing apiKey', req, { secret: 's' }, /^credentials\.apiKey: /],
    ['a missing secret', req, { apiKey: 'k' }, /^credentials\.secret: /],
    ['a GET', { ...req, method: 'GET' }, creds, /^method: Bitfinex authenticated endpoints are POST, not GET/],
    ['a form body', { ...req, body: 'symbol=tBTCUSD' }, creds, /^body: expected a JSON object .*; this is not JSON/],
    ['a JSON array', { ...req, body: '[]' }, creds, /^body: expected a JSON object .*; this JSON is not an object/],
    ['a form Content-Type', { ...req, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, creds, /^headers\.Content-Type: Bitfinex takes a JSON body/],
    ['a bfx-nonce header that is not an integer', { ...req, headers: { 'bfx-nonce': 'soon' } }, creds, /^headers\.bfx-nonce: expected an unsigned integer/],
  ];
  for (const [what, request, credentials, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, ctx)).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
});
