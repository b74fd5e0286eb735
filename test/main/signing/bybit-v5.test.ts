import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bybitV5Scheme as scheme } from '../../../src-main/signing/schemes/bybit-v5';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { SignableRequest } from '../../../src-main/signing/types';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';

const DOC = 'https://bybit-exchange.github.io/docs/v5/guide#authentication';
const creds = { apiKey: 'XXXXXXXXXX', secret: 'bybit-test-secret-0123456789' };
const hex = (payload: string) => createHmac('sha256', creds.secret).update(payload).digest('hex');

describe(`bybit-v5: the documentation's examples (${DOC}, "Create A Request")`, () => {
  it('GET: timestamp+api_key+recv_window+queryString = "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C"', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api-testnet.bybit.com/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C', headers: {}, body: null }, creds, { timestamp: 1_658_384_314_791, nonce: 'n' });
    expect(r.canonical).toBe('1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C');
    expect(r.signature).toBe(hex(r.canonical));
    expect(r.request.headers).toEqual({ 'X-BAPI-API-KEY': 'XXXXXXXXXX', 'X-BAPI-TIMESTAMP': '1658384314791', 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': r.signature, 'X-BAPI-SIGN-TYPE': '2' });
    expect(r.canonicalParts.map((p) => p.value)).toEqual(['1658384314791', 'XXXXXXXXXX', '5000', 'category=option&symbol=BTC-29JUL22-25000-C']);
  });

  it('POST: timestamp+api_key+recv_window+raw_request_body, the body exactly as sent ({"category": "option"} at 1658385579423)', async () => {
    const body = '{\n    "category": "option"\n}';
    const r = await scheme.sign({ method: 'POST', url: 'https://api-testnet.bybit.com/v5/order/create', headers: { 'Content-Type': 'application/json' }, body }, creds, { timestamp: 1_658_385_579_423, nonce: 'n' });
    expect(r.canonical).toBe(`1658385579423XXXXXXXXXX5000${body}`);
    expect(r.signature).toBe(hex(r.canonical));
  });
});

describe('bybit-v5: rules', () => {
  const ts = 1_764_300_000_123;
  it('signs the query unsorted, as sent ("no need to sort")', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.bybit.com/v5/position/list?symbol=BTCUSDT&category=linear', headers: {}, body: null }, creds, { timestamp: ts, nonce: 'n' });
    expect(r.canonical.endsWith('5000symbol=BTCUSDT&category=linear')).toBe(true);
  });

  it('signs X-BAPI-TIMESTAMP and X-BAPI-RECV-WINDOW already on the request as given, else the recvWindow option', async () => {
    const given = await scheme.sign({ method: 'GET', url: 'https://api.bybit.com/v5/account/wallet-balance?accountType=UNIFIED', headers: { 'x-bapi-timestamp': '1764300000000', 'X-BAPI-RECV-WINDOW': '20000' }, body: null }, creds, { timestamp: ts, nonce: 'n' });
    expect(given.canonical).toBe('1764300000000XXXXXXXXXX20000accountType=UNIFIED');
    const option = await scheme.sign({ method: 'GET', url: 'https://api.bybit.com/v5/account/wallet-balance?accountType=UNIFIED', headers: {}, body: null }, creds, { timestamp: ts, nonce: 'n', options: { recvWindow: '10000' } });
    expect(option.request.headers['X-BAPI-RECV-WINDOW']).toBe('10000');
    expect(option.canonical).toBe('1764300000123XXXXXXXXXX10000accountType=UNIFIED');
  });

  it('shows the derivation without the secret', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.bybit.com/v5/account/info', headers: {}, body: null }, creds, { timestamp: ts, nonce: 'n' });
    expect(JSON.stringify(r.steps)).not.toContain(creds.secret);
    expect(r.steps[1]).toMatchObject({ value: r.signature, encoding: 'hex' });
  });
});

