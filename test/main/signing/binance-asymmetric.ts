/**
 * What the Binance Ed25519 and RSA schemes share, tested with real keys made here (node:crypto generateKeyPairSync):
 * the docs' examples (whose private key Binance does not publish, so they are checked with our own key), round trips
 * verified with the public key as Binance holds it, single-byte changes, and bad keys named by field.
 */
import { constants, createPublicKey, generateKeyPairSync, verify as cryptoVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Scheme, SchemeCredentials, SignableRequest } from '../../../src-main/signing/types';
import { assertBinanceRoundTrip } from './binance-property';
import { singleByteChanges } from './mutations';

export type KeyType = 'ed25519' | 'rsa';

export function keyPair(type: KeyType, passphrase?: string): { privateKey: string; publicKey: string } {
  const privateKeyEncoding = passphrase ? { type: 'pkcs8' as const, format: 'pem' as const, cipher: 'aes-256-cbc', passphrase } : { type: 'pkcs8' as const, format: 'pem' as const };
  const publicKeyEncoding = { type: 'spki' as const, format: 'pem' as const };
  return type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding, publicKeyEncoding }) : generateKeyPairSync('ed25519', { privateKeyEncoding, publicKeyEncoding });
}

/** node:crypto's own verification with the public key, independent of the scheme. */
export function verifiedByPublicKey(type: KeyType, publicKeyPem: string, payload: string, base64: string): boolean {
  const key = createPublicKey(publicKeyPem);
  return type === 'rsa'
    ? cryptoVerify('sha256', Buffer.from(payload), { key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(base64, 'base64'))
    : cryptoVerify(null, Buffer.from(payload), key, Buffer.from(base64, 'base64'));
}

export function describeBinanceAsymmetric(scheme: Scheme, type: KeyType, docUrl: string, docApiKey: string): void {
  const keys = keyPair(type);
  const other = keyPair(type === 'rsa' ? 'ed25519' : 'rsa');
  const creds: SchemeCredentials = { apiKey: docApiKey, secret: keys.privateKey };
  const ctx = { timestamp: 1_668_481_559_918, nonce: 'unused' };
  const DOC_PAYLOAD = 'symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000';
  const NON_ASCII = DOC_PAYLOAD.replace('BTCUSDT', '%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96');

  describe(`${scheme.id}: the documentation's examples (${docUrl})`, () => {
    it('signs the ASCII example payload, base64, and appends it percent-encoded to the query string (Step 3)', async () => {
      const r = await scheme.sign({ method: 'POST', url: `https://api.binance.com/api/v3/order?${DOC_PAYLOAD}`, headers: {}, body: null }, creds, ctx);
      expect(r.canonical).toBe(DOC_PAYLOAD);
      expect(r.signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(verifiedByPublicKey(type, keys.publicKey, DOC_PAYLOAD, r.signature)).toBe(true);
      expect(r.request).toEqual({ method: 'POST', url: `https://api.binance.com/api/v3/order?${DOC_PAYLOAD}&signature=${encodeURIComponent(r.signature)}`, headers: { 'X-MBX-APIKEY': docApiKey }, body: null });
      expect(r.request.url.split('signature=')[1]).not.toMatch(/[+/=]/);
    });

    it('percent-encodes the non-ASCII example symbol (１２３４５６) before signing', async () => {
      const r = await scheme.sign({ method: 'POST', url: `https://api.binance.com/api/v3/order?${DOC_PAYLOAD.replace('BTCUSDT', '１２３４５６')}`, headers: {}, body: null }, creds, ctx);
      expect(r.canonical).toBe(NON_ASCII);
      expect(verifiedByPublicKey(type, keys.publicKey, NON_ASCII, r.signature)).toBe(true);
    });

    it('signs parameters sent as a form body, as the docs\' sample script does, with the signature last in the body', async () => {
      const r = await scheme.sign({ method: 'POST', url: 'https://api.binance.com/api/v3/order', headers: {}, body: 'symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1.0000000&price=0.20' }, creds, ctx);
      expect(r.canonical).toBe('symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1.0000000&price=0.20&timestamp=1668481559918');
      expect(r.request.body).toBe(`${r.canonical}&signature=${encodeURIComponent(r.signature)}`);
      expect(r.request.url).toBe('https://api.binance.com/api/v3/order');
      expect(verifiedByPublicKey(type, keys.publicKey, r.canonical, r.signature)).toBe(true);
    });
  });

  describe(`${scheme.id}: sign → verify`, () => {
    const request: SignableRequest = { method: 'POST', url: 'https://api.binance.com/api/v3/order?symbol=BTCUSDT', headers: {}, body: 'side=BUY&type=LIMIT&quantity=0.01&price=65000.5' };

    it('verifies with the private key (and shows the expected signature) and with the public key alone', async () => {
      const r = await scheme.sign(request, creds, { timestamp: 1_764_300_000_000, nonce: 'n' });
      const opts = { now: 1_764_300_000_100, windowMs: 5000 };
      expect(await scheme.verify(r.request, creds, opts)).toEqual({ valid: true, reason: null, canonical: r.canonical, expected: r.signature });
      expect(await scheme.verify(r.request, { apiKey: docApiKey, secret: keys.publicKey }, opts)).toEqual({ valid: true, reason: null, canonical: r.canonical, expected: '' });
      expect(await scheme.verify(r.request, { privateKeyPem: keys.publicKey }, opts)).toMatchObject({ valid: true });
      expect(verifiedByPublicKey(type, keys.publicKey, r.canonical, r.signature)).toBe(true);
    });

    it('round-trips random methods, paths and unicode parameters, verified with the public key; any single-byte change fails (property)', async () => {
      await assertBinanceRoundTrip(scheme, creds, { apiKey: docApiKey, secret: keys.publicKey }, type === 'rsa' ? 15 : 40);
    });

    it('rejects another key pair, and says which key to check', async () => {
      const r = await scheme.sign(request, creds, { timestamp: 1_764_300_000_000, nonce: 'n' });
      const stranger = keyPair(type);
      const v = await scheme.verify(r.request, { secret: stranger.publicKey }, { now: 1_764_300_000_000, windowMs: 5000 });
      expect(v.valid).toBe(false);
      expect(v.reason).toMatch(new RegExp(`does not match the payload.*check the ${type === 'rsa' ? 'RSA' : 'Ed25519'} key`));
    });

    it('rejects every single-byte change to the query string (signature included), the body and X-MBX-APIKEY', async () => {
      const r = await scheme.sign(request, creds, { timestamp: 1_764_300_000_000, nonce: 'n' });
      const verifyCreds = { apiKey: docApiKey, secret: keys.publicKey };
      const changes = [
        ...singleByteChanges(r.request, { url: 'query', body: true, headers: ['X-MBX-APIKEY'] }),
        ...singleByteChanges({ ...r.request, url: `${r.request.url}&${r.request.body}`, body: null }, { url: 'query' }),
      ];
      for (const c of changes) expect((await scheme.verify(c.request, verifyCreds, { now: 1_764_300_000_000, windowMs: 0 })).valid, c.where).toBe(false);
    });

    it('explains a signature that was not percent-encoded or is not canonical base64', async () => {
      const r = await scheme.sign({ method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null }, creds, { timestamp: 1_764_300_000_000, nonce: 'n' });
      const opts = { now: 1_764_300_000_000, windowMs: 5000 };
      const raw = r.request.url.replace(/signature=.*$/, `signature=${r.signature.replace(/[A-Za-z0-9]/, '+')}`);
      expect((await scheme.verify({ ...r.request, url: raw }, creds, opts)).reason).toMatch(/raw "\+".*percent-encode/);
      // Both key types make signatures whose base64 ends in "==": the last data character carries 4 unused bits.
      expect(r.signature.endsWith('==')).toBe(true);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const last = r.signature.length - 3;
      const sameBytes = `${r.signature.slice(0, last)}${alphabet[alphabet.indexOf(r.signature[last] as string) ^ 1]}==`;
      expect(Buffer.from(sameBytes, 'base64').equals(Buffer.from(r.signature, 'base64'))).toBe(true);
      for (const variant of [sameBytes, r.signature.slice(0, -2)]) {
        const url = r.request.url.replace(/signature=.*$/, `signature=${encodeURIComponent(variant)}`);
        expect((await scheme.verify({ ...r.request, url }, creds, opts)).reason).toMatch(/not canonical base64/);
      }
      expect((await scheme.verify({ ...r.request, url: r.request.url.replace(/signature=.*$/, 'signature=%ZZ') }, creds, opts)).reason).toMatch(/malformed percent-encoding/);
    });
  });

  describe(`${scheme.id}: bad keys are named by field`, () => {
    const request: SignableRequest = { method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null };
    const sign = (credentials: SchemeCredentials) => () => scheme.sign(request, credentials, ctx);
    const input = (message: RegExp) => expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) });

    it('refuses a missing key and a missing apiKey', () => {
      expect(sign({ apiKey: 'k' })).toThrow(input(/^credentials\.secret: expected the (Ed25519|RSA) private key as PKCS#8 PEM/));
      expect(sign({ secret: keys.privateKey })).toThrow(input(/^credentials\.apiKey: /));
    });

    it('refuses a secret that is not PEM, and points an HMAC secret to binance-hmac-sha256', () => {
      expect(sign({ apiKey: 'k', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' })).toThrow(input(/^credentials\.secret: .*this is not PEM \(it looks like an HMAC secret: use binance-hmac-sha256\)/));
      expect(sign({ apiKey: 'k', privateKeyPem: 'not a key at all' })).toThrow(input(/^credentials\.privateKeyPem: .*this is not PEM$/));
      expect(sign({ apiKey: 'k', secret: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' })).toThrow(input(/^credentials\.secret: the PEM block could not be read as a private key/));
    });

    it('refuses a public key for signing', () => {
      expect(sign({ apiKey: 'k', secret: keys.publicKey })).toThrow(input(/^credentials\.secret: this is a public key; signing needs the (Ed25519|RSA) private key/));
    });

    it('refuses a key of the other type and names the scheme for it', () => {
      expect(sign({ apiKey: 'k', secret: other.privateKey })).toThrow(input(new RegExp(`^credentials\\.secret: expected an ${type === 'rsa' ? 'RSA' : 'Ed25519'} key, but this is an ${type === 'rsa' ? 'Ed25519' : 'RSA'} key \\(sign with binance-${type === 'rsa' ? 'ed25519' : 'rsa'}\\)`)));
    });

    it('opens an encrypted PKCS#8 key with credentials.passphrase, and names the passphrase when it is missing or wrong', async () => {
      const encrypted = keyPair(type, 'correct horse');
      expect(sign({ apiKey: 'k', secret: encrypted.privateKey })).toThrow(input(/^credentials\.passphrase: the PEM key in credentials\.secret is encrypted/));
      expect(sign({ apiKey: 'k', secret: encrypted.privateKey, passphrase: 'wrong' })).toThrow(input(/^credentials\.passphrase: does not decrypt/));
      const r = await scheme.sign(request, { apiKey: 'k', secret: encrypted.privateKey, passphrase: 'correct horse' }, ctx);
      expect(verifiedByPublicKey(type, encrypted.publicKey, r.canonical, r.signature)).toBe(true);
    });

    it('refuses a body the scheme cannot carry', () => {
      expect(() => scheme.sign({ ...request, method: 'POST', body: '{"a":1}' }, creds, ctx)).toThrow(input(/^body: expected form parameters/));
    });
  });
}
