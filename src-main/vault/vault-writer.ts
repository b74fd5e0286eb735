/**
 * The write path every change to the vault takes, under the cross-process lock: re-read the file first if another
 * process wrote it (refusing a copy put back, a different vault, or one re-keyed elsewhere), compute the change on
 * that state, write it atomically, and raise vault.json.seen. It returns what to hold in memory afterwards and never
 * touches the caller's state, so a failed write leaves memory and disk as they were.
 */
import { mkdir } from 'node:fs/promises';
import { AppError, vaultLocked } from '../base/errors';
import { fileError } from '../base/atomic-file';
import type { Logger } from '../base/logger';
import type { AuditAppended } from '../contract/audit';
import type { SeenRecord } from './seen-record';
import type { Mutation, VaultChange } from './vault-change';
import { loadVault, type SealedShard, type VaultState } from './vault-codec';
import { canonicalHeader, type VaultHeader } from './vault-file';
import type { VaultKeys } from './vault-keys';
import type { VaultStore } from './vault-store';
import type { StagedAudit } from './vault-audit';

/**
 * The audit log's part of a write (vault-audit.ts): called under the lock once the change is computed, with the keys
 * the vault on disk has and the ones it is written under; it appends and answers the header with the new head.
 */
export type AuditStep = (keys: VaultKeys, writeKeys: VaultKeys, header: VaultHeader, change: VaultChange<unknown>) => Promise<StagedAudit | null>;

/** The vault as this process holds it: the state and its shards as last written or read. */
export interface HeldVault {
  readonly state: VaultState;
  readonly shards: readonly SealedShard[];
}

/** Writes changes for one vault service. */
export class VaultWriter {
  readonly #store: VaultStore;
  readonly #seen: SeenRecord;
  readonly #log: Logger;

  constructor(opts: { store: VaultStore; seen: SeenRecord; log: Logger }) {
    this.#store = opts.store;
    this.#seen = opts.seen;
    this.#log = opts.log;
  }