describe('bybit-v5: verify', () => {
  const ts = 1_764_300_000_000;
  const order: SignableRequest = { method: 'POST', url: 'https://api.bybit.com/v5/order/create', headers: { 'Content-Type': 'application/json' }, body: '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.01","price":"65000.5","orderLinkId":"\u20ac-1"}' };

  it('round-trips sign → verify through the library', async () => {
    const s = await signRequest(scheme.id, order, creds, { timestamp: ts });
    expect(await verifyRequest(scheme.id, s.request, creds, { now: ts + 300 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('rejects every single-byte change to the body (POST), the query (GET) and the signed headers', async () => {
    const post = await scheme.sign(order, creds, { timestamp: ts, nonce: 'n' });
    const get = await scheme.sign({ method: 'GET', url: 'https://api.bybit.com/v5/order/realtime?category=linear&symbol=BTCUSDT', headers: {}, body: null }, creds, { timestamp: ts, nonce: 'n' });
    const headers = ['X-BAPI-API-KEY', 'X-BAPI-TIMESTAMP', 'X-BAPI-RECV-WINDOW', 'X-BAPI-SIGN', 'X-BAPI-SIGN-TYPE'];
    const changes = [...singleByteChanges(post.request, { body: true, headers }), ...singleByteChanges(get.request, { url: 'query', headers })];
    for (const c of changes) expect((await scheme.verify(c.request, creds, { now: ts, windowMs: 0 })).valid, c.where).toBe(false);
  });

  it('round-trips random requests and rejects single-byte changes (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: creds,
      origin: 'https://api.bybit.com',
      methods: ['GET', 'POST'],
      shape: (m) => ({ query: m === 'GET', body: m === 'POST' }),
      signedParts: (r) => (r.method === 'GET' ? { url: 'query', headers: ['X-BAPI-API-KEY', 'X-BAPI-TIMESTAMP', 'X-BAPI-RECV-WINDOW', 'X-BAPI-SIGN'] } : { body: true, headers: ['X-BAPI-API-KEY', 'X-BAPI-TIMESTAMP', 'X-BAPI-RECV-WINDOW', 'X-BAPI-SIGN'] }),
      now: ts,
    });
  });

  it('applies Bybit’s own rule: server_time - recv_window <= timestamp < server_time + 1000', async () => {
    const s = await scheme.sign(order, creds, { timestamp: ts, nonce: 'n' });
    const at = (now: number) => scheme.verify(s.request, creds, { now, windowMs: 30_000 });
    expect((await at(ts + 5000)).valid).toBe(true);
    expect((await at(ts + 5001)).reason).toMatch(/5 s old, past its X-BAPI-RECV-WINDOW of 5000 ms: Bybit rejects it/);
    expect((await at(ts - 999)).valid).toBe(true);
    expect((await at(ts - 1000)).reason).toMatch(/1 s ahead of now; Bybit rejects timestamps 1 s or more in the future/);
    expect((await scheme.verify(s.request, creds, { now: ts + 60_000, windowMs: 0 })).valid).toBe(true);
  });

  it('gives reasons a person can act on', async () => {
    const s = await scheme.sign(order, creds, { timestamp: ts, nonce: 'n' });
    const at = { now: ts, windowMs: 30_000 };
    expect((await scheme.verify(s.request, { ...creds, secret: 'other' }, at)).reason).toMatch(/does not match the request: check the secret/);
    expect((await scheme.verify(s.request, { ...creds, apiKey: 'other' }, at)).reason).toMatch(/names API key "XXXXXXXXXX", not this key/);
    expect((await scheme.verify({ ...s.request, headers: { ...s.request.headers, 'X-BAPI-SIGN': s.signature.toUpperCase() } }, creds, at)).reason).toMatch(/upper-case hex/);
    expect((await scheme.verify({ ...s.request, headers: { ...s.request.headers, 'X-BAPI-SIGN-TYPE': '1' } }, creds, at)).reason).toMatch(/not RSA/);
    const { 'X-BAPI-API-KEY': _k, ...noKey } = s.request.headers;
    expect((await scheme.verify({ ...s.request, headers: noKey }, creds, at)).reason).toMatch(/X-BAPI-API-KEY header is missing/);
  });
});

describe('bybit-v5: bad input names the field', () => {
  const ctx = { timestamp: 1_764_300_000_000, nonce: 'n' };
  const req = { method: 'GET', url: 'https://api.bybit.com/v5/account/info', headers: {}, body: null };
  const cases: [string, SignableRequest, Record<string, string>, RegExp, Record<string, string>?][] = [
    ['a missing apiKey', req, { secret: 's' }, /^credentials\.apiKey: /],
    ['a missing secret', req, { apiKey: 'k' }, /^credentials\.secret: /],
    ['a GET with a body', { ...req, body: '{"a":1}' }, creds, /^body: a Bybit GET signs the query string and carries no body/],
    ['a POST with a query string', { ...req, method: 'POST', url: `${req.url}?a=1`, body: '{}' }, creds, /^url: a Bybit POST signs only its JSON body/],
    ['a malformed URL', { ...req, url: 'https//api.bybit.com' }, creds, /^url: /],
    ['a recv window that is not a number', { ...req, headers: { 'X-BAPI-RECV-WINDOW': '5s' } }, creds, /^headers\.X-BAPI-RECV-WINDOW: /],
    ['a recvWindow option that is not a number', req, creds, /^option recvWindow: /, { recvWindow: 'five' }],
    ['an option it does not take', req, creds, /^option window: the bybit-v5 scheme takes only recvWindow/, { window: '1' }],
  ];
  for (const [what, request, credentials, message, options] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, { ...ctx, ...(options ? { options } : {}) })).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
});
