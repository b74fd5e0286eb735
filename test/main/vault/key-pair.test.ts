/**
 * Key pairs made in the vault: each type is generated, sealed in a real vault on real files, and signs a request with
 * the existing scheme its provider uses, verified against the public key Signet shows. Also: the pure forms of a
 * public key, the "awaiting API key" state, rotation by a new private key, and backups of such keys.
 */
import { createPrivateKey, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../src-main/vault/vault-service';
import { generateKeyPair, publicKeyForms, publicKeyOf, RSA_BITS } from '../../../src-main/vault/key-pair';
import { checkCredentials } from '../../../src-main/vault/entry-model';
import { entryPublicKey } from '../../../src-main/vault/entry-public-key';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { KeyPairType } from '../../../src-main/contract/key-pairs';
import type { AppError } from '../../../src-main/base/errors';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';

const PASS = 'correct horse battery staple';
const newHome = useTempHomes();
const T = 1_764_300_000_000;
const BINANCE_API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const CDP_KEY_NAME = 'organizations/0e7a1b2c-3d4e-5f60-7182-93a4b5c6d7e8/apiKeys/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';

async function openVault(home = newHome()): Promise<VaultService> {
  const v = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
  await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
  return v;
}

async function failure(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return { code: (e as AppError).code ?? 'NO_CODE', message: (e as Error).message };
  }
  throw new Error('expected a failure');
}

const body = (pem: string) => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');

describe('generateKeyPair', () => {
  it.each<[KeyPairType, string, Record<string, unknown>]>([
    ['ed25519', 'ed25519', {}],
    ['rsa', 'rsa', { modulusLength: RSA_BITS, publicExponent: 65537n }],
    ['p256', 'ec', { namedCurve: 'prime256v1' }],
  ])('%s: a PKCS#8 private key, its SPKI public key and the SHA-256 fingerprint of the SPKI DER', async (type, nodeType, details) => {
    const pair = await generateKeyPair(type);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const key = createPrivateKey(pair.privateKeyPem);
    expect(key.asymmetricKeyType).toBe(nodeType);
    expect(key.asymmetricKeyDetails).toMatchObject(details);
    expect(createPublicKey(key).export({ format: 'pem', type: 'spki' })).toBe(pair.publicKeyPem);
    expect(pair.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(publicKeyOf(pair.privateKeyPem)).toEqual({ type, publicKeyPem: pair.publicKeyPem, fingerprint: pair.fingerprint });
    // Fresh every time.
    expect((await generateKeyPair(type)).publicKeyPem).not.toBe(pair.publicKeyPem);
  });

  it('refuses a type it does not make', async () => {
    expect(await failure(generateKeyPair('dsa' as KeyPairType))).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/ed25519, rsa or p256/) });
  });
});

