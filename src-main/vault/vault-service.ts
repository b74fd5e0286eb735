/**
 * The offline key vault (envelope encryption; see ARCHITECTURE.md, Storage).
 *
 * A random 256-bit vault key seals every entry with AES-256-GCM (fresh IV per write; AAD binds vault id, entry
 * id, format version and part). Key slots wrap the vault key: a passphrase slot (scrypt) and the host's OS slot
 * (Electron safeStorage in the app, the OS keyring in the CLI). While unlocked, main holds the vault key and the
 * entries' metadata; credentials stay sealed until `useSecret` opens one for the duration of a call.
 *
 * Writes go through `#commit`: under a cross-process lock, re-read the file if another process changed it,
 * apply the change to a copy, write atomically (the previous version kept as vault.json.bak), then swap state.
 * A failed write leaves memory and disk as they were.
 *
 * Every write and every unlock also raise vault.json.seen (seen-file.ts), the newest generation seen here, so an
 * older vault file put back is refused at the next unlock in any process (ERR_VAULT_ROLLBACK) until the user
 * chooses to open it (`acceptRollback`), which writes it again above every generation seen.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError, vaultLocked } from '../base/errors';
import { systemClock, type Clock } from '../base/clock';
import { wipe } from '../base/bytes';
import { silentLogger, type Logger } from '../base/logger';
import { describeIssues } from '../base/describe-issues';
import { fileError, keepCopy, sweepStaleTemps, withFileLock, writeFileAtomic } from '../base/atomic-file';
import { passphraseStrength } from '../contract/passphrase-strength';
import type { CredentialField } from '../contract/providers';
import {
  Credentials as CredentialsSchema,
  EntryInput as EntryInputSchema,
  EntryPatch as EntryPatchSchema,
  ListQuery as ListQuerySchema,
  type Credentials,
  type EntryDetail,
  type EntryInput,
  type EntryPatch,
  type EntrySummary,
  type ImportPreview,
  type ImportResult,
  type ListQuery,
  type VaultStatus,
} from '../contract/schemas';
import { deriveKeys, deriveSeenKey, DEFAULT_SCRYPT, open, randomKey, scrypt, seal, type ScryptParams } from './crypto';
import { judgeSeen, MAX_RETIRED, readSeenFile, retiredMark, stageSeenFile, type RetiredMark, type SeenVerdict, type StagedSeenFile } from './seen-file';
import { olderVaultError, seenInvalidError } from './rollback-error';
import {
  canonicalHeader,
  computeMac,
  parseVaultFile,
  vaultFileParts,
  SHARD_COUNT,
  shardDigest,
  shardOf,
  verifyMac,
  VERSION,
  type PassphraseSlotRecord,
  type SlotRecord,
  type VaultFile,
  type VaultHeader,
} from './vault-file';
import {
  checkCredentials,
  compactMeta,
  describeCredentials,
  expandMeta,
  matchesTerm,
  StoredMeta,
  searchTextOf,
  toDetail,
  toSummary,
  validationError,
  type EntryMeta,
} from './entry-model';
import type { OsProbe, OsSlotProvider, OsSlotRecord, UnlockOptions, UseSecretOptions, Vault, VaultEvent } from './types';
import { EntryTable } from './entry-table';

export interface VaultServiceOptions {
  readonly home: string;
  readonly osSlot: OsSlotProvider | null;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly kdf?: ScryptParams;
  readonly autoLockMinutes?: number;
}

/** An entry's id and its credentials, sealed on their own (opened only when used). */
interface EntryRecord {
  readonly id: string;
  readonly s: string;
}

