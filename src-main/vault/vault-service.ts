/**
 * The offline key vault (envelope encryption; the format is docs/vault-format.md). A random vault key seals every
 * entry; key slots (a passphrase, the host's OS store) wrap it. While unlocked, main holds the vault key and the
 * entries' metadata; credentials stay sealed until `useSecret` opens one for the duration of a call.
 *
 * This class coordinates, one operation at a time (`#serial`); each job is a module of its own: the sealed form
 * (vault-codec), the files (vault-store), writing (vault-writer), opening (open-vault), key slots, entry edits and
 * lookups, backups and import staging (vault-backups), use recording, auto-lock and the rollback record (seen-record).
 * It also keeps the audit chain (vault-audit.ts, docs/audit.md): every change carries its events into the same write,
 * and events that change no key (an unlock, a reveal) move the sealed head on with a write of their own.
 */
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { AppError, vaultLocked } from '../base/errors';
import { wipe } from '../base/bytes';
import { isoNow, systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import { sweepStaleTemps } from '../base/atomic-file';
import type { CredentialField } from '../contract/providers';
import type { AuditActor, AuditAppended, AuditReset, AuditVerification } from '../contract/audit';
import { checkedEvent, type AuditEventInput } from '../audit/audit-event';
import { MinuteRollup } from '../audit/minute-rollup';
import type { AuditPaths } from '../audit/audit-files';
import type { Credentials, EntryDetail, EntryInput, EntryPatch, EntrySummary, ImportPreview, ImportResult, KeyPairInput, ListQuery, PublicKeyView, VaultStatus } from '../contract/schemas';
import { DEFAULT_SCRYPT, randomKey, type ScryptParams } from './crypto';
import { generatedKeyStays } from './key-pair';
import { addEntries, addKeyPairEntry, entryNotFound, initialEntries, removeEntry, updateEntry } from './entry-edits';
import { detailOf, listEntries, resolveEntry, sortEntries } from './entry-lookup';
import { AutoLock } from './auto-lock';
import { KeySlots, rekeyChange, requireStrongPassphrase } from './key-slots';
import { catchUpSeen, openVault } from './open-vault';
import { SeenRecord } from './seen-record';
import { recordedUses, UseRecorder } from './use-recorder';
import { refuseBackupOverVault, VaultBackups } from './vault-backups';
import type { Mutation } from './vault-change';
import { openSecret, openSpare, type LoadedEntry, type SealedShard, type VaultState } from './vault-codec';
import { applyRotationEdit, type RotationEdit, type RotationRecord } from './rotation-edits';
import { canonicalHeader, VERSION, type VaultFile, type VaultHeader } from './vault-file';
import { vaultKeys, wipeKeys, type VaultKeys } from './vault-keys';
import { VaultStore } from './vault-store';
import { VaultWriter, type AuditStep } from './vault-writer';
import { VaultEvents } from './vault-events';
import { VaultAudit } from './vault-audit';
import { created, deleted, eventsOnly, exported, imported, initialKeys, refOf, rotationSteps, updated, withEvents } from './audit-events';
import { isVaultRollbackError } from './rollback-error';
import type { LockReason, OsSlotProvider, UnlockOptions, UseSecretOptions, Vault, VaultEvent } from './types';

/** The vault's key slots changed (a passphrase change elsewhere) between reading them and opening the file. */
class SlotsChanged extends Error {}

const sameSlots = (a: VaultHeader, b: VaultHeader): boolean => JSON.stringify(a.slots) === JSON.stringify(b.slots);

/** What a host passes in: the Signet home, its OS slot provider (null: none here), and test seams. */
export interface VaultServiceOptions {
  readonly home: string;
  readonly osSlot: OsSlotProvider | null;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly kdf?: ScryptParams;
  readonly autoLockMinutes?: number;
  /** Who this process is in the audit log (default `app`). */
  readonly actor?: AuditActor;
  /** Called at the audit append's step boundary (`audit:appended`: lines written, head not yet); crash tests end the process there. */
  readonly checkpoint?: (name: string) => void | Promise<void>;
}

/** The one implementation of `Vault`; every host composes one per Signet home. */
export class VaultService implements Vault {
  readonly path: string;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #store: VaultStore;
  readonly #slots: KeySlots;
  readonly #seen: SeenRecord;
  readonly #writer: VaultWriter;
  readonly #backups: VaultBackups;
  readonly #uses: UseRecorder;
  readonly #autoLock: AutoLock;
  readonly #events: VaultEvents;
  readonly #audit: VaultAudit;
  /** Key use (and other events that ask) rolled up per key per minute, written when the minute is over. */
  readonly #rollup = new MinuteRollup();
  #rollupTimer: { cancel(): void } | undefined;
  readonly #auditListeners = new Set<(a: AuditAppended) => void>();

  #keys: VaultKeys | undefined;
  #state: VaultState | undefined;
  /** The shards of #state as last written or read, so a write re-seals only the shards it changed. */
  #shards: readonly SealedShard[] | undefined;
  #sorted: LoadedEntry[] | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: VaultServiceOptions) {
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger ?? silentLogger;
    this.#events = new VaultEvents(this.#log);
    this.#store = new VaultStore({ home: opts.home, log: this.#log, unlocked: () => this.#keys !== undefined });
    this.path = this.#store.path;
    this.#slots = new KeySlots({ os: opts.osSlot, kdf: opts.kdf ?? DEFAULT_SCRYPT, clock: this.#clock, log: this.#log });
    this.#seen = new SeenRecord({ path: this.#store.seenPath, clock: this.#clock, log: this.#log });
    this.#writer = new VaultWriter({ store: this.#store, seen: this.#seen, log: this.#log });
    this.#backups = new VaultBackups({ slots: this.#slots, clock: this.#clock, log: this.#log });
    this.#uses = new UseRecorder({
      clock: this.#clock,
      onDue: () => void this.#serial(() => this.#flushUses()).catch((e) => this.#log.warn('could not record key use', { error: e })),
    });
    this.#autoLock = new AutoLock({ clock: this.#clock, log: this.#log, minutes: opts.autoLockMinutes ?? 15, onIdle: () => void this.lock({ reason: 'idle' }) });
    this.#audit = new VaultAudit({ home: opts.home, actor: opts.actor ?? 'app', clock: this.#clock, log: this.#log, ...(opts.checkpoint && { checkpoint: opts.checkpoint }) });
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
      await this.#slots.requireWaysIn(opts);
      const vaultId = randomUUID();
      const now = isoNow(this.#clock);
      const vaultKey = randomKey();
      const slots = await this.#slots.initialSlots(vaultKey, vaultId, opts);
      const keys = vaultKeys(vaultKey, vaultId);
      const header = canonicalHeader({ format: 'signet-vault', version: VERSION, kind: 'vault', vaultId, createdAt: now, generation: 0, slots });
      const initial = { header, entries: initialEntries(keys, vaultId, now, opts.addSandboxKey ?? true) };
      const details = { slots: slots.map((x) => x.kind), sandboxKey: opts.addSandboxKey ?? true };
      const { shards, state, appended } = await this.#writer
        .create(keys, initial, (h) => this.#audit.start(keys, h, details, initialKeys(initial)))
        .catch(async (e: unknown) => {
          wipeKeys(keys);
          await this.#slots.forget(slots.filter((x) => x.kind === 'os'), vaultId);
          throw e;
        });
      this.#setUnlocked(keys, state, shards);
      this.#announce(appended);
      this.#log.info('vault created', { slots: slots.map((s) => s.kind) });
      return this.#emitStatus();
    });
  }

  async unlockWithPassphrase(passphrase: string, opts: UnlockOptions = {}): Promise<VaultStatus> {
    return this.#unlock('passphrase', (header) => this.#slots.unlockWithPassphrase(header, passphrase), opts);
  }

  async unlockWithOs(opts: UnlockOptions = {}): Promise<VaultStatus> {
    return this.#unlock('os', (header) => this.#slots.openOsSlot(header), opts);
  }

  /**
   * Reads the vault file, unwraps its key with `open` and opens it, without the vault lock (a read-only home opens
   * too). A file found older than the rollback record because another process replaced it meanwhile (it wrote a newer
   * version between this read and the record's) is not refused: it is read again and opened under the lock, where no
   * write can come between the file and the record, with the key already unwrapped while its slots are the same. A
   * refusal that stands is recorded for the audit log.
   */
  #unlock(via: 'passphrase' | 'os', open: (header: VaultHeader) => Promise<Buffer>, opts: UnlockOptions): Promise<VaultStatus> {
    return this.#serial(async () => {
      let key: Buffer | null = null;
      try {
        let file = await this.#store.readOrThrow();
        key = await open(file.header);
        for (let attempt = 1; ; attempt++) {
          try {
            // #finishUnlock owns (and wipes, when it refuses) the copy it is given.
            return await this.#finishUnlock(file, Buffer.from(key), via, opts, attempt > 1);
          } catch (e) {
            const again = e instanceof SlotsChanged || (attempt === 1 && isVaultRollbackError(e) && (await this.#store.replacedSinceRead()));
            if (!again) throw e;
            if (attempt >= 4) throw new AppError('ERR_VAULT_CHANGED_ON_DISK', `The passphrase of the vault at ${this.path} was changed by another Signet process while it was being unlocked here. Unlock again (with the new passphrase).`);
            const next = await this.#store.readOrThrow();
            if (!sameSlots(next.header, file.header)) {
              wipe(key);
              key = null;
              key = await open(next.header);
            }
            file = next;
          }
        }
      } catch (e) {
        await this.#unlockFailed(via, e);
        throw e;
      } finally {
        if (key) wipe(key);
      }
    });
  }

  /**
   * Locks at once: from the first moment of this job nothing more is served and the status says locked. The last
   * write (pending use times, the minutes rolled up, the lock's own audit line) follows with the keys held here only,
   * and they are wiped once it is done, or has failed (logged: locking never fails).
   */
  async lock(opts: { reason?: LockReason } = {}): Promise<VaultStatus> {
    return this.#serial(async () => {
      const keys = this.#keys;
      const held = keys && this.#state && this.#shards ? { state: this.#state, shards: this.#shards } : null;
      const uses = this.#uses.take(held !== null);
      const events: AuditEventInput[] = [...this.#rollup.take(this.#clock.now(), true), ...(held ? [{ type: 'vault.locked' as const, details: { reason: opts.reason ?? 'user' } }] : [])];
      const header = this.#state?.header;
      this.#clear({ wipe: false });
      const status = await this.#emitStatus(header);
      try {
        if (keys && held) {
          const change = uses ? withEvents(recordedUses(uses), () => events) : eventsOnly(events);
          const outcome = await this.#writer.apply(keys, () => held, change, () => true, this.#auditStep);
          this.#announce(outcome.appended);
        } else await this.#queueLocked(events);
      } catch (e) {
        this.#log.warn('could not record key use and the lock before locking', { error: e });
      } finally {
        if (keys) wipeKeys(keys);
      }
      return status;
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
    return detailOf(this.#unlocked().state.entries, id);
  }

  resolve(ref: string): EntrySummary {
    return resolveEntry(this.#unlocked().state.entries, ref);
  }

  async add(input: EntryInput): Promise<EntrySummary> {
    return (await this.addMany([input]))[0] as EntrySummary;
  }

  /** Adds several keys in one write (all or none). */
  async addMany(inputs: readonly EntryInput[]): Promise<EntrySummary[]> {
    return this.#commit(withEvents(addEntries(inputs, () => isoNow(this.#clock)), (added, _b, after) => created(added, after)));
  }

  /** Generates a key pair and seals it as a new entry; the private key never leaves this process. */
  async addKeyPair(input: KeyPairInput): Promise<{ entry: EntrySummary; publicKey: PublicKeyView }> {
    this.#unlocked();
    return this.#commit(withEvents(await addKeyPairEntry(input, () => isoNow(this.#clock)), (r, _b, after) => created([r.entry], after)));
  }

  async update(patch: EntryPatch): Promise<EntrySummary> {
    const credentialFields = Object.keys(patch.credentials ?? {});
    return this.#commit(withEvents(updateEntry(patch, () => isoNow(this.#clock)), (r, before, after) => updated(r.id, credentialFields, before, after)));
  }

  async remove(id: string): Promise<void> {
    await this.#commit(withEvents(removeEntry(id), (_r, before) => deleted(id, before)));
  }

  async useSecret<T>(id: string, fn: (credentials: Readonly<Credentials>) => T | Promise<T>, opts: UseSecretOptions = {}): Promise<T> {
    const { keys, state } = this.#unlocked();
    const entry = state.entries.get(id);
    if (!entry) throw entryNotFound(id);
    const slot = opts.slot ?? 'current';
    const creds = slot === 'current' ? await openSecret(keys, state.header.vaultId, entry) : openSpare(keys, state.header.vaultId, entry)[slot];
    if (!creds) throw new AppError('ERR_ROTATION_STATE', `"${entry.meta.label}" holds no ${slot === 'next' ? 'new key (a rotation before its switch)' : 'previous key (a rotation after its switch)'}.`);
    try {
      return await fn(Object.freeze(creds));
    } finally {
      if (opts.record ?? true) {
        this.#uses.record(id);
        this.#roll({ type: 'key.used', entry: refOf(entry), rollup: id });
      }
    }
  }

  /**
   * Loads what another Signet process (the CLI, the app) wrote since this one last read or wrote the vault; true when
   * something was loaded. Cheap when nothing changed (one stat).
   */
  async refresh(): Promise<boolean> {
    return this.#serial(async () => {
      const { keys } = this.#unlocked();
      const fresh = await this.#writer.reloadIfChanged(keys, () => ({ state: this.#unlocked().state, shards: this.#shards as readonly SealedShard[] }));
      if (!fresh || this.#keys !== keys) return false;
      this.#state = fresh.state;
      this.#shards = fresh.shards;
      this.#sorted = undefined;
      this.#events.emit({ type: 'entries' });
      return true;
    });
  }

  /** The entry's rotation run, history, and which spare credential slots hold a key. */
  rotationRecord(id: string): RotationRecord {
    const { keys, state } = this.#unlocked();
    const entry = state.entries.get(id);
    if (!entry) throw entryNotFound(id);
    const spare = entry.record.r === undefined ? {} : openSpare(keys, state.header.vaultId, entry);
    return { run: entry.meta.rotation, history: entry.meta.rotationHistory, hasNext: spare.next !== undefined, hasPrevious: spare.previous !== undefined };
  }

  /** One step of a rotation, written atomically (rotation-edits.ts), with the step's audit lines in the same write. */
  async editRotation(id: string, edit: RotationEdit): Promise<RotationRecord> {
    return this.#commit(withEvents(applyRotationEdit(id, edit, () => isoNow(this.#clock)), (_r, before, after) => rotationSteps(id, before, after)));
  }

  async revealField(id: string, field: CredentialField, opts: { purpose?: 'reveal' | 'copy' } = {}): Promise<string> {
    const entry = this.get(id);
    if (field === 'privateKeyPem' && entry.keyPair) throw generatedKeyStays(entry.label);
    const value = await this.useSecret(id, (c) => {
      const v = c[field];
      if (v === undefined) throw new AppError('ERR_VALIDATION', `This key has no ${field}.`);
      return v;
    });
    // Recorded before the value leaves: a reveal the log cannot hold is not made.
    await this.#recordNow([{ type: opts.purpose === 'copy' ? 'key.copied' : 'key.revealed', entry: { id, label: entry.label }, details: { field } }]);
    return value;
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
      await this.#slots.requireCurrentPassphrase(state.header, opts.current);
      // Slow work (scrypt, the OS keychain) happens before the cross-process lock is taken.
      const newKeys = vaultKeys(randomKey(), vaultId);
      const oldOs = this.#slots.ownOsSlots(state.header);
      try {
        const slots = await this.#slots.rekeyedSlots(newKeys.vaultKey, vaultId, opts.next, oldOs.length > 0);
        const changed = { type: 'vault.passphrase_changed' as const, details: { osSlotKept: slots.some((x) => x.kind === 'os'), droppedOsSlots: state.header.slots.filter((x) => x.kind === 'os').length - (slots.some((x) => x.kind === 'os') ? 1 : 0) } };
        await this.#commitNow(withEvents(rekeyChange(newKeys, slots), () => [changed]));
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
        const added = { type: 'vault.os_slot_added' as const, details: { provider: slot.provider, backend: slot.backend, replaced: replaced.length > 0 } };
        await this.#commitNow(withEvents(this.#slots.withOsSlot(slot, replaced.length > 0), () => [added]));
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
      const mine = this.#slots.removableOsSlots(state.header);
      const removed = { type: 'vault.os_slot_removed' as const, details: { provider: mine[0]?.provider ?? null, backend: mine[0]?.backend ?? null } };
      await this.#commitNow(withEvents(this.#slots.withoutOsSlot(), () => [removed]));
      await this.#slots.forget(mine, state.header.vaultId);
    });
    return this.#emitStatus();
  }

  // ───────────────────────────── backups ─────────────────────────────

  async exportBackup(path: string, backupPassphrase: string, opts: { overwrite?: boolean } = {}): Promise<{ path: string; entryCount: number }> {
    requireStrongPassphrase(backupPassphrase, 'backup passphrase');
    refuseBackupOverVault(path, this.path);
    return this.#serial(async () => {
      const held = this.#unlocked();
      const written = await this.#backups.write(held, path, backupPassphrase, opts);
      try {
        await this.#commitNow(eventsOnly(exported(path, held.state)));
      } catch (e) {
        // An export the log cannot hold is not left behind.
        await unlink(path).catch(() => undefined);
        throw e;
      }
      return written;
    });
  }

  async previewImport(path: string, backupPassphrase: string): Promise<ImportPreview> {
    return this.#serial(async () => this.#backups.preview(this.#unlocked().state, path, backupPassphrase));
  }

  async applyImport(importId: string, onConflict: 'skip' | 'replace' | 'keep-both'): Promise<ImportResult> {
    const staged = this.#backups.take(importId);
    try {
      return await this.#commit(withEvents(this.#backups.merge(staged, onConflict), (r, before, after) => imported(staged.path, r, before, after)));
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
    return this.#events.subscribe(listener);
  }

  /** Persists pending "last used" times and rolled-up audit events now (the CLI calls this before it exits; lock does too). */
  async flush(): Promise<void> {
    await this.#serial(() => this.#flushUses({ all: true }));
  }

  // ───────────────────────────── the audit chain (AuditChain) ─────────────────────────────

  get auditPaths(): AuditPaths {
    return this.#audit.paths;
  }

  async recordAudit(events: readonly AuditEventInput[]): Promise<void> {
    const checked = events.map(checkedEvent);
    const now: AuditEventInput[] = [];
    for (const e of checked) {
      if (e.rollup !== undefined) this.#roll(e);
      else now.push(e);
    }
    if (now.length > 0) await this.#recordNow(now);
  }

  async verifyAudit(): Promise<AuditVerification> {
    return this.#serial(async () => {
      const { keys } = this.#unlocked();
      const { result, reloaded } = await this.#writer.read(keys, () => this.#held(), (state) => this.#audit.verify(keys, state.header));
      if (reloaded && this.#keys === keys) this.#hold(reloaded.state, reloaded.shards);
      return result;
    });
  }

  async resetAudit(): Promise<AuditReset> {
    return this.#serial(async () => {
      let reset: AuditReset = { setAside: null, lines: 0 };
      const step: AuditStep = async (keys, _writeKeys, header) => {
        const r = await this.#audit.restart(keys, header);
        reset = { setAside: r.setAside, lines: r.lines };
        return r.staged;
      };
      // A vault write, not audit.head alone: the vault file's head is the floor, and it must start over too.
      await this.#commitNow((_k, st) => ({ state: st, result: undefined, dirty: new Set<number>() }), step);
      this.#log.warn('audit log set aside and a new chain started', { setAside: reset.setAside });
      return reset;
    });
  }

  subscribeAudit(listener: (appended: AuditAppended) => void): () => void {
    this.#auditListeners.add(listener);
    return () => this.#auditListeners.delete(listener);
  }

  // ───────────────────────────── internals ─────────────────────────────

  async #emitStatus(known?: VaultHeader): Promise<VaultStatus> {
    const status = await this.#status(known);
    this.#events.emit({ type: 'status', status });
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

  /** `underLock`: read the file again and open it holding the vault lock (its slots must still be `file`'s). */
  async #finishUnlock(read: VaultFile, vaultKey: Buffer, via: 'passphrase' | 'os', opts: UnlockOptions, underLock = false): Promise<VaultStatus> {
    const keys = vaultKeys(vaultKey, read.header.vaultId);
    const deps = { store: this.#store, seen: this.#seen };
    const accept = opts.acceptRollback === true;
    const { file, opened } = !underLock
      ? { file: read, opened: await openVault(deps, read, keys, accept) }
      : await this.#store.withLock(async () => {
          const now = await this.#store.readOrThrow().catch((e: unknown) => {
            wipeKeys(keys);
            throw e;
          });
          if (!sameSlots(now.header, read.header)) {
            wipeKeys(keys);
            throw new SlotsChanged();
          }
          return { file: now, opened: await openVault(deps, now, keys, accept) };
        });
    const { held, seen, restored } = opened;
    this.#setUnlocked(keys, held.state, held.shards);
    // What list and search use (sort order, DTOs, search text) is built as part of opening, not on the first call.
    for (const e of this.#sortedEntries()) void (e.summary, e.search);
    const unlocked: AuditEventInput = { type: 'vault.unlocked', details: { via, generation: file.header.generation } };
    // What this process recorded while locked (a failed unlock, a refused signature) goes to the queue first, so the
    // unlock's append chains it marked as such, with what other processes queued.
    await this.#queueLocked(this.#rollup.take(this.#clock.now(), true)).catch((e: unknown) => this.#log.warn('could not queue audit events recorded while locked', { error: e }));
    if (seen.kind === 'older') {
      // The user's choice: this version becomes the current one, written above every generation known to have
      // existed, so the newer copies' numbers are never reused and this same old file, put back again, is caught.
      // Its audit head is older than the log: the lines past it are adopted when they chain (vault-audit.ts).
      const accepted: AuditEventInput = { type: 'vault.rollback_accepted', details: { generation: file.header.generation, seen: seen.seen, restoredBackup: restored } };
      try {
        await this.#commitNow((_k, st) => ({ state: st, result: undefined, dirty: new Set<number>(), minGeneration: seen.floor + 1, adoptSeen: true, adoptAudit: true, audit: [accepted, unlocked] }));
      } catch (e) {
        this.#clear();
        throw e;
      }
      this.#log.warn('opened an older vault file by choice', { generation: file.header.generation, seen: seen.seen, restored });
    } else {
      await catchUpSeen({ store: this.#store, seen: this.#seen, log: this.#log }, keys, file, seen);
      // Never a reason to refuse an unlock (that would lock the person out of their keys): a failure is logged, and
      // the next append finds the log as it is.
      await this.#commitNow(eventsOnly([unlocked])).catch((e: unknown) => this.#log.warn('could not record the unlock in the audit log', { error: e }));
    }
    this.#log.info('vault unlocked', { via, entries: this.#state?.entries.size });
    await sweepStaleTemps(this.path).catch(() => 0);
    return this.#emitStatus();
  }

  #setUnlocked(keys: VaultKeys, state: VaultState, shards: readonly SealedShard[]): void {
    if (this.#keys && this.#keys !== keys) wipeKeys(this.#keys);
    this.#keys = keys;
    this.#hold(state, shards);
    this.touch();
  }

  #hold(state: VaultState, shards: readonly SealedShard[]): void {
    // The same state (a write that only moved the audit head on) keeps the list built for it.
    if (state !== this.#state) this.#sorted = undefined;
    this.#state = state;
    this.#shards = shards;
  }

  #held(): { state: VaultState; shards: readonly SealedShard[] } {
    return { state: this.#unlocked().state, shards: this.#shards as readonly SealedShard[] };
  }

  /** Drops the open vault; `wipe: false` leaves the keys to the caller (lock wipes them after its last write). */
  #clear(opts: { wipe?: boolean } = {}): void {
    this.#autoLock.cancel();
    if (this.#keys && opts.wipe !== false) wipeKeys(this.#keys);
    this.#keys = undefined;
    this.#state = undefined;
    this.#shards = undefined;
    this.#sorted = undefined;
    this.#backups.dropAll();
  }

  /**
   * Writes pending use times with the rolled-up events whose minute is over (every one with `all`) and the events
   * `with`, in one write; while locked, the events go to the queue and the use times wait for the next unlock.
   */
  async #flushUses(opts: { all?: boolean; with?: readonly AuditEventInput[] } = {}): Promise<void> {
    const uses = this.#uses.take(this.#keys !== undefined);
    const events = [...this.#rollup.take(this.#clock.now(), opts.all === true), ...(opts.with ?? [])];
    try {
      if (!this.#keys) await this.#queueLocked(events);
      else if (uses || events.length > 0) await this.#commitNow(uses ? withEvents(recordedUses(uses), () => events) : eventsOnly(events));
    } catch (e) {
      // Not written: the events wait in the queue for the next append (the use times are only "last used").
      if (this.#keys && events.length > 0) await this.#queueLocked(events).catch(() => undefined);
      throw e;
    } finally {
      this.#scheduleRollup();
    }
  }

  /** Counts an event in its minute; a timer writes the minute once it is over. */
  #roll(event: AuditEventInput): void {
    this.#rollup.add(event, this.#clock.now());
    this.#scheduleRollup();
  }

  #scheduleRollup(): void {
    const close = this.#rollup.nextClose();
    if (this.#rollupTimer || close === null) return;
    this.#rollupTimer = this.#clock.setTimeout(() => {
      this.#rollupTimer = undefined;
      void this.#serial(() => this.#flushUses()).catch((e: unknown) => this.#log.warn('could not record rolled-up audit events', { error: e }));
    }, Math.max(0, close - this.#clock.now()) + 250);
  }

  /** Records events that change no key: a write of their own while unlocked, the queue while locked. */
  #recordNow(events: readonly AuditEventInput[]): Promise<void> {
    return this.#serial(async () => {
      if (this.#keys) await this.#commitNow(eventsOnly(events));
      else await this.#queueLocked(events);
    });
  }

  /**
   * Queues events for the next unlock (under the vault lock, so an unlock in another process takes all or none). With
   * no vault in the home there is no chain to wait for: nothing is recorded.
   */
  async #queueLocked(events: readonly AuditEventInput[]): Promise<void> {
    if (events.length === 0 || !(await this.#store.exists())) return;
    await this.#store.withLock(() => this.#audit.queue(events));
  }

  /**
   * A failed unlock: the way tried and why it failed (never what was typed), rolled up per way, code and minute (a
   * guessing run is a line a minute with its count), for the queue once the minute is over, at the next unlock, or
   * when the process flushes (the CLI before it exits, the app when it quits).
   */
  async #unlockFailed(via: 'passphrase' | 'os', e: unknown): Promise<void> {
    if (!(e instanceof AppError) || e.code === 'ERR_VAULT_NOT_FOUND') return;
    const details = { via, code: e.code, ...(isVaultRollbackError(e) && { generation: e.generation }) };
    this.#roll({ type: 'vault.unlock_failed', details, rollup: `${via}:${e.code}` });
  }

  #announce(appended: AuditAppended | null): void {
    if (!appended) return;
    for (const l of this.#auditListeners) {
      try {
        l(appended);
      } catch (e) {
        this.#log.warn('audit listener failed', { error: e });
      }
    }
  }

  readonly #auditStep: AuditStep = (keys, writeKeys, header, change) => this.#audit.stage(keys, writeKeys, header, change.audit ?? [], { adopt: change.adoptAudit === true });

  #commit<T>(mutate: Mutation<T>): Promise<T> {
    return this.#serial(() => this.#commitNow(mutate));
  }

  async #commitNow<T>(mutate: Mutation<T>, step: AuditStep = this.#auditStep): Promise<T> {
    const { keys } = this.#unlocked();
    const outcome = await this.#writer.apply(keys, () => this.#held(), mutate, () => this.#keys === keys, step);
    if (outcome.rekey) {
      wipeKeys(keys);
      this.#keys = outcome.rekey;
    }
    this.#hold(outcome.state, outcome.shards);
    if (outcome.dirty === 'all' || (outcome.dirty?.size ?? 0) > 0) this.#events.emit({ type: 'entries' });
    this.#announce(outcome.appended);
    return outcome.result;
  }
}
