/**
 * The vault's files in the Signet home: reading and parsing vault.json, writing it atomically with vault.json.bak
 * kept, the cross-process lock, and the disk stamp that tells whether another process wrote it since. It also owns
 * the restore advice: a damaged or missing vault names vault.json.bak, and renaming that file into place right after
 * is recognised as the user's choice (the rollback check then lets it open).
 */
import { join } from 'node:path';
import { AppError } from '../base/errors';
import type { Logger } from '../base/logger';
import { keepCopy, withFileLock, writeFileAtomic } from '../base/atomic-file';
import { sameStamp, statStamp, type DiskStamp } from './disk-stamp';
import { sealShards, serializeVault, type SealedShard, type ShardReuse, type VaultState } from './vault-codec';
import { parseVaultFile, type VaultFile, type VaultHeader } from './vault-file';
import type { VaultKeys } from './vault-keys';
import { readFileNoFollow } from '../base/no-follow-file';

/** vault.json and the files beside it. */
export class VaultStore {
  readonly path: string;
  readonly home: string;
  readonly backupPath: string;
  readonly seenPath: string;
  readonly #lockPath: string;
  readonly #log: Logger;
  readonly #unlocked: () => boolean;
  /** The version of vault.json this process last read or wrote while unlocked. */
  #stamp: DiskStamp | undefined;
  #lockedHeader: { stamp: DiskStamp; header: VaultHeader } | undefined;
  /** vault.json.bak as it was when this process told the user to restore it (renaming it into place is that choice). */
  #offeredRestore: DiskStamp | undefined;

  /** `unlocked`: whether the service holds the vault open (a read then leaves the stamp of what it holds alone). */
  constructor(opts: { home: string; log: Logger; unlocked: () => boolean }) {
    this.home = opts.home;
    this.path = join(opts.home, 'vault.json');
    this.backupPath = join(opts.home, 'vault.json.bak');
    this.#lockPath = join(opts.home, 'vault.json.lock');
    this.seenPath = join(opts.home, 'vault.json.seen');
    this.#log = opts.log;
    this.#unlocked = opts.unlocked;
  }

  /** Runs `fn` holding vault.json.lock; ERR_VAULT_BUSY when another process holds it too long. */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.#lockPath, fn, () => new AppError('ERR_VAULT_BUSY', 'Another Signet process is writing the vault right now. Try again in a moment.'));
  }

  /** Whether vault.json is there (a stat; nothing is read). */
  async exists(): Promise<boolean> {
    return (await statStamp(this.path)) !== undefined;
  }

  /** Whether vault.json is still the version this process last read or wrote. */
  async unchanged(): Promise<boolean> {
    return sameStamp(await statStamp(this.path), this.#stamp);
  }

  /** Writes the vault; `replaceBackup` makes vault.json.bak the new version too (after a re-key or slot removal). */
  async write(keys: VaultKeys, state: VaultState, prev?: ShardReuse, replaceBackup = false): Promise<SealedShard[]> {
    const shards = sealShards(keys, state.header.vaultId, state.entries, prev);
    await writeFileAtomic(this.path, serializeVault(keys, state, shards), { mode: 0o600, backupPath: this.backupPath, refuseLink: true });
    if (replaceBackup) await keepCopy(this.path, this.backupPath).catch((e: unknown) => this.#log.warn('could not replace vault.json.bak', { error: e }));
    this.#stamp = await statStamp(this.path);
    return shards;
  }

  /** The parsed vault file, or null when there is none; a damaged one throws with the restore advice. */
  async readIfAny(): Promise<VaultFile | null> {
    // Stat before reading: if the file changes in between, the stamp is older than the text and the next
    // write reloads first, which is safe; the other order could miss a change.
    const stampBefore = await statStamp(this.path);
    let text: string;
    try {
      // Never through a symbolic link: a link planted in the home must not make Signet read (and then write) a
      // vault file elsewhere. fileError says so and what to do; the link is left as it is.
      text = await readFileNoFollow(this.path, 'read the vault');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (e instanceof AppError) throw e;
      throw new AppError('ERR_FILE', `Could not read the vault at ${this.path}: ${(e as Error).message}`);
    }
    let file: VaultFile;
    try {
      file = parseVaultFile(text, `The vault file ${this.path}`);
    } catch (e) {
      throw await this.withRestoreHint(e);
    }
    if (!this.#unlocked()) this.#stamp = stampBefore;
    if (stampBefore) this.#lockedHeader = { stamp: stampBefore, header: file.header };
    return file;
  }

  /** The vault file, which must exist and be a vault (not a backup). */
  async readOrThrow(): Promise<VaultFile> {
    const file = await this.readIfAny();
    if (!file) {
      await this.refuseOrphanBackup();
      throw new AppError('ERR_VAULT_NOT_FOUND', `There is no vault at ${this.path} yet. Create one first (signet vault init, or open the app).`);
    }
    if (file.header.kind !== 'vault') {
      throw new AppError('ERR_VAULT_CORRUPT', `${this.path} is a Signet backup, not a vault. It was left untouched; move it elsewhere and import it into a vault instead.`);
    }
    return file;
  }

  /** Whether vault.json is no longer the version last read (another process wrote it since). */
  async replacedSinceRead(): Promise<boolean> {
    return !sameStamp(await statStamp(this.path), this.#lockedHeader?.stamp);
  }

  /** The header (slots) while locked, parsed again only when the file changed since the last read. */
  async readHeaderIfAny(): Promise<VaultHeader | null> {
    const stamp = await statStamp(this.path);
    if (!stamp) return null;
    const cached = this.#lockedHeader;
    if (cached && sameStamp(cached.stamp, stamp)) return cached.header;
    const file = await this.readIfAny();
    return file?.header ?? null;
  }

  /** Adds to a "damaged" error where the previous version is and how to go back to it, when there is one. */
  async withRestoreHint(e: unknown): Promise<unknown> {
    if (!(e instanceof AppError)) return e;
    const bak = await statStamp(this.backupPath);
    if (!bak) return e;
    this.#offeredRestore = bak;
    return new AppError(
      e.code,
      `${e.message} The previous version is kept at ${this.backupPath}: to go back to it, move vault.json somewhere safe and rename vault.json.bak to vault.json.`,
      { cause: e },
    );
  }

  /** vault.json gone but its previous version there: never start a new vault over it. */
  async refuseOrphanBackup(): Promise<void> {
    const bak = await statStamp(this.backupPath);
    if (!bak) return;
    this.#offeredRestore = bak;
    throw new AppError(
      'ERR_VAULT_NOT_FOUND',
      `${this.path} is missing, but its previous version ${this.backupPath} is there. Restore it (rename vault.json.bak to vault.json) and unlock; Signet will not create a new vault over it.`,
    );
  }

  /** The file just read is the vault.json.bak this process told the user to restore, renamed into place (asked once). */
  restoredAsOffered(): boolean {
    const offered = this.#offeredRestore;
    this.#offeredRestore = undefined;
    return sameStamp(offered, this.#stamp);
  }
}
