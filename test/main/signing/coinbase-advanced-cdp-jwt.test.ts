import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { cdpSigningKey, coinbaseAdvancedCdpJwtScheme as scheme } from '../../../src-main/signing/schemes/coinbase-advanced-cdp-jwt';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { SignableRequest } from '../../../src-main/signing/types';
import { singleByteChanges } from './mutations';
import { assertRoundTripAndTamper } from './round-trip-property';

const DOC = 'https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication';
const KEY_NAME = 'organizations/0e7a1b2c-3d4e-5f60-7182-93a4b5c6d7e8/apiKeys/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';
const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const ACCOUNTS: SignableRequest = { method: 'GET', url: 'https://api.coinbase.com/api/v3/brokerage/accounts', headers: {}, body: null };
const T = 1_764_300_000_999;
const NBF = 1_764_300_000;

// ECDSA P-256 as Coinbase issues it (SEC1 "EC PRIVATE KEY" PEM), and the same key as PKCS#8.
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const EC_SEC1 = ec.privateKey.export({ format: 'pem', type: 'sec1' }).toString();
const EC_PKCS8 = ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
// Ed25519 from a fixed seed, as Coinbase issues it: base64(seed || public key).
const SEED = createHash('sha256').update('signet cdp ed25519 test key').digest();
const ED_KEY = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), SEED]), format: 'der', type: 'pkcs8' });
const ED_PUBLIC_RAW = createPublicKey(ED_KEY).export({ format: 'der', type: 'spki' }).subarray(-32);
const ED_SECRET = Buffer.concat([SEED, ED_PUBLIC_RAW]).toString('base64');
const ED_PKCS8 = ED_KEY.export({ format: 'pem', type: 'pkcs8' }).toString();

const ecCreds = { apiKey: KEY_NAME, secret: EC_SEC1 };
const edCreds = { apiKey: KEY_NAME, secret: ED_SECRET };

function decode(jwt: string) {
  const [h, c, s] = jwt.split('.') as [string, string, string];
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), claims: JSON.parse(Buffer.from(c, 'base64url').toString()), input: `${h}.${c}`, sig: Buffer.from(s, 'base64url') };
}