describe('publicKeyForms', () => {
  it('Binance takes the PEM; the base64 DER is the same key without armour; an Ed25519 key also has its raw 32 bytes', async () => {
    const pair = await generateKeyPair('ed25519');
    const view = publicKeyForms('binance', 'ed25519', pair.publicKeyPem);
    expect(view.primary).toBe('pem');
    expect(view.registerUrl).toBe('https://www.binance.com/en/my/settings/api-management');
    expect(view.instruction).toMatch(/Self-generated/);
    expect(view.forms.map((f) => f.id)).toEqual(['pem', 'der-base64', 'raw-base64']);
    const [pem, der, raw] = view.forms;
    expect(pem!.text).toBe(pair.publicKeyPem);
    expect(der!.text).toBe(body(pair.publicKeyPem));
    expect(createPublicKey({ key: Buffer.from(der!.text, 'base64'), format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' })).toBe(pair.publicKeyPem);
    const jwk = createPublicKey(pair.publicKeyPem).export({ format: 'jwk' });
    expect(Buffer.from(raw!.text, 'base64')).toEqual(Buffer.from(jwk.x!, 'base64url'));
  });

  it('RSA and P-256 keys have the PEM and the base64 DER only; Coinbase says plainly that its portal makes its own keys', async () => {
    const rsa = await generateKeyPair('rsa');
    expect(publicKeyForms('binance', 'rsa', rsa.publicKeyPem).forms.map((f) => f.id)).toEqual(['pem', 'der-base64']);
    const ec = await generateKeyPair('p256');
    const cb = publicKeyForms('coinbase', 'p256', ec.publicKeyPem);
    expect(cb.forms.map((f) => f.id)).toEqual(['pem', 'der-base64']);
    expect(cb.registerUrl).toBeNull();
    expect(cb.instruction).toMatch(/creates its Secret API keys itself/);
  });
});

/** Each provider's types, and how its existing scheme is checked against the public key Signet shows. */
const CASES: { provider: 'binance' | 'coinbase'; type: KeyPairType; schemeId: string; apiKey: string }[] = [
  { provider: 'binance', type: 'ed25519', schemeId: 'binance-ed25519', apiKey: BINANCE_API_KEY },
  { provider: 'binance', type: 'rsa', schemeId: 'binance-rsa', apiKey: BINANCE_API_KEY },
  { provider: 'coinbase', type: 'p256', schemeId: 'coinbase-advanced-cdp-jwt', apiKey: CDP_KEY_NAME },
  { provider: 'coinbase', type: 'ed25519', schemeId: 'coinbase-advanced-cdp-jwt', apiKey: CDP_KEY_NAME },
];

describe('a generated pair in the vault signs with the provider’s scheme', () => {
  it.each(CASES)('$provider $type → $schemeId, verified with the public key shown', async ({ provider, type, schemeId, apiKey }) => {
    const home = newHome();
    const v = await openVault(home);
    const { entry, publicKey } = await v.addKeyPair({ label: `${provider} ${type}`, provider, environment: 'test', type, scopes: [], tags: [], notes: '' });
    expect(entry).toMatchObject({ provider, credentialFields: ['privateKeyPem'], awaitingApiKey: true, keyPair: { type, fingerprint: publicKey.fingerprint }, lastRotatedAt: null });
    expect(publicKey.type).toBe(type);

    // Sealed from the first byte: the file holds neither the private key nor its base64 body.
    const privateKeyPem = await v.useSecret(entry.id, (c) => c.privateKeyPem!, { record: false });
    const file = readFileSync(join(home, 'vault.json'), 'utf8');
    expect(file).not.toContain(body(privateKeyPem).slice(0, 40));
    expect(file).not.toContain(body(publicKey.pem).slice(0, 40));
    expect(createPublicKey(privateKeyPem).export({ format: 'pem', type: 'spki' })).toBe(publicKey.pem);

    // The view derived again from the private key, as vault:publicKey does, is the same.
    expect(await entryPublicKey(v, entry.id)).toEqual(publicKey);

    // Registering: the API key arrives; that is not a rotation.
    const registered = await v.update({ id: entry.id, credentials: { apiKey } });
    expect(registered.awaitingApiKey).toBeUndefined();
    expect(registered.lastRotatedAt).toBeNull();
    expect(registered.keyPair).toEqual({ type, fingerprint: publicKey.fingerprint });

    const request = { method: 'GET', url: provider === 'binance' ? 'https://api.binance.com/api/v3/account' : 'https://api.coinbase.com/api/v3/brokerage/accounts', headers: {}, body: null };
    const signed = await v.useSecret(entry.id, (c) => signRequest(schemeId, request, c, { timestamp: T, nonce: 'a1b2c3d4e5f60718' }));
    if (provider === 'binance') {
      // The exchange's side: it holds the public key only.
      expect((await verifyRequest(schemeId, signed.request, { apiKey, secret: publicKey.pem }, { now: T })).valid).toBe(true);
      const other = await generateKeyPair(type);
      expect((await verifyRequest(schemeId, signed.request, { apiKey, secret: other.publicKeyPem }, { now: T })).valid).toBe(false);
    } else {
      const jwt = signed.request.headers.Authorization!.replace(/^Bearer /, '');
      const [h, c, s] = jwt.split('.') as [string, string, string];
      expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: type === 'p256' ? 'ES256' : 'EdDSA', kid: apiKey });
      const input = Buffer.from(`${h}.${c}`);
      const sig = Buffer.from(s, 'base64url');
      const pub = createPublicKey(publicKey.pem);
      expect(type === 'p256' ? nodeVerify('sha256', input, { key: pub, dsaEncoding: 'ieee-p1363' }, sig) : nodeVerify(null, input, pub, sig)).toBe(true);
      expect((await v.useSecret(entry.id, (cr) => verifyRequest(schemeId, signed.request, cr, { now: T }))).valid).toBe(true);
    }

    // The public key survives a lock and unlock (it is sealed metadata, shown again at any time).
    await v.lock();
    await v.unlockWithPassphrase(PASS);
    expect(v.get(entry.id).keyPair).toEqual({ type, fingerprint: publicKey.fingerprint });
    expect((await entryPublicKey(v, entry.id)).pem).toBe(publicKey.pem);
    await v.lock();
  });
});

describe('keys awaiting their API key', () => {
  it('refuses a type the provider does not take, a provider that issues its own keys, and a duplicate label; nothing is added', async () => {
    const v = await openVault();
    const base = { label: 'k', environment: 'dev' as const, scopes: [], tags: [], notes: '' };
    expect(await failure(v.addKeyPair({ ...base, provider: 'coinbase', type: 'rsa' }))).toMatchObject({ code: 'ERR_VALIDATION', message: 'Coinbase does not take RSA keys. Choose p256 or ed25519.' });
    expect(await failure(v.addKeyPair({ ...base, provider: 'binance', type: 'p256' }))).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/Binance does not take ECDSA P-256 keys/) });
    expect(await failure(v.addKeyPair({ ...base, provider: 'kraken', type: 'ed25519' }))).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/Binance and Coinbase keys only/) });
    await v.addKeyPair({ ...base, provider: 'binance', type: 'ed25519' });
    expect(await failure(v.addKeyPair({ ...base, label: 'K', provider: 'binance', type: 'ed25519' }))).toMatchObject({ code: 'ERR_DUPLICATE_LABEL' });
    expect(v.list()).toHaveLength(1);
    await v.lock();
  });

  it('an ordinary Binance key still needs its API key: only a generated pair may wait for one', async () => {
    const v = await openVault();
    const pair = await generateKeyPair('ed25519');
    expect(await failure(v.add({ label: 'pasted', provider: 'binance', environment: 'dev', credentials: { privateKeyPem: pair.privateKeyPem } }))).toMatchObject({ code: 'ERR_CREDENTIALS_INVALID', message: expect.stringMatching(/missing: apiKey/) });
    // Its public key can still be shown: it holds a private key.
    const added = await v.add({ label: 'pasted', provider: 'binance', environment: 'dev', credentials: { apiKey: BINANCE_API_KEY, privateKeyPem: pair.privateKeyPem } });
    expect(added.keyPair).toBeUndefined();
    expect((await entryPublicKey(v, added.id)).fingerprint).toBe(pair.fingerprint);
    await v.lock();
  });

  it('has no public key to show for a key without a private key', async () => {
    const v = await openVault();
    const hmac = await v.add({ label: 'hmac', provider: 'binance', environment: 'dev', credentials: { apiKey: BINANCE_API_KEY, secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' } });
    expect(await failure(entryPublicKey(v, hmac.id))).toMatchObject({ code: 'ERR_VALIDATION', message: '“hmac” holds no private key, so it has no public key to show. Keys with a private key PEM (Binance Ed25519 or RSA, Coinbase CDP) have one.' });
    await v.lock();
  });

  it('rotation: a new private key and apiKey null derive the new public key, and the key waits again', async () => {
    const v = await openVault();
    const { entry, publicKey } = await v.addKeyPair({ label: 'rot', provider: 'binance', environment: 'prod', type: 'ed25519', scopes: ['read'], tags: [], notes: '' });
    await v.update({ id: entry.id, credentials: { apiKey: BINANCE_API_KEY } });
    const next = await generateKeyPair('rsa');
    const rotated = await v.update({ id: entry.id, credentials: { privateKeyPem: next.privateKeyPem, apiKey: null } });
    expect(rotated).toMatchObject({ awaitingApiKey: true, keyPair: { type: 'rsa', fingerprint: next.fingerprint }, credentialFields: ['privateKeyPem'] });
    expect(rotated.lastRotatedAt).not.toBeNull();
    expect((await entryPublicKey(v, entry.id)).pem).toBe(next.publicKeyPem);
    expect(next.fingerprint).not.toBe(publicKey.fingerprint);
    await v.lock();
  });

  it('a private key of a type the provider does not take drops the pair, and then the API key is required', async () => {
    const v = await openVault();
    const { entry } = await v.addKeyPair({ label: 'cb', provider: 'coinbase', environment: 'dev', type: 'p256', scopes: [], tags: [], notes: '' });
    const rsa = await generateKeyPair('rsa');
    expect(await failure(v.update({ id: entry.id, credentials: { privateKeyPem: rsa.privateKeyPem } }))).toMatchObject({ code: 'ERR_CREDENTIALS_INVALID', message: expect.stringMatching(/missing: apiKey/) });
    const kept = await v.update({ id: entry.id, credentials: { privateKeyPem: rsa.privateKeyPem, apiKey: CDP_KEY_NAME } });
    expect(kept.keyPair).toBeUndefined();
    expect(kept.awaitingApiKey).toBeUndefined();
    await v.lock();
  });

  it('checkCredentials refuses a private key that is not the pair’s', async () => {
    const a = await generateKeyPair('ed25519');
    const b = await generateKeyPair('ed25519');
    const meta = { type: 'ed25519' as const, publicKeyPem: a.publicKeyPem, fingerprint: a.fingerprint, createdAt: '2026-01-01T00:00:00.000Z' };
    expect(checkCredentials('binance', { privateKeyPem: a.privateKeyPem }, meta)).toEqual({ privateKeyPem: a.privateKeyPem });
    expect(await failure(() => checkCredentials('binance', { privateKeyPem: b.privateKeyPem }, meta))).toMatchObject({ code: 'ERR_CREDENTIALS_INVALID', message: expect.stringMatching(/not the one this key pair was made with/) });
  });

  it('goes through a backup and its import as it is, still awaiting its API key', async () => {
    const home = newHome();
    const v = await openVault(home);
    const { entry, publicKey } = await v.addKeyPair({ label: 'backed up', provider: 'binance', environment: 'dev', type: 'ed25519', scopes: [], tags: [], notes: '' });
    const path = join(home, 'backup.json');
    await v.exportBackup(path, 'lantern pickle voyage drizzle 77');
    await v.lock();
    const other = await openVault();
    const preview = await other.previewImport(path, 'lantern pickle voyage drizzle 77');
    await other.applyImport(preview.importId, 'skip');
    expect(other.get(entry.id)).toMatchObject({ awaitingApiKey: true, keyPair: { type: 'ed25519', fingerprint: publicKey.fingerprint } });
    expect((await entryPublicKey(other, entry.id)).pem).toBe(publicKey.pem);
    await other.lock();
  });
});
