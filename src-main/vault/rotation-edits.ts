/**
 * The vault's side of key rotation: each step of a run (rotation/rotation-service.ts) is one of these changes,
 * written atomically with the run's new state, so a crash leaves the vault at a step boundary — the run's state
 * says what was done, and the credentials it names are sealed beside it.
 *
 * An entry's credentials are three slots: `current` (what every request signs with), `next` (the new key before
 * the switch) and `previous` (the old key after it, through the overlap or the archive). `promote` moves them in
 * one write: `next` makes the new key current and keeps the old one as previous; `previous` goes back to the old
 * key and drops the new one.
 */
import { AppError } from '../base/errors';
import type { Credentials } from '../contract/schemas';
import { ENDED_RUN_STATES, type RotationRun } from '../contract/rotation';
import { checkCredentials, ROTATION_HISTORY_MAX, type EntryMeta, type KeyPairMeta } from './entry-model';
import { entryNotFound } from './entry-edits';
import { openSecret, openSpare, sealEntry, sealSpare, type SpareCredentials } from './vault-codec';
import type { Mutation } from './vault-change';

export type CredentialSlot = 'current' | 'next' | 'previous';

export interface RotationEdit {
  /**
   * The run this change follows from, its id and revision as read (null: no run), else ERR_ROTATION_CONFLICT: another
   * process (the CLI beside the app) may have moved the run on since. The written run gets the next revision.
   */
  readonly expect: { readonly id: string; readonly rev: number } | null;
  /** The run's new state; null ends it (it goes to the history when `ended` is set). */
  readonly run: RotationRun | null;
  /** An ended run to put at the head of the history. */
  readonly ended?: RotationRun;
  /** Sets (or with null clears) the new key. */
  readonly next?: Credentials | null;
  /** Clears the old key kept after the switch (erased: the write re-seals without it). */
  readonly clearPrevious?: true;
  readonly promote?: 'next' | 'previous';
  /** lastRotatedAt after the change (the switch sets it; a rollback restores the one before). */
  readonly lastRotatedAt?: string | null;
  /** The key pair the `next` credentials belong to (a fresh pair made for the rotation): checked against them. */
  readonly nextKeyPair?: KeyPairMeta | null;
  /** The entry's key pair after the change (the switch to a fresh pair, a rollback to the old one). */
  readonly keyPair?: KeyPairMeta | null;
}

/** What a rotation may read of an entry: its run, its history, and which spare slots hold a key. */
export interface RotationRecord {
  readonly run: RotationRun | null;
  readonly history: readonly RotationRun[];
  readonly hasNext: boolean;
  readonly hasPrevious: boolean;
}

export function rotationConflict(label: string): AppError {
  return new AppError('ERR_ROTATION_CONFLICT', `The rotation of "${label}" was changed by another Signet process (the app or the CLI) meanwhile. Look at it again (signet rotation list) and retry.`);
}

export function applyRotationEdit(id: string, edit: RotationEdit, iso: () => string): Mutation<RotationRecord> {
  return async (keys, state) => {
    const current = state.entries.get(id);
    if (!current) throw entryNotFound(id);
    const now = current.meta.rotation;
    const same = edit.expect === null ? now === null : now !== null && now.id === edit.expect.id && now.rev === edit.expect.rev;
    if (!same) throw rotationConflict(current.meta.label);
    const run = edit.run && { ...edit.run, rev: (edit.expect?.rev ?? -1) + 1 };
    const vaultId = state.header.vaultId;
    let creds = await openSecret(keys, vaultId, current);
    let spare: SpareCredentials = openSpare(keys, vaultId, current);
    if (edit.next !== undefined) spare = { ...(edit.next !== null && { next: checkCredentials(current.meta.provider, edit.next, edit.nextKeyPair ?? null) }), ...(spare.previous && { previous: spare.previous }) };
    if (edit.clearPrevious) spare = spare.next ? { next: spare.next } : {};
    if (edit.promote === 'next') {
      const next = spare.next;
      if (!next) throw new AppError('ERR_ROTATION_STATE', `"${current.meta.label}" has no new key to switch to.`);
      spare = { previous: creds };
      creds = next;
    } else if (edit.promote === 'previous') {
      if (!spare.previous) throw new AppError('ERR_ROTATION_STATE', `"${current.meta.label}" keeps no previous key to go back to.`);
      creds = spare.previous;
      spare = {};
    }
    const history = edit.ended ? [edit.ended, ...current.meta.rotationHistory].slice(0, ROTATION_HISTORY_MAX) : current.meta.rotationHistory;
    if (run && ENDED_RUN_STATES.includes(run.state)) throw new AppError('ERR_ROTATION_STATE', 'An ended run goes to the history, not in progress.');
    const meta: EntryMeta = {
      ...current.meta,
      rotation: run,
      rotationHistory: history,
      updatedAt: iso(),
      ...(edit.lastRotatedAt !== undefined && { lastRotatedAt: edit.lastRotatedAt }),
      ...(edit.keyPair !== undefined && { keyPair: edit.keyPair }),
    };
    const entry = sealEntry(keys, vaultId, id, meta, creds, true, sealSpare(keys, vaultId, id, spare));
    const { table, dirty } = state.entries.edit().set(id, entry).done();
    return {
      state: { header: state.header, entries: table },
      result: { run: meta.rotation, history: meta.rotationHistory, hasNext: spare.next !== undefined, hasPrevious: spare.previous !== undefined },
      dirty,
    };
  };
}
