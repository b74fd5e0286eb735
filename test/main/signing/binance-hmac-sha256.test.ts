import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binanceHmacSha256Scheme as scheme } from '../../../src-main/signing/schemes/binance-hmac-sha256';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { assertBinanceRoundTrip } from './binance-property';
import { singleByteChanges } from './mutations';
import { vectorCases } from './public-vectors';

const DOC = 'https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#hmac-keys';
const creds = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };
const ctx = { timestamp: 1_499_827_319_559, nonce: 'unused' };
const ORDER = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const hex = (payload: string) => createHmac('sha256', creds.secret).update(payload).digest('hex');

describe('binance-hmac-sha256: public vectors', () => {
  for (const c of vectorCases('binance-hmac-sha256')) {
    it(`${c.name} (${c.docRef ?? c.source})`, async () => {
      const r = await scheme.sign(c.request, c.credentials, { timestamp: c.timestamp as number, nonce: 'unused' });
      expect(r.request.url).toBe(c.expected.url);
      expect(r.request.headers).toEqual(c.expected.headers);
      expect(r.request.body).toBe(c.expected.body);
      expect(r.canonical).toBe(c.expected.canonical);
      expect(r.signature).toBe(c.expected.signature);
      expect(r.canonicalParts.map((p) => p.value).join('')).toBe(r.canonical);
      const signedAsDocumented = { method: c.request.method, url: c.expected.url, headers: c.expected.headers, body: c.expected.body };
      expect(await scheme.verify(signedAsDocumented, c.credentials, { now: c.timestamp as number, windowMs: 5000 })).toEqual({ valid: true, reason: null, canonical: c.expected.canonical, expected: c.expected.signature });
    });
  }
});

describe('binance-hmac-sha256: the documentation’s rules', () => {
  it(`percent-encodes a non-ASCII symbol typed raw in the URL, as the docs' second example (${DOC})`, async () => {
    const r = await scheme.sign({ method: 'POST', url: `https://api.binance.com/api/v3/order?${ORDER.replace('LTCBTC', '１２３４５６')}`, headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe(ORDER.replace('LTCBTC', '%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96'));
    expect(r.signature).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
  });

  it('percent-encodes non-ASCII in a form body the same way, and signs and sends the encoded text', async () => {
    const r = await scheme.sign({ method: 'POST', url: 'https://api.binance.com/api/v3/order', headers: {}, body: ORDER.replace('LTCBTC', '１２３４５６') }, creds, ctx);
    expect(r.signature).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
    expect(r.request.body).toBe(`${r.canonical}&signature=${r.signature}`);
    expect(r.request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
  });

  it('adds timestamp= to the query when absent and signs it (GET with parameters in the query)', async () => {
    const r = await scheme.sign({ method: 'get', url: 'https://api.binance.com/api/v3/openOrders?symbol=BTCUSDT&recvWindow=5000', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_123, nonce: 'n' });
    expect(r.canonical).toBe('symbol=BTCUSDT&recvWindow=5000&timestamp=1764300000123');
    expect(r.signature).toBe(hex(r.canonical));
    expect(r.request).toEqual({ method: 'GET', url: `https://api.binance.com/api/v3/openOrders?${r.canonical}&signature=${r.signature}`, headers: { 'X-MBX-APIKEY': creds.apiKey }, body: null });
    expect(r.steps[0]).toMatchObject({ label: 'timestamp added to the query string', value: 'timestamp=1764300000123' });
  });

  it('signs a GET with no parameters as timestamp= alone', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_123, nonce: 'n' });
    expect(r.request.url).toBe(`https://api.binance.com/api/v3/account?timestamp=1764300000123&signature=${hex('timestamp=1764300000123')}`);
  });

  it('adds timestamp= to the body when the parameters are in the body, and signs query + body', async () => {
    const r = await scheme.sign({ method: 'DELETE', url: 'https://api.binance.com/api/v3/order?symbol=BTCUSDT', headers: {}, body: 'orderId=42' }, creds, { timestamp: 1_764_300_000_123, nonce: 'n' });
    expect(r.canonical).toBe('symbol=BTCUSDTorderId=42&timestamp=1764300000123');
    expect(r.request.body).toBe(`orderId=42&timestamp=1764300000123&signature=${hex(r.canonical)}`);
    expect(r.request.url).toBe('https://api.binance.com/api/v3/order?symbol=BTCUSDT');
    expect(r.canonicalParts).toEqual([
      { label: 'query string (as sent, without "?")', value: 'symbol=BTCUSDT' },
      { label: 'request body (as sent)', value: 'orderId=42&timestamp=1764300000123' },
    ]);
  });

  it('keeps a microsecond timestamp as given', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.binance.com/api/v3/account?timestamp=1764300000123456', headers: {}, body: null }, creds, ctx);
    expect(r.canonical).toBe('timestamp=1764300000123456');
    expect((await scheme.verify(r.request, creds, { now: 1_764_300_000_200, windowMs: 5000 })).valid).toBe(true);
  });

  it('accepts the signature in any letter case, as Binance does for HMAC', async () => {
    const url = `https://api.binance.com/api/v3/order?${ORDER}&signature=C8DB56825AE71D6D79447849E617115F4A920FA2ACDCAB2B053C4B2838BD6B71`;
    expect((await scheme.verify({ method: 'POST', url, headers: { 'X-MBX-APIKEY': creds.apiKey }, body: null }, creds, { now: ctx.timestamp, windowMs: 5000 })).valid).toBe(true);
  });

  it('signs with the secret the credentials hold now, when a caller reuses one credentials object with a new secret', async () => {
    const reused: { apiKey: string; secret: string } = { ...creds };
    const url = `https://api.binance.com/api/v3/order?${ORDER}`;
    const first = await signRequest('binance-hmac-sha256', { method: 'POST', url, headers: {}, body: null }, reused);
    expect(first.signature).toBe(hex(ORDER));
    reused.secret = 'rotated-secret-0123456789';
    const second = await signRequest('binance-hmac-sha256', { method: 'POST', url, headers: {}, body: null }, reused);
    expect(second.signature).toBe(createHmac('sha256', 'rotated-secret-0123456789').update(ORDER).digest('hex'));
  });

  it('shows the derivation without the secret', async () => {
    const r = await scheme.sign({ method: 'POST', url: `https://api.binance.com/api/v3/order?${ORDER}`, headers: {}, body: null }, creds, ctx);
    expect(r.steps.map((s) => s.label)).toEqual([
      'Signature payload: the query string and the body, concatenated without separator',
      'HMAC-SHA256 of the payload, keyed with the secret key (UTF-8), as hex',
      'signature parameter appended to the query string',
    ]);
    expect(JSON.stringify(r.steps)).not.toContain(creds.secret);
  });
});

