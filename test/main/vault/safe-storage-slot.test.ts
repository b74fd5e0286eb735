/** The app's OS slot over a fake safeStorage that really encrypts (AES-256-GCM under a per-"keychain" key). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SafeStorageSlot, type SafeStorageLike } from '../../../src-main/vault/slots/safe-storage-slot';
import type { OsSlotRecord } from '../../../src-main/vault/types';
import { AppError } from '../../../src-main/base/errors';

/** Behaves like Electron's safeStorage: a `v10` prefix, a key the "OS" keeps, Linux-only backend reporting. */
class FakeSafeStorage implements SafeStorageLike {
  key = randomBytes(32);
  available = true;
  calls = { encrypt: 0, decrypt: 0 };
  constructor(
    public backend: string,
    private readonly platform: NodeJS.Platform = 'linux',
  ) {}
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.calls.encrypt++;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    this.calls.decrypt++;
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const d = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
    d.setAuthTag(encrypted.subarray(15, 31));
    const result = Buffer.concat([d.update(encrypted.subarray(31)), d.final()]).toString('utf8');
    return { shouldReEncrypt: false, result };
  }
  getSelectedStorageBackend(): string {
    if (this.platform !== 'linux') throw new Error('getSelectedStorageBackend is only available on Linux');
    return this.backend;
  }
}

const ctx = { vaultId: 'v1', slotId: 's1' };
const record = (sealed: { backend: string; wrap: string }): OsSlotRecord => ({
  id: 's1',
  kind: 'os',
  provider: 'electron-safestorage',
  createdAt: '2025-01-01T00:00:00.000Z',
  ...sealed,
});

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return { code: (e as AppError).code, message: (e as AppError).message };
  }
  throw new Error('expected the promise to reject');
}