/** An unlocked entry. Its DTO, search text and sort key are built the first time they are needed. */
class LoadedEntry {
  /** The entry as it stands inside its shard's plaintext; computed when its shard is next sealed. */
  json?: string;
  #summary?: EntrySummary;
  #search?: string;
  #sortKey?: string;
  #labelKey?: string;
  constructor(
    readonly record: EntryRecord,
    readonly meta: EntryMeta,
  ) {}
  get summary(): EntrySummary {
    return (this.#summary ??= toSummary(this.record.id, this.meta));
  }
  get search(): string {
    return (this.#search ??= searchTextOf(this.record.id, this.meta));
  }
  get labelKey(): string {
    return (this.#labelKey ??= this.meta.label.toLowerCase());
  }
  get sortKey(): string {
    return (this.#sortKey ??= `${this.meta.label.toLowerCase()}\u0000${this.record.id}`);
  }
}

interface Keys {
  readonly vaultKey: Buffer;
  readonly enc: Buffer;
  readonly mac: Buffer;
}

interface State {
  readonly header: VaultHeader;
  readonly entries: EntryTable<LoadedEntry>;
}

/** A sealed shard as it is on disk (its base64 text as bytes, ready for writev), with its digest for the MAC. */
interface SealedShard {
  readonly bytes: Buffer;
  readonly digest: Buffer;
}

function sealedShard(sealed: string): SealedShard {
  const bytes = Buffer.from(sealed, 'latin1');
  return { bytes, digest: shardDigest(bytes) };
}

interface DiskStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

interface StagedImport {
  readonly path: string;
  readonly file: State;
  readonly keys: Keys;
  readonly expires: { cancel(): void };
}

const NO_OS: OsProbe = {
  available: false,
  secure: false,
  backend: null,
  reason: 'This host cannot reach an OS keychain; use a passphrase.',
};
const SLOT_AAD = (vaultId: string, slotId: string) => `signet-slot/v${VERSION}/${vaultId}/${slotId}`;
const ENTRY_AAD = (vaultId: string, entryId: string) => `signet-vault/v${VERSION}/${vaultId}/${entryId}/s`;
const SHARD_AAD = (vaultId: string, shard: number) => `signet-vault/v${VERSION}/${vaultId}/shard/${shard}`;
const IMPORT_TTL_MS = 5 * 60_000;
const USE_FLUSH_MS = 2_000;

export class VaultService implements Vault {
  readonly path: string;
  readonly #backupPath: string;
  readonly #lockPath: string;
  readonly #seenPath: string;
  readonly #home: string;
  readonly #os: OsSlotProvider | null;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #kdf: ScryptParams;
  /** The weakest scrypt cost a slot may have: the default, unless tests configured a cheaper one. */
  readonly #minN: number;
  readonly #listeners = new Set<(e: VaultEvent) => void>();
  readonly #staged = new Map<string, StagedImport>();

  #autoLockMinutes: number;
  #idle: { cancel(): void } | undefined;
  #keys: Keys | undefined;
  #state: State | undefined;
  /** The shards of #state as last written or read, so a write re-seals only the shards it changed. */
  #shards: readonly SealedShard[] | undefined;
  #stamp: DiskStamp | undefined;
  #lockedHeader: { stamp: DiskStamp; header: VaultHeader } | undefined;
  #sorted: LoadedEntry[] | undefined;
  #probe: { at: number; value: OsProbe } | undefined;
  #pendingUse = new Map<string, string>();
  #useFlush: { cancel(): void } | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** vault.json.bak as it was when this process told the user to restore it (renaming it into place is that choice). */
  #offeredRestore: DiskStamp | undefined;

  constructor(opts: VaultServiceOptions) {
    this.#home = opts.home;
    this.path = join(opts.home, 'vault.json');
    this.#backupPath = join(opts.home, 'vault.json.bak');
    this.#lockPath = join(opts.home, 'vault.json.lock');
    this.#seenPath = join(opts.home, 'vault.json.seen');
    this.#os = opts.osSlot;
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger ?? silentLogger;
    this.#kdf = opts.kdf ?? DEFAULT_SCRYPT;
    this.#minN = Math.min(this.#kdf.N, DEFAULT_SCRYPT.N);
    this.#autoLockMinutes = opts.autoLockMinutes ?? 15;
  }

  // ───────────────────────────── status, create, unlock, lock ─────────────────────────────

  async status(): Promise<VaultStatus> {
    return this.#status();
  }

  /** `known`: the header as it was just now (lock uses it, so locking never fails on re-reading the file). */
  async #status(known?: VaultHeader): Promise<VaultStatus> {
    const os = await this.#probeOs();
    const header = this.#state?.header ?? known ?? (await this.#readHeaderIfAny());
    if (!header) await this.#refuseOrphanBackup();
    const slots = header?.slots ?? [];
    const mine = this.#os ? (slots.find((s) => s.kind === 'os' && s.provider === this.#os?.id) as OsSlotRecord | undefined) : undefined;
    const changed = mine && os.available && os.backend !== mine.backend ? { recorded: mine.backend, current: os.backend } : null;
    return {
      exists: header !== null,
      locked: !this.#keys,
      path: this.path,
      slots: slots.map((s) => ({
        id: s.id,
        kind: s.kind,
        provider: s.kind === 'os' ? s.provider : null,
        backend: s.kind === 'os' ? s.backend : null,
        createdAt: s.createdAt,
      })),
      os: { provider: this.#os?.id ?? 'none', ...os },
      canUnlockWithOs: Boolean(mine && os.available && os.secure && !changed),
      osBackendChanged: changed,
      entryCount: this.#state ? this.#state.entries.size : null,
      autoLockMinutes: this.#autoLockMinutes,
    };
  }

  async create(opts: { passphrase?: string; useOsSlot: boolean; addSandboxKey?: boolean }): Promise<VaultStatus> {
    return this.#serial(async () => {
      if (await this.#exists()) {
        throw new AppError('ERR_VAULT_EXISTS', `A vault already exists at ${this.path}. Unlock it instead; nothing was changed.`);
      }
      await this.#refuseOrphanBackup();
      if (!opts.passphrase && !opts.useOsSlot) {
        throw new AppError('ERR_VALIDATION', 'Choose at least one way to unlock the vault: a passphrase, the OS keychain, or both.');
      }
      if (opts.passphrase !== undefined) this.#requireStrong(opts.passphrase, 'passphrase');
      if (opts.useOsSlot) await this.#requireSecureOs();

      const vaultId = randomUUID();
      const now = this.#iso();
      const vaultKey = randomKey();
      const slots: SlotRecord[] = [];
      try {
        if (opts.passphrase !== undefined) slots.push(await this.#passphraseSlot(vaultKey, vaultId, opts.passphrase));
        if (opts.useOsSlot) slots.push(await this.#osSlotRecord(vaultKey, vaultId));
      } catch (e) {
        wipe(vaultKey);
        throw e;
      }
      const keys = { vaultKey, ...deriveKeys(vaultKey, vaultId) };
      const giveUp = async (e: unknown): Promise<never> => {
        wipe(keys.vaultKey, keys.enc, keys.mac);
        await this.#forgetOsSlots(slots.filter((x): x is OsSlotRecord => x.kind === 'os'), vaultId);
        throw e;
      };
      const header = canonicalHeader({ format: 'signet-vault', version: VERSION, kind: 'vault', vaultId, createdAt: now, generation: 0, slots });
      const draft = EntryTable.empty<LoadedEntry>().edit();
      if (opts.addSandboxKey ?? true) {
        const e = this.#sealEntry(keys, vaultId, randomUUID(), this.#sandboxMeta(now), {
          apiKey: `sbx_${randomBytes(12).toString('hex')}`,
          secret: randomBytes(32).toString('base64url'),
        });
        draft.set(e.record.id, e);
      }
      const entries = draft.done().table;
      await mkdir(this.#home, { recursive: true, mode: 0o700 }).catch((e: unknown) => giveUp(fileError(e, this.#home, 'create the Signet folder')));
      await withFileLock(this.#lockPath, async () => {
        if (await this.#exists()) throw new AppError('ERR_VAULT_EXISTS', `A vault was created at ${this.path} by another Signet process just now. Unlock it instead.`);
        this.#shards = await this.#write(keys, { header, entries });
        // A record left here is another vault's (this one is new): start a new one.
        await this.#recordSeen(keys, vaultId, header.generation, { adopt: true });
      }, () => this.#busy()).catch(giveUp);
      this.#setUnlocked(keys, { header, entries }, this.#shards as SealedShard[]);
      this.#log.info('vault created', { slots: slots.map((s) => s.kind) });
      return this.#emitStatus();
    });
  }

  async unlockWithPassphrase(passphrase: string, opts: UnlockOptions = {}): Promise<VaultStatus> {
    return this.#serial(async () => {
      const file = await this.#readFileOrThrow();
      const slot = file.header.slots.find((s): s is PassphraseSlotRecord => s.kind === 'passphrase');
      if (!slot) {
        throw new AppError('ERR_NO_PASSPHRASE_SLOT', 'This vault has no passphrase; unlock it with the OS keychain.');
      }
      const vaultKey = await this.#openPassphraseSlot(file.header.vaultId, slot, passphrase);
      if (!vaultKey) throw new AppError('ERR_BAD_PASSPHRASE', 'That passphrase does not unlock this vault (or its passphrase slot was altered). Check it and try again.');
      return this.#finishUnlock(file, vaultKey, 'passphrase', opts);
    });
  }

  async unlockWithOs(opts: UnlockOptions = {}): Promise<VaultStatus> {
    return this.#serial(async () => {
      const file = await this.#readFileOrThrow();
      if (!this.#os) throw new AppError('ERR_OS_SLOT_UNAVAILABLE', NO_OS.reason ?? '');
      const slot = file.header.slots.find((s) => s.kind === 'os' && s.provider === this.#os?.id) as OsSlotRecord | undefined;
      if (!slot) {
        throw new AppError('ERR_OS_SLOT_MISSING', `This vault has no OS keychain slot for ${this.#os.id === 'os-keyring' ? 'the command line' : 'the app'} yet. Unlock it with your passphrase, then add one (Settings → Security in the app, \`signet vault os-slot add\` on the command line).`);
      }
      const vaultKey = await this.#os.open(slot, { vaultId: file.header.vaultId, slotId: slot.id });
      return this.#finishUnlock(file, vaultKey, 'os', opts);
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
    const q = ListQuerySchema.safeParse(query ?? {});
    if (!q.success) throw validationError(q.error, 'Invalid search');
    const { search, provider, environment, tag } = q.data;
    const terms = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const out: EntrySummary[] = [];
    for (const e of this.#sortedEntries()) {
      if (provider && e.meta.provider !== provider) continue;
      if (environment && e.meta.environment !== environment) continue;
      if (tag && !e.meta.tags.includes(tag)) continue;
      if (terms.length && !terms.every((t) => matchesTerm(t, e.search, e.record.id, e.meta.fingerprint))) continue;
      out.push(e.summary);
    }
    return out;
  }

  get(id: string): EntryDetail {
    const e = this.#entry(id);
    return toDetail(e.record.id, e.meta);
  }

  resolve(ref: string): EntrySummary {
    const state = this.#unlocked().state;
    const exact = state.entries.get(ref);
    if (exact) return exact.summary;
    const lower = ref.toLowerCase();
    const byLabel = [...state.entries.values()].filter((e) => e.meta.label.toLowerCase() === lower);
    if (byLabel.length === 1) return (byLabel[0] as LoadedEntry).summary;
    if (byLabel.length > 1) {
      throw new AppError('ERR_ENTRY_AMBIGUOUS', `${byLabel.length} keys are labelled "${ref}"; use the id instead (${byLabel.map((e) => e.record.id).join(', ')}).`);
    }
    if (ref.length >= 6) {
      const byPrefix = [...state.entries.values()].filter((e) => e.record.id.startsWith(ref));
      if (byPrefix.length === 1) return (byPrefix[0] as LoadedEntry).summary;
      if (byPrefix.length > 1) throw new AppError('ERR_ENTRY_AMBIGUOUS', `"${ref}" matches ${byPrefix.length} key ids; type more of the id.`);
    }
    throw new AppError('ERR_ENTRY_NOT_FOUND', `No key with the id or label "${ref}". Run \`signet vault list\` to see them.`);
  }

  async add(input: EntryInput): Promise<EntrySummary> {
    return (await this.addMany([input]))[0] as EntrySummary;
  }

  /** Adds several keys in one write (all or none). */
  async addMany(inputs: readonly EntryInput[]): Promise<EntrySummary[]> {
    const prepared = inputs.map((input, i) => {
      const parsed = EntryInputSchema.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error, inputs.length > 1 ? `Invalid key #${i + 1}` : 'Invalid key');
      const { credentials, ...m } = parsed.data;
      return { m, creds: checkCredentials(m.provider, credentials), id: randomUUID() };
    });
    return this.#commit((keys, state) => {
      const entries = state.entries.edit();
      const labels = new Set<string>();
      for (const { m } of prepared) {
        if (labels.has(m.label.toLowerCase())) throw new AppError('ERR_DUPLICATE_LABEL', `"${m.label}" appears twice in what is being added. Labels must be unique.`);
        labels.add(m.label.toLowerCase());
      }
      for (const e of state.entries.values()) {
        if (labels.has(e.labelKey)) throw new AppError('ERR_DUPLICATE_LABEL', `A key labelled "${e.meta.label}" already exists. Choose another label.`);
      }
      const now = this.#iso();
      const added = prepared.map(({ m, creds, id }) => {
        const meta: EntryMeta = {
          label: m.label,
          provider: m.provider,
          baseUrl: m.baseUrl ?? null,
          environment: m.environment,
          scopes: dedupe(m.scopes),
          tags: dedupe(m.tags),
          createdAt: now,
          updatedAt: now,
          expiresAt: m.expiresAt ?? null,
          lastUsedAt: null,
          lastRotatedAt: null,
          notes: m.notes,
          fields: [],
          shown: {},
          fingerprint: '',
        };
        const entry = this.#sealEntry(keys, state.header.vaultId, id, meta, creds);
        entries.set(id, entry);
        return entry.summary;
      });
      const { table, dirty } = entries.done();
      return { state: { header: state.header, entries: table }, result: added, dirty };
    });
  }

  async update(patch: EntryPatch): Promise<EntrySummary> {
    const parsed = EntryPatchSchema.safeParse(patch);
    if (!parsed.success) throw validationError(parsed.error, 'Invalid change');
    const { id, meta: metaPatch = {}, credentials: credPatch } = parsed.data;
    return this.#commit(async (keys, state) => {
      const current = state.entries.get(id);
      if (!current) throw notFound(id);
      if (metaPatch.label !== undefined && metaPatch.label.toLowerCase() !== current.meta.label.toLowerCase()) {
        this.#requireUniqueLabel(state, metaPatch.label);
      }
      const provider = metaPatch.provider ?? current.meta.provider;
      let creds: Credentials;
      if (credPatch || provider !== current.meta.provider) {
        const merged: Credentials = { ...(await this.#openSecret(keys, state.header.vaultId, current)) };
        for (const [field, value] of Object.entries(credPatch ?? {})) {
          if (value === null) delete merged[field as CredentialField];
          else merged[field as CredentialField] = value;
        }
        creds = checkCredentials(provider, merged);
      } else {
        creds = await this.#openSecret(keys, state.header.vaultId, current);
      }
      const meta: EntryMeta = {
        ...current.meta,
        ...(metaPatch.label !== undefined && { label: metaPatch.label }),
        ...(metaPatch.provider !== undefined && { provider: metaPatch.provider }),
        ...(metaPatch.baseUrl !== undefined && { baseUrl: metaPatch.baseUrl }),
        ...(metaPatch.environment !== undefined && { environment: metaPatch.environment }),
        ...(metaPatch.scopes !== undefined && { scopes: dedupe(metaPatch.scopes) }),
        ...(metaPatch.tags !== undefined && { tags: dedupe(metaPatch.tags) }),
        ...(metaPatch.expiresAt !== undefined && { expiresAt: metaPatch.expiresAt }),
        ...(metaPatch.notes !== undefined && { notes: metaPatch.notes }),
        updatedAt: this.#iso(),
        ...(credPatch && Object.keys(credPatch).length > 0 && { lastRotatedAt: this.#iso() }),
      };
      const entry = this.#sealEntry(keys, state.header.vaultId, id, meta, creds);
      const { table, dirty } = state.entries.edit().set(id, entry).done();
      return { state: { header: state.header, entries: table }, result: entry.summary, dirty };
    });
  }

  async remove(id: string): Promise<void> {
    await this.#commit((_keys, state) => {
      if (!state.entries.has(id)) throw notFound(id);
      const draft = state.entries.edit();
      draft.delete(id);
      const { table, dirty } = draft.done();
      // vault.json.bak becomes this version too: the removed key's sealed secret does not stay beside the vault.
      return { state: { header: state.header, entries: table }, result: undefined, dirty, replaceBackup: true };
    });
  }

  async useSecret<T>(id: string, fn: (credentials: Readonly<Credentials>) => T | Promise<T>, opts: UseSecretOptions = {}): Promise<T> {
    const { keys, state } = this.#unlocked();
    const entry = state.entries.get(id);
    if (!entry) throw notFound(id);
    const creds = await this.#openSecret(keys, state.header.vaultId, entry);
    try {
      return await fn(Object.freeze(creds));
    } finally {
      if (opts.record ?? true) this.#recordUse(id);
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
    this.#requireStrong(opts.next, 'new passphrase');
    await this.#serial(async () => {
      const { state } = this.#unlocked();
      const vaultId = state.header.vaultId;
      const existing = state.header.slots.find((s): s is PassphraseSlotRecord => s.kind === 'passphrase');
      if (existing) {
        if (!opts.current) throw new AppError('ERR_VALIDATION', 'Enter the current passphrase to change it.');
        const check = await this.#openPassphraseSlot(vaultId, existing, opts.current);
        if (!check) throw new AppError('ERR_BAD_PASSPHRASE', 'The current passphrase is wrong; the passphrase was not changed.');
        wipe(check);
      }
      // Slow work (scrypt, the OS keychain) happens before the cross-process lock is taken.
      const newKey = randomKey();
      const newKeys: Keys = { vaultKey: newKey, ...deriveKeys(newKey, vaultId) };
      const oldOs = this.#ownOsSlots(state.header);
      try {
        const slots: SlotRecord[] = [await this.#passphraseSlot(newKey, vaultId, opts.next)];
        if (oldOs.length) {
          const resealed = await this.#osSlotRecord(newKey, vaultId).catch((e: unknown) => {
            this.#log.warn('could not seal the OS slot under the new key; it is dropped (add it again)', { error: e });
            return null;
          });
          if (resealed) slots.push(resealed);
        }
        await this.#commitNow(async (keys, st) => {
          const draft = EntryTable.empty<LoadedEntry>().edit();
          for (const e of st.entries.values()) {
            const creds = await this.#openSecret(keys, vaultId, e);
            draft.set(e.record.id, this.#sealEntry(newKeys, vaultId, e.record.id, e.meta, creds, false));
          }
          return { state: { header: { ...st.header, slots }, entries: draft.done().table }, result: undefined, rekey: newKeys, dirty: 'all' };
        });
      } catch (e) {
        if (this.#keys !== newKeys) wipe(newKeys.vaultKey, newKeys.enc, newKeys.mac);
        throw e;
      }
      await this.#forgetOsSlots(oldOs, vaultId);
      this.#log.info('passphrase changed; vault re-keyed');
    });
    return this.#emitStatus();
  }

  async addOsSlot(): Promise<VaultStatus> {
    await this.#requireSecureOs();
    await this.#serial(async () => {
      const { keys, state } = this.#unlocked();
      const vaultId = state.header.vaultId;
      // Sealed before the lock is taken: the OS may ask the user first.
      const slot = await this.#osSlotRecord(keys.vaultKey, vaultId);
      const replaced = this.#ownOsSlots(state.header);
      try {
        await this.#commitNow((_keys, st) => {
          // Re-adding replaces this host's old slot (e.g. after the OS backend changed).
          const slots = [...st.header.slots.filter((s) => !(s.kind === 'os' && s.provider === this.#os?.id)), slot];
          return { state: { header: { ...st.header, slots }, entries: st.entries }, result: undefined, replaceBackup: replaced.length > 0 };
        });
      } catch (e) {
        await this.#forgetOsSlots([slot], vaultId);
        throw e;
      }
      await this.#forgetOsSlots(replaced, vaultId);
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
      const mine = this.#ownOsSlots(state.header);
      if (mine.length === 0) throw new AppError('ERR_OS_SLOT_MISSING', 'This vault has no OS keychain slot here; nothing to remove.');
      if (!state.header.slots.some((s) => s.kind === 'passphrase')) {
        throw new AppError('ERR_LAST_SLOT', 'Without the OS keychain this vault would have no passphrase to unlock it. Set a passphrase first, then remove the keychain slot.');
      }
      await this.#commitNow((_keys, st) => {
        const slots = st.header.slots.filter((s) => !(s.kind === 'os' && s.provider === this.#os?.id));
        if (!slots.some((s) => s.kind === 'passphrase')) throw new AppError('ERR_LAST_SLOT', 'Set a passphrase first, then remove the keychain slot.');
        return { state: { header: { ...st.header, slots }, entries: st.entries }, result: undefined, replaceBackup: true };
      });
      await this.#forgetOsSlots(mine, state.header.vaultId);
    });
    return this.#emitStatus();
  }

  #ownOsSlots(header: VaultHeader): OsSlotRecord[] {
    return header.slots.filter((s) => s.kind === 'os' && s.provider === this.#os?.id) as OsSlotRecord[];
  }

  async #forgetOsSlots(slots: readonly OsSlotRecord[], vaultId: string): Promise<void> {
    for (const slot of slots) {
      await this.#os?.forget(slot, { vaultId, slotId: slot.id }).catch((e) => this.#log.warn('could not remove the keychain item', { error: e }));
    }
  }

  // ───────────────────────────── backups ─────────────────────────────

  async exportBackup(path: string, backupPassphrase: string, opts: { overwrite?: boolean } = {}): Promise<{ path: string; entryCount: number }> {
    this.#requireStrong(backupPassphrase, 'backup passphrase');
    if (resolve(path).startsWith(`${resolve(this.path)}`)) {
      throw new AppError('ERR_FILE', `A backup cannot be written over the vault itself (${path}). Choose another file.`);
    }
    return this.#serial(() => this.#exportBackup(path, backupPassphrase, opts));
  }

  async #exportBackup(path: string, backupPassphrase: string, opts: { overwrite?: boolean }): Promise<{ path: string; entryCount: number }> {
    const { keys, state } = this.#unlocked();
    const vaultId = state.header.vaultId;
    const backupKey = randomKey();
    const bkeys: Keys = { vaultKey: backupKey, ...deriveKeys(backupKey, vaultId) };
    try {
      const slot = await this.#passphraseSlot(backupKey, vaultId, backupPassphrase);
      const draft = EntryTable.empty<LoadedEntry>().edit();
      for (const e of state.entries.values()) {
        const creds = await this.#openSecret(keys, vaultId, e);
        draft.set(e.record.id, this.#sealEntry(bkeys, vaultId, e.record.id, e.meta, creds, false));
      }
      const entries = draft.done().table;
      const header = canonicalHeader({ ...state.header, kind: 'backup', generation: 0, createdAt: this.#iso(), slots: [slot] });
      const text = this.#serialize(bkeys, { header, entries }, this.#sealShards(bkeys, header.vaultId, entries));
      await writeFileAtomic(path, text, { mode: 0o600, noOverwrite: !opts.overwrite });
      this.#log.info('backup exported', { entries: entries.size });
      return { path, entryCount: entries.size };
    } finally {
      wipe(bkeys.vaultKey, bkeys.enc, bkeys.mac);
    }
  }

  async previewImport(path: string, backupPassphrase: string): Promise<ImportPreview> {
    return this.#serial(() => this.#previewImport(path, backupPassphrase));
  }

  async #previewImport(path: string, backupPassphrase: string): Promise<ImportPreview> {
    const { state } = this.#unlocked();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new AppError('ERR_FILE', `Could not read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
    }
    let file: VaultFile;
    try {
      file = parseVaultFile(text, `The backup ${path}`);
    } catch (e) {
      throw new AppError('ERR_BACKUP_INVALID', (e as Error).message);
    }
    const slot = file.header.slots.find((s): s is PassphraseSlotRecord => s.kind === 'passphrase');
    if (!slot) throw new AppError('ERR_BACKUP_INVALID', `${path} has no passphrase slot, so it cannot be imported here.`);
    const key = await this.#openPassphraseSlot(file.header.vaultId, slot, backupPassphrase);
    if (!key) throw new AppError('ERR_BAD_PASSPHRASE', 'That passphrase does not open this backup. Nothing was imported.');
    const keys: Keys = { vaultKey: key, ...deriveKeys(key, file.header.vaultId) };
    let staged: State;
    try {
      staged = this.#load(keys, file, `The backup ${path}`).state;
    } catch (e) {
      wipe(keys.vaultKey, keys.enc, keys.mac);
      throw new AppError('ERR_BACKUP_INVALID', `The backup ${path} failed its integrity check: it was altered or damaged. Nothing was imported.`, { cause: e });
    }
    // Everything in it is checked now, so the preview tells the truth and the import cannot fail half-way.
    const metas: { id: string; meta: EntryMeta }[] = [];
    try {
      for (const e of staged.entries.values()) {
        const bad = (why: string) => new AppError('ERR_BACKUP_INVALID', `The backup ${path} holds an entry Signet cannot accept (${why}). Nothing was imported.`);
        const meta = StoredMeta.safeParse(e.meta);
        if (!meta.success || !/^[A-Za-z0-9_-]{1,100}$/.test(e.record.id)) throw bad(meta.success ? 'bad id' : describeIssues(meta.error));
        const creds = await this.#openSecret(keys, file.header.vaultId, e).catch(() => {
          throw bad(`the credentials of "${meta.data.label}" do not open`);
        });
        try {
          checkCredentials(meta.data.provider, creds);
        } catch (err) {
          throw bad(`"${meta.data.label}": ${(err as Error).message}`);
        }
        metas.push({ id: e.record.id, meta: meta.data as EntryMeta });
      }
    } catch (e) {
      wipe(keys.vaultKey, keys.enc, keys.mac);
      throw e;
    }
    const importId = randomUUID();
    const expires = this.#clock.setTimeout(() => this.#dropStaged(importId), IMPORT_TTL_MS);
    this.#staged.set(importId, { path, file: staged, keys, expires });
    const byLabel = new Map([...state.entries.values()].map((e) => [e.meta.label.toLowerCase(), e.record.id]));
    const preview: ImportPreview = { importId, path, entryCount: metas.length, added: [], conflicts: [], destinations: [] };
    for (const { id, meta } of metas) {
      if (meta.baseUrl) {
        preview.destinations.push({ label: meta.label, provider: meta.provider, environment: meta.environment, baseUrl: meta.baseUrl, region: meta.shown.region ?? null, service: meta.shown.service ?? null });
      }
      const sameLabel = byLabel.get(meta.label.toLowerCase());
      if (state.entries.has(id)) preview.conflicts.push({ id, label: meta.label, reason: 'same-id', existingId: id });
      else if (sameLabel) preview.conflicts.push({ id, label: meta.label, reason: 'same-label', existingId: sameLabel });
      else preview.added.push({ id, label: meta.label, provider: meta.provider, environment: meta.environment });
    }
    return preview;
  }

  async applyImport(importId: string, onConflict: 'skip' | 'replace' | 'keep-both'): Promise<ImportResult> {
    const staged = this.#staged.get(importId);
    if (!staged) throw new AppError('ERR_IMPORT_EXPIRED', 'That import preview has expired or was already used. Choose the backup again.');
    // Taken out at once: a second click on Import finds nothing to import rather than importing twice.
    this.#staged.delete(importId);
    staged.expires.cancel();
    try {
      return await this.#commit(async (keys, state) => {
        const { file, keys: bkeys } = staged;
        const entries = state.entries.edit();
        const byLabel = new Map([...state.entries.values()].map((e) => [e.meta.label.toLowerCase(), e.record.id]));
        const result: ImportResult = { added: [], replaced: [], renamed: [], skipped: [] };
        for (const { record: r, meta: stagedMeta } of file.entries.values()) {
          const meta: EntryMeta = { ...(StoredMeta.parse(stagedMeta) as EntryMeta) };
          const stagedEntry = file.entries.get(r.id) as LoadedEntry;
          const creds = checkCredentials(meta.provider, await this.#openSecret(bkeys, file.header.vaultId, stagedEntry));
          const conflictId = entries.has(r.id) ? r.id : byLabel.get(meta.label.toLowerCase());
          let id = r.id;
          if (conflictId) {
            if (onConflict === 'skip') {
              result.skipped.push(meta.label);
              continue;
            }
            if (onConflict === 'replace') {
              entries.delete(conflictId);
              id = conflictId;
              result.replaced.push(meta.label);
            } else {
              id = entries.has(r.id) ? randomUUID() : r.id;
              meta.label = uniqueLabel(meta.label, byLabel);
              result.renamed.push(meta.label);
            }
          } else result.added.push(meta.label);
          // Previews and the fingerprint are derived again from the credentials, never taken from the file.
          entries.set(id, this.#sealEntry(keys, state.header.vaultId, id, meta, creds));
          byLabel.set(meta.label.toLowerCase(), id);
        }
        const { table, dirty } = entries.done();
        // Keys replaced by the import are removed keys: they do not stay in vault.json.bak either.
        return { state: { header: state.header, entries: table }, result, dirty, replaceBackup: result.replaced.length > 0 };
      });
    } finally {
      wipe(staged.keys.vaultKey, staged.keys.enc, staged.keys.mac);
    }
  }

  // ───────────────────────────── idle lock, events ─────────────────────────────

  setAutoLockMinutes(minutes: number): void {
    this.#autoLockMinutes = minutes;
    if (this.#keys) this.touch();
  }

  touch(): void {
    this.#idle?.cancel();
    this.#idle = undefined;
    if (!this.#keys || this.#autoLockMinutes <= 0) return;
    this.#idle = this.#clock.setTimeout(() => {
      this.#log.info('auto-lock after idle', { minutes: this.#autoLockMinutes });
      void this.lock();
    }, this.#autoLockMinutes * 60_000);
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

  #unlocked(): { keys: Keys; state: State } {
    if (!this.#keys || !this.#state) throw vaultLocked();
    return { keys: this.#keys, state: this.#state };
  }

  #entry(id: string): LoadedEntry {
    const e = this.#unlocked().state.entries.get(id);
    if (!e) throw notFound(id);
    return e;
  }

  /** Builds what list and search use (sort order, DTOs, search text) as part of opening, not on the first call. */
  #index(): void {
    for (const e of this.#sortedEntries()) void (e.summary, e.search);
  }

  #sortedEntries(): LoadedEntry[] {
    const { state } = this.#unlocked();
    this.#sorted ??= [...state.entries.values()].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    return this.#sorted;
  }

  #iso(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #busy(): AppError {
    return new AppError('ERR_VAULT_BUSY', 'Another Signet process is writing the vault right now. Try again in a moment.');
  }

  #requireStrong(passphrase: string, what: string): void {
    const s = passphraseStrength(passphrase);
    if (!s.acceptable) throw new AppError('ERR_WEAK_PASSPHRASE', `That ${what} is too weak (${s.label}). ${s.hint}`);
  }

  #requireUniqueLabel(state: State, label: string): void {
    const lower = label.toLowerCase();
    for (const e of state.entries.values()) {
      if (e.meta.label.toLowerCase() === lower) {
        throw new AppError('ERR_DUPLICATE_LABEL', `A key labelled "${e.meta.label}" already exists. Choose another label.`);
      }
    }
  }

  async #probeOs(): Promise<OsProbe> {
    if (!this.#os) return NO_OS;
    const now = this.#clock.now();
    if (this.#probe && now - this.#probe.at < 10_000) return this.#probe.value;
    const value = await this.#os.probe().catch((e: unknown) => ({ ...NO_OS, reason: `The OS keychain could not be checked: ${(e as Error).message}` }));
    this.#probe = { at: now, value };
    return value;
  }

  async #requireSecureOs(): Promise<void> {
    const probe = await this.#probeOs();
    if (!this.#os || !probe.available) {
      throw new AppError('ERR_OS_SLOT_UNAVAILABLE', probe.reason ?? 'The OS keychain is not available; use a passphrase.');
    }
    if (!probe.secure) {
      throw new AppError('ERR_OS_SLOT_INSECURE', probe.reason ?? 'The OS keychain here does not protect secrets; use a passphrase.');
    }
  }

  async #passphraseSlot(vaultKey: Uint8Array, vaultId: string, passphrase: string): Promise<PassphraseSlotRecord> {
    const id = `pp-${randomBytes(6).toString('hex')}`;
    const salt = randomBytes(16);
    const kek = await scrypt(passphrase, salt, this.#kdf, this.#minN);
    try {
      return {
        id,
        kind: 'passphrase',
        createdAt: this.#iso(),
        kdf: { name: 'scrypt', N: this.#kdf.N, r: this.#kdf.r, p: this.#kdf.p, salt: salt.toString('base64') },
        wrap: seal(kek, vaultKey, SLOT_AAD(vaultId, id)),
      };
    } finally {
      wipe(kek);
    }
  }

  async #openPassphraseSlot(vaultId: string, slot: PassphraseSlotRecord, passphrase: string): Promise<Buffer | null> {
    const kek = await scrypt(passphrase, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf, this.#minN);
    try {
      return open(kek, slot.wrap, SLOT_AAD(vaultId, slot.id));
    } finally {
      wipe(kek);
    }
  }

  async #osSlotRecord(vaultKey: Uint8Array, vaultId: string): Promise<OsSlotRecord> {
    if (!this.#os) throw new AppError('ERR_OS_SLOT_UNAVAILABLE', NO_OS.reason ?? '');
    const id = `os-${randomBytes(6).toString('hex')}`;
    const { backend, wrap } = await this.#os.seal(vaultKey, { vaultId, slotId: id });
    return { id, kind: 'os', provider: this.#os.id, backend, createdAt: this.#iso(), wrap };
  }

  async #finishUnlock(file: VaultFile, vaultKey: Buffer, via: 'passphrase' | 'os', opts: UnlockOptions): Promise<VaultStatus> {
    const keys: Keys = { vaultKey, ...deriveKeys(vaultKey, file.header.vaultId) };
    let loaded: { state: State; shards: SealedShard[] };
    try {
      loaded = this.#load(keys, file, `The vault file ${this.path}`);
    } catch (e) {
      wipe(keys.vaultKey, keys.enc, keys.mac);
      throw await this.#withRestoreHint(e);
    }
    // Only a file that passed its MAC has a generation worth comparing.
    const generation = file.header.generation;
    const seen = await this.#judgeSeen(keys, file.header);
    const restored = this.#restoredAsOffered() && seen.kind === 'older';
    if (!opts.acceptRollback && !restored && (seen.kind === 'older' || seen.kind === 'invalid')) {
      wipe(keys.vaultKey, keys.enc, keys.mac);
      throw seen.kind === 'older' ? olderVaultError(this.path, generation, seen) : seenInvalidError(this.#seenPath, generation, seen);
    }
    this.#setUnlocked(keys, loaded.state, loaded.shards);
    this.#index();
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
      await withFileLock(this.#lockPath, () => this.#recordSeen(keys, file.header.vaultId, generation, { adopt: seen.kind === 'invalid' }), () => this.#busy()).catch((e: unknown) =>
        this.#log.warn('could not update vault.json.seen', { error: e }),
      );
    }
    this.#log.info('vault unlocked', { via, entries: this.#state?.entries.size });
    await sweepStaleTemps(this.path).catch(() => 0);
    return this.#emitStatus();
  }

  /** Verifies the MAC and opens every shard (entries' metadata). Throws ERR_VAULT_TAMPERED; never writes. */
  #load(keys: Keys, file: VaultFile, what: string): { state: State; shards: SealedShard[] } {
    const tampered = (detail: string) =>
      new AppError('ERR_VAULT_TAMPERED', `${what} failed its integrity check (${detail}): it was altered or damaged after Signet wrote it. It was left untouched.`);
    const shards = file.shards.map(sealedShard);
    const sealedText = file.shards;
    if (!verifyMac(keys.mac, file, shards.map((x) => x.digest))) throw tampered('the file MAC does not match');
    const entries = EntryTable.empty<LoadedEntry>().edit();
    const vaultId = file.header.vaultId;
    sealedText.forEach((sealed, i) => {
      const plain = open(keys.enc, sealed, SHARD_AAD(vaultId, i));
      if (!plain) throw tampered(`shard ${i} does not decrypt`);
      // One entry per line: each line is parsed on its own and kept as the entry's serialized form, so a later
      // write of this shard re-serializes only the entries that changed.
      const text = plain.toString('utf8');
      if (text === '') return;
      for (const line of text.split('\n')) {
        let item: { id?: unknown; meta?: unknown; s?: unknown };
        try {
          item = JSON.parse(line) as typeof item;
        } catch {
          throw tampered(`shard ${i} is malformed`);
        }
        const ok = typeof item?.id === 'string' && typeof item.s === 'string' && typeof item.meta === 'object' && item.meta !== null;
        if (!ok || shardOf(item.id as string) !== i || entries.has(item.id as string)) throw tampered(`shard ${i} holds a misplaced entry`);
        const entry = this.#loaded({ id: item.id as string, s: item.s as string }, expandMeta(item.meta as Partial<EntryMeta>));
        entry.json = line;
        entries.set(item.id as string, entry);
      }
    });
    return { state: { header: file.header, entries: entries.done().table }, shards };
  }

  #loaded(record: EntryRecord, meta: EntryMeta): LoadedEntry {
    return new LoadedEntry(record, meta);
  }

  #sealEntry(keys: Keys, vaultId: string, id: string, meta: EntryMeta, creds: Credentials, derive = true): LoadedEntry {
    const full: EntryMeta = derive ? { ...meta, ...describeCredentials(creds) } : meta;
    const secret = Buffer.from(JSON.stringify(creds), 'utf8');
    const record: EntryRecord = { id, s: seal(keys.enc, secret, ENTRY_AAD(vaultId, id)) };
    wipe(secret);
    return this.#loaded(record, full);
  }

  /**
   * Seals the shards of `entries`. With `prev` (the shards on disk and the shards the change touched), only the
   * touched shards are sealed again; the rest are reused as they are.
   */
  #sealShards(keys: Keys, vaultId: string, entries: EntryTable<LoadedEntry>, prev?: { shards: readonly SealedShard[]; dirty: ReadonlySet<number> | 'all' }): SealedShard[] {
    return Array.from({ length: SHARD_COUNT }, (_, i) => {
      if (prev && prev.dirty !== 'all' && !prev.dirty.has(i)) return prev.shards[i] as SealedShard;
      const lines: string[] = [];
      for (const e of entries.shard(i)) lines.push((e.json ??= JSON.stringify({ id: e.record.id, meta: compactMeta(e.meta), s: e.record.s })));
      return sealedShard(seal(keys.enc, Buffer.from(lines.join('\n'), 'utf8'), SHARD_AAD(vaultId, i)));
    });
  }

  #serialize(keys: Keys, state: State, shards: readonly SealedShard[]): (string | Buffer)[] {
    const mac = computeMac(keys.mac, state.header, shards.map((x) => x.digest));
    // Odd parts are the shards: their cached bytes go to writev as they are.
    return vaultFileParts(state.header, shards.map(() => ''), mac).map((part, i) => (i % 2 === 1 && i < 2 * shards.length ? (shards[(i - 1) / 2] as SealedShard).bytes : part));
  }

  async #openSecret(keys: Keys, vaultId: string, entry: LoadedEntry): Promise<Credentials> {
    const buf = open(keys.enc, entry.record.s, ENTRY_AAD(vaultId, entry.record.id));
    if (!buf) {
      throw new AppError('ERR_VAULT_TAMPERED', `The credentials of "${entry.meta.label}" failed their integrity check. The vault file was left untouched.`);
    }
    try {
      return CredentialsSchema.parse(JSON.parse(buf.toString('utf8')));
    } finally {
      wipe(buf);
    }
  }

  #sandboxMeta(now: string): EntryMeta {
    return {
      label: 'Sandbox (local)',
      provider: 'sandbox',
      baseUrl: null,
      environment: 'dev',
      scopes: ['read', 'trade', 'withdraw', 'keys:manage'],
      tags: ['sandbox'],
      createdAt: now,
      updatedAt: now,
      expiresAt: null,
      lastUsedAt: null,
      lastRotatedAt: null,
      notes: 'Generated for the embedded sandbox exchange, which runs on this machine only. Safe to experiment with.',
      fields: [],
      shown: {},
      fingerprint: '',
    };
  }

  #setUnlocked(keys: Keys, state: State, shards: readonly SealedShard[]): void {
    if (this.#keys && this.#keys !== keys) wipe(this.#keys.vaultKey, this.#keys.enc, this.#keys.mac);
    this.#keys = keys;
    this.#state = state;
    this.#shards = shards;
    this.#sorted = undefined;
    this.touch();
  }

  #clear(): void {
    this.#idle?.cancel();
    this.#idle = undefined;
    if (this.#keys) wipe(this.#keys.vaultKey, this.#keys.enc, this.#keys.mac);
    this.#keys = undefined;
    this.#state = undefined;
    this.#shards = undefined;
    this.#sorted = undefined;
    for (const id of [...this.#staged.keys()]) this.#dropStaged(id);
  }

  #dropStaged(importId: string): void {
    const s = this.#staged.get(importId);
    if (!s) return;
    s.expires.cancel();
    wipe(s.keys.vaultKey, s.keys.enc, s.keys.mac);
    this.#staged.delete(importId);
  }

  #recordUse(id: string): void {
    this.#pendingUse.set(id, this.#iso());
    this.#useFlush ??= this.#clock.setTimeout(() => {
      this.#useFlush = undefined;
      void this.#serial(() => this.#flushUses()).catch((e) => this.#log.warn('could not record key use', { error: e }));
    }, USE_FLUSH_MS);
  }

  async #flushUses(): Promise<void> {
    this.#useFlush?.cancel();
    this.#useFlush = undefined;
    if (this.#pendingUse.size === 0 || !this.#keys) return;
    const uses = this.#pendingUse;
    this.#pendingUse = new Map();
    await this.#commitNow((keys, state) => {
      const entries = state.entries.edit();
      for (const [id, at] of uses) {
        const e = entries.get(id);
        if (!e) continue;
        entries.set(id, this.#loaded(e.record, { ...e.meta, lastUsedAt: at }));
      }
      const { table, dirty } = entries.done();
      return { state: { header: state.header, entries: table }, result: undefined, dirty };
    });
  }

  #commit<T>(mutate: Mutation<T>): Promise<T> {
    return this.#serial(() => this.#commitNow(mutate));
  }

  async #commitNow<T>(mutate: Mutation<T>): Promise<T> {
    const { keys } = this.#unlocked();
    const outcome = await withFileLock(this.#lockPath, async () => {
      let state = this.#unlocked().state;
      let shards = this.#shards as readonly SealedShard[];
      if (!(await this.#stampMatches())) ({ state, shards } = await this.#reload(keys, state.header.generation));
      const next = await mutate(keys, state);
      // Locked (auto-lock, screen lock) while the change was being prepared: its keys are wiped; write nothing.
      if (this.#keys !== keys) throw vaultLocked();
      const header = canonicalHeader({ ...next.state.header, generation: Math.max(state.header.generation + 1, next.minGeneration ?? 0) });
      const nextState: State = { header, entries: next.state.entries };
      const vaultId = header.vaultId;
      // A re-key: before the vault is written under the new key, the new key vouches for the record too and the
      // old key is marked retired at the new generation, so a process killed in between leaves a record that
      // either key can check, and a copy under the old key is known to be older whatever happens next.
      if (next.rekey) await this.#recordSeen(keys, vaultId, state.header.generation, { also: next.rekey, retire: { keys, at: header.generation } });
      const nextShards = next.rekey
        ? await this.#write(next.rekey, nextState, undefined, true)
        : await this.#write(keys, nextState, { shards, dirty: next.dirty ?? new Set() }, next.replaceBackup);
      // Raised after the vault is written, still under the lock: a small file created before the vault's fsync would
      // ride in the same journal commit (measured: a third more time per write). Failing here only leaves the record
      // behind the vault, which can never make a vault Signet wrote look older.
      await this.#recordSeen(next.rekey ?? keys, vaultId, header.generation, { adopt: next.adoptSeen === true }).catch((e: unknown) => this.#log.warn('could not update vault.json.seen', { error: e }));
      return { ...next, state: nextState, shards: nextShards };
    }, () => this.#busy());
    if (outcome.rekey) {
      wipe(keys.vaultKey, keys.enc, keys.mac);
      this.#keys = outcome.rekey;
    }
    this.#state = outcome.state;
    this.#shards = outcome.shards;
    this.#sorted = undefined;
    if (outcome.dirty === 'all' || (outcome.dirty?.size ?? 0) > 0) this.#emit({ type: 'entries' });
    return outcome.result;
  }

  /** Another process (the CLI, a second window) wrote the vault: load its version before changing it. */
  async #reload(keys: Keys, generation: number): Promise<{ state: State; shards: SealedShard[] }> {
    const file = await this.#readFileOrThrow();
    const changed = (why: string) => new AppError('ERR_VAULT_CHANGED_ON_DISK', `${this.path} ${why} while it was unlocked here. Your change was not saved; lock and unlock to load what is on disk now.`);
    if (file.header.kind !== 'vault') throw changed('was replaced by a backup file');
    if (file.header.vaultId !== this.#state?.header.vaultId) throw changed('was replaced by a different vault');
    if (file.header.generation < generation) throw changed(`was replaced by an older version of itself (generation ${file.header.generation}, this window had ${generation})`);
    let loaded: { state: State; shards: SealedShard[] };
    try {
      loaded = this.#load(keys, file, `The vault file ${this.path}`);
    } catch (e) {
      // The other process changed the passphrase, which re-keys the vault.
      if (e instanceof AppError && e.code === 'ERR_VAULT_TAMPERED') throw changed('was re-keyed by another Signet process (passphrase changed)');
      throw e;
    }
    // Not older than this window's version, but older than what another process wrote since: a copy put back.
    const seen = await this.#judgeSeen(keys, file.header);
    if (seen.kind === 'older') throw changed(`was replaced by an older version of itself (generation ${file.header.generation}, Signet last saw ${seen.seen})`);
    this.#log.info('vault changed on disk; reloaded before writing');
    return loaded;
  }

  /** The vault file (opened with `keys`) against vault.json.seen. Reads a few hundred bytes; never writes. */
  async #judgeSeen(keys: Keys, header: VaultHeader): Promise<SeenVerdict> {
    const seenKey = deriveSeenKey(keys.vaultKey, header.vaultId);
    try {
      return judgeSeen(await readSeenFile(this.#seenPath, seenKey, header.vaultId), header.generation);
    } finally {
      wipe(seenKey);
    }
  }

  /**
   * Raises vault.json.seen to `generation` (never lowers it); call with the cross-process lock held. A record this
   * key cannot check (damaged, altered, or vouched for only by a newer key) is left untouched and reported at the
   * next unlock — unless `adopt` (the user chose to open this version, or the vault is new): then a damaged or
   * altered one is moved aside, kept for inspection, and a new record starts. For a re-key about to be written:
   * `also`, the new key vouches too; `retire`, the old key is marked as retired at the new generation.
   * Failing here never fails the write it follows: the vault is already written, and a record behind is harmless.
   */
  async #recordSeen(keys: Keys, vaultId: string, generation: number, opts: SeenUpdate = {}): Promise<void> {
    const staged = await this.#stageSeen(keys, vaultId, generation, opts);
    await staged?.commit().catch((e: unknown) => this.#log.warn('could not update vault.json.seen', { error: e }));
  }

  /** What #recordSeen writes, staged in its temp file (null: nothing to write, or a record left untouched). */
  async #stageSeen(keys: Keys, vaultId: string, generation: number, opts: SeenUpdate = {}): Promise<StagedSeenFile | null> {
    const seenKey = deriveSeenKey(keys.vaultKey, vaultId);
    const alsoKey = opts.also ? deriveSeenKey(opts.also.vaultKey, vaultId) : null;
    const oldKey = opts.retire ? deriveSeenKey(opts.retire.keys.vaultKey, vaultId) : null;
    try {
      const found = await readSeenFile(this.#seenPath, seenKey, vaultId);
      let retired: RetiredMark[] = [];
      let floor = 0;
      if (found.kind === 'present' && found.vouched) {
        retired = [...found.body.retired];
        floor = found.body.generation;
        if (floor >= generation && !alsoKey && !oldKey) return null;
      } else if (found.kind === 'present' && found.retiredAt !== null && opts.adopt) {
        // An older version from before a re-key, opened by choice: its marks stay (each checks only with its own key).
        retired = [...found.body.retired];
      } else if (found.kind === 'present' || found.kind === 'damaged') {
        if (!opts.adopt) {
          this.#log.warn('vault.json.seen does not check with this vault key; left untouched', { kind: found.kind });
          return null;
        }
        const aside = `${this.#seenPath}.invalid-${this.#iso().replace(/[:.]/g, '-')}`;
        await rename(this.#seenPath, aside);
        this.#log.warn('vault.json.seen set aside by choice', { aside });
      }
      if (oldKey && opts.retire) retired = [...retired, retiredMark(oldKey, vaultId, opts.retire.at)].slice(-MAX_RETIRED);
      const body = { vaultId, generation: Math.max(floor, generation), seenAt: this.#iso(), retired };
      return await stageSeenFile(this.#seenPath, body, alsoKey ? [seenKey, alsoKey] : [seenKey]);
    } catch (e) {
      this.#log.warn('could not update vault.json.seen', { error: e });
      return null;
    } finally {
      wipe(...[seenKey, alsoKey, oldKey].filter((k): k is Buffer => k !== null));
    }
  }

  /** The file just read is the vault.json.bak this process told the user to restore, renamed into place (asked once). */
  #restoredAsOffered(): boolean {
    const offered = this.#offeredRestore;
    const now = this.#stamp;
    this.#offeredRestore = undefined;
    return Boolean(offered && now && offered.ino === now.ino && offered.size === now.size && offered.mtimeMs === now.mtimeMs);
  }

  /** Writes the vault; `replaceBackup` makes vault.json.bak the new version too (after a re-key or slot removal). */
  async #write(keys: Keys, state: State, prev?: { shards: readonly SealedShard[]; dirty: ReadonlySet<number> | 'all' }, replaceBackup = false): Promise<SealedShard[]> {
    const shards = this.#sealShards(keys, state.header.vaultId, state.entries, prev);
    await writeFileAtomic(this.path, this.#serialize(keys, state, shards), { mode: 0o600, backupPath: this.#backupPath });
    if (replaceBackup) await keepCopy(this.path, this.#backupPath).catch((e: unknown) => this.#log.warn('could not replace vault.json.bak', { error: e }));
    this.#stamp = await this.#statStamp();
    return shards;
  }

  async #statStamp(): Promise<DiskStamp | undefined> {
    const st = await stat(this.path).catch(() => null);
    return st ? { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs } : undefined;
  }

  async #stampMatches(): Promise<boolean> {
    const now = await this.#statStamp();
    const was = this.#stamp;
    return Boolean(now && was && now.ino === was.ino && now.size === was.size && now.mtimeMs === was.mtimeMs);
  }

  async #exists(): Promise<boolean> {
    return (await this.#statStamp()) !== undefined;
  }

  async #readFileIfAny(): Promise<VaultFile | null> {
    // Stat before reading: if the file changes in between, the stamp is older than the text and the next
    // write reloads first, which is safe; the other order could miss a change.
    const stampBefore = await this.#statStamp();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new AppError('ERR_FILE', `Could not read the vault at ${this.path}: ${(e as Error).message}`);
    }
    let file: VaultFile;
    try {
      file = parseVaultFile(text, `The vault file ${this.path}`);
    } catch (e) {
      throw await this.#withRestoreHint(e);
    }
    if (!this.#keys) this.#stamp = stampBefore;
    if (stampBefore) this.#lockedHeader = { stamp: stampBefore, header: file.header };
    return file;
  }

  /** Adds to a "damaged" error where the previous version is and how to go back to it, when there is one. */
  async #withRestoreHint(e: unknown): Promise<unknown> {
    if (!(e instanceof AppError)) return e;
    const bak = await stat(this.#backupPath).catch(() => null);
    if (!bak) return e;
    this.#offeredRestore = { ino: bak.ino, size: bak.size, mtimeMs: bak.mtimeMs };
    return new AppError(
      e.code,
      `${e.message} The previous version is kept at ${this.#backupPath}: to go back to it, move vault.json somewhere safe and rename vault.json.bak to vault.json.`,
      { cause: e },
    );
  }

  /** vault.json gone but its previous version there: never start a new vault over it. */
  async #refuseOrphanBackup(): Promise<void> {
    const bak = await stat(this.#backupPath).catch(() => null);
    if (!bak) return;
    this.#offeredRestore = { ino: bak.ino, size: bak.size, mtimeMs: bak.mtimeMs };
    throw new AppError(
      'ERR_VAULT_NOT_FOUND',
      `${this.path} is missing, but its previous version ${this.#backupPath} is there. Restore it (rename vault.json.bak to vault.json) and unlock; Signet will not create a new vault over it.`,
    );
  }

  /** The header (slots) while locked, parsed again only when the file changed since the last read. */
  async #readHeaderIfAny(): Promise<VaultHeader | null> {
    const stamp = await this.#statStamp();
    if (!stamp) return null;
    const cached = this.#lockedHeader;
    if (cached && cached.stamp.ino === stamp.ino && cached.stamp.size === stamp.size && cached.stamp.mtimeMs === stamp.mtimeMs) return cached.header;
    const file = await this.#readFileIfAny();
    return file?.header ?? null;
  }

  async #readFileOrThrow(): Promise<VaultFile> {
    const file = await this.#readFileIfAny();
    if (!file) {
      await this.#refuseOrphanBackup();
      throw new AppError('ERR_VAULT_NOT_FOUND', `There is no vault at ${this.path} yet. Create one first (signet vault init, or open the app).`);
    }
    if (file.header.kind !== 'vault') {
      throw new AppError('ERR_VAULT_CORRUPT', `${this.path} is a Signet backup, not a vault. It was left untouched; move it elsewhere and import it into a vault instead.`);
    }
    return file;
  }
}

