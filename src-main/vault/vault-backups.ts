/**
 * Backups and their import. A backup is the vault's format with `"kind":"backup"`, a fresh vault key and one
 * passphrase slot under the backup passphrase. An import is checked in full (MAC, every shard, every entry's
 * credentials) before its preview is shown and kept, staged in memory with its key, for a few minutes, so the
 * preview tells the truth and applying it cannot fail half-way.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../base/errors';
import { isoNow, type Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { describeIssues } from '../base/describe-issues';
import { writeFileAtomic } from '../base/atomic-file';
import type { ImportPreview, ImportResult } from '../contract/schemas';
import { randomKey } from './crypto';
import { checkCredentials, StoredMeta, type EntryMeta } from './entry-model';
import type { EntryTable } from './entry-table';
import { passphraseSlotOf, type KeySlots } from './key-slots';
import { rotationInProgress } from './entry-edits';
import { labelKey, loadVault, openSecret, resealEntries, sealEntry, sealShards, serializeVault, type LoadedEntry, type VaultState } from './vault-codec';
import type { Mutation } from './vault-change';
import { canonicalHeader, parseVaultFile, type VaultFile } from './vault-file';
import { vaultKeys, wipeKeys, type VaultKeys } from './vault-keys';

const IMPORT_TTL_MS = 5 * 60_000;

/** A backup opened and checked, waiting for the user to confirm the import. */
export interface StagedImport {
  readonly path: string;
  readonly file: VaultState;
  readonly keys: VaultKeys;
  readonly expires: { cancel(): void };
}

/** Refuses a backup path that is the vault file itself (or a name that starts with it). */
export function refuseBackupOverVault(path: string, vaultPath: string): void {
  if (resolve(path).startsWith(`${resolve(vaultPath)}`)) {
    throw new AppError('ERR_FILE', `A backup cannot be written over the vault itself (${path}). Choose another file.`);
  }
}

/** Writes backups and stages imports for one vault service. */
export class VaultBackups {
  readonly #slots: KeySlots;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #staged = new Map<string, StagedImport>();

  constructor(opts: { slots: KeySlots; clock: Clock; log: Logger }) {
    this.#slots = opts.slots;
    this.#clock = opts.clock;
    this.#log = opts.log;
  }