describe('SafeStorageSlot', () => {
  it('round-trips a 32-byte vault key and never stores it in the clear', async () => {
    const fake = new FakeSafeStorage('gnome_libsecret');
    const slot = new SafeStorageSlot(fake, 'linux');
    const key = randomBytes(32);
    const sealed = await slot.seal(key, ctx);
    expect(sealed.backend).toBe('gnome_libsecret');
    expect(sealed.wrap).not.toContain(key.toString('base64'));
    expect(Buffer.from(sealed.wrap, 'base64').includes(key)).toBe(false);
    const opened = await slot.open(record(sealed), ctx);
    expect(opened).toBeInstanceOf(Buffer);
    expect(opened.equals(key)).toBe(true);
  });

  it('records keychain on macOS and dpapi on Windows without asking for a Linux backend', async () => {
    const mac = new SafeStorageSlot(new FakeSafeStorage('n/a', 'darwin'), 'darwin');
    const win = new SafeStorageSlot(new FakeSafeStorage('n/a', 'win32'), 'win32');
    expect(await mac.probe()).toEqual({ available: true, secure: true, backend: 'keychain', reason: null });
    expect((await win.seal(randomBytes(32), ctx)).backend).toBe('dpapi');
  });

  it.each(['basic_text', 'unknown'])('reports the Linux %s backend as not secure and explains why', async (backend) => {
    const probe = await new SafeStorageSlot(new FakeSafeStorage(backend), 'linux').probe();
    expect(probe).toMatchObject({ available: true, secure: false, backend });
    expect(probe.reason).toMatch(/no keyring/);
    expect(probe.reason).toMatch(/hard-coded/);
    expect(probe.reason).toMatch(/passphrase is required/);
  });

  it('refuses to seal with basic_text and never hands the key to safeStorage', async () => {
    const fake = new FakeSafeStorage('basic_text');
    const err = await codeOf(new SafeStorageSlot(fake, 'linux').seal(randomBytes(32), ctx));
    expect(err.code).toBe('ERR_OS_SLOT_INSECURE');
    expect(fake.calls.encrypt).toBe(0);
  });

  it('reports an unavailable store and refuses to seal there', async () => {
    const fake = new FakeSafeStorage('kwallet5');
    fake.available = false;
    const slot = new SafeStorageSlot(fake, 'linux');
    expect(await slot.probe()).toMatchObject({ available: false, secure: false, backend: 'kwallet5' });
    expect((await codeOf(slot.seal(randomBytes(32), ctx))).code).toBe('ERR_OS_SLOT_UNAVAILABLE');
  });

  it('stops on a backend change, names both backends and leaves the slot untouched', async () => {
    const fake = new FakeSafeStorage('gnome_libsecret');
    const slot = new SafeStorageSlot(fake, 'linux');
    const rec = record(await slot.seal(randomBytes(32), ctx));
    const before = structuredClone(rec);
    fake.backend = 'kwallet5';
    const err = await codeOf(slot.open(rec, ctx));
    expect(err.code).toBe('ERR_OS_BACKEND_CHANGED');
    expect(err.message).toContain('gnome_libsecret');
    expect(err.message).toContain('kwallet5');
    expect(err.message).toMatch(/Nothing was changed/);
    expect(err.message).toMatch(/passphrase/);
    expect(err.message).toMatch(/re-add the OS slot in Settings/);
    expect(fake.calls.decrypt).toBe(0);
    expect(rec).toEqual(before);
  });

  it('treats a fall back to basic_text after sealing as a backend change', async () => {
    const fake = new FakeSafeStorage('gnome_libsecret');
    const slot = new SafeStorageSlot(fake, 'linux');
    const rec = record(await slot.seal(randomBytes(32), ctx));
    fake.backend = 'basic_text';
    expect((await codeOf(slot.open(rec, ctx))).code).toBe('ERR_OS_BACKEND_CHANGED');
  });

  it('refuses to open a slot recorded under basic_text', async () => {
    const fake = new FakeSafeStorage('basic_text');
    const wrap = (await fake.encryptStringAsync(randomBytes(32).toString('base64'))).toString('base64');
    const err = await codeOf(new SafeStorageSlot(fake, 'linux').open(record({ backend: 'basic_text', wrap }), ctx));
    expect(err.code).toBe('ERR_OS_SLOT_INSECURE');
    expect(fake.calls.decrypt).toBe(0);
  });

  it('says the OS key is gone when the keychain no longer decrypts the slot', async () => {
    const fake = new FakeSafeStorage('gnome_libsecret');
    const slot = new SafeStorageSlot(fake, 'linux');
    const rec = record(await slot.seal(randomBytes(32), ctx));
    fake.key = randomBytes(32); // the keyring was reset
    const err = await codeOf(slot.open(rec, ctx));
    expect(err.code).toBe('ERR_OS_SLOT_MISSING');
    expect(err.message).toMatch(/Nothing was changed/);
  });

  it('rejects a slot that decrypts to something other than a 32-byte key', async () => {
    const fake = new FakeSafeStorage('gnome_libsecret');
    const slot = new SafeStorageSlot(fake, 'linux');
    const short = (await fake.encryptStringAsync(randomBytes(16).toString('base64'))).toString('base64');
    const notB64 = (await fake.encryptStringAsync('not a key!')).toString('base64');
    expect((await codeOf(slot.open(record({ backend: 'gnome_libsecret', wrap: short }), ctx))).code).toBe('ERR_OS_SLOT_MISSING');
    expect((await codeOf(slot.open(record({ backend: 'gnome_libsecret', wrap: notB64 }), ctx))).code).toBe('ERR_OS_SLOT_MISSING');
  });

  it('reports a wrap that is not base64 as a damaged vault', async () => {
    const slot = new SafeStorageSlot(new FakeSafeStorage('gnome_libsecret'), 'linux');
    expect((await codeOf(slot.open(record({ backend: 'gnome_libsecret', wrap: '***' }), ctx))).code).toBe('ERR_VAULT_CORRUPT');
  });

  it('will not open a slot another provider sealed', async () => {
    const slot = new SafeStorageSlot(new FakeSafeStorage('gnome_libsecret'), 'linux');
    const rec = { ...record({ backend: 'secret-service', wrap: 'AAAA' }), provider: 'os-keyring' };
    expect((await codeOf(slot.open(rec, ctx))).code).toBe('ERR_OS_SLOT_MISSING');
  });

  it('rejects a vault key of the wrong length', async () => {
    await expect(new SafeStorageSlot(new FakeSafeStorage('gnome_libsecret'), 'linux').seal(randomBytes(31), ctx)).rejects.toThrow(/32 bytes/);
  });
});
