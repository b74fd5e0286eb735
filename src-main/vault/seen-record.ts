/**
 * vault.json.seen as the service uses it: judging an opened vault file against the record, and raising the record
 * after a write or an unlock. The format and its checks are in seen-file.ts; this adds the keys, the rules for a
 * record this key cannot check, and the promise that updating it never fails the write it follows.
 */
import { rename } from 'node:fs/promises';
import { wipe } from '../base/bytes';
import { isoNow, type Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { deriveSeenKey } from './crypto';
import { judgeSeen, MAX_RETIRED, readSeenFile, retiredMark, stageSeenFile, type RetiredMark, type SeenVerdict, type StagedSeenFile } from './seen-file';
import type { VaultHeader } from './vault-file';
import type { VaultKeys } from './vault-keys';

/** How `raise` updates vault.json.seen beyond raising its generation. */
export interface SeenUpdate {
  /** A re-key about to be written: its new keys vouch for the record too. */
  readonly also?: VaultKeys;
  /** A re-key about to be written: the old keys are marked retired at the new generation. */
  readonly retire?: { readonly keys: VaultKeys; readonly at: number };
  /** The user chose this version (or the vault is new): a record this key cannot check is set aside, not kept. */
  readonly adopt?: boolean;
}

/** The rollback record of one vault file. */
export class SeenRecord {
  readonly #path: string;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(opts: { path: string; clock: Clock; log: Logger }) {
    this.#path = opts.path;
    this.#clock = opts.clock;
    this.#log = opts.log;
  }

  /** The vault file (opened with `keys`) against the record. Reads a few hundred bytes; never writes. */
  async judge(keys: VaultKeys, header: VaultHeader): Promise<SeenVerdict> {
    const seenKey = deriveSeenKey(keys.vaultKey, header.vaultId);
    try {
      return judgeSeen(await readSeenFile(this.#path, seenKey, header.vaultId), header.generation);
    } finally {
      wipe(seenKey);
    }
  }

  /**
   * Raises the record to `generation` (never lowers it); call with the cross-process lock held. A record this key
   * cannot check (damaged, altered, or vouched for only by a newer key) is left untouched and reported at the next
   * unlock — unless `adopt`: then a damaged or altered one is moved aside, kept for inspection, and a new record
   * starts. Never throws: the vault is already written, and a record behind is harmless.
   */
  async raise(keys: VaultKeys, vaultId: string, generation: number, opts: SeenUpdate = {}): Promise<void> {
    const staged = await this.#stage(keys, vaultId, generation, opts);
    await staged?.commit().catch((e: unknown) => this.#log.warn('could not update vault.json.seen', { error: e }));
  }

  /** What `raise` writes, staged in its temp file (null: nothing to write, or a record left untouched). */
  async #stage(keys: VaultKeys, vaultId: string, generation: number, opts: SeenUpdate): Promise<StagedSeenFile | null> {
    const seenKey = deriveSeenKey(keys.vaultKey, vaultId);
    const alsoKey = opts.also ? deriveSeenKey(opts.also.vaultKey, vaultId) : null;
    const oldKey = opts.retire ? deriveSeenKey(opts.retire.keys.vaultKey, vaultId) : null;
    try {
      const found = await readSeenFile(this.#path, seenKey, vaultId);
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
        const aside = `${this.#path}.invalid-${isoNow(this.#clock).replace(/[:.]/g, '-')}`;
        await rename(this.#path, aside);
        this.#log.warn('vault.json.seen set aside by choice', { aside });
      }
      if (oldKey && opts.retire) retired = [...retired, retiredMark(oldKey, vaultId, opts.retire.at)].slice(-MAX_RETIRED);
      const body = { vaultId, generation: Math.max(floor, generation), seenAt: isoNow(this.#clock), retired };
      return await stageSeenFile(this.#path, body, alsoKey ? [seenKey, alsoKey] : [seenKey]);
    } catch (e) {
      this.#log.warn('could not update vault.json.seen', { error: e });
      return null;
    } finally {
      wipe(...[seenKey, alsoKey, oldKey].filter((k): k is Buffer => k !== null));
    }
  }
}
