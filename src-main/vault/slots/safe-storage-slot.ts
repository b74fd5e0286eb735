/**
 * The app's OS slot: the vault key encrypted by Electron safeStorage (Keychain on macOS, DPAPI on Windows,
 * the desktop keyring on Linux), through the async API Electron 45 provides.
 *
 * It takes a `SafeStorageLike` instead of importing electron, so the vault layer stays loadable in plain Node and
 * the slot is tested against a small fake. On Linux, safeStorage silently falls back to `basic_text` (a key
 * hard-coded in Chromium) when no keyring is usable; such a slot would protect nothing, so it is reported as not
 * secure and refused. The backend is recorded at seal time; if it differs at open, we stop and say so rather than
 * decrypt garbage or drop the slot.
 */
import { AppError } from '../../base/errors';
import { fromB64, toB64, wipe } from '../../base/bytes';
import type { OsProbe, OsSlotContext, OsSlotProvider, OsSlotRecord } from '../types';

export const SAFE_STORAGE_PROVIDER_ID = 'electron-safestorage';

const KEY_BYTES = 32;

/** Linux backends that encrypt with a hard-coded key (or have not chosen a keyring yet). */
const INSECURE_LINUX_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

/** The part of Electron's `safeStorage` this slot uses (electron.d.ts `interface SafeStorage`, Electron 45). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only in Electron; never called on macOS or Windows. */
  getSelectedStorageBackend(): string;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();

function insecureReason(backend: string): string {
  return (
    `This desktop has no keyring Signet can use: Electron's safeStorage fell back to "${backend}", which encrypts ` +
    'with a key hard-coded in Chromium, so anything stored that way is readable by whoever can read your files. ' +
    'A passphrase is required instead; to use the OS slot, run a Secret Service keyring (GNOME Keyring or KWallet), ' +
    'restart Signet, then add the OS slot in Settings.'
  );
}

export class SafeStorageSlot implements OsSlotProvider {
  readonly id = SAFE_STORAGE_PROVIDER_ID;
  readonly #safeStorage: SafeStorageLike;
  readonly #platform: NodeJS.Platform;

  constructor(safeStorage: SafeStorageLike, platform: NodeJS.Platform) {
    this.#safeStorage = safeStorage;
    this.#platform = platform;
  }

  /** The name recorded in the slot: Electron only reports a backend on Linux, so the others are named here. */
  #backend(): string {
    if (this.#platform === 'darwin') return 'keychain';
    if (this.#platform === 'win32') return 'dpapi';
    try {
      return this.#safeStorage.getSelectedStorageBackend() || 'unknown';
    } catch {
      return 'unknown';
    }
  }

  #insecure(backend: string): boolean {
    return this.#platform !== 'darwin' && this.#platform !== 'win32' && INSECURE_LINUX_BACKENDS.has(backend);
  }

  async probe(): Promise<OsProbe> {
    let available: boolean;
    try {
      available = await this.#safeStorage.isAsyncEncryptionAvailable();
    } catch {
      available = false;
    }
    // Read after the availability check: that call is what initialises the async encryptor and picks the backend.
    const backend = this.#backend();
    if (this.#insecure(backend)) return { available, secure: false, backend, reason: insecureReason(backend) };
    if (!available) {
      return {
        available: false,
        secure: false,
        backend,
        reason: `The OS secret store (${backend}) is not available to Signet right now, so the OS slot cannot be used. Unlock with your passphrase.`,
      };
    }
    return { available: true, secure: true, backend, reason: null };
  }

  async seal(vaultKey: Uint8Array, _ctx: OsSlotContext): Promise<{ backend: string; wrap: string }> {
    if (vaultKey.byteLength !== KEY_BYTES) throw new TypeError(`vault key must be ${KEY_BYTES} bytes`);
    const probe = await this.probe();
    if (!probe.secure) {
      throw new AppError(probe.available ? 'ERR_OS_SLOT_INSECURE' : 'ERR_OS_SLOT_UNAVAILABLE', probe.reason ?? 'The OS secret store cannot be used; use a passphrase.');
    }
    const backend = probe.backend ?? 'unknown';
    let encrypted: Buffer;
    try {
      encrypted = await this.#safeStorage.encryptStringAsync(toB64(vaultKey));
    } catch (e) {
      throw new AppError(
        'ERR_OS_SLOT_UNAVAILABLE',
        `The OS secret store (${backend}) refused to encrypt the vault key: ${describe(e)}. Nothing was stored; use a passphrase, or try again after unlocking your keychain.`,
        { cause: e },
      );
    }
    return { backend, wrap: toB64(encrypted) };
  }

  async open(slot: OsSlotRecord, _ctx: OsSlotContext): Promise<Buffer> {
    if (slot.provider !== this.id) {
      throw new AppError(
        'ERR_OS_SLOT_MISSING',
        `This vault's OS slot was made by "${slot.provider}", not by the Signet app's safeStorage. Unlock with your passphrase, then add the OS slot in Settings.`,
      );
    }
    const probe = await this.probe();
    const current = probe.backend ?? 'unknown';
    if (slot.backend !== current) {
      throw new AppError(
        'ERR_OS_BACKEND_CHANGED',
        `The vault's OS slot was sealed with the "${slot.backend}" secret store, but this session uses "${current}". ` +
          'Nothing was changed. Unlock with your passphrase, then remove and re-add the OS slot in Settings.',
      );
    }
    if (!probe.secure) {
      throw new AppError(probe.available ? 'ERR_OS_SLOT_INSECURE' : 'ERR_OS_SLOT_UNAVAILABLE', probe.reason ?? 'The OS secret store cannot be used; use a passphrase.');
    }

    let encrypted: Buffer;
    try {
      encrypted = fromB64(slot.wrap, 'OS slot');
    } catch (e) {
      throw new AppError(
        'ERR_VAULT_CORRUPT',
        'The vault\'s OS slot is damaged (its data is not valid base64). Nothing was changed. Unlock with your passphrase, then remove and re-add the OS slot in Settings.',
        { cause: e },
      );
    }

    const missing = (cause?: unknown): AppError =>
      new AppError(
        'ERR_OS_SLOT_MISSING',
        `The OS secret store (${current}) could not decrypt this vault's OS slot: the key it used is gone or was replaced ` +
          '(a keychain reset, another user account or another machine). Nothing was changed. Unlock with your passphrase, then remove and re-add the OS slot in Settings.',
        cause === undefined ? undefined : { cause },
      );

    let decoded: string;
    try {
      decoded = (await this.#safeStorage.decryptStringAsync(encrypted)).result;
    } catch (e) {
      throw missing(e);
    }
    let key: Buffer;
    try {
      key = fromB64(decoded, 'vault key');
    } catch {
      throw missing();
    }
    if (key.byteLength !== KEY_BYTES) {
      wipe(key);
      throw missing();
    }
    return key;
  }

  /** safeStorage keeps nothing per slot outside the vault file: the slot's wrap is all there is. */
  async forget(_slot: OsSlotRecord, _ctx: OsSlotContext): Promise<void> {}
}