function verifiesWith(jwt: string, publicKey: KeyObject, alg: 'ES256' | 'EdDSA'): boolean {
  const { input, sig } = decode(jwt);
  return alg === 'ES256' ? nodeVerify('sha256', Buffer.from(input), { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig) : nodeVerify(null, Buffer.from(input), publicKey, sig);
}

describe(`coinbase-advanced-cdp-jwt: the documented token (${DOC})`, () => {
  it('ES256 with the SEC1 PEM Coinbase issues: header {alg, kid, nonce, typ} and claims {sub, iss "cdp", nbf, exp = nbf + 120, uri "GET api.coinbase.com/api/v3/brokerage/accounts"}', async () => {
    const r = await scheme.sign(ACCOUNTS, ecCreds, { timestamp: T, nonce: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' });
    const jwt = r.request.headers.Authorization?.replace(/^Bearer /, '') as string;
    const { header, claims } = decode(jwt);
    expect(header).toEqual({ alg: 'ES256', kid: KEY_NAME, nonce: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', typ: 'JWT' });
    expect(claims).toEqual({ sub: KEY_NAME, iss: 'cdp', nbf: NBF, exp: NBF + 120, uri: 'GET api.coinbase.com/api/v3/brokerage/accounts' });
    expect(Object.keys(header)).toEqual(['alg', 'kid', 'nonce', 'typ']);
    expect(verifiesWith(jwt, ec.publicKey, 'ES256')).toBe(true);
    expect(r.signature).toBe(jwt);
    expect(r.canonical).toBe(decode(jwt).input);
    expect(r.canonicalParts.map((p) => p.value).join('')).toBe(r.canonical);
    expect(r.request.headers).toEqual({ Authorization: `Bearer ${jwt}` });
  });

  it('ES256 signatures are randomized: two signings differ and both verify', async () => {
    const a = await scheme.sign(ACCOUNTS, ecCreds, { timestamp: T, nonce: 'n' });
    const b = await scheme.sign(ACCOUNTS, ecCreds, { timestamp: T, nonce: 'n' });
    expect(a.canonical).toBe(b.canonical);
    expect(a.signature).not.toBe(b.signature);
    for (const s of [a, b]) expect(verifiesWith(s.signature, ec.publicKey, 'ES256')).toBe(true);
  });

  it('EdDSA with the base64 Ed25519 secret Coinbase issues is reproducible: the same nonce and timestamp give the same token, byte for byte', async () => {
    const r = await scheme.sign({ method: 'post', url: 'https://api.coinbase.com/api/v3/brokerage/orders', headers: { 'Content-Type': 'application/json' }, body: '{"side":"BUY"}' }, edCreds, { timestamp: T, nonce: 'fixed-nonce' });
    const header = { alg: 'EdDSA', kid: KEY_NAME, nonce: 'fixed-nonce', typ: 'JWT' };
    const claims = { sub: KEY_NAME, iss: 'cdp', nbf: NBF, exp: NBF + 120, uri: 'POST api.coinbase.com/api/v3/brokerage/orders' };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const independent = `${input}.${b64url(edSign(null, Buffer.from(input), ED_KEY))}`;
    expect(r.signature).toBe(independent);
    expect((await scheme.sign({ method: 'POST', url: 'https://api.coinbase.com/api/v3/brokerage/orders', headers: {}, body: 'other body' }, edCreds, { timestamp: T, nonce: 'fixed-nonce' })).signature).toBe(independent);
    expect(verifiesWith(r.signature, createPublicKey(ED_KEY), 'EdDSA')).toBe(true);
  });

  it('accepts PKCS#8 PEMs of both kinds, a privateKeyPem field, and PEM newlines pasted as the two characters "\\n"', async () => {
    for (const [creds, alg] of [[{ apiKey: KEY_NAME, secret: EC_PKCS8 }, 'ES256'], [{ apiKey: KEY_NAME, privateKeyPem: ED_PKCS8 }, 'EdDSA'], [{ apiKey: KEY_NAME, secret: EC_SEC1.replace(/\n/g, '\\n') }, 'ES256']] as const) {
      const r = await scheme.sign(ACCOUNTS, creds, { timestamp: T, nonce: 'n' });
      expect(decode(r.signature).header.alg).toBe(alg);
      expect((await scheme.verify(r.request, creds, { now: T, windowMs: 5000 })).valid).toBe(true);
    }
    expect((await scheme.sign(ACCOUNTS, { apiKey: KEY_NAME, privateKeyPem: ED_PKCS8 }, { timestamp: T, nonce: 'n' })).signature).toBe((await scheme.sign(ACCOUNTS, edCreds, { timestamp: T, nonce: 'n' })).signature);
  });

  it('leaves the query out of the uri claim (Coinbase signs METHOD host + path only)', async () => {
    const r = await scheme.sign({ method: 'GET', url: 'https://api.coinbase.com/api/v3/brokerage/orders/historical/batch?limit=10&product_ids=BTC-USD', headers: {}, body: null }, edCreds, { timestamp: T, nonce: 'n' });
    expect(decode(r.signature).claims.uri).toBe('GET api.coinbase.com/api/v3/brokerage/orders/historical/batch');
  });

  it('shows its steps without the private key', async () => {
    const r = await scheme.sign(ACCOUNTS, edCreds, { timestamp: T, nonce: 'n' });
    expect(r.steps.map((s) => s.label)).toEqual(['JWT header', 'JWT claims', 'Signing input: base64url(header) + "." + base64url(claims)', 'EdDSA: Ed25519 over the signing input, base64url', 'Authorization header']);
    const text = JSON.stringify(r.steps);
    expect(text).not.toContain(ED_SECRET);
    expect(text).not.toContain(SEED.toString('base64url'));
    expect(text).not.toContain(SEED.toString('hex'));
  });
});

describe('coinbase-advanced-cdp-jwt: verify', () => {
  it('round-trips sign → verify through the library for both key kinds', async () => {
    for (const creds of [ecCreds, edCreds]) {
      const s = await signRequest(scheme.id, ACCOUNTS, creds, { timestamp: T });
      const v = await verifyRequest(scheme.id, s.request, creds, { now: T + 1000 });
      expect(v).toMatchObject({ valid: true, reason: null, canonical: s.canonical });
    }
    const ed = await signRequest(scheme.id, ACCOUNTS, edCreds, { timestamp: T, nonce: 'n' });
    expect((await verifyRequest(scheme.id, ed.request, edCreds, { now: T })).expected).toBe(ed.signature);
  });

  it('verifies a token built the way the docs’ Python sample builds it (other key order, typ not first)', async () => {
    const jwt = await new SignJWT({ sub: KEY_NAME, iss: 'cdp', nbf: NBF, exp: NBF + 120, uri: 'GET api.coinbase.com/api/v3/brokerage/accounts' }).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: KEY_NAME, nonce: 'abc' }).sign(ec.privateKey);
    expect(await scheme.verify({ ...ACCOUNTS, headers: { Authorization: `Bearer ${jwt}` } }, ecCreds, { now: T, windowMs: 5000 })).toMatchObject({ valid: true, reason: null });
  });

  it('rejects every single-byte change to the token, and a changed path, host or method', async () => {
    for (const creds of [ecCreds, edCreds]) {
      const s = await scheme.sign({ ...ACCOUNTS, url: 'https://api.coinbase.com/api/v3/brokerage/accounts/7a3b' }, creds, { timestamp: T, nonce: 'n' });
      const changes = [
        ...singleByteChanges(s.request, { url: 'after-origin', headers: ['Authorization'] }),
        { where: 'host', request: { ...s.request, url: s.request.url.replace('api.coinbase.com', 'api.coinbase.co') } },
        { where: 'method', request: { ...s.request, method: 'DELETE' } },
      ];
      for (const c of changes) expect((await scheme.verify(c.request, creds, { now: T, windowMs: 0 })).valid, c.where).toBe(false);
    }
  });

  it('does not cover the body or the query string: Coinbase’s JWT binds METHOD host/path only', async () => {
    const s = await scheme.sign({ method: 'POST', url: 'https://api.coinbase.com/api/v3/brokerage/orders?x=1', headers: {}, body: '{"size":"1"}' }, edCreds, { timestamp: T, nonce: 'n' });
    expect((await scheme.verify({ ...s.request, url: 'https://api.coinbase.com/api/v3/brokerage/orders?x=2', body: '{"size":"9"}' }, edCreds, { now: T, windowMs: 5000 })).valid).toBe(true);
  });

  it('round-trips random requests and rejects single-byte changes to what the JWT binds (property)', async () => {
    await assertRoundTripAndTamper({
      scheme,
      credentials: edCreds,
      origin: 'https://api.coinbase.com',
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      shape: () => ({ query: false, body: false }),
      signedParts: () => ({ url: 'after-origin', headers: ['Authorization'] }),
      extraChanges: (r) => [{ where: 'method', request: { ...r, method: r.method === 'GET' ? 'POST' : 'GET' } }],
      now: T,
      numRuns: 4,
    });
  });

  it('gives reasons a person can act on', async () => {
    const s = await scheme.sign(ACCOUNTS, ecCreds, { timestamp: T, nonce: 'n' });
    const at = { now: T, windowMs: 30_000 };
    expect((await scheme.verify(s.request, { apiKey: KEY_NAME, secret: EC_PKCS8.replace(EC_PKCS8, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString()) }, at)).reason).toMatch(/does not verify with this key’s public key/);
    expect((await scheme.verify(s.request, edCreds, at)).reason).toMatch(/signed with ES256, but this Ed25519.* key signs EdDSA/);
    expect((await scheme.verify(s.request, { ...ecCreds, apiKey: 'organizations/x/apiKeys/other' }, at)).reason).toMatch(/kid is ".*1f2e3d4c.*", not this key name/);
    expect((await scheme.verify({ ...s.request, url: 'https://api.coinbase.com/api/v3/brokerage/portfolios' }, ecCreds, at)).reason).toMatch(/made for "GET api.coinbase.com\/api\/v3\/brokerage\/accounts", but this request is "GET api.coinbase.com\/api\/v3\/brokerage\/portfolios"/);
    expect((await scheme.verify(s.request, ecCreds, { now: T + 121_000, windowMs: 30_000 })).reason).toMatch(/expired 2 s ago: JWTs live 120 s/);
    expect((await scheme.verify(s.request, ecCreds, { now: T - 40_000, windowMs: 30_000 })).reason).toMatch(/not valid yet: nbf is 39 s ahead of now/);
    expect((await scheme.verify(s.request, ecCreds, { now: T + 3_600_000, windowMs: 0 })).valid).toBe(true);
    expect((await scheme.verify({ ...s.request, headers: {} }, ecCreds, at)).reason).toMatch(/not "Bearer <JWT>"/);
    expect((await scheme.verify({ ...s.request, headers: { Authorization: 'Bearer abc.def' } }, ecCreds, at)).reason).toMatch(/not a well-formed JWT/);
    const legacy = await new SignJWT({ sub: KEY_NAME, iss: 'coinbase-cloud', nbf: NBF, exp: NBF + 120, uri: 'GET api.coinbase.com/api/v3/brokerage/accounts' }).setProtectedHeader({ alg: 'ES256', kid: KEY_NAME, nonce: 'n', typ: 'JWT' }).sign(ec.privateKey);
    expect((await scheme.verify({ ...ACCOUNTS, headers: { Authorization: `Bearer ${legacy}` } }, ecCreds, at)).reason).toMatch(/iss claim is "coinbase-cloud"; Coinbase expects "cdp"/);
  });
});

describe('coinbase-advanced-cdp-jwt: bad input names the field', () => {
  const ctx = { timestamp: T, nonce: 'n' };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
  const otherPublic = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const cases: [string, SignableRequest, Record<string, string>, RegExp][] = [
    ['a missing key name', ACCOUNTS, { secret: ED_SECRET }, /^credentials\.apiKey: /],
    ['a missing key', ACCOUNTS, { apiKey: KEY_NAME }, /^credentials\.secret: expected the key Coinbase issued/],
    ['a key that is neither PEM nor base64', ACCOUNTS, { apiKey: KEY_NAME, secret: 'not a key!' }, /^credentials\.secret: expected the key Coinbase issued/],
    ['a damaged PEM', ACCOUNTS, { apiKey: KEY_NAME, secret: '-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----' }, /^credentials\.secret: this PEM could not be read/],
    ['an RSA key', ACCOUNTS, { apiKey: KEY_NAME, privateKeyPem: rsa }, /^credentials\.privateKeyPem: a rsa key cannot sign a Coinbase JWT/],
    ['a P-384 key', ACCOUNTS, { apiKey: KEY_NAME, secret: p384 }, /^credentials\.secret: ES256 needs a P-256 key; this EC key is on secp384r1/],
    ['a base64 secret of the wrong length', ACCOUNTS, { apiKey: KEY_NAME, secret: SEED.toString('base64') }, /^credentials\.secret: the base64 Ed25519 secret Coinbase issues is 64 bytes .* this one is 32/],
    ['a base64 secret whose halves do not match', ACCOUNTS, { apiKey: KEY_NAME, secret: Buffer.concat([SEED, otherPublic]).toString('base64') }, /^credentials\.secret: the last 32 bytes are not the public key/],
    ['malformed base64', ACCOUNTS, { apiKey: KEY_NAME, secret: `${ED_SECRET.slice(0, -3)}=A=` }, /^credentials\.secret: /],
    ['a malformed URL', { ...ACCOUNTS, url: 'api.coinbase.com/api/v3/brokerage/accounts' }, edCreds, /^url: /],
  ];
  for (const [what, request, credentials, message] of cases) {
    it(`refuses ${what}`, async () => {
      await expect(scheme.sign(request, credentials, ctx)).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) });
    });
  }

  it('refuses an empty nonce, and verify names a bad key the same way', async () => {
    await expect(scheme.sign(ACCOUNTS, edCreds, { timestamp: T, nonce: '' })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^nonce: /) });
    await expect(scheme.verify(ACCOUNTS, { apiKey: KEY_NAME, secret: 'not a key!' }, { now: T, windowMs: 0 })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^credentials\.secret: /) });
    expect(cdpSigningKey(edCreds).alg).toBe('EdDSA');
  });
});
