import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { geminiScheme as scheme } from '../../../src-main/signing/schemes/gemini';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';
import { vectorCases } from './public-vectors';

const DOC = 'https://developer.gemini.com/authentication/api-key';
const creds = { apiKey: 'account-abc123', secret: '1234abcd' };
const hex = (b64: string) => createHmac('sha384', creds.secret).update(b64).digest('hex');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
/** The headers the docs send besides the three X-GEMINI ones. */
const DOC_HEADERS = { 'Content-Type': 'text/plain', 'Content-Length': '0', 'Cache-Control': 'no-cache' };

describe('gemini: public vectors', () => {
  for (const c of vectorCases('gemini')) {
    it(`${c.name} (${c.docRef ?? c.source}): the hand-formatted payload, given as the body, is signed byte for byte`, async () => {
      const request = { ...c.request, body: c.request.payloadJson as string };
      const r = await scheme.sign(request, c.credentials, { timestamp: 0, nonce: String(c.nonce) });
      expect(r.request.url).toBe(c.expected.url);
      // The vector lists the two signature headers; the docs also send the API key and the three below.
      expect(r.request.headers).toEqual({ ...c.expected.headers, ...DOC_HEADERS, 'X-GEMINI-APIKEY': c.credentials.apiKey });
      expect(r.request.body).toBe(c.expected.body);
      expect(r.canonical).toBe(c.expected.canonical);
      expect(r.signature).toBe(c.expected.headers['X-GEMINI-SIGNATURE']);
      expect(r.steps[0]).toMatchObject({ value: c.request.payloadJson, note: 'the body as given, byte for byte (it has request and nonce)' });
      const v = await scheme.verify(r.request, c.credentials, { now: 1_764_300_000_000, windowMs: 30_000 });
      expect(v).toEqual({ valid: true, reason: null, canonical: c.expected.canonical, expected: c.expected.headers['X-GEMINI-SIGNATURE'] });
    });
  }
});

describe(`gemini: payloads (${DOC})`, () => {
  it('builds {"request","nonce"} from the URL path when there is no body: the given nonce when numeric, else the timestamp in ms', async () => {
    const a = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/balances', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_123, nonce: '1764300000999' });
    expect(a.steps[0]?.value).toBe('{"request":"/v1/balances","nonce":1764300000999}');
    expect(a.request.headers['X-GEMINI-PAYLOAD']).toBe(b64('{"request":"/v1/balances","nonce":1764300000999}'));
    expect(a.signature).toBe(hex(a.canonical));
    const b = await signRequest('gemini', { method: 'POST', url: 'https://api.gemini.com/v1/balances', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_123 });
    expect(b.steps[0]?.value).toBe('{"request":"/v1/balances","nonce":1764300000123}');
  });

  it('takes a digit-only nonce with a leading zero for what it is (not an integer): the timestamp, and the payload still parses', async () => {
    // Found by the property test (seed -1626850827): the random hex nonce 00000000 went into the JSON as a number.
    const r = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/%20', headers: {}, body: '{}' }, creds, { timestamp: 1_577_836_800_000, nonce: '00000000' });
    expect(r.steps[0]?.value).toBe('{"request":"/v1/%20","nonce":1577836800000}');
    expect(await scheme.verify(r.request, creds, { now: 1_577_836_800_000, windowMs: 30_000 })).toMatchObject({ valid: true, reason: null });
    const zero = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/balances', headers: {}, body: null }, creds, { timestamp: 1_577_836_800_000, nonce: '0' });
    expect(zero.steps[0]?.value).toBe('{"request":"/v1/balances","nonce":0}');
  });

  it('adds what a payload lacks at the front and keeps the rest of the text', async () => {
    const r = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/order/new', headers: {}, body: '{ "symbol": "btcusd", "amount": "5" }' }, creds, { timestamp: 0, nonce: '42' });
    expect(r.steps[0]?.value).toBe('{"request":"/v1/order/new","nonce":42, "symbol": "btcusd", "amount": "5" }');
    const s = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/mytrades', headers: {}, body: '{"nonce":"7","symbol":"ethusd"}' }, creds, { timestamp: 0, nonce: '42' });
    expect(s.steps[0]?.value).toBe('{"request":"/v1/mytrades","nonce":"7","symbol":"ethusd"}');
    const t = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/heartbeat', headers: {}, body: '{}' }, creds, { timestamp: 0, nonce: '42' });
    expect(t.steps[0]?.value).toBe('{"request":"/v1/heartbeat","nonce":42}');
  });

  it('signs a payload as the docs\' Python example writes it (json.dumps: spaces after ":" and ",")', async () => {
    const payload = '{"request": "/v1/mytrades", "nonce": "1764300000123", "symbol": "btcusd"}';
    const r = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/mytrades', headers: {}, body: payload }, creds, { timestamp: 0, nonce: 'x' });
    expect(r.canonical).toBe(b64(payload));
    expect(r.request.headers['X-GEMINI-SIGNATURE']).toBe(hex(b64(payload)));
  });

  it('carries non-ASCII parameters as UTF-8 inside the base64 payload', async () => {
    const r = await scheme.sign({ method: 'POST', url: 'https://api.gemini.com/v1/order/new', headers: {}, body: '{"client_order_id":"café-1"}' }, creds, { timestamp: 0, nonce: '9' });
    expect(Buffer.from(r.canonical, 'base64').toString('utf8')).toBe('{"request":"/v1/order/new","nonce":9,"client_order_id":"café-1"}');
  });
});