  /**
   * Writes a new vault's first version (and starts its record), refusing if a vault appeared meanwhile. `audit`
   * starts the audit chain; its head goes into this first version.
   */
  async create(keys: VaultKeys, state: VaultState, audit?: (header: VaultHeader) => Promise<StagedAudit>): Promise<{ shards: SealedShard[]; state: VaultState; appended: AuditAppended | null }> {
    const { home, path } = this.#store;
    await mkdir(home, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
      throw fileError(e, home, 'create the Signet folder');
    });
    return this.#store.withLock(async () => {
      if (await this.#store.exists()) throw new AppError('ERR_VAULT_EXISTS', `A vault was created at ${path} by another Signet process just now. Unlock it instead.`);
      const staged = audit ? await audit(state.header) : null;
      const written: VaultState = staged ? { header: canonicalHeader(staged.header), entries: state.entries } : state;
      const shards = await this.#write(staged, () => this.#store.write(keys, written));
      // A record left here is another vault's (this one is new): start a new one.
      await this.#seen.raise(keys, state.header.vaultId, state.header.generation, { adopt: true });
      return { shards, state: written, appended: staged?.appended ?? null };
    });
  }

  /**
   * Appends the audit lines, then runs the write that seals their head: the append is taken back if the write fails,
   * and completed once it is done. In that order, so a crash in between leaves lines past the head (adopted by the
   * next append), never a head past the log. (Overlapping the two fsyncs gains nothing on ext4: the log's fsync
   * then waits for the vault's data, which its journal commit carries.)
   */
  async #write<T>(staged: StagedAudit | null, write: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      await staged?.append();
      result = await write();
    } catch (e) {
      await staged?.abandoned();
      throw e;
    }
    await staged?.committed();
    return result;
  }

  /**
   * Applies `mutate` and writes the result. `held` is read once the lock is taken (what is in memory then);
   * `stillOpen` is asked before writing, so a vault locked while the change was prepared (its keys wiped) gets
   * nothing written.
   */
  async apply<T>(keys: VaultKeys, held: () => HeldVault, mutate: Mutation<T>, stillOpen: () => boolean, audit?: AuditStep): Promise<VaultChange<T> & HeldVault & { appended: AuditAppended | null }> {
    return this.#store.withLock(async () => {
      let { state, shards } = held();
      if (!(await this.#store.unchanged())) ({ state, shards } = await this.#reload(keys, state.header.vaultId, state.header.generation));
      const next = await mutate(keys, state);
      if (!stillOpen()) throw vaultLocked();
      let header = canonicalHeader({ ...next.state.header, generation: Math.max(state.header.generation + 1, next.minGeneration ?? 0) });
      // The audit lines of this change are appended before the vault is written, so a crash in between leaves lines
      // the head does not cover yet (adopted by the next append), never a head ahead of the log.
      const staged = audit ? await audit(keys, next.rekey ?? keys, header, next) : null;
      if (next.auditOnly && !next.rekey) {
        // No key changed: the vault file is left as it is, and the head the append moved on to goes to audit.head.
        if (staged?.appended) await this.#write(staged, () => staged.sealAlone());
        return { ...next, state, shards, appended: staged?.appended ?? null };
      }
      if (staged) header = canonicalHeader(staged.header);
      const nextState: VaultState = { header, entries: next.state.entries };
      const vaultId = header.vaultId;
      // A re-key: before the vault is written under the new key, the new key vouches for the record too and the
      // old key is marked retired at the new generation, so a process killed in between leaves a record that
      // either key can check, and a copy under the old key is known to be older whatever happens next.
      if (next.rekey) await this.#seen.raise(keys, vaultId, state.header.generation, { also: next.rekey, retire: { keys, at: header.generation } });
      const nextShards = await this.#write(staged, () =>
        next.rekey
          ? this.#store.write(next.rekey, nextState, undefined, true)
          : this.#store.write(keys, nextState, { shards, dirty: next.dirty ?? new Set() }, next.replaceBackup),
      );
      // Raised after the vault is written, still under the lock: a small file created before the vault's fsync would
      // ride in the same journal commit (measured: a third more time per write). Failing here only leaves the record
      // behind the vault, which can never make a vault Signet wrote look older.
      await this.#seen.raise(next.rekey ?? keys, vaultId, header.generation, { adopt: next.adoptSeen === true });
      return { ...next, state: nextState, shards: nextShards, appended: staged?.appended ?? null };
    });
  }

  /**
   * Runs `read` under the lock on the vault as it is on disk (re-read first if another process wrote it): the audit
   * log's verification reads the log and the head together, so no append lands between them. `reloaded` is set when
   * the vault was re-read (the caller holds that version from then on).
   */
  async read<R>(keys: VaultKeys, held: () => HeldVault, read: (state: VaultState) => Promise<R>): Promise<{ result: R; reloaded: HeldVault | null }> {
    return this.#store.withLock(async () => {
      let reloaded: HeldVault | null = null;
      const { state } = held();
      if (!(await this.#store.unchanged())) reloaded = await this.#reload(keys, state.header.vaultId, state.header.generation);
      return { result: await read((reloaded ?? held()).state), reloaded };
    });
  }

  /**
   * The vault as another process (the CLI beside the app) last wrote it, when it did; null when the file is the one
   * this process holds. Read under the lock, checked as a write's reload is.
   */
  async reloadIfChanged(keys: VaultKeys, held: () => HeldVault): Promise<HeldVault | null> {
    if (await this.#store.unchanged()) return null;
    return this.#store.withLock(async () => {
      if (await this.#store.unchanged()) return null;
      const { state } = held();
      return this.#reload(keys, state.header.vaultId, state.header.generation);
    });
  }

  /** Another process (the CLI, a second window) wrote the vault: load its version before changing it. */
  async #reload(keys: VaultKeys, vaultId: string, generation: number): Promise<HeldVault> {
    const path = this.#store.path;
    const file = await this.#store.readOrThrow();
    const changed = (why: string) => new AppError('ERR_VAULT_CHANGED_ON_DISK', `${path} ${why} while it was unlocked here. Your change was not saved; lock and unlock to load what is on disk now.`);
    if (file.header.kind !== 'vault') throw changed('was replaced by a backup file');
    if (file.header.vaultId !== vaultId) throw changed('was replaced by a different vault');
    if (file.header.generation < generation) throw changed(`was replaced by an older version of itself (generation ${file.header.generation}, this window had ${generation})`);
    let loaded: HeldVault;
    try {
      loaded = loadVault(keys, file, `The vault file ${path}`);
    } catch (e) {
      // The other process changed the passphrase, which re-keys the vault.
      if (e instanceof AppError && e.code === 'ERR_VAULT_TAMPERED') throw changed('was re-keyed by another Signet process (passphrase changed)');
      throw e;
    }
    // Not older than this window's version, but older than what another process wrote since: a copy put back.
    const seen = await this.#seen.judge(keys, file.header);
    if (seen.kind === 'older') throw changed(`was replaced by an older version of itself (generation ${file.header.generation}, Signet last saw ${seen.seen})`);
    this.#log.info('vault changed on disk; reloaded before writing');
    return loaded;
  }
}
