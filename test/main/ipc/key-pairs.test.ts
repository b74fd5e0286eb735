/**
 * vault:generateKeyPair and vault:publicKey through the real router (schemas parse input and output) over a real
 * vault on real files, called as a compromised renderer might call them: wrong types, huge or smuggled fields, ids
 * that do not exist, keys without a private key. Nothing that comes back may hold the private key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { offlineRouter } from './offline-router';
import { VaultService } from '../../../src-main/vault/vault-service';
import type { Channel } from '../../../src-main/contract/channels';
import type { InputOf, OutputOf } from '../../../src-main/contract/schemas';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';

const newHome = useTempHomes();
const PASS = 'correct horse battery staple';
const BINANCE_API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';

let vault: VaultService | undefined;
afterEach(async () => {
  if (vault?.isUnlocked()) await vault.lock();
  vault = undefined;
});

async function setup() {
  vault = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: PASS, useOsSlot: false });
  const { router, clipboard } = offlineRouter(vault);
  return { vault, router, clipboard };
}

type Router = Awaited<ReturnType<typeof setup>>['router'];
async function call<C extends Channel>(router: Router, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await router.handle(channel, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as OutputOf<C>;
}
async function failure(router: Router, channel: Channel, input: unknown) {
  const r = await router.handle(channel, input);
  if (r.ok) throw new Error(`${channel} succeeded`);
  return r.error;
}

const body = (pem: string) => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
const input = { label: 'Binance bot', provider: 'binance', environment: 'prod' as const, type: 'ed25519' as const, scopes: ['read'], tags: [], notes: '' };

describe('vault:generateKeyPair', () => {
  it('answers the entry and its public key; the private key stays in the vault', async () => {
    const { vault, router } = await setup();
    const out = await call(router, 'vault:generateKeyPair', input);
    expect(out.entry).toMatchObject({ label: 'Binance bot', provider: 'binance', awaitingApiKey: true, credentialFields: ['privateKeyPem'], keyPair: { type: 'ed25519', fingerprint: out.publicKey.fingerprint } });
    expect(out.publicKey.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(out.publicKey.primary).toBe('pem');
    const privateKeyPem = await vault.useSecret(out.entry.id, (c) => c.privateKeyPem!, { record: false });
    const text = JSON.stringify(out);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(body(privateKeyPem).slice(0, 24));
    // The same view again, derived from the private key.
    expect(await call(router, 'vault:publicKey', { id: out.entry.id })).toEqual(out.publicKey);
    expect(JSON.stringify(await call(router, 'vault:get', { id: out.entry.id }))).not.toContain(body(privateKeyPem).slice(0, 24));
  });

  it('refuses what a hostile renderer might send, and adds nothing', async () => {
    const { vault, router } = await setup();
    const before = vault.list().length;
    expect(await failure(router, 'vault:generateKeyPair', { ...input, provider: 'coinbase', type: 'rsa' })).toEqual({ code: 'ERR_VALIDATION', message: 'Coinbase does not take RSA keys. Choose p256 or ed25519.' });
    expect(await failure(router, 'vault:generateKeyPair', { ...input, provider: 'aws' })).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/Binance and Coinbase keys only/) });
    expect(await failure(router, 'vault:generateKeyPair', { ...input, provider: 'no-such' })).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(await failure(router, 'vault:generateKeyPair', { ...input, type: 'dsa' })).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/^Invalid input for vault:generateKeyPair: type/) });
    expect(await failure(router, 'vault:generateKeyPair', { ...input, label: 'x'.repeat(100_000) })).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/Labels are at most 120 characters/) });
    expect((await failure(router, 'vault:generateKeyPair', { ...input, label: 'x'.repeat(100_000) })).message.length).toBeLessThan(400);
    // A private key (or an API key) smuggled in is refused, not stored beside the generated one.
    expect(await failure(router, 'vault:generateKeyPair', { ...input, credentials: { privateKeyPem: '-----BEGIN PRIVATE KEY-----' } })).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/credentials/) });
    expect(await failure(router, 'vault:generateKeyPair', { ...input, privateKeyPem: 'x' })).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(await failure(router, 'vault:generateKeyPair', null)).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(await failure(router, 'vault:generateKeyPair', { ...input, scopes: 'read' })).toMatchObject({ code: 'ERR_VALIDATION' });
    // A base URL that would need the person's consent is refused without it (no one can confirm here).
    expect(await failure(router, 'vault:generateKeyPair', { ...input, baseUrl: 'https://evil.example' })).toMatchObject({ code: 'ERR_CANCELLED' });
    expect(vault.list()).toHaveLength(before);
  });

  it('refuses while the vault is locked', async () => {
    const { vault, router } = await setup();
    await vault.lock();
    expect(await failure(router, 'vault:generateKeyPair', input)).toMatchObject({ code: 'ERR_VAULT_LOCKED' });
  });
});

describe('vault:publicKey', () => {
  it('refuses an id that does not exist, a key without a private key, and input of the wrong shape', async () => {
    const { vault, router } = await setup();
    const sandbox = vault.list()[0]!;
    expect(await failure(router, 'vault:publicKey', { id: 'nope' })).toMatchObject({ code: 'ERR_ENTRY_NOT_FOUND' });
    expect(await failure(router, 'vault:publicKey', { id: sandbox.id })).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/holds no private key/) });
    expect(await failure(router, 'vault:publicKey', { id: 'x'.repeat(10_000) })).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(await failure(router, 'vault:publicKey', { id: sandbox.id, field: 'privateKeyPem' })).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(await failure(router, 'vault:publicKey', {})).toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('is not a use of the key', async () => {
    const { vault, router } = await setup();
    const { entry } = await call(router, 'vault:generateKeyPair', input);
    await call(router, 'vault:publicKey', { id: entry.id });
    await vault.flush();
    expect(vault.get(entry.id).lastUsedAt).toBeNull();
  });
});

describe('a key awaiting its API key', () => {
  it('signs nothing until the API key is added with vault:update, and says what to do', async () => {
    const { router } = await setup();
    const { entry } = await call(router, 'vault:generateKeyPair', input);
    const draft = { entryId: entry.id, method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: [], body: null };
    const expected = { code: 'ERR_CREDENTIALS_INVALID', message: '“Binance bot” has no API key yet. Register the public key on Binance’s API management page and paste the API key it gives you into this key; then it can sign.' };
    expect(await failure(router, 'request:preview', draft)).toEqual(expected);
    expect(await failure(router, 'request:send', draft)).toEqual(expected);
    expect(await failure(router, 'request:export', { ...draft, format: 'curl' })).toEqual(expected);

    const updated = await call(router, 'vault:update', { id: entry.id, credentials: { apiKey: BINANCE_API_KEY } });
    expect(updated.awaitingApiKey).toBeUndefined();
    const preview = await call(router, 'request:preview', { ...draft, timestamp: 1_764_300_000_000 });
    expect(preview.schemeId).toBe('binance-ed25519');
  });

  it('never copies its private key, not even to main’s clipboard', async () => {
    const { router, clipboard } = await setup();
    const { entry } = await call(router, 'vault:generateKeyPair', input);
    expect(await failure(router, 'vault:copySecret', { id: entry.id, field: 'privateKeyPem' })).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/^The private key of “Binance bot” was generated in the vault and never leaves it/) });
    expect(clipboard.readText()).toBe('');
  });
});