describe('binance-hmac-sha256: verify', () => {
  const signed = () => signRequest('binance-hmac-sha256', { method: 'POST', url: 'https://api.binance.com/api/v3/order?symbol=BTCUSDT&side=BUY', headers: {}, body: 'type=LIMIT&quantity=0.01&price=65000.5&newClientOrderId=%E2%82%AC-1' }, creds, { timestamp: 1_764_300_000_000 });

  it('round-trips sign → verify through the library', async () => {
    const s = await signed();
    expect(await verifyRequest('binance-hmac-sha256', s.request, creds, { now: 1_764_300_000_500 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('round-trips random methods, paths and unicode parameters in the query and the body; any single-byte change fails (property)', async () => {
    await assertBinanceRoundTrip(scheme, creds, creds, 60);
  });

  it('rejects every single-byte change to the query string, the body and X-MBX-APIKEY', async () => {
    const s = await signed();
    const changes = singleByteChanges(s.request, { url: 'query', body: true, headers: ['X-MBX-APIKEY'] });
    expect(changes.length).toBeGreaterThan(150);
    for (const c of changes) {
      const r = await scheme.verify(c.request, creds, { now: 1_764_300_000_500, windowMs: 0 });
      expect(r.valid, c.where).toBe(false);
      expect(r.reason, c.where).toBeTruthy();
    }
  });

  it('gives reasons a person can act on', async () => {
    const s = await signed();
    const now = { now: 1_764_300_000_500, windowMs: 30_000 };
    expect((await scheme.verify(s.request, { ...creds, secret: 'other' }, now)).reason).toMatch(/does not match the payload.*check the secret key/);
    expect((await scheme.verify({ ...s.request, headers: {} }, creds, now)).reason).toMatch(/X-MBX-APIKEY header is missing/);
    expect((await scheme.verify(s.request, { ...creds, apiKey: 'another-key' }, now)).reason).toMatch(/not this key/);
    expect((await scheme.verify({ ...s.request, body: 'type=LIMIT' }, creds, now)).reason).toMatch(/no signature= parameter/);
    expect((await scheme.verify({ ...s.request, url: `${s.request.url}&signature=00` }, creds, now)).reason).toMatch(/appears 2 times/);
    expect((await scheme.verify(s.request, creds, { now: 1_764_300_060_000, windowMs: 30_000 })).reason).toMatch(/timestamp is 60 s behind now; the window is ±30 s/);
    expect((await scheme.verify(s.request, creds, { now: 1_764_299_900_000, windowMs: 30_000 })).reason).toMatch(/ahead of now/);
    expect((await scheme.verify(s.request, creds, { now: 1_764_300_060_000, windowMs: 0 })).valid).toBe(true);
  });

  it('rejects a request older than its own recvWindow, as Binance would', async () => {
    const s = await scheme.sign({ method: 'GET', url: 'https://api.binance.com/api/v3/account?recvWindow=2000', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_000, nonce: 'n' });
    expect((await scheme.verify(s.request, creds, { now: 1_764_300_001_999, windowMs: 30_000 })).valid).toBe(true);
    expect((await scheme.verify(s.request, creds, { now: 1_764_300_003_000, windowMs: 30_000 })).reason).toMatch(/3000 ms old, more than its recvWindow=2000/);
  });

  it('finds the signature parameter in the query or the body, wherever it is, and signs the rest as sent', async () => {
    const s = await signed();
    const sig = `signature=${s.signature}`;
    const moved = { ...s.request, url: `${s.request.url}&${sig}`, body: (s.request.body as string).replace(`&${sig}`, '') };
    const opts = { now: 1_764_300_000_500, windowMs: 30_000 };
    expect(await scheme.verify(moved, creds, opts)).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
    expect((await scheme.verify({ ...moved, body: `${moved.body}&x=1` }, creds, opts)).valid).toBe(false);
    const first = { ...s.request, body: `${sig}&${(s.request.body as string).replace(`&${sig}`, '')}` };
    expect((await scheme.verify(first, creds, opts)).valid).toBe(true);
  });

  it('says when the request has no timestamp', async () => {
    const url = `https://api.binance.com/api/v3/account?symbol=X&signature=${hex('symbol=X')}`;
    expect((await scheme.verify({ method: 'GET', url, headers: { 'X-MBX-APIKEY': creds.apiKey }, body: null }, creds, { now: 0, windowMs: 0 })).reason).toMatch(/no timestamp= parameter/);
  });
});

describe('binance-hmac-sha256: bad input names the field', () => {
  const req = { method: 'POST', url: 'https://api.binance.com/api/v3/order', headers: {}, body: 'symbol=BTCUSDT' };
  const cases: [string, Parameters<typeof scheme.sign>[0], Parameters<typeof scheme.sign>[1], RegExp, Record<string, string>?][] = [
    ['missing apiKey', req, { secret: 's' }, /^credentials\.apiKey: /],
    ['missing secret', req, { apiKey: 'k' }, /^credentials\.secret: /],
    ['a GET with a body', { ...req, method: 'GET' }, creds, /^body: Binance GET endpoints take their parameters in the query string/],
    ['a JSON body', { ...req, body: '{"symbol":"BTCUSDT"}' }, creds, /^body: expected form parameters .* not JSON/],
    ['a body that is not form parameters', { ...req, body: 'hello' }, creds, /^body: expected form parameters like a=1&b=2, not "hello"/],
    ['a non-form Content-Type', { ...req, headers: { 'content-type': 'application/json' } }, creds, /^headers\.Content-Type: /],
    ['an already signed URL', { ...req, url: `${req.url}?timestamp=1764300000000&signature=ab`, body: null }, creds, /^url: already carries signature=/],
    ['a timestamp that is not ms or µs', { ...req, body: 'symbol=X&timestamp=17643' }, creds, /^body: timestamp= must be Unix milliseconds/],
    ['a malformed URL', { ...req, url: 'api.binance.com/api/v3/order' }, creds, /^url: expected an absolute http\(s\) URL/],
    ['an option it does not take', req, creds, /^option algorithm: the binance-hmac-sha256 scheme takes no options/, { algorithm: 'hmac-sha512' }],
  ];
  it('refuses a context timestamp that is not Unix milliseconds when it has to add one', () => {
    expect(() => scheme.sign({ ...req, body: 'symbol=X' }, creds, { timestamp: 1_764_300_000, nonce: 'n' })).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: 'timestamp: expected Unix milliseconds (13 digits), like 1764300000000' }));
  });
  for (const [what, request, credentials, message, options] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, { ...ctx, ...(options ? { options } : {}) })).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
});
