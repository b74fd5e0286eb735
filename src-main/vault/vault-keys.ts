/**
 * The vault key and the subkeys the vault works with, kept together: every path that lets go of a key (a failed
 * unlock, lock, a re-key, a finished backup or import) wipes all of them at once, so none is left behind.
 */
import { wipe } from '../base/bytes';
import { deriveKeys } from './crypto';

/** A vault key with its HKDF subkeys for the entries (AES-256-GCM), the file MAC and the audit chain (HMAC-SHA256). */
export interface VaultKeys {
  readonly vaultKey: Buffer;
  readonly enc: Buffer;
  readonly mac: Buffer;
  readonly audit: Buffer;
}

/** The working keys of `vaultKey` for the vault `vaultId`; they own `vaultKey` (wipeKeys wipes it too). */
export function vaultKeys(vaultKey: Buffer, vaultId: string): VaultKeys {
  return { vaultKey, ...deriveKeys(vaultKey, vaultId) };
}

/** Overwrites the vault key and its subkeys. */
export function wipeKeys(keys: VaultKeys): void {
  wipe(keys.vaultKey, keys.enc, keys.mac, keys.audit);
}
