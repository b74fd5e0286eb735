/**
 * The sandbox as the app runs it: it trusts the vault's sandbox keys and follows their changes — a new secret, new
 * scopes — while a key the sandbox revoked stays revoked. Real vault, real exchange on loopback, real signatures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/base/logger';
import { EmbeddedSandbox } from '../../../src-main/sandbox/embedded-sandbox';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { signedFetch } from './sandbox-client';

const newHome = useTempHomes();
const KEY = { apiKey: 'sbx_vault_key_0001', secret: 'first-secret-0123456789abcdef' };
let stop: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stop.reverse()) await s();
  stop = [];
});

/** The embedded sandbox over `vault`, started and synced, closed after the test. */
async function startOver(home: string, vault: VaultService): Promise<{ sandbox: EmbeddedSandbox; url: string }> {
  const sandbox = new EmbeddedSandbox({ home, vault, logger: silentLogger, sandbox: { symbols: 5, seed: 1 } });
  await sandbox.start();
  stop.push(async () => {
    await sandbox.close();
    if (vault.isUnlocked()) await vault.lock();
  });
  await sandbox.synced();
  return { sandbox, url: sandbox.url()! };
}

async function setup() {
  const home = newHome();
  const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
  const entry = await vault.add({ label: 'Sandbox', provider: 'sandbox', environment: 'dev', scopes: ['read', 'trade'], credentials: KEY });
  return { vault, entry, ...(await startOver(home, vault)) };
}

describe('the embedded sandbox', () => {
  it('trusts the vault’s sandbox key, with the vault entry’s scopes', async () => {
    const { url } = await setup();
    expect((await signedFetch(url, KEY, 'GET', '/v1/account')).status).toBe(200);
    const keys = await signedFetch(url, KEY, 'GET', '/v1/keys');
    expect([keys.status, keys.json.code]).toEqual([403, 'insufficient_scope']);
  });

  it('follows a secret changed in the vault: the old one stops working, the new one works', async () => {
    const { url, vault, sandbox, entry } = await setup();
    const next = { apiKey: KEY.apiKey, secret: 'second-secret-0123456789abcdef' };
    await vault.update({ id: entry.id, credentials: { secret: next.secret } });
    await sandbox.synced();
    const old = await signedFetch(url, KEY, 'GET', '/v1/account');
    expect([old.status, old.json.code]).toEqual([401, 'invalid_signature']);
    expect((await signedFetch(url, next, 'GET', '/v1/account')).status).toBe(200);
  });

  it('follows scopes changed in the vault', async () => {
    const { url, vault, sandbox, entry } = await setup();
    await vault.update({ id: entry.id, meta: { scopes: ['read'] } });
    await sandbox.synced();
    const order = await signedFetch(url, KEY, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 0.01 } });
    expect([order.status, order.json.code]).toEqual([403, 'insufficient_scope']);
  });

  it('gives a vault sandbox key with no scopes read only: it cannot trade or manage keys', async () => {
    const { url, vault, sandbox } = await setup();
    const bare = { apiKey: 'sbx_vault_key_bare', secret: 'bare-secret-0123456789abcdef' };
    const odd = { apiKey: 'sbx_vault_key_odd', secret: 'odd-secret-0123456789abcdef0' };
    await vault.add({ label: 'No scopes', provider: 'sandbox', environment: 'dev', scopes: [], credentials: bare });
    await vault.add({ label: 'Unknown scopes only', provider: 'sandbox', environment: 'dev', scopes: ['admin', 'margin'], credentials: odd });
    await sandbox.synced();
    for (const creds of [bare, odd]) {
      expect(sandbox.running!.keys.list().find((k) => k.apiKey === creds.apiKey)?.scopes).toEqual(['read']);
      const account = await signedFetch(url, creds, 'GET', '/v1/account');
      expect([account.status, account.json.scopes]).toEqual([200, ['read']]);
      const order = await signedFetch(url, creds, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 0.01 } });
      expect([order.status, order.json.code]).toEqual([403, 'insufficient_scope']);
      const minted = await signedFetch(url, creds, 'POST', '/v1/keys', { body: { scopes: ['read', 'trade', 'keys:manage'] } });
      expect([minted.status, minted.json.code]).toEqual([403, 'insufficient_scope']);
    }
  });

  it('lets the key made on first run (vault create) read, trade and manage keys, as its scopes say', async () => {
    const home = newHome();
    const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
    await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false });
    const first = vault.list({}).find((e) => e.provider === 'sandbox')!;
    expect(first.scopes).toEqual(expect.arrayContaining(['read', 'trade', 'keys:manage']));
    const creds = await vault.useSecret(first.id, (c) => ({ apiKey: c.apiKey!, secret: c.secret! }), { record: false });
    const { url } = await startOver(home, vault);
    expect((await signedFetch(url, creds, 'GET', '/v1/account')).status).toBe(200);
    const order = await signedFetch(url, creds, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 0.01 } });
    expect(order.status).toBe(201);
    expect((await signedFetch(url, creds, 'GET', '/v1/keys')).status).toBe(200);
  });

  it('keeps a key the sandbox revoked revoked, whatever the vault does next', async () => {
    const { url, vault, sandbox, entry } = await setup();
    const id = sandbox.running!.keys.list().find((k) => k.apiKey === KEY.apiKey)!.id;
    await sandbox.running!.keys.revoke(id);
    await vault.update({ id: entry.id, meta: { label: 'Sandbox (renamed)' } });
    await sandbox.synced();
    const r = await signedFetch(url, KEY, 'GET', '/v1/account');
    expect([r.status, r.json.code]).toEqual([401, 'key_revoked']);
  });
});
