import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../src-main/vault/vault-service';
import { SafeStorageSlot } from '../../../src-main/vault/slots/safe-storage-slot';
import { FAST_KDF, ManualClock, useTempHomes } from '../../helpers/temp-home';
import { FakeSafeStorage } from '../../helpers/fake-safe-storage';
import type { AppError } from '../../../src-main/base/errors';
import { EntryPatch } from '../../../src-main/contract/schemas';

const PASS = 'correct horse battery staple';
const newHome = useTempHomes();

function vault(home: string, extra: Partial<ConstructorParameters<typeof VaultService>[0]> = {}) {
  return new VaultService({ home, osSlot: null, kdf: FAST_KDF, ...extra });
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as AppError).code ?? 'NO_CODE';
  }
  return 'NO_ERROR';
}

const binance = { label: 'Binance main', provider: 'binance', environment: 'prod' as const, credentials: { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' } };

describe('VaultService', () => {
  it('creates a vault with a sandbox key, a 0600 file, and opens it again with the passphrase', async () => {
    const home = newHome();
    const v = vault(home);
    const status = await v.create({ passphrase: PASS, useOsSlot: false });
    expect(status).toMatchObject({ exists: true, locked: false, entryCount: 1 });
    expect(statSync(join(home, 'vault.json')).mode & 0o777).toBe(0o600);
    const [sandbox] = v.list();
    expect(sandbox).toMatchObject({ provider: 'sandbox', environment: 'dev', credentialFields: ['apiKey', 'secret'] });

    const again = vault(home);
    expect((await again.status()).locked).toBe(true);
    await again.unlockWithPassphrase(PASS);
    expect(again.list().map((e) => e.label)).toEqual(['Sandbox (local)']);
  });

  it('refuses a weak passphrase and a second vault, leaving the first untouched', async () => {
    const home = newHome();
    expect(await codeOf(vault(home).create({ passphrase: 'password1', useOsSlot: false }))).toBe('ERR_WEAK_PASSPHRASE');
    expect(existsSync(join(home, 'vault.json'))).toBe(false);
    await vault(home).create({ passphrase: PASS, useOsSlot: false });
    const before = readFileSync(join(home, 'vault.json'));
    expect(await codeOf(vault(home).create({ passphrase: PASS, useOsSlot: false }))).toBe('ERR_VAULT_EXISTS');
    expect(readFileSync(join(home, 'vault.json')).equals(before)).toBe(true);
  });

  it('rejects a wrong passphrase and stays locked', async () => {
    const home = newHome();
    await vault(home).create({ passphrase: PASS, useOsSlot: false });
    const v = vault(home);
    expect(await codeOf(v.unlockWithPassphrase('correct horse battery stapler'))).toBe('ERR_BAD_PASSPHRASE');
    expect(v.isUnlocked()).toBe(false);
    expect(await codeOf(() => v.list())).toBe('ERR_VAULT_LOCKED');
  });

  it('never puts a secret in summaries, details or the file in the clear', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const s = await v.add(binance);
    const detail = v.get(s.id);
    const visible = JSON.stringify([v.list(), detail, await v.status()]);
    expect(visible).not.toContain(binance.credentials.secret);
    expect(visible).not.toContain(binance.credentials.apiKey);
    expect(detail.credentials).toEqual([
      { field: 'apiKey', preview: '••••Eh8A', secret: false },
      { field: 'secret', preview: '••••••••', secret: true },
    ]);
    const file = readFileSync(join(home, 'vault.json'), 'utf8');
    for (const needle of [binance.credentials.secret, binance.credentials.apiKey, 'Binance main', 'binance']) expect(file).not.toContain(needle);
    expect(await v.revealField(s.id, 'secret')).toBe(binance.credentials.secret);
  });

  it('searches and filters by provider, environment and tag', async () => {
    const v = vault(newHome());
    await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    await v.add({ ...binance, tags: ['bots'] });
    await v.add({ label: 'Kraken staging', provider: 'kraken', environment: 'test', tags: ['bots', 'eu'], credentials: { apiKey: 'k1', secret: 'a3Jha2Vu' } });
    await v.add({ label: 'CoinGecko', provider: 'coingecko', environment: 'dev', credentials: { apiKey: 'CG-abc' } });
    expect(v.list().map((e) => e.label)).toEqual(['Binance main', 'CoinGecko', 'Kraken staging']);
    expect(v.list({ search: 'KRAK' }).map((e) => e.label)).toEqual(['Kraken staging']);
    expect(v.list({ search: 'bots main' }).map((e) => e.label)).toEqual(['Binance main']);
    expect(v.list({ environment: 'prod' }).map((e) => e.label)).toEqual(['Binance main']);
    expect(v.list({ provider: 'coingecko' }).map((e) => e.label)).toEqual(['CoinGecko']);
    expect(v.list({ tag: 'eu' }).map((e) => e.label)).toEqual(['Kraken staging']);
    expect(v.list({ search: 'nothing-like-this' })).toEqual([]);
    // Ids and fingerprints match from their start only: a few hex digits inside a random id are not a match.
    const kraken = v.resolve('Kraken staging');
    expect(v.list({ search: kraken.id.slice(0, 8) }).map((e) => e.label)).toEqual(['Kraken staging']);
    expect(v.list({ search: kraken.fingerprint.slice(7, 15) }).map((e) => e.label)).toEqual(['Kraken staging']);
    expect(v.list({ search: kraken.id.slice(20, 26) }).map((e) => e.label)).not.toContain('Kraken staging');
  });

  it('validates credentials against the provider and names what is missing', async () => {
    const v = vault(newHome());
    await v.create({ passphrase: PASS, useOsSlot: false });
    const err = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return `${(e as AppError).code}: ${(e as Error).message}`;
      }
      return 'no error';
    };
    expect(await err(v.add({ ...binance, credentials: { apiKey: 'x' } }))).toMatch(/^ERR_CREDENTIALS_INVALID: .*missing: secret/);
    expect(await err(v.add({ label: 'OKX', provider: 'okx', environment: 'dev', credentials: { apiKey: 'a', secret: 'b' } }))).toMatch(/missing: passphrase/);
    expect(await err(v.add({ ...binance, credentials: { apiKey: 'a', privateKeyPem: 'not a pem' } }))).toMatch(/privateKeyPem is not a readable PEM/);
    expect(await err(v.add({ ...binance, provider: 'nope' }))).toMatch(/^ERR_VALIDATION: Unknown provider "nope"/);
    expect(await err(v.add({ ...binance, label: '  ' }))).toMatch(/^ERR_VALIDATION: .*label/);
    await v.add(binance);
    expect(await err(v.add({ ...binance, label: 'binance MAIN' }))).toMatch(/^ERR_DUPLICATE_LABEL/);
  });

  it('changes only the fields a patch names, as the IPC contract parses it (a notes edit keeps scopes and tags)', async () => {
    const v = vault(newHome());
    await v.create({ passphrase: PASS, useOsSlot: false });
    const s = await v.add({ ...binance, scopes: ['read', 'trade'], tags: ['bot'], notes: 'first' });
    const patch = EntryPatch.parse({ id: s.id, meta: { notes: 'second' } });
    const updated = await v.update(patch);
    expect(updated).toMatchObject({ scopes: ['read', 'trade'], tags: ['bot'] });
    expect(v.get(s.id).notes).toBe('second');
  });

  it('updates metadata and credentials, keeping unchanged secrets and recording rotation', async () => {
    const v = vault(newHome());
    await v.create({ passphrase: PASS, useOsSlot: false });
    const s = await v.add(binance);
    const renamed = await v.update({ id: s.id, meta: { label: 'Binance bot', tags: ['bot'] } });
    expect(renamed).toMatchObject({ label: 'Binance bot', tags: ['bot'], lastRotatedAt: null });
    expect(await v.revealField(s.id, 'secret')).toBe(binance.credentials.secret);
    const rotated = await v.update({ id: s.id, credentials: { secret: 'new-secret-value' } });
    expect(rotated.lastRotatedAt).not.toBeNull();
    expect(await v.revealField(s.id, 'secret')).toBe('new-secret-value');
    expect(await v.revealField(s.id, 'apiKey')).toBe(binance.credentials.apiKey);
    expect(await codeOf(v.update({ id: s.id, credentials: { secret: null } }))).toBe('ERR_CREDENTIALS_INVALID');
    await v.remove(s.id);
    expect(await codeOf(() => v.get(s.id))).toBe('ERR_ENTRY_NOT_FOUND');
  });

  it('adds several keys in one write, or none when one of them is invalid', async () => {
    const v = vault(newHome());
    await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    const ok = await v.addMany([binance, { ...binance, label: 'Binance spare' }]);
    expect(ok.map((e) => e.label)).toEqual(['Binance main', 'Binance spare']);
    expect(await codeOf(v.addMany([{ ...binance, label: 'Third' }, { ...binance, label: 'third' }]))).toBe('ERR_DUPLICATE_LABEL');
    expect(await codeOf(v.addMany([{ ...binance, label: 'Fourth' }, { ...binance, label: 'Fifth', credentials: {} }]))).toBe('ERR_CREDENTIALS_INVALID');
    expect(v.list()).toHaveLength(2);
  });

  it('resolves an id, a unique id prefix or a unique label', async () => {
    const v = vault(newHome());
    await v.create({ passphrase: PASS, useOsSlot: false });
    const s = await v.add(binance);
    expect(v.resolve(s.id).id).toBe(s.id);
    expect(v.resolve(s.id.slice(0, 8)).id).toBe(s.id);
    expect(v.resolve('binance main').id).toBe(s.id);
    expect(await codeOf(() => v.resolve('nope'))).toBe('ERR_ENTRY_NOT_FOUND');
  });

  it('records last use, persisted by lock', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const s = await v.add(binance);
    await v.useSecret(s.id, (c) => expect(c.secret).toBe(binance.credentials.secret));
    await v.lock();
    const again = vault(home);
    await again.unlockWithPassphrase(PASS);
    expect(again.get(s.id).lastUsedAt).not.toBeNull();
  });

  it('does not count a preview (record: false) as a use', async () => {
    const v = vault(newHome());
    await v.create({ passphrase: PASS, useOsSlot: false });
    const s = await v.add(binance);
    await v.useSecret(s.id, () => undefined, { record: false });
    await v.flush();
    expect(v.get(s.id).lastUsedAt).toBeNull();
  });

  it('auto-locks after the idle time, and activity postpones it', async () => {
    const clock = new ManualClock();
    const v = vault(newHome(), { clock, autoLockMinutes: 5 });
    const events: string[] = [];
    v.subscribe((e) => events.push(e.type === 'status' ? (e.status.locked ? 'locked' : 'unlocked') : 'entries'));
    await v.create({ passphrase: PASS, useOsSlot: false });
    clock.advance(4 * 60_000);
    v.touch();
    clock.advance(4 * 60_000);
    expect(v.isUnlocked()).toBe(true);
    clock.advance(60_001);
    await new Promise((r) => setTimeout(r, 20));
    expect(v.isUnlocked()).toBe(false);
    expect(events.at(-1)).toBe('locked');
  });

  it('changes the passphrase only with the current one', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const next = 'tangerine orbit velvet canyon';
    expect(await codeOf(v.changePassphrase({ current: 'wrong wrong wrong', next }))).toBe('ERR_BAD_PASSPHRASE');
    expect(await codeOf(v.changePassphrase({ current: PASS, next: 'short' }))).toBe('ERR_WEAK_PASSPHRASE');
    await v.changePassphrase({ current: PASS, next });
    const again = vault(home);
    expect(await codeOf(again.unlockWithPassphrase(PASS))).toBe('ERR_BAD_PASSPHRASE');
    await again.unlockWithPassphrase(next);
    expect(again.list()).toHaveLength(1);
  });

  it('picks up changes another process wrote before writing its own', async () => {
    const home = newHome();
    const a = vault(home);
    await a.create({ passphrase: PASS, useOsSlot: false });
    const b = vault(home);
    await b.unlockWithPassphrase(PASS);
    await b.add(binance);
    await a.add({ label: 'Kraken', provider: 'kraken', environment: 'dev', credentials: { apiKey: 'k', secret: 'c2VjcmV0' } });
    expect(a.list().map((e) => e.label)).toEqual(['Binance main', 'Kraken', 'Sandbox (local)']);
    const c = vault(home);
    await c.unlockWithPassphrase(PASS);
    expect(c.list()).toHaveLength(3);
  });

  it('keeps the previous version as vault.json.bak', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const first = readFileSync(join(home, 'vault.json'));
    await v.add(binance);
    expect(readFileSync(join(home, 'vault.json.bak')).equals(first)).toBe(true);
  });
});