  /** Writes `state` as a backup under its own key and `backupPassphrase`; refuses an existing file unless `overwrite`. */
  async write({ keys, state }: { keys: VaultKeys; state: VaultState }, path: string, backupPassphrase: string, opts: { overwrite?: boolean }): Promise<{ path: string; entryCount: number }> {
    const vaultId = state.header.vaultId;
    const bkeys = vaultKeys(randomKey(), vaultId);
    try {
      const slot = await this.#slots.passphraseSlot(bkeys.vaultKey, vaultId, backupPassphrase);
      const entries = await resealEntries(keys, bkeys, vaultId, state.entries);
      // The audit head stays with the vault: a backup is not the log's vault, and carries no head.
      const { audit: _head, ...vaultHeader } = state.header;
      const header = canonicalHeader({ ...vaultHeader, kind: 'backup', generation: 0, createdAt: isoNow(this.#clock), slots: [slot] });
      const text = serializeVault(bkeys, { header, entries }, sealShards(bkeys, header.vaultId, entries));
      await writeFileAtomic(path, text, { mode: 0o600, noOverwrite: !opts.overwrite });
      this.#log.info('backup exported', { entries: entries.size });
      return { path, entryCount: entries.size };
    } finally {
      wipeKeys(bkeys);
    }
  }

  /** Opens and checks the backup at `path`, stages it, and says what importing it into `state` would do. */
  async preview(state: VaultState, path: string, backupPassphrase: string): Promise<ImportPreview> {
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
    const slot = passphraseSlotOf(file.header);
    if (!slot) throw new AppError('ERR_BACKUP_INVALID', `${path} has no passphrase slot, so it cannot be imported here.`);
    const key = await this.#slots.openPassphraseSlot(file.header.vaultId, slot, backupPassphrase);
    if (!key) throw new AppError('ERR_BAD_PASSPHRASE', 'That passphrase does not open this backup. Nothing was imported.');
    const keys = vaultKeys(key, file.header.vaultId);
    let metas: { id: string; meta: EntryMeta }[];
    let staged: VaultState;
    try {
      try {
        staged = loadVault(keys, file, `The backup ${path}`).state;
      } catch (e) {
        throw new AppError('ERR_BACKUP_INVALID', `The backup ${path} failed its integrity check: it was altered or damaged. Nothing was imported.`, { cause: e });
      }
      metas = await checkedEntries(keys, staged, path);
    } catch (e) {
      wipeKeys(keys);
      throw e;
    }
    const importId = randomUUID();
    const expires = this.#clock.setTimeout(() => this.#drop(importId), IMPORT_TTL_MS);
    this.#staged.set(importId, { path, file: staged, keys, expires });
    const byLabel = labelIndex(state.entries);
    const preview: ImportPreview = { importId, path, entryCount: metas.length, added: [], conflicts: [], destinations: [] };
    for (const { id, meta } of metas) {
      if (meta.baseUrl) {
        preview.destinations.push({ label: meta.label, provider: meta.provider, environment: meta.environment, baseUrl: meta.baseUrl, region: meta.shown.region ?? null, service: meta.shown.service ?? null });
      }
      const sameLabel = byLabel.get(labelKey(meta.label));
      if (state.entries.has(id)) preview.conflicts.push({ id, label: meta.label, reason: 'same-id', existingId: id });
      else if (sameLabel) preview.conflicts.push({ id, label: meta.label, reason: 'same-label', existingId: sameLabel });
      else preview.added.push({ id, label: meta.label, provider: meta.provider, environment: meta.environment });
    }
    return preview;
  }

  /**
   * Takes a staged import out, at once: a second click on Import finds nothing to import rather than importing
   * twice. The caller wipes its keys when done (wipeKeys).
   */
  take(importId: string): StagedImport {
    const staged = this.#staged.get(importId);
    if (!staged) throw new AppError('ERR_IMPORT_EXPIRED', 'That import preview has expired or was already used. Choose the backup again.');
    this.#staged.delete(importId);
    staged.expires.cancel();
    return staged;
  }

  /** The change that imports `staged`, resolving conflicts (same id or label) as `onConflict` says. */
  merge(staged: StagedImport, onConflict: 'skip' | 'replace' | 'keep-both'): Mutation<ImportResult> {
    return async (keys, state) => {
      const { file, keys: bkeys } = staged;
      const entries = state.entries.edit();
      const byLabel = labelIndex(state.entries);
      const result: ImportResult = { added: [], replaced: [], renamed: [], skipped: [] };
      for (const { record: r, meta: stagedMeta } of file.entries.values()) {
        // A rotation in progress is not imported: its spare credentials stay behind in the backup's own vault, and its
        // provider-side steps belong to that vault's run. Its history comes along.
        const meta: EntryMeta = { rotationPolicy: null, keyPair: null, rotationHistory: [], ...(StoredMeta.parse(stagedMeta) as Omit<EntryMeta, 'rotationPolicy' | 'keyPair' | 'rotation' | 'rotationHistory'> & Partial<EntryMeta>), rotation: null };
        const stagedEntry = file.entries.get(r.id) as LoadedEntry;
        const creds = checkCredentials(meta.provider, await openSecret(bkeys, file.header.vaultId, stagedEntry), meta.keyPair);
        const conflictId = entries.has(r.id) ? r.id : byLabel.get(labelKey(meta.label));
        let id = r.id;
        if (conflictId) {
          if (onConflict === 'skip') {
            result.skipped.push(meta.label);
            continue;
          }
          if (onConflict === 'replace') {
            const replaced = entries.get(conflictId);
            if (replaced?.meta.rotation) throw rotationInProgress(replaced.meta.label, 'replacing it from a backup (nothing was imported)');
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
        entries.set(id, sealEntry(keys, state.header.vaultId, id, meta, creds));
        byLabel.set(labelKey(meta.label), id);
      }
      const { table, dirty } = entries.done();
      // Keys replaced by the import are removed keys: they do not stay in vault.json.bak either.
      return { state: { header: state.header, entries: table }, result, dirty, replaceBackup: result.replaced.length > 0 };
    };
  }

  /** Drops every staged import and wipes its key (on lock). */
  dropAll(): void {
    for (const id of [...this.#staged.keys()]) this.#drop(id);
  }

  #drop(importId: string): void {
    const s = this.#staged.get(importId);
    if (!s) return;
    s.expires.cancel();
    wipeKeys(s.keys);
    this.#staged.delete(importId);
  }
}

/** Every entry of a backup checked as an import would use it; throws ERR_BACKUP_INVALID naming the first bad one. */
async function checkedEntries(keys: VaultKeys, staged: VaultState, path: string): Promise<{ id: string; meta: EntryMeta }[]> {
  const metas: { id: string; meta: EntryMeta }[] = [];
  for (const e of staged.entries.values()) {
    const bad = (why: string) => new AppError('ERR_BACKUP_INVALID', `The backup ${path} holds an entry Signet cannot accept (${why}). Nothing was imported.`);
    const meta = StoredMeta.safeParse(e.meta);
    if (!meta.success || !/^[A-Za-z0-9_-]{1,100}$/.test(e.record.id)) throw bad(meta.success ? 'bad id' : describeIssues(meta.error));
    const creds = await openSecret(keys, staged.header.vaultId, e).catch(() => {
      throw bad(`the credentials of "${meta.data.label}" do not open`);
    });
    try {
      checkCredentials(meta.data.provider, creds, meta.data.keyPair ?? null);
    } catch (err) {
      throw bad(`"${meta.data.label}": ${(err as Error).message}`);
    }
    metas.push({ id: e.record.id, meta: meta.data as EntryMeta });
  }
  return metas;
}

/** Label key → id of the entries in `entries`. */
function labelIndex(entries: EntryTable<LoadedEntry>): Map<string, string> {
  return new Map([...entries.values()].map((e) => [e.labelKey, e.record.id]));
}

function uniqueLabel(label: string, taken: ReadonlyMap<string, string>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${label} (imported)` : `${label} (imported ${n})`;
    if (!taken.has(labelKey(candidate))) return candidate;
  }
}
