/**
 * The vault's service interface and the pieces each host plugs into it. One implementation (VaultService);
 * hosts differ only in the OS slot provider they pass (Electron safeStorage in the app, the OS keyring in the CLI).
 */
import type {
  Credentials,
  EntryDetail,
  EntryInput,
  EntryPatch,
  EntrySummary,
  ImportPreview,
  ImportResult,
  KeyPairInput,
  ListQuery,
  PublicKeyView,
  VaultStatus,
} from '../contract/schemas';
import type { CredentialField } from '../contract/providers';
import type { AuditChain } from '../audit/types';
import type { CredentialSlot, RotationEdit, RotationRecord } from './rotation-edits';

/** What an OS slot provider reports about the OS secret store on this machine. */
export interface OsProbe {
  readonly available: boolean;
  /** False for stores that protect nothing (Linux safeStorage `basic_text`/`unknown`: a hard-coded key). */
  readonly secure: boolean;
  readonly backend: string | null;
  /** Why it cannot be used, in words a user can act on; null when usable. */
  readonly reason: string | null;
}

/** An OS slot as stored in the vault file. */
export interface OsSlotRecord {
  readonly id: string;
  readonly kind: 'os';
  readonly provider: string;
  readonly backend: string;
  readonly createdAt: string;
  /** Provider-specific wrapped vault key (base64). */
  readonly wrap: string;
}

export interface OsSlotContext {
  readonly vaultId: string;
  readonly slotId: string;
}

/**
 * Wraps the vault key with a secret only the OS will hand back (safeStorage, Secret Service, Keychain, DPAPI).
 * `open` throws AppError ERR_OS_BACKEND_CHANGED when the slot was sealed by another backend, and
 * ERR_OS_SLOT_MISSING when the OS no longer has the secret; it never alters the slot.
 */
export interface OsSlotProvider {
  readonly id: string;
  probe(): Promise<OsProbe>;
  seal(vaultKey: Uint8Array, ctx: OsSlotContext): Promise<{ backend: string; wrap: string }>;
  open(slot: OsSlotRecord, ctx: OsSlotContext): Promise<Buffer>;
  /** Removes whatever the provider keeps outside the vault file for this slot (a keyring item). */
  forget(slot: OsSlotRecord, ctx: OsSlotContext): Promise<void>;
}

export interface UseSecretOptions {
  /** Record the use as the key's "last used" (default true). Previews and suggestions, which send nothing, pass false. */
  readonly record?: boolean;
  /**
   * Which credentials (rotation-edits.ts): `current` (default), a rotation's new key before the switch (`next`), or
   * the old one kept after it (`previous`). ERR_ROTATION_STATE when the slot is empty.
   */
  readonly slot?: CredentialSlot;
}

export interface UnlockOptions {
  /**
   * Open the vault file even though it is older than the newest version Signet has seen here (ERR_VAULT_ROLLBACK),
   * or Signet cannot tell (ERR_VAULT_SEEN_INVALID): the user's explicit choice. The file is then kept as the current
   * version, written again above every generation seen, so a later copy of the same old file is caught again.
   */
  readonly acceptRollback?: boolean;
}

export type VaultEvent = { type: 'status'; status: VaultStatus } | { type: 'entries' };

/** Why the vault was locked, as the audit log records it. */
export type LockReason = 'user' | 'idle' | 'screen-locked' | 'suspend' | 'shutdown' | 'quit' | 'command-done';

/**
 * The vault, and the audit chain it keeps (AuditChain: the chain's key is the vault's, and its head is sealed in the
 * vault file, so every append is a vault write under the vault's lock).
 */
export interface Vault extends AuditChain {
  status(): Promise<VaultStatus>;
  create(opts: { passphrase?: string; useOsSlot: boolean; addSandboxKey?: boolean }): Promise<VaultStatus>;
  /** Throws ERR_VAULT_ROLLBACK / ERR_VAULT_SEEN_INVALID (a VaultRollbackError) unless `acceptRollback`. */
  unlockWithPassphrase(passphrase: string, opts?: UnlockOptions): Promise<VaultStatus>;
  unlockWithOs(opts?: UnlockOptions): Promise<VaultStatus>;
  /** Writes pending use times, records the lock (with `reason`, default `user`), wipes the keys. */
  lock(opts?: { reason?: LockReason }): Promise<VaultStatus>;
  isUnlocked(): boolean;

  list(query?: ListQuery): EntrySummary[];
  get(id: string): EntryDetail;
  /** An id, a unique id prefix (≥ 6 characters) or a unique label. */
  resolve(ref: string): EntrySummary;
  add(input: EntryInput): Promise<EntrySummary>;
  /** Adds several keys in one write: all of them, or none when one is invalid. */
  addMany(inputs: readonly EntryInput[]): Promise<EntrySummary[]>;
  /**
   * Generates a key pair (src-main/vault/key-pair.ts) and seals it as a new entry awaiting its API key; answers the
   * entry and its public key only.
   */
  addKeyPair(input: KeyPairInput): Promise<{ entry: EntrySummary; publicKey: PublicKeyView }>;
  update(patch: EntryPatch): Promise<EntrySummary>;
  remove(id: string): Promise<void>;
  /**
   * Decrypts an entry's credentials for the duration of `fn` only; the decrypted buffer is wiped afterwards.
   * Records the use (lastUsedAt).
   */
  useSecret<T>(id: string, fn: (credentials: Readonly<Credentials>) => T | Promise<T>, opts?: UseSecretOptions): Promise<T>;
  /** Loads what another Signet process wrote since; true when something changed. */
  refresh(): Promise<boolean>;
  rotationRecord(id: string): RotationRecord;
  editRotation(id: string, edit: RotationEdit): Promise<RotationRecord>;
  /**
   * Convenience over useSecret for one field; used by the clipboard (`purpose: 'copy'`) and `vault show --reveal`.
   * Recorded in the audit log (key.revealed / key.copied) before the value is returned; not returned if it cannot be.
   */
  revealField(id: string, field: CredentialField, opts?: { purpose?: 'reveal' | 'copy' }): Promise<string>;

  changePassphrase(opts: { current?: string; next: string }): Promise<VaultStatus>;
  addOsSlot(): Promise<VaultStatus>;
  removeOsSlot(): Promise<VaultStatus>;

  /** Writes an encrypted backup under its own passphrase; refuses an existing file unless `overwrite`. */
  exportBackup(path: string, backupPassphrase: string, opts?: { overwrite?: boolean }): Promise<{ path: string; entryCount: number }>;
  previewImport(path: string, backupPassphrase: string): Promise<ImportPreview>;
  applyImport(importId: string, onConflict: 'skip' | 'replace' | 'keep-both'): Promise<ImportResult>;

  setAutoLockMinutes(minutes: number): void;
  /** Restarts the idle timer; every user-facing call does this. */
  touch(): void;
  subscribe(listener: (event: VaultEvent) => void): () => void;
  /** Persists pending "last used" times and rolled-up audit events (call before a short-lived process exits). */
  flush(): Promise<void>;
}