describe('gemini: verify', () => {
  const signed = (nonce?: string) => signRequest('gemini', { method: 'POST', url: 'https://api.gemini.com/v1/order/status', headers: {}, body: '{"order_id":18834}' }, creds, { timestamp: 1_764_300_000_000, ...(nonce ? { nonce } : {}) });

  it('round-trips sign → verify', async () => {
    const s = await signed();
    expect(await verifyRequest('gemini', s.request, creds, { now: 1_764_300_000_500 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('round-trips random paths and unicode payloads; any single-byte change to the path or the X-GEMINI headers fails (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: creds,
      origin: 'https://api.gemini.com',
      methods: ['POST'],
      shape: () => ({ query: false, body: true }),
      signedParts: () => ({ url: 'after-origin', headers: ['X-GEMINI-PAYLOAD', 'X-GEMINI-SIGNATURE', 'X-GEMINI-APIKEY'] }),
      now: 1_764_300_000_000,
    });
  });

  it('rejects every single-byte change to the path and the three X-GEMINI headers', async () => {
    const s = await signed();
    const changes = singleByteChanges(s.request, { url: 'after-origin', headers: ['X-GEMINI-PAYLOAD', 'X-GEMINI-SIGNATURE', 'X-GEMINI-APIKEY'] });
    expect(changes.length).toBeGreaterThan(150);
    for (const c of changes) expect((await scheme.verify(c.request, creds, { now: 1_764_300_000_000, windowMs: 0 })).valid, c.where).toBe(false);
  });

  it('checks the window when the nonce is a timestamp (ms, or seconds for time-based keys), not when it is a counter', async () => {
    const ms = await signed();
    expect((await scheme.verify(ms.request, creds, { now: 1_764_300_045_000, windowMs: 30_000 })).reason).toMatch(/nonce \(read as a timestamp\) is 45 s behind now; the window is ±30 s/);
    const seconds = await signed('1764300000');
    expect((await scheme.verify(seconds.request, creds, { now: 1_764_300_020_000, windowMs: 30_000 })).valid).toBe(true);
    expect((await scheme.verify(seconds.request, creds, { now: 1_764_299_960_000, windowMs: 30_000 })).reason).toMatch(/40 s ahead of now/);
    const counter = await signed('123456');
    expect((await scheme.verify(counter.request, creds, { now: 1_999_999_999_999, windowMs: 30_000 })).valid).toBe(true);
  });

  it('gives reasons a person can act on', async () => {
    const s = await signed();
    const v = (request: typeof s.request, c = creds) => scheme.verify(request, c, { now: 1_764_300_000_000, windowMs: 30_000 });
    expect((await v(s.request, { ...creds, secret: 'other' })).reason).toMatch(/X-GEMINI-SIGNATURE does not match X-GEMINI-PAYLOAD: check the API secret/);
    expect((await v({ ...s.request, url: 'https://api.gemini.com/v1/order/cancel' })).reason).toBe('The payload\'s "request" is "/v1/order/status", but the URL path is "/v1/order/cancel": Gemini rejects the mismatch.');
    expect((await v({ ...s.request, body: '{"order_id":1}' })).reason).toMatch(/has a body, which the signature does not cover/);
    expect((await v({ ...s.request, url: `${s.request.url}?x=1` })).reason).toMatch(/query string/);
    expect((await v({ ...s.request, headers: {} })).reason).toMatch(/X-GEMINI-PAYLOAD header is missing/);
    expect((await v(s.request, { ...creds, apiKey: 'someone-else' })).reason).toMatch(/not this key/);
    const notJson = b64('order_id=1');
    expect((await v({ ...s.request, headers: { ...s.request.headers, 'X-GEMINI-PAYLOAD': notJson, 'X-GEMINI-SIGNATURE': hex(notJson) } })).reason).toBe('X-GEMINI-PAYLOAD is not the base64 of a JSON object.');
  });
});

describe('gemini: bad input names the field', () => {
  const req = { method: 'POST', url: 'https://api.gemini.com/v1/order/status', headers: {}, body: null };
  const ctx = { timestamp: 1_764_300_000_000, nonce: '1' };
  const cases: [string, Parameters<typeof scheme.sign>[0], Parameters<typeof scheme.sign>[1], RegExp][] = [
    ['a missing apiKey', req, { secret: 's' }, /^credentials\.apiKey: /],
    ['a missing secret', req, { apiKey: 'k' }, /^credentials\.secret: /],
    ['a GET', { ...req, method: 'GET' }, creds, /^method: Gemini private endpoints are POST, not GET/],
    ['parameters in the query string', { ...req, url: `${req.url}?order_id=1` }, creds, /^url: Gemini private endpoints take their parameters in the payload/],
    ['a form body', { ...req, body: 'order_id=18834' }, creds, /^body: expected the JSON payload object .*; this is not JSON/],
    ['a JSON array', { ...req, body: '[18834]' }, creds, /^body: expected the JSON payload object .*; this JSON is not an object/],
    ['a payload for another path', { ...req, body: '{"request":"/v1/order/cancel","nonce":1}' }, creds, /^body\.request: expected "\/v1\/order\/status" \(the URL path\), not "\/v1\/order\/cancel"/],
    ['a nonce that is not an integer', { ...req, body: '{"nonce":"soon"}' }, creds, /^body\.nonce: expected an unsigned integer/],
  ];
  for (const [what, request, credentials, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, ctx)).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
});
