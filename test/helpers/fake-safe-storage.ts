/**
 * A stand-in for Electron's safeStorage (the Electron boundary): real AES-256-GCM under a per-"desktop" key, with
 * the backend a test can switch, as a user's desktop can switch between GNOME Keyring, KWallet and basic_text.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../src-main/vault/slots/safe-storage-slot';

export class FakeSafeStorage implements SafeStorageLike {
  backend = 'gnome_libsecret';
  available = true;
  key = randomBytes(32);
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  async encryptStringAsync(plain: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, ct, c.getAuthTag()]);
  }
  async decryptStringAsync(enc: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const d = createDecipheriv('aes-256-gcm', this.key, enc.subarray(0, 12));
    d.setAuthTag(enc.subarray(enc.length - 16));
    const pt = Buffer.concat([d.update(enc.subarray(12, enc.length - 16)), d.final()]);
    return { shouldReEncrypt: false, result: pt.toString('utf8') };
  }
}
