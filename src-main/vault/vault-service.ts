/**
 * The offline key vault (envelope encryption; see ARCHITECTURE.md, Storage, and docs/vault-format.md).
 *
 * A random 256-bit vault key seals every entry with AES-256-GCM (fresh IV per write; AAD binds vault id, entry
 * id, format version and part). Key slots wrap the vault key: a passphrase slot (scrypt) and the host's OS slot
 * (Electron safeStorage in the app, the OS keyring in the CLI). While unlocked, main holds the vault key and the
 * entries' metadata; credentials stay sealed until `useSecret` opens one for the duration of a call.
 *
 * This class coordinates; each job lives in its own module: the sealed form (vault-codec), the files and the lock
 * (vault-store), key slots (key-slots), entry changes and lookups (entry-edits, entry-lookup), backups and import
 * staging (vault-backups), "last used" batching (use-recorder), the idle timer (auto-lock) and the rollback record
 * (seen-record). Writes go through `#commitNow`: under the cross-process lock, re-read the file if another process
 * changed it, apply the change to a copy, write atomically, raise vault.json.seen, then swap state. A failed write
 * leaves memory and disk as they were.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { AppError, vaultLocked } from '../base/errors';
import { isoNow, systemClock, type Clock } from '../base/clock';
import { wipe } from '../base/bytes';
import { silentLogger, type Logger } from '../base/logger';
import { fileError, sweepStaleTemps } from '../base/atomic-file';
import type { CredentialField } from '../contract/providers';
import type { Credentials, EntryDetail, EntryInput, EntryPatch, EntrySummary, ImportPreview, ImportResult, ListQuery, VaultStatus } from '../contract/schemas';
import { DEFAULT_SCRYPT, randomKey, type ScryptParams } from './crypto';
import { toDetail } from './entry-model';
import { EntryTable } from './entry-table';
import { addEntries, entryNotFound, removeEntry, sandboxEntry, updateEntry } from './entry-edits';
import { listEntries, resolveEntry, sortEntries } from './entry-lookup';
import { AutoLock } from './auto-lock';
import { KeySlots, passphraseSlotOf, requireStrongPassphrase } from './key-slots';
import { olderVaultError, seenInvalidError } from './rollback-error';
import { SeenRecord } from './seen-record';
import { recordedUses, UseRecorder } from './use-recorder';
import { refuseBackupOverVault, VaultBackups } from './vault-backups';
import type { Mutation } from './vault-change';
import { loadVault, openSecret, resealEntries, type LoadedEntry, type SealedShard, type VaultState } from './vault-codec';
import { canonicalHeader, VERSION, type SlotRecord, type VaultFile, type VaultHeader } from './vault-file';
import { vaultKeys, wipeKeys, type VaultKeys } from './vault-keys';
import { VaultStore } from './vault-store';
import type { OsSlotProvider, UnlockOptions, UseSecretOptions, Vault, VaultEvent } from './types';

export interface VaultServiceOptions {
  readonly home: string;
  readonly osSlot: OsSlotProvider | null;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly kdf?: ScryptParams;
  readonly autoLockMinutes?: number;
}

export class VaultService implements Vault {
  readonly path: string;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #store: VaultStore;
  readonly #slots: KeySlots;
  readonly #seen: SeenRecord;
  readonly #backups: VaultBackups;
  readonly #uses: UseRecorder;
  readonly #autoLock: AutoLock;
  readonly #listeners = new Set<(e: VaultEvent) => void>();

  #keys: VaultKeys | undefined;
  #state: VaultState | undefined;
  /** The shards of #state as last written or read, so a write re-seals only the shards it changed. */
  #shards: readonly SealedShard[] | undefined;
  #sorted: LoadedEntry[] | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: VaultServiceOptions) {
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger ?? silentLogger;
    this.#store = new VaultStore({ home: opts.home, log: this.#log, unlocked: () => this.#keys !== undefined });
    this.path = this.#store.path;
    this.#slots = new KeySlots({ os: opts.osSlot, kdf: opts.kdf ?? DEFAULT_SCRYPT, clock: this.#clock, log: this.#log });
    this.#seen = new SeenRecord({ path: this.#store.seenPath, clock: this.#clock, log: this.#log });
    this.#backups = new VaultBackups({ slots: this.#slots, clock: this.#clock, log: this.#log });
    this.#uses = new UseRecorder({
      clock: this.#clock,
      onDue: () => void this.#serial(() => this.#flushUses()).catch((e) => this.#log.warn('could not record key use', { error: e })),
    });
    this.#autoLock = new AutoLock({ clock: this.#clock, log: this.#log, minutes: opts.autoLockMinutes ?? 15, onIdle: () => void this.lock() });
  }

  // ───────────────────────────── status, create, unlock, lock ─────────────────────────────

  async status(): Promise<VaultStatus> {
    return this.#status();
  }

  /** `known`: the header as it was just now (lock uses it, so locking never fails on re-reading the file). */
  async #status(known?: VaultHeader): Promise<VaultStatus> {
    const os = await this.#slots.probe();
    const header = this.#state?.header ?? known ?? (await this.#store.readHeaderIfAny());
    if (!header) await this.#store.refuseOrphanBackup();
    return {
      exists: header !== null,
      locked: !this.#keys,
      path: this.path,
      ...this.#slots.osStatus(header, os),
      entryCount: this.#state ? this.#state.entries.size : null,
      autoLockMinutes: this.#autoLock.minutes,
    };
  }

  async create(opts: { passphrase?: string; useOsSlot: boolean; addSandboxKey?: boolean }): Promise<VaultStatus> {
    return this.#serial(async () => {
      if (await this.#store.exists()) {
        throw new AppError('ERR_VAULT_EXISTS', `A vault already exists at ${this.path}. Unlock it instead; nothing was changed.`);
      }
      await this.#store.refuseOrphanBackup();
      if (!opts.passphrase && !opts.useOsSlot) {
        throw new AppError('ERR_VALIDATION', 'Choose at least one way to unlock the vault: a passphrase, the OS keychain, or both.');
      }
      if (opts.passphrase !== undefined) requireStrongPassphrase(opts.passphrase, 'passphrase');
      if (opts.useOsSlot) await this.#slots.requireSecureOs();

      const vaultId = randomUUID();
      const now = isoNow(this.#clock);
      const vaultKey = randomKey();
      const slots: SlotRecord[] = [];
      try {
        if (opts.passphrase !== undefined) slots.push(await this.#slots.passphraseSlot(vaultKey, vaultId, opts.passphrase));
        if (opts.useOsSlot) slots.push(await this.#slots.osSlot(vaultKey, vaultId));
      } catch (e) {
        wipe(vaultKey);
        throw e;
      }
      const keys = vaultKeys(vaultKey, vaultId);
      const giveUp = async (e: unknown): Promise<never> => {
        wipeKeys(keys);
        await this.#slots.forget(slots.filter((x) => x.kind === 'os'), vaultId);
        throw e;
      };
      const header = canonicalHeader({ format: 'signet-vault', version: VERSION, kind: 'vault', vaultId, createdAt: now, generation: 0, slots });
      const draft = EntryTable.empty<LoadedEntry>().edit();
      if (opts.addSandboxKey ?? true) {
        const e = sandboxEntry(keys, vaultId, now);
        draft.set(e.record.id, e);
      }
      const state = { header, entries: draft.done().table };
      const home = this.#store.home;
      await mkdir(home, { recursive: true, mode: 0o700 }).catch((e: unknown) => giveUp(fileError(e, home, 'create the Signet folder')));
      const shards = await this.#store.withLock(async () => {
        if (await this.#store.exists()) throw new AppError('ERR_VAULT_EXISTS', `A vault was created at ${this.path} by another Signet process just now. Unlock it instead.`);
        const written = await this.#store.write(keys, state);
        // A record left here is another vault's (this one is new): start a new one.
        await this.#seen.raise(keys, vaultId, header.generation, { adopt: true });
        return written;
      }).catch(giveUp);
      this.#setUnlocked(keys, state, shards);
      this.#log.info('vault created', { slots: slots.map((s) => s.kind) });
      return this.#emitStatus();
    });
  }

  async unlockWithPassphrase(passphrase: string, opts: UnlockOptions = {}): Promise<VaultStatus> {
    return this.#serial(async () => {
      const file = await this.#store.readOrThrow();
      const slot = passphraseSlotOf(file.header);
      if (!slot) throw new AppError('ERR_NO_PASSPHRASE_SLOT', 'This vault has no passphrase; unlock it with the OS keychain.');
      const vaultKey = await this.#slots.openPassphraseSlot(file.header.vaultId, slot, passphrase);
      if (!vaultKey) throw new AppError('ERR_BAD_PASSPHRASE', 'That passphrase does not unlock this vault (or its passphrase slot was altered). Check it and try again.');
      return this.#finishUnlock(file, vaultKey, 'passphrase', opts);
    });
  }

  async unlockWithOs(opts: UnlockOptions = {}): Promise<VaultStatus> {
    return this.#serial(async () => {
      const file = await this.#store.readOrThrow();
      return this.#finishUnlock(file, await this.#slots.openOsSlot(file.header), 'os', opts);
    });
  }

  async lock(): Promise<VaultStatus> {
    return this.#serial(async () => {
      await this.#flushUses().catch((e) => this.#log.warn('could not record key use before locking', { error: e }));
      const header = this.#state?.header;
      this.#clear();
      return this.#emitStatus(header);
    });
  }

  isUnlocked(): boolean {
    return this.#keys !== undefined;
  }

  // ───────────────────────────── entries ─────────────────────────────

  list(query?: ListQuery): EntrySummary[] {
    return listEntries(this.#sortedEntries(), query);
  }

  get(id: string): EntryDetail {
    const e = this.#unlocked().state.entries.get(id);
    if (!e) throw entryNotFound(id);
    return toDetail(e.record.id, e.meta);
  }

  resolve(ref: string): EntrySummary {
    return resolveEntry(this.#unlocked().state.entries, ref);
  }

  async add(input: EntryInput): Promise<EntrySummary> {
    return (await this.addMany([input]))[0] as EntrySummary;
  }

  /** Adds several keys in one write (all or none). */
  async addMany(inputs: readonly EntryInput[]): Promise<EntrySummary[]> {
    return this.#commit(addEntries(inputs, () => isoNow(this.#clock)));
  }

  async update(patch: EntryPatch): Promise<EntrySummary> {
    return this.#commit(updateEntry(patch, () => isoNow(this.#clock)));
  }

  async remove(id: string): Promise<void> {
    await this.#commit(removeEntry(id));
  }

  async useSecret<T>(id: string, fn: (credentials: Readonly<Credentials>) => T | Promise<T>, opts: UseSecretOptions = {}): Promise<T> {
    const { keys, state } = this.#unlocked();
    const entry = state.entries.get(id);
    if (!entry) throw entryNotFound(id);
    const creds = await openSecret(keys, state.header.vaultId, entry);
    try {
      return await fn(Object.freeze(creds));
    } finally {
      if (opts.record ?? true) this.#uses.record(id);
    }
  }

  async revealField(id: string, field: CredentialField): Promise<string> {
    return this.useSecret(id, (c) => {
      const v = c[field];
      if (v === undefined) throw new AppError('ERR_VALIDATION', `This key has no ${field}.`);
      return v;
    });
  }

  // ───────────────────────────── slots ─────────────────────────────

  /**
   * Sets a new passphrase and re-keys the vault: a fresh vault key re-seals every shard and secret, so neither the
   * old passphrase nor any copy of the file made before (vault.json.bak is replaced too) opens what is written from
   * now on. This host's OS slot is sealed again under the new key; another host's OS slot (the CLI's keyring, the
   * app's safeStorage) cannot be, and is dropped: add it again there.
   */
  async changePassphrase(opts: { current?: string; next: string }): Promise<VaultStatus> {
    requireStrongPassphrase(opts.next, 'new passphrase');
    await this.#serial(async () => {
      const { state } = this.#unlocked();
      const vaultId = state.header.vaultId;
      const existing = passphraseSlotOf(state.header);
      if (existing) {
        if (!opts.current) throw new AppError('ERR_VALIDATION', 'Enter the current passphrase to change it.');
        const check = await this.#slots.openPassphraseSlot(vaultId, existing, opts.current);
        if (!check) throw new AppError('ERR_BAD_PASSPHRASE', 'The current passphrase is wrong; the passphrase was not changed.');
        wipe(check);
      }
      // Slow work (scrypt, the OS keychain) happens before the cross-process lock is taken.
      const newKeys = vaultKeys(randomKey(), vaultId);
      const oldOs = this.#slots.ownOsSlots(state.header);
      try {
        const slots: SlotRecord[] = [await this.#slots.passphraseSlot(newKeys.vaultKey, vaultId, opts.next)];
        if (oldOs.length) {
          const resealed = await this.#slots.osSlot(newKeys.vaultKey, vaultId).catch((e: unknown) => {
            this.#log.warn('could not seal the OS slot under the new key; it is dropped (add it again)', { error: e });
            return null;
          });
          if (resealed) slots.push(resealed);
        }
        await this.#commitNow(async (keys, st) => ({
          state: { header: { ...st.header, slots }, entries: await resealEntries(keys, newKeys, vaultId, st.entries) },
          result: undefined,
          rekey: newKeys,
          dirty: 'all',
        }));
      } catch (e) {
        if (this.#keys !== newKeys) wipeKeys(newKeys);
        throw e;
      }
      await this.#slots.forget(oldOs, vaultId);
      this.#log.info('passphrase changed; vault re-keyed');
    });
    return this.#emitStatus();
  }

  async addOsSlot(): Promise<VaultStatus> {
    await this.#slots.requireSecureOs();
    await this.#serial(async () => {
      const { keys, state } = this.#unlocked();
      const vaultId = state.header.vaultId;
      // Sealed before the lock is taken: the OS may ask the user first.
      const slot = await this.#slots.osSlot(keys.vaultKey, vaultId);
      const replaced = this.#slots.ownOsSlots(state.header);
      try {
        // Re-adding replaces this host's old slot (e.g. after the OS backend changed).
        await this.#commitNow((_keys, st) => ({
          state: { header: { ...st.header, slots: [...this.#slots.otherSlots(st.header), slot] }, entries: st.entries },
          result: undefined,
          replaceBackup: replaced.length > 0,
        }));
      } catch (e) {
        await this.#slots.forget([slot], vaultId);
        throw e;
      }
      await this.#slots.forget(replaced, vaultId);
    });
    return this.#emitStatus();
  }

  /**
   * Removes this host's OS slot; a passphrase slot must remain. The OS's copy is forgotten and vault.json.bak is
   * replaced, so the removed slot no longer sits beside the vault.
   */
  async removeOsSlot(): Promise<VaultStatus> {
    await this.#serial(async () => {
      const { state } = this.#unlocked();
      const mine = this.#slots.ownOsSlots(state.header);
      if (mine.length === 0) throw new AppError('ERR_OS_SLOT_MISSING', 'This vault has no OS keychain slot here; nothing to remove.');
      if (!passphraseSlotOf(state.header)) {
        throw new AppError('ERR_LAST_SLOT', 'Without the OS keychain this vault would have no passphrase to unlock it. Set a passphrase first, then remove the keychain slot.');
      }
      await this.#commitNow((_keys, st) => {
        const slots = this.#slots.otherSlots(st.header);
        if (!slots.some((s) => s.kind === 'passphrase')) throw new AppError('ERR_LAST_SLOT', 'Set a passphrase first, then remove the keychain slot.');
        return { state: { header: { ...st.header, slots }, entries: st.entries }, result: undefined, replaceBackup: true };
      });
      await this.#slots.forget(mine, state.header.vaultId);
    });
    return this.#emitStatus();
  }

  // ───────────────────────────── backups ─────────────────────────────

  async exportBackup(path: string, backupPassphrase: string, opts: { overwrite?: boolean } = {}): Promise<{ path: string; entryCount: number }> {
    requireStrongPassphrase(backupPassphrase, 'backup passphrase');
    refuseBackupOverVault(path, this.path);
    return this.#serial(async () => {
      const { keys, state } = this.#unlocked();
      return this.#backups.write(keys, state, path, backupPassphrase, opts);
    });
  }

  async previewImport(path: string, backupPassphrase: string): Promise<ImportPreview> {
    return this.#serial(async () => this.#backups.preview(this.#unlocked().state, path, backupPassphrase));
  }

  async applyImport(importId: string, onConflict: 'skip' | 'replace' | 'keep-both'): Promise<ImportResult> {
    const staged = this.#backups.take(importId);
    try {
      return await this.#commit(this.#backups.merge(staged, onConflict));
    } finally {
      wipeKeys(staged.keys);
    }
  }

  // ───────────────────────────── idle lock, events ─────────────────────────────

  setAutoLockMinutes(minutes: number): void {
    this.#autoLock.minutes = minutes;
    if (this.#keys) this.touch();
  }

  touch(): void {
    this.#autoLock.restart(this.#keys !== undefined);
  }

  subscribe(listener: (event: VaultEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Persists pending "last used" times now (the CLI calls this before it exits; lock does too). */
  async flush(): Promise<void> {
    await this.#flushUses();
  }

  // ───────────────────────────── internals ─────────────────────────────

  #emit(event: VaultEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch (e) {
        this.#log.warn('vault listener failed', { error: e });
      }
    }
  }

  async #emitStatus(known?: VaultHeader): Promise<VaultStatus> {
    const status = await this.#status(known);
    this.#emit({ type: 'status', status });
    return status;
  }

  /** One state-changing operation at a time within this process. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #unlocked(): { keys: VaultKeys; state: VaultState } {
    if (!this.#keys || !this.#state) throw vaultLocked();
    return { keys: this.#keys, state: this.#state };
  }

  #sortedEntries(): LoadedEntry[] {
    return (this.#sorted ??= sortEntries(this.#unlocked().state.entries));
  }

  async #finishUnlock(file: VaultFile, vaultKey: Buffer, via: 'passphrase' | 'os', opts: UnlockOptions): Promise<VaultStatus> {
    const keys = vaultKeys(vaultKey, file.header.vaultId);
    let loaded: { state: VaultState; shards: SealedShard[] };
    try {
      loaded = loadVault(keys, file, `The vault file ${this.path}`);
    } catch (e) {
      wipeKeys(keys);
      throw await this.#store.withRestoreHint(e);
    }
    // Only a file that passed its MAC has a generation worth comparing.
    const generation = file.header.generation;
    const seen = await this.#seen.judge(keys, file.header);
    const restored = this.#store.restoredAsOffered() && seen.kind === 'older';
    if (!opts.acceptRollback && !restored && (seen.kind === 'older' || seen.kind === 'invalid')) {
      wipeKeys(keys);
      throw seen.kind === 'older' ? olderVaultError(this.path, generation, seen) : seenInvalidError(this.#store.seenPath, generation, seen);
    }
    this.#setUnlocked(keys, loaded.state, loaded.shards);
    // What list and search use (sort order, DTOs, search text) is built as part of opening, not on the first call.
    for (const e of this.#sortedEntries()) void (e.summary, e.search);
    if (seen.kind === 'older') {
      // The user's choice: this version becomes the current one, written above every generation known to have
      // existed, so the newer copies' numbers are never reused and this same old file, put back again, is caught.
      try {
        await this.#commitNow((_k, st) => ({ state: st, result: undefined, dirty: new Set<number>(), minGeneration: seen.floor + 1, adoptSeen: true }));
      } catch (e) {
        this.#clear();
        throw e;
      }
      this.#log.warn('opened an older vault file by choice', { generation, seen: seen.seen, restored });
    } else if (seen.kind === 'invalid' || seen.kind === 'first' || seen.body.generation < generation) {
      // First run for this vault, a record behind (a process killed before updating it), or a record the user
      // chose to set aside. Not worth failing an unlock over: the next write tries again.
      await this.#store
        .withLock(() => this.#seen.raise(keys, file.header.vaultId, generation, { adopt: seen.kind === 'invalid' }))
        .catch((e: unknown) => this.#log.warn('could not update vault.json.seen', { error: e }));
    }
    this.#log.info('vault unlocked', { via, entries: this.#state?.entries.size });
    await sweepStaleTemps(this.path).catch(() => 0);
    return this.#emitStatus();
  }

  #setUnlocked(keys: VaultKeys, state: VaultState, shards: readonly SealedShard[]): void {
    if (this.#keys && this.#keys !== keys) wipeKeys(this.#keys);
    this.#keys = keys;
    this.#state = state;
    this.#shards = shards;
    this.#sorted = undefined;
    this.touch();
  }

  #clear(): void {
    this.#autoLock.cancel();
    if (this.#keys) wipeKeys(this.#keys);
    this.#keys = undefined;
    this.#state = undefined;
    this.#shards = undefined;
    this.#sorted = undefined;
    this.#backups.dropAll();
  }

  async #flushUses(): Promise<void> {
    const uses = this.#uses.take(this.#keys !== undefined);
    if (uses) await this.#commitNow(recordedUses(uses));
  }

  #commit<T>(mutate: Mutation<T>): Promise<T> {
    return this.#serial(() => this.#commitNow(mutate));
  }

  async #commitNow<T>(mutate: Mutation<T>): Promise<T> {
    const { keys } = this.#unlocked();
    const outcome = await this.#store.withLock(async () => {
      let state = this.#unlocked().state;
      let shards = this.#shards as readonly SealedShard[];
      if (!(await this.#store.unchanged())) ({ state, shards } = await this.#reload(keys, state.header.generation));
      const next = await mutate(keys, state);
      // Locked (auto-lock, screen lock) while the change was being prepared: its keys are wiped; write nothing.
      if (this.#keys !== keys) throw vaultLocked();
      const header = canonicalHeader({ ...next.state.header, generation: Math.max(state.header.generation + 1, next.minGeneration ?? 0) });
      const nextState: VaultState = { header, entries: next.state.entries };
      const vaultId = header.vaultId;
      // A re-key: before the vault is written under the new key, the new key vouches for the record too and the
      // old key is marked retired at the new generation, so a process killed in between leaves a record that
      // either key can check, and a copy under the old key is known to be older whatever happens next.
      if (next.rekey) await this.#seen.raise(keys, vaultId, state.header.generation, { also: next.rekey, retire: { keys, at: header.generation } });
      const nextShards = next.rekey
        ? await this.#store.write(next.rekey, nextState, undefined, true)
        : await this.#store.write(keys, nextState, { shards, dirty: next.dirty ?? new Set() }, next.replaceBackup);
      // Raised after the vault is written, still under the lock: a small file created before the vault's fsync would
      // ride in the same journal commit (measured: a third more time per write). Failing here only leaves the record
      // behind the vault, which can never make a vault Signet wrote look older.
      await this.#seen.raise(next.rekey ?? keys, vaultId, header.generation, { adopt: next.adoptSeen === true });
      return { ...next, state: nextState, shards: nextShards };
    });
    if (outcome.rekey) {
      wipeKeys(keys);
      this.#keys = outcome.rekey;
    }
    this.#state = outcome.state;
    this.#shards = outcome.shards;
    this.#sorted = undefined;
    if (outcome.dirty === 'all' || (outcome.dirty?.size ?? 0) > 0) this.#emit({ type: 'entries' });
    return outcome.result;
  }

  /** Another process (the CLI, a second window) wrote the vault: load its version before changing it. */
  async #reload(keys: VaultKeys, generation: number): Promise<{ state: VaultState; shards: SealedShard[] }> {
    const file = await this.#store.readOrThrow();
    const changed = (why: string) => new AppError('ERR_VAULT_CHANGED_ON_DISK', `${this.path} ${why} while it was unlocked here. Your change was not saved; lock and unlock to load what is on disk now.`);
    if (file.header.kind !== 'vault') throw changed('was replaced by a backup file');
    if (file.header.vaultId !== this.#state?.header.vaultId) throw changed('was replaced by a different vault');
    if (file.header.generation < generation) throw changed(`was replaced by an older version of itself (generation ${file.header.generation}, this window had ${generation})`);
    let loaded: { state: VaultState; shards: SealedShard[] };
    try {
      loaded = loadVault(keys, file, `The vault file ${this.path}`);
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
