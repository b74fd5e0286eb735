import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { krakenSpotScheme as scheme } from '../../../src-main/signing/schemes/kraken-spot';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';
import { vectorCases } from './public-vectors';

const DOC = 'https://docs.kraken.com/api/docs/guides/spot-rest-auth';
const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const creds = { apiKey: 'kraken-public-key', secret: SECRET };

/** The docs' Python snippet (get_kraken_signature), written out: form data, or a JSON string whose "nonce" is read back. */
function docsSignature(urlPath: string, data: string, nonce: string): string {
  const message = Buffer.concat([Buffer.from(urlPath), createHash('sha256').update(nonce + data).digest()]);
  return createHmac('sha512', Buffer.from(SECRET, 'base64')).update(message).digest('base64');
}

describe('kraken-spot: public vectors', () => {
  for (const c of vectorCases('kraken-spot')) {
    it(`${c.name} (${c.docRef ?? c.source})`, async () => {
      const r = await scheme.sign(c.request, c.credentials, { timestamp: 0, nonce: String(c.nonce) });
      expect(r.request.url).toBe(c.expected.url);
      expect(r.request.headers).toEqual(c.expected.headers);
      expect(r.request.body).toBe(c.expected.body);
      expect(r.canonical).toBe(c.expected.canonical);
      expect(r.signature).toBe(c.expected.signature);
      expect(r.canonicalParts.map((p) => p.value).join('')).toBe(r.canonical);
      const asDocumented = { method: 'POST', url: c.expected.url, headers: c.expected.headers, body: c.expected.body };
      expect(await scheme.verify(asDocumented, c.credentials, { now: 0, windowMs: 30_000 })).toEqual({ valid: true, reason: null, canonical: c.expected.canonical, expected: c.expected.signature });
    });
  }
});

describe(`kraken-spot: the steps the issue lists, checked against the docs' formula (${DOC})`, () => {
  it('URI path bytes, nonce + POST data, its SHA-256, the HMAC-SHA512 keyed with the base64-decoded secret, the base64 output', async () => {
    const body = 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
    const r = await scheme.sign({ method: 'POST', url: 'https://api.kraken.com/0/private/AddOrder', headers: {}, body }, creds, { timestamp: 0, nonce: 'ignored: the body has one' });
    const digest = createHash('sha256').update(`1616492376594${body}`).digest();
    const mac = createHmac('sha512', Buffer.from(SECRET, 'base64')).update(Buffer.concat([Buffer.from('/0/private/AddOrder'), digest])).digest();
    expect(r.steps.map(({ label, value, encoding }) => ({ label, value, encoding }))).toEqual([
      { label: 'URI path bytes', value: '/0/private/AddOrder', encoding: 'text' },
      { label: 'nonce + POST data', value: `1616492376594${body}`, encoding: 'text' },
      { label: 'SHA-256 of nonce + POST data', value: digest.toString('hex'), encoding: 'hex' },
      { label: 'HMAC-SHA512 of (URI path bytes + SHA-256), keyed with the base64-decoded secret', value: mac.toString('hex'), encoding: 'hex' },
      { label: 'API-Sign: the HMAC in base64', value: '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==', encoding: 'base64' },
    ]);
    expect(r.steps[1]?.note).toBe('nonce: the nonce already in the body');
    expect(r.steps[3]?.note).toBe('64-byte key; message 51 bytes');
    expect(JSON.stringify(r.steps)).not.toContain(SECRET);
  });

  it('signs a body whose nonce is not the first field as given', async () => {
    const body = 'asset=XBT&nonce=1764300000123';
    const r = await scheme.sign({ method: 'POST', url: 'https://api.kraken.com/0/private/DepositMethods', headers: {}, body }, creds, { timestamp: 0, nonce: 'x' });
    expect(r.request.body).toBe(body);
    expect(r.signature).toBe(docsSignature('/0/private/DepositMethods', body, '1764300000123'));
  });

  it('adds the nonce as the first field: the given one when numeric, else the timestamp in ms', async () => {
    const a = await scheme.sign({ method: 'POST', url: 'https://api.kraken.com/0/private/Balance', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_123, nonce: '1764300000999' });
    expect(a.request.body).toBe('nonce=1764300000999');
    expect(a.signature).toBe(docsSignature('/0/private/Balance', 'nonce=1764300000999', '1764300000999'));
    const b = await signRequest('kraken-spot', { method: 'POST', url: 'https://api.kraken.com/0/private/TradesHistory', headers: {}, body: 'type=all&trades=true' }, creds, { timestamp: 1_764_300_000_123 });
    expect(b.request.body).toBe('nonce=1764300000123&type=all&trades=true');
    expect(b.steps[1]?.note).toBe('nonce: the timestamp in milliseconds (the nonce given is not an unsigned integer)');
  });

  it('signs a JSON body as the docs\' snippet does (nonce read from the JSON, then nonce + the JSON text)', async () => {
    const r = await scheme.sign({ method: 'POST', url: 'https://api.kraken.com/0/private/AddOrder', headers: { 'Content-Type': 'application/json' }, body: '{"ordertype": "limit", "pair": "XBTUSD"}' }, creds, { timestamp: 0, nonce: '1616492376594' });
    expect(r.request.body).toBe('{"nonce":"1616492376594","ordertype": "limit", "pair": "XBTUSD"}');
    expect(r.signature).toBe(docsSignature('/0/private/AddOrder', r.request.body as string, '1616492376594'));
    const big = '{"nonce": 18446744073709551615, "pair": "XBTUSD"}';
    const s = await scheme.sign({ method: 'POST', url: 'https://api.kraken.com/0/private/AddOrder', headers: {}, body: big }, creds, { timestamp: 0, nonce: 'x' });
    expect(s.canonical).toBe(`18446744073709551615${big}`);
    expect(s.request.headers['Content-Type']).toBe('application/json');
  });

  it('percent-encodes non-ASCII in a form body before signing', async () => {
    const r = await scheme.sign({ method: 'POST', url: 'https://api.kraken.com/0/private/AddOrder', headers: {}, body: 'nonce=1&userref=1&cl_ord_id=ünïcode 1' }, creds, { timestamp: 0, nonce: 'x' });
    expect(r.request.body).toBe('nonce=1&userref=1&cl_ord_id=%C3%BCn%C3%AFcode%201');
    expect(r.signature).toBe(docsSignature('/0/private/AddOrder', r.request.body as string, '1'));
  });
});

