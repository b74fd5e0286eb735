/**
 * The CLI's OS slot: the vault key wrapped by a random key-encryption key that lives in the OS keyring
 * (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) through @napi-rs/keyring.
 *
 * The keyring holds only the KEK, never the vault key, so the vault file alone or the keyring item alone opens
 * nothing. On Linux the store is pinned to `secret-service`: the library's default silently falls back to the
 * kernel keyring, which lives in memory and is gone after a reboot — a slot sealed there would vanish without
 * a word. The backend is recorded at seal time and checked at open, so a change is reported, never papered over.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { AppError } from '../../base/errors';
import { fromB64, toB64, wipe } from '../../base/bytes';
import type { OsProbe, OsSlotContext, OsSlotProvider, OsSlotRecord } from '../types';

/** Service name under which every Signet item is stored in the keyring. */
export const KEYRING_SERVICE = 'Signet';
export const KEYRING_PROVIDER_ID = 'os-keyring';

const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const PROBE_TIMEOUT_MS = 10_000;

/** The keyring this platform uses, as recorded in the slot. */
export function keyringBackend(platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'linux') return 'secret-service';
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'credential-manager';
  return null;
}

export const keyringAccount = (ctx: OsSlotContext): string => `vault-${ctx.vaultId}-${ctx.slotId}`;
const slotAad = (ctx: OsSlotContext): Buffer => Buffer.from(`signet-slot/v1/${ctx.vaultId}/${ctx.slotId}`, 'utf8');

/** The library's messages start with layers of prefixes ("Platform failure: DBus error: …"); keep the cause. */
const describe = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e))
    .replace(/^(?:(?:Platform failure|DBus error):\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim();

function unavailableReason(e: unknown): string {
  return (
    `No OS keyring (Secret Service) is reachable: ${describe(e)}; ` +
    'use a passphrase (SIGNET_PASSPHRASE) or start gnome-keyring/KWallet.'
  );
}

export class KeyringSlot implements OsSlotProvider {
  readonly id = KEYRING_PROVIDER_ID;

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  /** The library connects to the store while constructing an entry, so even construction can throw. */
  private entry(account: string): AsyncEntry {
    try {
      return new AsyncEntry(KEYRING_SERVICE, account, ENTRY_OPTIONS);
    } catch (e) {
      throw new AppError('ERR_OS_SLOT_UNAVAILABLE', unavailableReason(e), { cause: e });
    }
  }

  async probe(): Promise<OsProbe> {
    const backend = keyringBackend(this.platform);
    if (!backend) {
      return { available: false, secure: false, backend: null, reason: `Signet knows no OS keyring on ${this.platform}; use a passphrase (SIGNET_PASSPHRASE).` };
    }
    try {
      // A read of an account that never exists: proves the store answers without creating or unlocking anything.
      // Bounded, because `signet vault status` must answer even when a D-Bus peer hangs.
      await this.entry('probe').getPassword(AbortSignal.timeout(PROBE_TIMEOUT_MS));
      return { available: true, secure: true, backend, reason: null };
    } catch (e) {
      const reason = e instanceof AppError ? e.message : unavailableReason(e);
      return { available: false, secure: false, backend, reason };
    }
  }

  async seal(vaultKey: Uint8Array, ctx: OsSlotContext): Promise<{ backend: string; wrap: string }> {
    if (vaultKey.byteLength !== KEY_BYTES) throw new TypeError(`vault key must be ${KEY_BYTES} bytes`);
    const backend = keyringBackend(this.platform);
    if (!backend) throw new AppError('ERR_OS_SLOT_UNAVAILABLE', `Signet knows no OS keyring on ${this.platform}; use a passphrase instead.`);
    const kek = randomBytes(KEY_BYTES);
    try {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', kek, iv);
      cipher.setAAD(slotAad(ctx));
      const ciphertext = Buffer.concat([cipher.update(vaultKey), cipher.final()]);
      const wrap = toB64(Buffer.concat([iv, ciphertext, cipher.getAuthTag()]));
      try {
        await this.entry(keyringAccount(ctx)).setPassword(toB64(kek));
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError(
          'ERR_OS_SLOT_UNAVAILABLE',
          `The OS keyring refused to store Signet's key (${describe(e)}). Unlock the keyring (gnome-keyring/KWallet) and try again, or keep using the passphrase.`,
          { cause: e },
        );
      }
      return { backend, wrap };
    } finally {
      wipe(kek);
    }
  }

  async open(slot: OsSlotRecord, ctx: OsSlotContext): Promise<Buffer> {
    const current = keyringBackend(this.platform);
    if (slot.backend !== current) {
      throw new AppError(
        'ERR_OS_BACKEND_CHANGED',
        `This vault's OS slot was sealed with the ${slot.backend} keyring, but this machine now uses ${current ?? 'no known keyring'}. ` +
          'Nothing was changed. Unlock with your passphrase, then remove and re-add the OS slot (signet vault os-slot remove / add).',
      );
    }
    let stored: string | null;
    try {
      stored = await this.entry(keyringAccount(ctx)).getPassword();
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('ERR_OS_SLOT_UNAVAILABLE', `The OS keyring could not be read: ${describe(e)}. Unlock it, or use your passphrase.`, { cause: e });
    }
    if (stored === null) {
      throw new AppError(
        'ERR_OS_SLOT_MISSING',
        `The OS keyring no longer holds Signet's key for this vault (item "${keyringAccount(ctx)}" in service "${KEYRING_SERVICE}"). ` +
          'Nothing was changed. Unlock with your passphrase, then remove and re-add the OS slot.',
      );
    }
    let kek: Buffer | undefined;
    let blob: Buffer | undefined;
    try {
      kek = fromB64(stored, 'keyring item');
      blob = fromB64(slot.wrap, 'OS slot');
      if (kek.byteLength !== KEY_BYTES || blob.byteLength !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw new Error('wrong length');
      const decipher = createDecipheriv('aes-256-gcm', kek, blob.subarray(0, IV_BYTES));
      decipher.setAAD(slotAad(ctx));
      decipher.setAuthTag(blob.subarray(blob.byteLength - TAG_BYTES));
      const key = Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.byteLength - TAG_BYTES)), decipher.final()]);
      return key;
    } catch (e) {
      throw new AppError(
        'ERR_VAULT_TAMPERED',
        "The vault's OS slot does not match the key in the OS keyring: the slot or the keyring item was altered or replaced. " +
          'Nothing was changed. Unlock with your passphrase, then remove and re-add the OS slot.',
        { cause: e },
      );
    } finally {
      wipe(kek, blob);
    }
  }

  async forget(_slot: OsSlotRecord, ctx: OsSlotContext): Promise<void> {
    try {
      // false means the item was already gone, which is the state we want.
      await this.entry(keyringAccount(ctx)).deleteCredential();
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('ERR_OS_SLOT_UNAVAILABLE', `The OS keyring item could not be deleted: ${describe(e)}. Unlock the keyring and try again.`, { cause: e });
    }
  }
}
