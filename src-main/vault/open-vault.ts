/**
 * Opening a vault file once its key is unwrapped: verify and decrypt it, then judge it against vault.json.seen and
 * refuse an older copy put back (or a record that cannot tell) unless the user chose to open it, or it is the
 * vault.json.bak this process just said to restore. Every refusal wipes the keys and changes nothing on disk.
 */
import type { Logger } from '../base/logger';
import { olderVaultError, seenInvalidError } from './rollback-error';
import type { SeenVerdict } from './seen-file';
import type { SeenRecord } from './seen-record';
import { loadVault } from './vault-codec';
import type { VaultFile } from './vault-file';
import { wipeKeys, type VaultKeys } from './vault-keys';
import type { VaultStore } from './vault-store';
import type { HeldVault } from './vault-writer';

/** A vault file that may be opened, with what vault.json.seen said about it. */
export interface OpenedVault {
  readonly held: HeldVault;
  readonly seen: SeenVerdict;
  /** The file is the vault.json.bak this process told the user to restore (older than the record, by that choice). */
  readonly restored: boolean;
}

/** Opens `file` with `keys` (owned: wiped when this throws). `acceptRollback`: the user chose to open it anyway. */
export async function openVault(deps: { store: VaultStore; seen: SeenRecord }, file: VaultFile, keys: VaultKeys, acceptRollback: boolean): Promise<OpenedVault> {
  const { store } = deps;
  let held: HeldVault;
  try {
    held = loadVault(keys, file, `The vault file ${store.path}`);
  } catch (e) {
    wipeKeys(keys);
    throw await store.withRestoreHint(e);
  }
  // Only a file that passed its MAC has a generation worth comparing.
  const generation = file.header.generation;
  const seen = await deps.seen.judge(keys, file.header);
  const restored = store.restoredAsOffered() && seen.kind === 'older';
  if (!acceptRollback && !restored && (seen.kind === 'older' || seen.kind === 'invalid')) {
    wipeKeys(keys);
    throw seen.kind === 'older' ? olderVaultError(store.path, generation, seen) : seenInvalidError(store.seenPath, generation, seen);
  }
  return { held, seen, restored };
}

/**
 * Raises vault.json.seen after an unlock that found it missing, behind (a process killed before updating it), or set
 * aside by the user's choice. Not worth failing an unlock over: the next write tries again.
 */
export async function catchUpSeen(deps: { store: VaultStore; seen: SeenRecord; log: Logger }, keys: VaultKeys, file: VaultFile, seen: SeenVerdict): Promise<void> {
  const generation = file.header.generation;
  if (seen.kind === 'older' || (seen.kind === 'current' && seen.body.generation >= generation)) return;
  await deps.store
    .withLock(() => deps.seen.raise(keys, file.header.vaultId, generation, { adopt: seen.kind === 'invalid' }))
    .catch((e: unknown) => deps.log.warn('could not update vault.json.seen', { error: e }));
}