describe('VaultService with the OS slot (Electron safeStorage)', () => {
  it('creates with the OS slot only, and unlocks without a passphrase', async () => {
    const home = newHome();
    const ss = new FakeSafeStorage();
    const v = vault(home, { osSlot: new SafeStorageSlot(ss, 'linux') });
    const st = await v.create({ useOsSlot: true });
    expect(st.slots).toEqual([expect.objectContaining({ kind: 'os', provider: 'electron-safestorage', backend: 'gnome_libsecret' })]);
    const again = vault(home, { osSlot: new SafeStorageSlot(ss, 'linux') });
    expect((await again.status()).canUnlockWithOs).toBe(true);
    await again.unlockWithOs();
    expect(again.list()).toHaveLength(1);
  });

  it('refuses basic_text: the vault needs a passphrase then', async () => {
    const ss = new FakeSafeStorage();
    ss.backend = 'basic_text';
    const v = vault(newHome(), { osSlot: new SafeStorageSlot(ss, 'linux') });
    const st = await v.status();
    expect(st.os).toMatchObject({ secure: false, backend: 'basic_text' });
    expect(st.os.reason).toMatch(/passphrase/);
    expect(await codeOf(v.create({ useOsSlot: true }))).toBe('ERR_OS_SLOT_INSECURE');
  });

  it('stops and explains when the backend changed, leaving the file untouched', async () => {
    const home = newHome();
    const ss = new FakeSafeStorage();
    await vault(home, { osSlot: new SafeStorageSlot(ss, 'linux') }).create({ passphrase: PASS, useOsSlot: true });
    const before = readFileSync(join(home, 'vault.json'));
    ss.backend = 'kwallet5';
    const v = vault(home, { osSlot: new SafeStorageSlot(ss, 'linux') });
    const st = await v.status();
    expect(st.osBackendChanged).toEqual({ recorded: 'gnome_libsecret', current: 'kwallet5' });
    expect(st.canUnlockWithOs).toBe(false);
    expect(await codeOf(v.unlockWithOs())).toBe('ERR_OS_BACKEND_CHANGED');
    expect(readFileSync(join(home, 'vault.json')).equals(before)).toBe(true);
    // The way out: passphrase, then re-add the OS slot under the new backend.
    await v.unlockWithPassphrase(PASS);
    const after = await v.addOsSlot();
    expect(after.slots.filter((s) => s.kind === 'os')).toEqual([expect.objectContaining({ backend: 'kwallet5' })]);
  });

  it('adds and removes the OS slot, but never the last way in', async () => {
    const home = newHome();
    const ss = new FakeSafeStorage();
    const v = vault(home, { osSlot: new SafeStorageSlot(ss, 'linux') });
    await v.create({ useOsSlot: true });
    expect(await codeOf(v.removeOsSlot())).toBe('ERR_LAST_SLOT');
    await v.changePassphrase({ next: PASS });
    const st = await v.removeOsSlot();
    expect(st.slots.map((s) => s.kind)).toEqual(['passphrase']);
    await v.addOsSlot();
    await v.lock();
    await v.unlockWithOs();
    expect(v.isUnlocked()).toBe(true);
  });
});