/** How #recordSeen updates vault.json.seen beyond raising its generation. */
interface SeenUpdate {
  /** A re-key about to be written: its new keys vouch for the record too. */
  also?: Keys;
  /** A re-key about to be written: the old keys are marked retired at the new generation. */
  retire?: { keys: Keys; at: number };
  /** The user chose this version (or the vault is new): a record this key cannot check is set aside, not kept. */
  adopt?: boolean;
}

/** A change to the vault: the next state, what to return, and which shards it touched. */
interface Outcome<T> {
  state: State;
  result: T;
  /** The shards the change touched (EntryDraft.done()), or 'all'. */
  dirty?: ReadonlySet<number> | 'all';
  /** New keys the whole vault was re-sealed under (every entry in `state` sealed with them; every shard written). */
  rekey?: Keys;
  /** Make vault.json.bak the new version too, so a removed way in (or a removed key) does not stay beside the vault. */
  replaceBackup?: boolean;
  /** The written generation is at least this (an older version opened by choice is written above what was seen). */
  minGeneration?: number;
  /** Set aside a vault.json.seen this key cannot check, and start a new one (the user chose this version). */
  adoptSeen?: boolean;
}
type Mutation<T> = (keys: Keys, state: State) => Outcome<T> | Promise<Outcome<T>>;

function notFound(id: string): AppError {
  return new AppError('ERR_ENTRY_NOT_FOUND', `No key with the id "${id}" in this vault (it may have been deleted).`);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueLabel(label: string, taken: ReadonlyMap<string, string>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${label} (imported)` : `${label} (imported ${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