describe('kraken-spot: verify', () => {
  const signed = () => signRequest('kraken-spot', { method: 'POST', url: 'https://api.kraken.com/0/private/AddOrder', headers: {}, body: 'ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25' }, creds, { timestamp: 1_764_300_000_000 });

  it('round-trips sign → verify, with no time window (Kraken checks increasing nonces, not a clock)', async () => {
    const s = await signed();
    expect(await verifyRequest('kraken-spot', s.request, creds, { now: 1_999_999_999_999 })).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
  });

  it('round-trips random paths and unicode JSON bodies; any single-byte change to the path, body, API-Sign or API-Key fails (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: creds,
      origin: 'https://api.kraken.com',
      methods: ['POST'],
      shape: () => ({ query: false, body: true }),
      signedParts: () => ({ url: 'after-origin', body: true, headers: ['API-Sign', 'API-Key'] }),
      now: 1_764_300_000_000,
    });
  });

  it('rejects every single-byte change to the path, the body, API-Sign and API-Key', async () => {
    const s = await signed();
    const changes = singleByteChanges(s.request, { url: 'after-origin', body: true, headers: ['API-Sign', 'API-Key'] });
    expect(changes.length).toBeGreaterThan(200);
    for (const c of changes) expect((await scheme.verify(c.request, creds, { now: 0, windowMs: 0 })).valid, c.where).toBe(false);
  });

  it('gives reasons a person can act on', async () => {
    const s = await signed();
    const v = (request: typeof s.request, c = creds) => scheme.verify(request, c, { now: 0, windowMs: 0 });
    expect((await v(s.request, { ...creds, secret: Buffer.alloc(64, 1).toString('base64') })).reason).toMatch(/API-Sign does not match: check the secret/);
    expect((await v({ ...s.request, headers: { 'API-Key': creds.apiKey } })).reason).toBe('The API-Sign header is missing.');
    expect((await v({ ...s.request, body: 'ordertype=limit' })).reason).toMatch(/no nonce= parameter/);
    expect((await v(s.request, { ...creds, apiKey: 'someone-else' })).reason).toMatch(/not this key/);
    expect((await v({ ...s.request, url: `${s.request.url}?pair=ETHUSD` })).reason).toMatch(/query string, which API-Sign does not cover/);
  });
});

describe('kraken-spot: bad input names the field', () => {
  const req = { method: 'POST', url: 'https://api.kraken.com/0/private/Balance', headers: {}, body: null };
  const ctx = { timestamp: 1_764_300_000_000, nonce: '1' };
  const cases: [string, Parameters<typeof scheme.sign>[0], Parameters<typeof scheme.sign>[1], RegExp][] = [
    ['a missing apiKey', req, { secret: SECRET }, /^credentials\.apiKey: /],
    ['a missing secret', req, { apiKey: 'k' }, /^credentials\.secret: /],
    ['a secret that is not base64', req, { apiKey: 'k', secret: 'kQH5HW/8p1uGOVjb!!' }, /^credentials\.secret: expected base64/],
    ['a secret with a stray character', req, { apiKey: 'k', secret: `${SECRET.slice(0, 10)}-${SECRET.slice(11)}` }, /^credentials\.secret: expected base64/],
    ['a GET', { ...req, method: 'GET' }, creds, /^method: Kraken private endpoints are POST, not GET/],
    ['parameters in the query string', { ...req, url: `${req.url}?asset=XBT` }, creds, /^url: Kraken private endpoints take their parameters in the POST body/],
    ['a body that is not form parameters', { ...req, body: 'asset' }, creds, /^body: expected form parameters/],
    ['a JSON array', { ...req, body: '[1,2]' }, creds, /^body: expected a JSON object; this JSON is not an object/],
    ['a form nonce that is not an integer', { ...req, body: 'nonce=abc' }, creds, /^body: nonce= must be an unsigned integer/],
    ['a JSON nonce that is not an integer', { ...req, body: '{"nonce":-5}' }, creds, /^body\.nonce: expected an unsigned integer/],
    ['a JSON body that does not parse', { ...req, headers: { 'Content-Type': 'application/json' }, body: '{"nonce":' }, creds, /^body: expected a JSON object; this is not JSON/],
  ];
  for (const [what, request, credentials, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => scheme.sign(request, credentials, ctx)).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) }));
    });
  }
  it('refuses options, and a malformed secret when verifying too', () => {
    expect(() => scheme.sign(req, creds, { ...ctx, options: { x: '1' } })).toThrow(expect.objectContaining({ message: 'option x: the kraken-spot scheme takes no options' }));
    expect(() => scheme.verify(req, { secret: 'ab!' }, { now: 0, windowMs: 0 })).toThrow(expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^credentials\.secret: /) }));
  });
});
